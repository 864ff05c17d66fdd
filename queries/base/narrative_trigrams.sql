-- name:       narrative_trigrams
-- title:      正文字符三元组 / The distinct character 3-grams of a narrative (scalar macro)
-- definition: scalar macro narrative_trigrams(narrative, narrative_chars) → the list of distinct substrings of 3 characters starting at positions 1 … narrative_chars − 2 (list_transform over range, then list_distinct); an empty list for a narrative shorter than 3 characters
-- unit:       list of text
-- versions:   pre2019, v2019, v2021
-- version:    1
-- grain:      one value per call (a scalar macro); `gongkai query narrative_trigrams` shows its definition
-- params:     none
-- columns:    function_name, parameters, macro_definition
-- caveats:    the one home of the trigram sets the narrative similarity compares (report_narrative_similarity); narratives come from report_narratives (whitespace already removed)
CREATE OR REPLACE TEMP MACRO narrative_trigrams(narrative, narrative_chars) AS
    list_distinct(
        list_transform(range(1, greatest(narrative_chars - 1, 1)), lambda i: substr(narrative, i, 3))
    )
