-- The twin of queries/meetings.rq, answered from the derived index (queries/derived.py).
-- columns: meeting:iri series number date:date moderator_name next_date:date participants:int statements:int
SELECT DISTINCT m.meeting, se.name AS series, m.number, m.number_type AS number__type, m.date,
       (SELECT MIN(n.name) FROM name n WHERE n.person = m.moderator) AS moderator_name, m.next_date,
       (SELECT COUNT(DISTINCT a.person) FROM attendee a WHERE a.meeting = m.meeting) AS participants,
       (SELECT COUNT(*) FROM statement s WHERE s.meeting = m.meeting) AS statements
FROM meeting m JOIN series se ON se.series = m.series
WHERE m.is_meeting
ORDER BY m.date, se.name
