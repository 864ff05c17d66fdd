-- name:       app_report_warnings
-- title:      解析警告 / Parser warnings
-- definition: the warnings the parser raised on one report
-- unit:       none
-- versions:   v2019, v2021, pre2019
-- version:    1
-- grain:      one row per warning
-- params:     report_id=NULL
-- columns:    seq, code, detail
-- caveats:    none

SELECT seq, code, detail
FROM warnings
WHERE report_id = $report_id
ORDER BY seq
