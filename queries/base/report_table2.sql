-- name:       report_table2
-- title:      表二（主动公开）全部单元格按报告 / Every table 2 cell per current report, wide
-- definition: table 2 (主动公开) of each current report pivoted to one column per cell key (t2.<row>.<col>, both formats: v2021 issued / repealed / in_force / decisions / amount_wan_yuan, v2019 new_made / new_published / total_published / prior_year_items / items_change / decisions / procurement); the value read, NULL when the cell is absent in that format or unreadable
-- unit:       documents / decisions / items (count); t2.administrative_fees.amount_wan_yuan and t2.centralized_procurement.procurement_amount in 万元
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per current report with table 2 cells
-- stored:     table (written by every ingest: a per-report fact table, see docs/indicators.md)
-- params:     none
-- columns:    report_id, t2.regulations.issued, t2.regulations.repealed, t2.regulations.in_force, t2.normative_documents.issued, t2.normative_documents.repealed, t2.normative_documents.in_force, t2.administrative_license.decisions, t2.administrative_penalty.decisions, t2.administrative_compulsion.decisions, t2.administrative_fees.amount_wan_yuan, t2.regulations.new_made, t2.regulations.new_published, t2.regulations.total_published, t2.normative_documents.new_made, t2.normative_documents.new_published, t2.normative_documents.total_published, t2.administrative_license.prior_year_items, t2.administrative_license.items_change, t2.other_external_services.prior_year_items, t2.other_external_services.items_change, t2.other_external_services.decisions, t2.administrative_penalty.prior_year_items, t2.administrative_penalty.items_change, t2.administrative_compulsion.prior_year_items, t2.administrative_compulsion.items_change, t2.administrative_fees.prior_year_items, t2.administrative_fees.items_change, t2.centralized_procurement.procurement_projects, t2.centralized_procurement.procurement_amount
-- caveats:    columns are named by the cell key, so quote them ("t2.regulations.issued"); the comparable subset across formats is report_proactive (docs/report-format.md §4.4); sums over mixed formats add unlike figures, so group by format_version
PIVOT (
    SELECT c.report_id, c.cell_key, c.value
    FROM cells AS c
    WHERE c.table_no = 2 AND c.report_id IN (SELECT report_id FROM report_dims)
)
ON cell_key IN (
        't2.regulations.issued',
        't2.regulations.repealed',
        't2.regulations.in_force',
        't2.normative_documents.issued',
        't2.normative_documents.repealed',
        't2.normative_documents.in_force',
        't2.administrative_license.decisions',
        't2.administrative_penalty.decisions',
        't2.administrative_compulsion.decisions',
        't2.administrative_fees.amount_wan_yuan',
        't2.regulations.new_made',
        't2.regulations.new_published',
        't2.regulations.total_published',
        't2.normative_documents.new_made',
        't2.normative_documents.new_published',
        't2.normative_documents.total_published',
        't2.administrative_license.prior_year_items',
        't2.administrative_license.items_change',
        't2.other_external_services.prior_year_items',
        't2.other_external_services.items_change',
        't2.other_external_services.decisions',
        't2.administrative_penalty.prior_year_items',
        't2.administrative_penalty.items_change',
        't2.administrative_compulsion.prior_year_items',
        't2.administrative_compulsion.items_change',
        't2.administrative_fees.prior_year_items',
        't2.administrative_fees.items_change',
        't2.centralized_procurement.procurement_projects',
        't2.centralized_procurement.procurement_amount'
)
USING max(value)
GROUP BY report_id
