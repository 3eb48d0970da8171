-- The twin of queries/about-concept.rq, answered from the derived index (queries/derived.py).
-- columns: date:date meeting:iri item speaker_name verb text named start:int end:int
WITH c AS (SELECT DISTINCT concept FROM label WHERE lower = lcase(:concept)),
     sub AS (SELECT DISTINCT b.sub FROM broader b JOIN c ON b.concept = c.concept)
SELECT d.date, s.meeting, i.number AS item, p.name AS speaker_name, s.verb, s.text,
       l.label AS named, l.lang AS named__lang, s.start, s.end
FROM sub
JOIN statement_concept sc ON sc.concept = sub.sub
JOIN statement s ON s.id = sc.statement
JOIN dated d ON d.meeting = s.meeting
JOIN label l ON l.concept = sub.sub AND l.kind = 'prefLabel'
LEFT JOIN item i ON i.item = s.item
LEFT JOIN person p ON p.person = s.speaker
WHERE s.start IS NOT NULL
ORDER BY d.date, s.meeting, s.position, l.label
