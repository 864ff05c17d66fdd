-- name:       narrative_similarity_by_agency_year
-- title:      年度报告正文逐年相似度 / Year-over-year similarity of the narrative
-- definition: Jaccard similarity |A ∩ B| ÷ |A ∪ B| of the sets of character 3-grams of an agency's narrative (report_narratives: text from 总体情况 on, table lines and whitespace removed) in year Y and year Y−1; is_copied = similarity ≥ threshold
-- unit:       similarity (0–1)
-- versions:   pre2019, v2019, v2021
-- version:    2
-- grain:      one row per agency × year with a current report in both Y and Y−1
-- params:     year_from=NULL, year_to=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, agency=NULL, scope='all', threshold=0.8
-- columns:    agency_id, agency_name, year, report_id, prev_report_id, narrative_chars, prev_narrative_chars, shared_trigrams, union_trigrams, similarity, is_copied
-- caveats:    computed in SQL (narrative_trigrams: list_transform/list_intersect) once per report at ingest (report_narrative_similarity), so the whole country is a join, not 10^6 texts cut into trigrams; digits and years stay in the text, so a copied report with updated figures still scores below 1; page furniture kept in some texts inflates similarity; threshold 0.8 is a screening value, not a finding; a listing, so scope defaults to all; filters as in reports_in_view (queries/base/reports_in_view.sql): agency = case-sensitive substring of the agency name (an exact name also finds longer names containing it), region from report_dims
WITH selected AS (
    -- current reports passing the filters (queries/base/reports_in_view.sql)
    SELECT d.*
    FROM reports_in_view(year_from := $year_from, year_to := $year_to, province := $province,
                         city := $city, county := $county, level := $level, sector := $sector,
                         scope := $scope, agency := $agency) AS d
),

pairs AS (
    -- each selected report against its agency's report(s) of the year before, whatever the
    -- filters say of those: the 3-gram counts are stored per report at ingest
    -- (queries/base/report_narrative_similarity.sql)
    SELECT
        s.agency_id,
        s.agency_name,
        s.year,
        p.report_id,
        p.prev_report_id,
        p.narrative_chars,
        p.prev_narrative_chars,
        p.shared_trigrams,
        p.union_trigrams
    FROM selected AS s
    JOIN report_narrative_similarity AS p ON p.report_id = s.report_id
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
