-- name:       app_data_version
-- title:      数据版本 / Data version
-- definition: the latest ingest run and the size of the warehouse
-- unit:       none
-- versions:   v2019, v2021, pre2019
-- version:    1
-- grain:      one row
-- params:     none
-- columns:    run_id, finished_at, gongkai_version, document_count, report_count, current_report_count
-- caveats:    run_id is NULL for a warehouse built with no ingest run

SELECT
    (SELECT max(run_id) FROM ingest_runs) AS run_id,
    (SELECT max(finished_at) FROM ingest_runs) AS finished_at,
    (SELECT arg_max(gongkai_version, run_id) FROM ingest_runs) AS gongkai_version,
    (SELECT count(*) FROM documents) AS document_count,
    (SELECT count(*) FROM reports) AS report_count,
    (SELECT count(*) FROM current_reports) AS current_report_count
