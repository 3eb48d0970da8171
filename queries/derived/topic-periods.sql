-- The twin of queries/topic-periods.rq, answered from the derived index (queries/derived.py).
-- columns: concept:iri label period statements:int meetings:int
SELECT g.concept, l.label, l.lang AS label__lang, g.period, g.statements, g.meetings
FROM (SELECT concept,
             CASE :by WHEN 'year' THEN substr(date, 1, 4)
                      WHEN 'quarter' THEN substr(date, 1, 4) || '-Q' || ((CAST(substr(date, 6, 2) AS INTEGER) + 2) / 3)
                      ELSE substr(date, 1, 7) END AS period,
             SUM(statements) AS statements, COUNT(*) AS meetings
      FROM concept_tally WHERE date IS NOT NULL GROUP BY concept, period) g
JOIN label l ON l.concept = g.concept AND l.kind = 'prefLabel'
ORDER BY l.label, g.period
