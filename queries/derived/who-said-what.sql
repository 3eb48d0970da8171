-- The twin of queries/who-said-what.rq, answered from the derived index (queries/derived.py).
-- columns: date:date meeting:iri item item_title speaker:iri speaker_name verb text start:int end:int concepts
SELECT d.date, s.meeting, i.number AS item, i.title AS item_title, s.speaker, p.name AS speaker_name,
       s.verb, s.text, s.start, s.end,
       (SELECT GROUP_CONCAT(label, ' | ') FROM (
           SELECT DISTINCT l.label FROM statement_concept sc JOIN label l ON l.concept = sc.concept AND l.kind = 'prefLabel'
           WHERE sc.statement = s.id ORDER BY l.label)) AS concepts
FROM (SELECT DISTINCT person FROM name WHERE instr(lname, lcase(:person)) > 0) who
CROSS JOIN statement s ON s.speaker = who.person  -- CROSS: the few people first, then their statements
JOIN person p ON p.person = s.speaker
JOIN dated d ON d.meeting = s.meeting
LEFT JOIN item i ON i.item = s.item
WHERE s.start IS NOT NULL
ORDER BY d.date, s.meeting, s.position
