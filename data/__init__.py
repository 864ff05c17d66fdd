"""Bundled sample data, shipped as `gongkai.data`: `reports/` holds the real sample reports the first run
builds the warehouse from (sources in reports/SOURCES.md). The built DuckDB file beside them is not shipped."""
