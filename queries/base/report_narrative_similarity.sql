-- name:       report_narrative_similarity
-- title:      正文与上年度报告的三元组重合 / Character 3-grams a narrative shares with its agency's previous-year narrative
-- definition: for each current report with a narrative (report_narratives), an agency and a year, and each current report of the same agency for the year before with a narrative: shared_trigrams = |A ∩ B| and union_trigrams = |A ∪ B| of their sets of distinct character 3-grams (narrative_trigrams)
-- unit:       3-grams (count); characters
-- versions:   pre2019, v2019, v2021
-- version:    1
-- grain:      one row per current report × current report of its agency for the year before (one pair for all but duplicated agency-years)
-- stored:     table (written by every ingest: a per-report fact table, see docs/indicators.md)
-- params:     none
-- columns:    report_id, prev_report_id, narrative_chars, prev_narrative_chars, shared_trigrams, union_trigrams
-- caveats:    computed per report at ingest (it reads the report's own text and its agency's previous-year text only, the stored-table rule of gongkai/store/stored.py; report_texts is narrowed to the refreshed reports like the cells), so narrative_similarity_by_agency_year joins one row per report instead of cutting every narrative of the country into trigrams; a report without a previous-year report has no row
WITH narratives AS (
    SELECT report_id, agency_id, year, narrative, narrative_chars
    FROM report_narratives
    WHERE agency_id IS NOT NULL AND year IS NOT NULL
),

pairs AS (
    -- each pair's two trigram sets, cut here and not kept (queries/base/narrative_trigrams.sql)
    SELECT
        cur.report_id,
        prev.report_id AS prev_report_id,
        cur.narrative_chars,
        prev.narrative_chars AS prev_narrative_chars,
        narrative_trigrams(cur.narrative, cur.narrative_chars) AS trigrams,
        narrative_trigrams(prev.narrative, prev.narrative_chars) AS prev_trigrams
    FROM narratives AS cur
    JOIN narratives AS prev ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1
)

SELECT
    report_id,
    prev_report_id,
    narrative_chars,
    prev_narrative_chars,
    len(list_intersect(trigrams, prev_trigrams)) AS shared_trigrams,
    len(list_distinct(list_concat(trigrams, prev_trigrams))) AS union_trigrams
FROM pairs
