-- name:       report_proactive
-- title:      主动公开（表二及正文）按报告 / Proactive disclosure figures per current report
-- definition: reports.proactive_count (narrative) and table 2: 规章/行政规范性文件 issued, repealed, in force and 行政事业性收费 (万元) from v2021 only; 行政许可/行政处罚/行政强制 处理决定数量 from v2019 and v2021 (docs/report-format.md §4.4)
-- unit:       documents / decisions (count); fees_wan_yuan in 万元 (10,000 CNY)
-- versions:   v2019 (decisions only), v2021, narrative count for every version
-- version:    1
-- grain:      one row per current report
-- stored:     table (written by every ingest: a per-report fact table, see docs/indicators.md)
-- params:     none
-- columns:    report_id, format_version, proactive_count, regulations_issued, regulations_repealed, regulations_in_force, normative_documents_issued, normative_documents_repealed, normative_documents_in_force, license_decisions, penalty_decisions, compulsion_decisions, fees_wan_yuan
-- caveats:    v2019 art20_1 columns (新制作/新公开/对外公开总数) and item counts are not comparable with v2021 and are left out (NULL); fees above ~10^7 万元 may be 元 entered under a 万元 header (docs/report-format.md §8)
WITH t2 AS (
    SELECT
        c.report_id,
        max(c.value) FILTER (WHERE c.cell_key = 't2.regulations.issued') AS regulations_issued,
        max(c.value) FILTER (WHERE c.cell_key = 't2.regulations.repealed') AS regulations_repealed,
        max(c.value) FILTER (WHERE c.cell_key = 't2.regulations.in_force') AS regulations_in_force,
        max(c.value) FILTER (WHERE c.cell_key = 't2.normative_documents.issued') AS normative_documents_issued,
        max(c.value) FILTER (WHERE c.cell_key = 't2.normative_documents.repealed') AS normative_documents_repealed,
        max(c.value) FILTER (WHERE c.cell_key = 't2.normative_documents.in_force') AS normative_documents_in_force,
        max(c.value) FILTER (WHERE c.cell_key = 't2.administrative_license.decisions') AS license_decisions,
        max(c.value) FILTER (WHERE c.cell_key = 't2.administrative_penalty.decisions') AS penalty_decisions,
        max(c.value) FILTER (WHERE c.cell_key = 't2.administrative_compulsion.decisions') AS compulsion_decisions,
        max(c.value) FILTER (WHERE c.cell_key = 't2.administrative_fees.amount_wan_yuan') AS fees_wan_yuan
    FROM cells AS c
    WHERE c.table_no = 2
    GROUP BY c.report_id
)

SELECT
    d.report_id,
    d.format_version,
    d.proactive_count,
    CASE WHEN d.format_version = 'v2021' THEN t2.regulations_issued END AS regulations_issued,
    CASE WHEN d.format_version = 'v2021' THEN t2.regulations_repealed END AS regulations_repealed,
    CASE WHEN d.format_version = 'v2021' THEN t2.regulations_in_force END AS regulations_in_force,
    CASE WHEN d.format_version = 'v2021' THEN t2.normative_documents_issued END
        AS normative_documents_issued,
    CASE WHEN d.format_version = 'v2021' THEN t2.normative_documents_repealed END
        AS normative_documents_repealed,
    CASE WHEN d.format_version = 'v2021' THEN t2.normative_documents_in_force END
        AS normative_documents_in_force,
    CASE WHEN d.format_version IN ('v2019', 'v2021') THEN t2.license_decisions END
        AS license_decisions,
    CASE WHEN d.format_version IN ('v2019', 'v2021') THEN t2.penalty_decisions END
        AS penalty_decisions,
    CASE WHEN d.format_version IN ('v2019', 'v2021') THEN t2.compulsion_decisions END
        AS compulsion_decisions,
    CASE WHEN d.format_version = 'v2021' THEN t2.fees_wan_yuan END AS fees_wan_yuan
FROM report_dims AS d
LEFT JOIN t2 ON t2.report_id = d.report_id
