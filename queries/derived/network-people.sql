-- The twin of queries/network-people.rq, answered from the derived index (queries/derived.py).
-- columns: person:iri name meetings:int statements:int
WITH m AS (SELECT person, COUNT(DISTINCT meeting) AS meetings FROM attendee GROUP BY person),
     s AS (SELECT person, statements AS said FROM speaker_sum)
SELECT m.person, p.name, m.meetings, COALESCE(s.said, 0) AS statements
FROM m JOIN person p ON p.person = m.person LEFT JOIN s ON s.person = m.person
ORDER BY p.name, m.person
