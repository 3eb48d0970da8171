-- The twin of queries/concept-statements.rq, answered from the derived index (queries/derived.py).
-- columns: date:date meeting:iri series position:int item speaker:iri speaker_name verb text named
WITH sub AS (SELECT sub FROM broader WHERE concept = :concept),
     m AS (SELECT DISTINCT m.meeting, m.date, se.name AS series FROM meeting m
           JOIN (SELECT series, MIN(name) AS name FROM series GROUP BY series) se ON se.series = m.series
           WHERE m.date IS NOT NULL)
SELECT m.date, s.meeting, m.series, s.position, i.number AS item, p.person AS speaker, p.name AS speaker_name,
       s.verb, s.text, l.label AS named, l.lang AS named__lang
FROM sub
JOIN statement_concept sc ON sc.concept = sub.sub
JOIN statement s ON s.id = sc.statement
JOIN m ON m.meeting = s.meeting
JOIN label l ON l.concept = sub.sub AND l.kind = 'prefLabel'
LEFT JOIN item i ON i.item = s.item
LEFT JOIN person p ON p.person = s.speaker
ORDER BY m.date, s.meeting, s.position
