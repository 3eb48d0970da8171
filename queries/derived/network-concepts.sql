-- The twin of queries/network-concepts.rq, answered from the derived index (queries/derived.py).
-- columns: concept:iri label statements:int meetings:int
SELECT t.concept, l.label, l.lang AS label__lang, t.statements, t.meetings
FROM (SELECT concept, SUM(statements) AS statements, COUNT(*) AS meetings FROM concept_tally GROUP BY concept) t
JOIN label l ON l.concept = t.concept AND l.kind = 'prefLabel'
ORDER BY l.label
