-- The twin of queries/network-person-concept.rq, answered from the derived index (queries/derived.py).
-- columns: speaker:iri speaker_name concept:iri statements:int
SELECT x.person AS speaker, p.name AS speaker_name, x.concept, x.statements
FROM (SELECT person, concept, SUM(statements) AS statements FROM speaker_concept_tally GROUP BY person, concept) x
JOIN person p ON p.person = x.person
ORDER BY x.person, x.concept
