-- The twin of queries/speaker-topics.rq, answered from the derived index (queries/derived.py).
-- columns: speaker:iri speaker_name concept:iri label statements:int total:int share:dec meetings:int first:date last:date
WITH sc AS (SELECT person, concept, SUM(statements) AS statements, COUNT(*) AS meetings, MIN(date) AS first, MAX(date) AS last
            FROM speaker_concept_tally WHERE date IS NOT NULL GROUP BY person, concept),
     tot AS (SELECT person, SUM(statements) AS total FROM speaker_tally GROUP BY person)
SELECT sc.person AS speaker, p.name AS speaker_name, sc.concept, l.label, l.lang AS label__lang, sc.statements,
       tot.total, ROUND(1000.0 * sc.statements / tot.total) / 1000.0 AS share, sc.meetings, sc.first, sc.last
FROM sc JOIN tot ON tot.person = sc.person JOIN person p ON p.person = sc.person
JOIN label l ON l.concept = sc.concept AND l.kind = 'prefLabel'
ORDER BY sc.statements DESC, p.name, l.label
