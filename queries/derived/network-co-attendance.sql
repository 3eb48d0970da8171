-- The twin of queries/network-co-attendance.rq, answered from the derived index (queries/derived.py).
-- columns: person_a:iri person_b:iri meetings:int
SELECT a AS person_a, b AS person_b, meetings FROM pair ORDER BY a, b
