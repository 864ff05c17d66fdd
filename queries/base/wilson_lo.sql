-- name:       wilson_lo
-- title:      Wilson 区间下限 / Lower bound of the 95% Wilson score interval of k out of n
-- definition: scalar macro wilson_lo(k, n) = (p + z²/2n − z·√(p(1−p)/n + z²/4n²)) ÷ (1 + z²/n) with p = k ÷ n and z = 1.959963984540054 (the 97.5% point of the standard normal, "1.96"); NULL when n is 0 or NULL. Called as wilson_lo(reports_failed, reports_checked) next to the rate k ÷ nullif(n, 0) it bounds
-- unit:       share (0–1)
-- versions:   pre2019, v2019, v2021, unknown
-- version:    1
-- grain:      one value per call (a scalar macro); `gongkai query wilson_lo` shows its definition
-- params:     none
-- columns:    function_name, parameters, macro_definition
-- caveats:    one home (with wilson_hi, the same expression with + for −) of the interval every rate in the indicators carries (docs/indicators.md, "Honest comparison"); k and n are counts (sums of counts are fine), so the interval assumes n independent yes/no trials (applications or reports of one group are clustered by agency, so the real uncertainty can be wider); p(1−p) is clipped at 0, so a share above 1 (k > n in a misfilled table) still gives a number, not NaN
CREATE OR REPLACE TEMP MACRO wilson_lo(k, n) AS
    ((k / nullif(n, 0)) + 1.959963984540054 ^ 2 / (2 * nullif(n, 0))
        - 1.959963984540054 * sqrt(greatest((k / nullif(n, 0)) * (1 - (k / nullif(n, 0))), 0) / nullif(n, 0)
                                   + 1.959963984540054 ^ 2 / (4 * nullif(n, 0) ^ 2)))
        / (1 + 1.959963984540054 ^ 2 / nullif(n, 0))
