-- The twin of queries/topic-trend.rq, answered from the derived index (queries/derived.py): the
-- last :last meetings (at most 100), back 1 the latest, and every concept ever raised, 0 where a
-- meeting did not name it.
-- columns: concept:iri label first_date:date back:int date:date meeting:iri statements:int speakers:int
WITH ranked AS (SELECT meeting, date, ROW_NUMBER() OVER (ORDER BY date DESC, meeting DESC) AS back
                FROM (SELECT DISTINCT meeting, date FROM meeting WHERE is_meeting AND date IS NOT NULL)),
     win AS (SELECT meeting, date, back FROM ranked WHERE back <= :last AND back <= 100),
     firsts AS (SELECT concept, MIN(date) AS first_date FROM concept_tally WHERE date IS NOT NULL GROUP BY concept)
SELECT f.concept, l.label, l.lang AS label__lang, f.first_date, win.back, win.date, win.meeting,
       COALESCE(t.statements, 0) AS statements, COALESCE(t.speakers, 0) AS speakers
FROM firsts f CROSS JOIN win
JOIN label l ON l.concept = f.concept AND l.kind = 'prefLabel'
LEFT JOIN concept_tally t ON t.meeting = win.meeting AND t.concept = f.concept AND t.speakers IS NOT NULL
ORDER BY l.label, win.date, win.meeting
