-- The twin of queries/first-raised.rq, answered from the derived index (queries/derived.py).
-- columns: concept:iri label date:date meeting:iri position:int raised_by speakers text statements:int meetings:int
WITH agg AS (SELECT concept, MIN(date) AS date, SUM(statements) AS statements, COUNT(*) AS meetings
             FROM concept_tally WHERE date IS NOT NULL GROUP BY concept),
     firsts AS (SELECT t.concept, t.date, t.meeting, t.first_position AS position, a.statements, a.meetings
                FROM concept_tally t JOIN agg a ON a.concept = t.concept AND a.date = t.date
                WHERE t.first_position IS NOT NULL)
SELECT f.concept, l.label, l.lang AS label__lang, f.date, f.meeting, f.position,
       (SELECT GROUP_CONCAT(name, ' | ') FROM (
           SELECT DISTINCT n.name FROM statement s JOIN name n ON n.person = s.speaker
           WHERE s.meeting = f.meeting AND s.position = f.position ORDER BY n.name)) AS raised_by,
       (SELECT GROUP_CONCAT(speaker, ' | ') FROM (
           SELECT DISTINCT s.speaker FROM statement s
           WHERE s.meeting = f.meeting AND s.position = f.position AND s.speaker IS NOT NULL ORDER BY s.speaker)) AS speakers,
       (SELECT MIN(s.text) FROM statement s WHERE s.meeting = f.meeting AND s.position = f.position) AS text,
       f.statements, f.meetings
FROM firsts f JOIN label l ON l.concept = f.concept AND l.kind = 'prefLabel'
WHERE EXISTS (SELECT 1 FROM statement s WHERE s.meeting = f.meeting AND s.position = f.position)
ORDER BY f.date, l.label, f.meeting
