-- The twin of queries/network-people-in-period.rq, answered from the derived index (queries/derived.py).
-- columns: person:iri name meetings:int statements:int
WITH mt AS (SELECT DISTINCT meeting FROM meeting WHERE is_meeting AND date >= :start AND date <= :end),
     m AS (SELECT a.person, COUNT(DISTINCT a.meeting) AS meetings
           FROM mt CROSS JOIN attendee a ON a.meeting = mt.meeting GROUP BY a.person),  -- CROSS: the period's meetings first
     s AS (SELECT person, SUM(statements) AS said FROM speaker_tally WHERE date >= :start AND date <= :end GROUP BY person)
SELECT m.person, p.name, m.meetings, COALESCE(s.said, 0) AS statements
FROM m JOIN person p ON p.person = m.person AND p.typed LEFT JOIN s ON s.person = m.person
ORDER BY p.name, m.person
