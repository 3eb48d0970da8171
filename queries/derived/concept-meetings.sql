-- The twin of queries/concept-meetings.rq, answered from the derived index (queries/derived.py).
-- columns: meeting:iri date:date statements:int
WITH c AS (SELECT DISTINCT concept FROM label WHERE lower = lcase(:concept)),
     sub AS (SELECT DISTINCT b.sub FROM broader b JOIN c ON b.concept = c.concept)
SELECT t.meeting, t.date, SUM(t.statements) AS statements
FROM sub JOIN concept_tally t ON t.concept = sub.sub
WHERE t.date IS NOT NULL
GROUP BY t.meeting, t.date
ORDER BY t.date, t.meeting
