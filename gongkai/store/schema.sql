-- gongkai warehouse: the tables every ingest writes and every page reads.
-- Grain and meaning of each column are in the COMMENTs; the data dictionary export reads them back,
-- so a column without a comment is a bug (tests/store/test_export.py checks it).
-- Wide views t2_wide / t3_wide / t4_wide are generated from the cell-key list (store/ingest.py).

CREATE TABLE meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
COMMENT ON TABLE meta IS 'one row per setting: schema_version and the gongkai version that built the file';
COMMENT ON COLUMN meta.key IS 'setting name';
COMMENT ON COLUMN meta.value IS 'setting value';

CREATE TABLE ingest_runs (
    run_id          INTEGER PRIMARY KEY,
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP NOT NULL,
    inputs          VARCHAR NOT NULL,
    new_count       INTEGER NOT NULL,
    updated_count   INTEGER NOT NULL,
    unchanged_count INTEGER NOT NULL,
    failed_count    INTEGER NOT NULL,
    gongkai_version VARCHAR NOT NULL
);
COMMENT ON TABLE ingest_runs IS 'one row per ingest that changed something (a run that changes nothing leaves no trace)';
COMMENT ON COLUMN ingest_runs.run_id IS 'ingest run number, 1, 2, … in order';
COMMENT ON COLUMN ingest_runs.started_at IS 'when the run started (local time)';
COMMENT ON COLUMN ingest_runs.finished_at IS 'when the run committed (local time)';
COMMENT ON COLUMN ingest_runs.inputs IS 'the paths given to the run, one per line';
COMMENT ON COLUMN ingest_runs.new_count IS 'documents stored for the first time that replaced no current version';
COMMENT ON COLUMN ingest_runs.updated_count IS 'new documents that became the current version of an agency+year already present';
COMMENT ON COLUMN ingest_runs.unchanged_count IS 'inputs whose bytes were already stored';
COMMENT ON COLUMN ingest_runs.failed_count IS 'inputs that could not be read (missing file, bad archive, over the size cap)';
COMMENT ON COLUMN ingest_runs.gongkai_version IS 'version of gongkai (and so of its parser) that ran';

CREATE TABLE documents (
    sha256        VARCHAR PRIMARY KEY,
    size_bytes    BIGINT NOT NULL,
    original_name VARCHAR NOT NULL,
    origin        VARCHAR NOT NULL,
    media_type    VARCHAR,
    encoding      VARCHAR,
    received_at   TIMESTAMP NOT NULL,
    run_id        INTEGER NOT NULL,
    source_url    VARCHAR
);
COMMENT ON TABLE documents IS 'one row per distinct byte string received, stored even when it is not a readable report; the bytes themselves are in the document store beside the database (<db>.documents/ab/cd/<sha256>, gzip), read with gongkai.store.documents.read_document';
COMMENT ON COLUMN documents.sha256 IS 'SHA-256 of the bytes, hex; the document key';
COMMENT ON COLUMN documents.size_bytes IS 'length of the document in bytes (before compression in the document store)';
COMMENT ON COLUMN documents.original_name IS 'file name when first received (a zip member keeps its name inside the archive)';
COMMENT ON COLUMN documents.origin IS 'where it was first read from: a path, or archive.zip!member';
COMMENT ON COLUMN documents.media_type IS 'media type detected by the parser, e.g. text/html, application/pdf';
COMMENT ON COLUMN documents.encoding IS 'text encoding detected by the parser, e.g. utf-8, gb18030; NULL for binary formats';
COMMENT ON COLUMN documents.received_at IS 'when the bytes were first stored (local time)';
COMMENT ON COLUMN documents.run_id IS 'ingest_runs.run_id that stored the document';
COMMENT ON COLUMN documents.source_url IS 'URL the bytes were fetched from (gongkai harvest --ingest: the final URL after redirects; received_at is then the ingest time, the fetch time is in the harvest manifest); NULL for files and uploads';

CREATE TABLE agencies (
    agency_id   INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL UNIQUE,
    province    VARCHAR,
    city        VARCHAR,
    county      VARCHAR,
    region_code VARCHAR,
    level       VARCHAR,
    sector      VARCHAR,
    scope       VARCHAR
);
COMMENT ON TABLE agencies IS 'one row per agency name (NFKC, no whitespace); region, level, sector and scope come from its latest report';
COMMENT ON COLUMN agencies.agency_id IS 'agency key, assigned in order of first appearance';
COMMENT ON COLUMN agencies.name IS 'agency name as printed, NFKC-normalised with whitespace removed';
COMMENT ON COLUMN agencies.province IS 'province (省级) name, e.g. 四川省';
COMMENT ON COLUMN agencies.city IS 'prefecture (地级) name, e.g. 遂宁市';
COMMENT ON COLUMN agencies.county IS 'county (县级) name, e.g. 安居区';
COMMENT ON COLUMN agencies.region_code IS '6-digit administrative division code of the most specific region known';
COMMENT ON COLUMN agencies.level IS 'administrative level 省/市/县/乡 (docs/warehouse.md: from the name, then the region code, then region names)';
COMMENT ON COLUMN agencies.sector IS 'policy sector such as 商务/教育/公安, from a keyword table on the name (docs/warehouse.md); NULL if no keyword matches';
COMMENT ON COLUMN agencies.scope IS 'report scope of its latest report with a known scope: agency | government_organ | jurisdiction_aggregate | system_aggregate | unknown';

