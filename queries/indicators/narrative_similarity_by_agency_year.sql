-- name:       narrative_similarity_by_agency_year
-- title:      年度报告正文逐年相似度 / Year-over-year similarity of the narrative
-- definition: Jaccard similarity |A ∩ B| ÷ |A ∪ B| of the sets of character 3-grams of an agency's narrative (report_narratives: text from 总体情况 on, table lines and whitespace removed) in year Y and year Y−1; is_copied = similarity ≥ threshold
-- unit:       similarity (0–1)
-- versions:   pre2019, v2019, v2021
-- version:    2
-- grain:      one row per agency × year with a current report in both Y and Y−1
-- params:     year_from=NULL, year_to=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, agency=NULL, scope='all', threshold=0.8
-- columns:    agency_id, agency_name, year, report_id, prev_report_id, narrative_chars, prev_narrative_chars, shared_trigrams, union_trigrams, similarity, is_copied
-- caveats:    computed in SQL (list_transform/list_intersect); digits and years stay in the text, so a copied report with updated figures still scores below 1; page furniture kept in some texts inflates similarity; threshold 0.8 is a screening value, not a finding; a listing, so scope defaults to all; filters as in reports_in_view (queries/base/reports_in_view.sql): agency = case-sensitive substring of the agency name (an exact name also finds longer names containing it), region from report_dims
WITH selected AS (
    -- current reports passing the filters (queries/base/reports_in_view.sql)
    SELECT d.*
    FROM reports_in_view(year_from := $year_from, year_to := $year_to, province := $province,
                         city := $city, county := $county, level := $level, sector := $sector,
                         scope := $scope, agency := $agency) AS d
),

wanted AS (
    -- the reports in view and the same agencies' reports of the year before: only their texts
    -- are cut into trigrams (the costly part), not every stored narrative
    SELECT report_id FROM selected
    UNION
    SELECT p.report_id
    FROM selected AS s
    JOIN report_dims AS p ON p.agency_id = s.agency_id AND p.year = s.year - 1
),

grams AS (
    SELECT
        n.report_id,
        n.agency_id,
        n.year,
        n.narrative_chars,
        list_distinct(
            list_transform(range(1, greatest(n.narrative_chars - 1, 1)), lambda i: substr(n.narrative, i, 3))
        ) AS trigrams
    FROM report_narratives AS n
    WHERE n.agency_id IS NOT NULL AND n.year IS NOT NULL
      AND n.report_id IN (SELECT report_id FROM wanted)
),

pairs AS (
    SELECT
        s.agency_id,
        s.agency_name,
        s.year,
        cur.report_id,
        prev.report_id AS prev_report_id,
        cur.narrative_chars,
        prev.narrative_chars AS prev_narrative_chars,
        len(list_intersect(cur.trigrams, prev.trigrams)) AS shared_trigrams,
        len(list_distinct(list_concat(cur.trigrams, prev.trigrams))) AS union_trigrams
    FROM selected AS s
    JOIN grams AS cur ON cur.report_id = s.report_id
    JOIN grams AS prev ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1
)

SELECT
    agency_id,
    agency_name,
    year,
    report_id,
    prev_report_id,
    narrative_chars,
    prev_narrative_chars,
    shared_trigrams,
    union_trigrams,
    shared_trigrams / nullif(union_trigrams, 0) AS similarity,
    shared_trigrams / nullif(union_trigrams, 0) >= $threshold AS is_copied
FROM pairs
ORDER BY similarity DESC, agency_name, year
