-- name:       report_identity_status
-- title:      勾稽关系核验结果按报告 / Identity check outcome per current report
-- definition: the parser's checks (checks table: T2.nonneg, T3.row_sum, T3.results_sum, T3.balance, T3/T4.int, T4.*_sum) and the cross-year chains X.carry / X.stock (agency_year_chains), reduced to one status per report and identity: fail if any scope fails, else pass if any scope passes, else na
-- unit:       status
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per current report × check_id
-- stored:     table (written by every ingest: a per-report fact table, see docs/indicators.md)
-- params:     none
-- columns:    report_id, check_id, severity, status, scopes_failed_count, scopes_checked_count, failed_scopes
-- caveats:    na means a cell the identity needs is NULL (or, for chains, there is no usable previous-year report); the shares in identity_failure_rates_by_group count only pass + fail
WITH parser_checks AS (
    SELECT
        k.report_id,
        k.check_id,
        CASE WHEN k.check_id LIKE 'X.%' OR k.check_id LIKE 'N.%' OR k.check_id LIKE 'A.%'
            THEN 'S' ELSE 'H' END AS severity,
        k.scope,
        k.status
    FROM checks AS k
    JOIN report_dims AS d ON d.report_id = k.report_id
),

chain_checks AS (
    SELECT
        report_id,
        check_id,
        'S' AS severity,
        scope,
        CASE status WHEN 'holds' THEN 'pass' WHEN 'broken' THEN 'fail' ELSE 'na' END AS status
    FROM agency_year_chains
),

all_checks AS (
    SELECT * FROM parser_checks
    UNION ALL
    SELECT * FROM chain_checks
)

SELECT
    report_id,
    check_id,
    any_value(severity) AS severity,
    CASE
        WHEN bool_or(status = 'fail') THEN 'fail'
        WHEN bool_or(status = 'pass') THEN 'pass'
        ELSE 'na'
    END AS status,
    count(*) FILTER (WHERE status = 'fail') AS scopes_failed_count,
    count(*) FILTER (WHERE status IN ('pass', 'fail')) AS scopes_checked_count,
    string_agg(scope, ', ' ORDER BY scope) FILTER (WHERE status = 'fail') AS failed_scopes
FROM all_checks
GROUP BY report_id, check_id
