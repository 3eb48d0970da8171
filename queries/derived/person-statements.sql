-- The twin of queries/person-statements.rq, answered from the derived index (queries/derived.py).
-- columns: date:date meeting:iri series position:int item item_title verb text concepts start:int end:int exact before after report
SELECT m.date, s.meeting, se.name AS series, s.position, i.number AS item, i.title AS item_title, s.verb, s.text,
       (SELECT GROUP_CONCAT(label, ' | ') FROM (
           SELECT DISTINCT l.label FROM statement_concept sc JOIN label l ON l.concept = sc.concept AND l.kind = 'prefLabel'
           WHERE sc.statement = s.id ORDER BY l.label)) AS concepts,
       s.start, s.end, s.exact, s.prefix AS before, s.suffix AS after, m.report
FROM statement s
JOIN meeting m ON m.meeting = s.meeting AND m.date IS NOT NULL
JOIN (SELECT series, MIN(name) AS name FROM series GROUP BY series) se ON se.series = m.series
LEFT JOIN item i ON i.item = s.item
WHERE s.speaker = :person AND s.start IS NOT NULL AND s.exact IS NOT NULL
ORDER BY m.date, s.meeting, s.position