CREATE TABLE reports (
    report_id       INTEGER PRIMARY KEY,
    document_sha256 VARCHAR NOT NULL UNIQUE,
    status          VARCHAR NOT NULL,
    agency_id       INTEGER,
    agency_name     VARCHAR,
    year            INTEGER,
    format_version  VARCHAR NOT NULL,
    report_scope    VARCHAR NOT NULL,
    published_on    DATE,
    proactive_count BIGINT,
    province        VARCHAR,
    city            VARCHAR,
    county          VARCHAR,
    region_code     VARCHAR,
    cell_count      INTEGER NOT NULL,
    null_cell_count INTEGER NOT NULL,
    version         INTEGER,
    is_current      BOOLEAN NOT NULL,
    superseded_by   INTEGER,
    parser_version  VARCHAR NOT NULL,
    is_synthetic    BOOLEAN NOT NULL DEFAULT FALSE
);
COMMENT ON TABLE reports IS 'one row per document: what the parser read from it (status says whether it is a report at all)';
COMMENT ON COLUMN reports.report_id IS 'report key, assigned in order of arrival; later arrivals supersede earlier ones';
COMMENT ON COLUMN reports.document_sha256 IS 'documents.sha256 of the document this report was parsed from';
COMMENT ON COLUMN reports.status IS 'parsed (every cell read) | partial (some cells NULL) | not_a_report | unreadable; not_a_report also for a readable-looking file the store rejects (JSON / TSV / CSV data, or no agency and no figure: docs/warehouse.md), whose cells are then not stored';
COMMENT ON COLUMN reports.agency_id IS 'agencies.agency_id; NULL when the parser found no agency name';
COMMENT ON COLUMN reports.agency_name IS 'agency name as the parser returned it';
COMMENT ON COLUMN reports.year IS 'report year: the year the figures describe (not the publication year)';
COMMENT ON COLUMN reports.format_version IS 'table format detected: v2019 | v2021 | pre2019 | unknown';
COMMENT ON COLUMN reports.report_scope IS 'agency | government_organ | jurisdiction_aggregate | system_aggregate | unknown (docs/report-format.md §1.3); never add an aggregate to its parts';
COMMENT ON COLUMN reports.published_on IS 'publication date stated by the document';
COMMENT ON COLUMN reports.proactive_count IS 'items proactively disclosed in the year, as stated in the narrative';
COMMENT ON COLUMN reports.province IS 'province read from the document';
COMMENT ON COLUMN reports.city IS 'prefecture read from the document';
COMMENT ON COLUMN reports.county IS 'county read from the document';
COMMENT ON COLUMN reports.region_code IS '6-digit division code read from the document';
COMMENT ON COLUMN reports.cell_count IS 'number of table cells stored for this report';
COMMENT ON COLUMN reports.null_cell_count IS 'cells present in the format but unreadable or ambiguous (value NULL)';
COMMENT ON COLUMN reports.version IS '1, 2, … among reports of the same agency and year, in order of arrival; NULL for reports that cannot be keyed (agency or year unknown, or not a report)';
COMMENT ON COLUMN reports.is_current IS 'TRUE for the report to use: of its agency+year, the best rendering (complete, most cells read, HTML > DOCX > PDF > other, smallest sha256) of the latest edition with a complete reading, else of the latest edition (documents whose figures agree are one edition; docs/warehouse.md); also a readable report that cannot be keyed; FALSE for other versions and non-reports';
COMMENT ON COLUMN reports.superseded_by IS 'report_id of the current version of the same agency+year; NULL for the current one and for reports without versions';
COMMENT ON COLUMN reports.parser_version IS 'gongkai version whose parser produced this row';
COMMENT ON COLUMN reports.is_synthetic IS 'TRUE for generated test data (gongkai synth: the document carries the SYNTHETIC DATA marker line or the agency name starts with (合成)); never real figures, keep it out of analyses';

