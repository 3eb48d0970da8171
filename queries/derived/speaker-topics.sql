-- The twin of queries/speaker-topics.rq, answered from the derived index (queries/derived.py): each
-- speaker's sums, in all and per concept, are kept up to date by each refresh.
-- columns: speaker:iri speaker_name concept:iri label statements:int total:int share:dec meetings:int first:date last:date
SELECT sc.person AS speaker, p.name AS speaker_name, sc.concept, l.label, l.lang AS label__lang,
       sc.dated_statements AS statements, tot.statements AS total,
       ROUND(1000.0 * sc.dated_statements / tot.statements) / 1000.0 AS share, sc.dated_meetings AS meetings,
       sc.first, sc.last
FROM speaker_concept_sum sc  -- CROSS JOIN: the sums first, then a look-up each (SQLite would go by the labels)
CROSS JOIN speaker_sum tot ON tot.person = sc.person CROSS JOIN person p ON p.person = sc.person
CROSS JOIN label l ON l.concept = sc.concept AND l.kind = 'prefLabel'
WHERE sc.dated_meetings > 0
ORDER BY sc.dated_statements DESC, p.name, l.label
