"""Default output names: one rule for every command that writes a file."""
from gongkai import config


def test_output_names_keep_chinese_drop_unsafe_characters_and_skip_missing_parts():
    assert str(config.output_path("review", "沭阳县", 2023, suffix="md")) == "out/review-沭阳县-2023.md"
    assert str(config.output_path("review", None, None, suffix="csv")) == "out/review.csv"
    assert str(config.output_path("aggregate", "../a b", 2024, suffix="docx")) == "out/aggregate-a_b-2024.docx"