CREATE TABLE cells (
    report_id    INTEGER NOT NULL,
    cell_key     VARCHAR NOT NULL,
    table_no     TINYINT NOT NULL,
    row_key      VARCHAR NOT NULL,
    col_key      VARCHAR NOT NULL,
    value        DOUBLE,
    raw_text     VARCHAR,
    source_where VARCHAR
);
COMMENT ON TABLE cells IS 'long form: one row per report and table cell (t2/t3/t4), keyed by report_id + cell_key';
COMMENT ON COLUMN cells.report_id IS 'reports.report_id';
COMMENT ON COLUMN cells.cell_key IS 'canonical cell key t<table>.<row>.<col> (spec report-format.md §3–4)';
COMMENT ON COLUMN cells.table_no IS 'table number in the report: 2 主动公开, 3 依申请公开, 4 复议诉讼';
COMMENT ON COLUMN cells.row_key IS 'row part of cell_key';
COMMENT ON COLUMN cells.col_key IS 'column part of cell_key';
COMMENT ON COLUMN cells.value IS 'the figure (count, or 万元/元 for money cells); NULL when unreadable or ambiguous';
COMMENT ON COLUMN cells.raw_text IS 'the text the figure was read from, as printed';
COMMENT ON COLUMN cells.source_where IS 'where in the document, to the character (docs/parse-output.md "Provenance"): the reader''s cell and the span in it, then the line and span in report_texts, e.g. "line 10 chars 2149-2153; text line 10 chars 2149-2153", "page 2 table 1 row 4 col 3 chars 0-2; text line 88 chars 14-16"';

CREATE TABLE field_sources (
    report_id    INTEGER NOT NULL,
    field        VARCHAR NOT NULL,
    raw_text     VARCHAR,
    source_where VARCHAR
);
COMMENT ON TABLE field_sources IS 'provenance of report-level figures that are not table cells (e.g. proactive_count, published_on): one row per report and field';
COMMENT ON COLUMN field_sources.report_id IS 'reports.report_id';
COMMENT ON COLUMN field_sources.field IS 'the reports column (or parser field) the text was read for';
COMMENT ON COLUMN field_sources.raw_text IS 'the text the value was read from';
COMMENT ON COLUMN field_sources.source_where IS 'where in the document';

CREATE TABLE checks (
    report_id INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    check_id  VARCHAR NOT NULL,
    scope     VARCHAR NOT NULL,
    status    VARCHAR NOT NULL,
    detail    VARCHAR NOT NULL
);
COMMENT ON TABLE checks IS 'one row per identity check the parser ran on a report (spec report-format.md §5)';
COMMENT ON COLUMN checks.report_id IS 'reports.report_id';
COMMENT ON COLUMN checks.seq IS 'order of the check within the report, from 1';
COMMENT ON COLUMN checks.check_id IS 'identity id, e.g. T3.balance, T4.review_sum';
COMMENT ON COLUMN checks.scope IS 'the column, row or table it was checked on, e.g. total';
COMMENT ON COLUMN checks.status IS 'pass | fail | na (a cell it needs is NULL)';
COMMENT ON COLUMN checks.detail IS 'the arithmetic, e.g. 70+0 = 69+1';

CREATE TABLE warnings (
    report_id INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    code      VARCHAR NOT NULL,
    detail    VARCHAR NOT NULL
);
COMMENT ON TABLE warnings IS 'one row per parser warning on a report';
COMMENT ON COLUMN warnings.report_id IS 'reports.report_id';
COMMENT ON COLUMN warnings.seq IS 'order of the warning within the report, from 1';
COMMENT ON COLUMN warnings.code IS 'machine-readable code, e.g. blank_as_zero, derived_total, ambiguous_split, parser_error';
COMMENT ON COLUMN warnings.detail IS 'human-readable and specific';

CREATE TABLE report_texts (
    report_id INTEGER PRIMARY KEY,
    text      VARCHAR NOT NULL
);
COMMENT ON TABLE report_texts IS 'one row per report: the document text as the parser read it (narrative sections, for search and quoting)';
COMMENT ON COLUMN report_texts.report_id IS 'reports.report_id';
COMMENT ON COLUMN report_texts.text IS 'plain text, one document row per line, table cells joined by " | "';

CREATE TABLE last_run_changes (
    run_id            INTEGER NOT NULL,
    changed_report_id INTEGER NOT NULL
);
COMMENT ON TABLE last_run_changes IS 'the reports whose rows the last ingest added or changed (its own, and every report of every agency it touched); the next ingest copies just these into the standby file (gongkai/store/standby.py). Empty when the last ingest rewrote every stored table';
COMMENT ON COLUMN last_run_changes.run_id IS 'ingest_runs.run_id of that ingest';
COMMENT ON COLUMN last_run_changes.changed_report_id IS 'reports.report_id';

CREATE VIEW current_reports AS
SELECT * FROM reports WHERE is_current;
COMMENT ON VIEW current_reports IS 'one row per report to use in analyses: reports WHERE is_current';

CREATE VIEW report_history AS
SELECT
    r.agency_id,
    a.name AS agency_name,
    r.year,
    r.version,
    r.is_current,
    r.report_id,
    r.superseded_by,
    r.status,
    r.format_version,
    d.original_name,
    d.sha256,
    d.received_at
FROM reports AS r
JOIN documents AS d ON d.sha256 = r.document_sha256
LEFT JOIN agencies AS a ON a.agency_id = r.agency_id
WHERE r.version IS NOT NULL;
COMMENT ON VIEW report_history IS 'one row per version of each agency+year, oldest first by version';
