-- The twin of queries/network-person-concept.rq, answered from the derived index (queries/derived.py):
-- each speaker's sums per concept are kept up to date by each refresh.
-- columns: speaker:iri speaker_name concept:iri statements:int
SELECT x.person AS speaker, p.name AS speaker_name, x.concept, x.statements
FROM speaker_concept_sum x
JOIN person p ON p.person = x.person
ORDER BY x.person, x.concept
