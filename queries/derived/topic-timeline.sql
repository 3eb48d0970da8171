-- The twin of queries/topic-timeline.rq, answered from the derived index (queries/derived.py).
-- columns: concept:iri label date:date meeting:iri statements:int speakers:int
SELECT t.concept, l.label, l.lang AS label__lang, t.date, t.meeting, t.statements, t.speakers
FROM concept_tally t JOIN label l ON l.concept = t.concept AND l.kind = 'prefLabel'
WHERE t.date IS NOT NULL AND t.speakers IS NOT NULL
ORDER BY l.label, t.date, t.meeting
