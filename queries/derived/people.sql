-- The twin of queries/people.rq, answered from the derived index (queries/derived.py).
-- columns: person:iri name meetings:int statements:int
WITH m AS (SELECT person, COUNT(DISTINCT meeting) AS meetings FROM attendee GROUP BY person),
     s AS (SELECT speaker AS person, COUNT(*) AS statements FROM statement WHERE speaker IS NOT NULL GROUP BY speaker)
SELECT p.person, p.name, COALESCE(m.meetings, 0) AS meetings, COALESCE(s.statements, 0) AS statements
FROM person p LEFT JOIN m ON m.person = p.person LEFT JOIN s ON s.person = p.person
WHERE p.typed
ORDER BY statements DESC, p.name
