-- name:       region_keys
-- title:      地区匹配键 / Region keys: which places a region lies in, and the key of its own place
-- definition: scalar macro region_keys(province, city, county, region_code) → STRUCT(own_code, own_name, within). own_code = the region's own place by its 6-digit code: 'p:'+2 digits for a province code (xx0000), 'c:'+4 digits for a city code (xxxx00), else 'x:'+the code; own_name = its most specific name: 'xn:'+city+'/'+county, else 'cn:'+city, else 'pn:'+province; within = every key of the places it lies in (its province, city and own code, and its county, city and province names). Region A contains region B when A.own_code is in B.within (both have codes) or, when either lacks a code, A.own_name is in B.within
-- unit:       none (keys)
-- versions:   pre2019, v2019, v2021, unknown
-- version:    1
-- grain:      one value per call (a scalar macro); `gongkai query region_keys` shows its definition
-- params:     none
-- columns:    function_name, parameters, macro_definition
-- caveats:    one home for matching an aggregate (a 县/市/省 government report) with the reports and agencies of its jurisdiction, as plain equi-joins on the key (a CASE in the join condition made DuckDB compare every pair); a county name is matched together with its city name (∅ when the city is unknown), because county names repeat across cities
CREATE OR REPLACE TEMP MACRO region_keys(province, city, county, region_code) AS {
    'own_code': CASE
        WHEN region_code LIKE '__0000' THEN 'p:' || left(region_code, 2)
        WHEN region_code LIKE '____00' THEN 'c:' || left(region_code, 4)
        WHEN region_code IS NOT NULL THEN 'x:' || region_code
    END,
    'own_name': CASE
        WHEN county IS NOT NULL THEN 'xn:' || coalesce(city, '∅') || '/' || county
        WHEN city IS NOT NULL THEN 'cn:' || city
        WHEN province IS NOT NULL THEN 'pn:' || province
    END,
    'within': list_filter([
        CASE WHEN region_code IS NOT NULL THEN 'p:' || left(region_code, 2) END,
        CASE WHEN region_code IS NOT NULL THEN 'c:' || left(region_code, 4) END,
        CASE WHEN region_code IS NOT NULL THEN 'x:' || region_code END,
        CASE WHEN county IS NOT NULL THEN 'xn:' || coalesce(city, '∅') || '/' || county END,
        CASE WHEN city IS NOT NULL THEN 'cn:' || city END,
        CASE WHEN province IS NOT NULL THEN 'pn:' || province END
    ], lambda k: k IS NOT NULL)
}
