-- The twin of queries/concepts.rq, answered from the derived index (queries/derived.py).
-- columns: concept:iri label kind statements:int meetings:int
SELECT c.concept, l.label, l.lang AS label__lang, c.kind, c.kind_lang AS kind__lang,
       COALESCE(t.said, 0) AS statements, COALESCE(t.n, 0) AS meetings
FROM concept c JOIN label l ON l.concept = c.concept AND l.kind = 'prefLabel'
LEFT JOIN (SELECT concept, SUM(statements) AS said, COUNT(*) AS n FROM concept_tally GROUP BY concept) t ON t.concept = c.concept
WHERE c.in_scheme
ORDER BY statements DESC, l.label
