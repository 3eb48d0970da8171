-- The twin of queries/unattributed.rq, answered from the derived index (queries/derived.py).
-- columns: date:date meeting:iri item text written on_behalf_of reason
SELECT d.date, s.meeting, i.number AS item, s.text, s.written, l.label AS on_behalf_of, l.lang AS on_behalf_of__lang,
       s.reason
FROM statement s
JOIN dated d ON d.meeting = s.meeting
LEFT JOIN item i ON i.item = s.item
LEFT JOIN label l ON l.concept = s.on_behalf AND l.kind = 'prefLabel'
WHERE s.speaker IS NULL
ORDER BY d.date, s.meeting, s.position
