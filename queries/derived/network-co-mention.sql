-- The twin of queries/network-co-mention.rq, answered from the derived index (queries/derived.py).
-- columns: speaker:iri speaker_name mentioned:iri mentioned_name statements:int
SELECT x.person AS speaker, p.name AS speaker_name, x.mentioned, q.name AS mentioned_name, x.statements
FROM (SELECT person, mentioned, SUM(statements) AS statements FROM mention_tally GROUP BY person, mentioned) x
JOIN person p ON p.person = x.person JOIN person q ON q.person = x.mentioned
ORDER BY x.person, x.mentioned
