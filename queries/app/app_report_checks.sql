-- name:       app_report_checks
-- title:      报告校验结果 / Report identity checks
-- definition: the identity checks the parser ran on one report
-- unit:       none
-- versions:   v2019, v2021, pre2019
-- version:    1
-- grain:      one row per check
-- params:     report_id=NULL
-- columns:    seq, check_id, scope, status, detail
-- caveats:    status na = a cell the check needs is empty

SELECT seq, check_id, scope, status, detail
FROM checks
WHERE report_id = $report_id
ORDER BY CASE status WHEN 'fail' THEN 0 WHEN 'na' THEN 1 ELSE 2 END, seq
