-- The twin of queries/speaker-concepts.rq, answered from the derived index (queries/derived.py): the
-- summary facts per meeting add up to the distinct statements and meetings of each pair, and those
-- sums are kept up to date by each refresh.
-- columns: speaker:iri speaker_name concept:iri label statements:int meetings:int
SELECT x.person AS speaker, p.name AS speaker_name, x.concept, l.label, l.lang AS label__lang, x.statements, x.meetings
FROM speaker_concept_sum x  -- CROSS JOIN: the sums first, then a look-up each (SQLite would go by the labels)
CROSS JOIN person p ON p.person = x.person
CROSS JOIN label l ON l.concept = x.concept AND l.kind = 'prefLabel'
ORDER BY x.statements DESC, p.name, l.label
