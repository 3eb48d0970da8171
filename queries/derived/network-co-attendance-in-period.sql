-- The twin of queries/network-co-attendance-in-period.rq, answered from the derived index (queries/derived.py).
-- columns: person_a:iri person_b:iri meetings:int
WITH m AS (SELECT DISTINCT meeting FROM meeting WHERE is_meeting AND date >= :start AND date <= :end),
     att AS (SELECT DISTINCT a.meeting, a.person FROM m CROSS JOIN attendee a ON a.meeting = m.meeting)
SELECT x.person AS person_a, y.person AS person_b, COUNT(*) AS meetings
FROM att x JOIN att y ON y.meeting = x.meeting AND y.person > x.person
GROUP BY x.person, y.person
ORDER BY x.person, y.person
