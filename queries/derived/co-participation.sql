-- The twin of queries/co-participation.rq, answered from the derived index (queries/derived.py):
-- the pairs' counts are kept up to date by each refresh.
-- columns: person_a:iri name_a person_b:iri name_b meetings:int
SELECT pr.a AS person_a, pa.name AS name_a, pr.b AS person_b, pb.name AS name_b, pr.meetings
FROM pair pr JOIN person pa ON pa.person = pr.a JOIN person pb ON pb.person = pr.b
ORDER BY pr.meetings DESC, pa.name, pb.name
