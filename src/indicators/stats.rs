//! Confidence intervals and significance tests, as public health reporting in England uses
//! them (PHEindicatormethods, behind OHID's Fingertips): Wilson score intervals for
//! proportions, Byar's method for rates (exact Poisson limits below 10 events), and exact
//! tests for a change between two years that hold for small counts (Fisher's for
//! proportions, the conditional binomial test for two Poisson rates). Formulas and sources
//! are in `docs/methods.md`.

use super::figure::{Figure, Unit};
use serde::Serialize;

/// The confidence level of intervals and tests: 95% by default, 99.8% as Fingertips also uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum Confidence {
    #[default]
    #[serde(rename = "95")]
    P95,
    #[serde(rename = "99.8")]
    P998,
}

impl Confidence {
    /// The two-sided normal quantile, `qnorm(confidence + (1 - confidence) / 2)` in R.
    pub fn z(self) -> f64 {
        match self {
            Confidence::P95 => 1.959_963_984_540_054,
            Confidence::P998 => 3.090_232_306_167_813,
        }
    }

    /// One minus the confidence level: a test's p-value below it is significant.
    pub fn alpha(self) -> f64 {
        match self {
            Confidence::P95 => 0.05,
            Confidence::P998 => 0.002,
        }
    }

    /// "95%", as prose and headers say it.
    pub fn label(self) -> &'static str {
        match self {
            Confidence::P95 => "95%",
            Confidence::P998 => "99.8%",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().trim_end_matches('%') {
            "95" => Some(Confidence::P95),
            "99.8" => Some(Confidence::P998),
            _ => None,
        }
    }
}

/// A confidence interval in the figure's unit (per cent, per 10,000).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub lower: f64,
    pub upper: f64,
}

impl Interval {
    pub fn contains(&self, v: f64) -> bool {
        self.lower <= v && v <= self.upper
    }
}

/// The interval of a published percentage or rate per 10,000; none for other units, for a
/// value supplied as it is, or for a figure not shown.
pub fn interval(figure: &Figure, unit: Unit, level: Confidence) -> Option<Interval> {
    let Figure::Value { numerator: x, denominator: Some(n) } = figure else { return None };
    let (x, n) = (*x, *n);
    if x < 0 || n <= 0 {
        return None;
    }
    let (x, n) = (x as f64, n as f64);
    match unit {
        Unit::Pct if x <= n => {
            let (lower, upper) = wilson(x, n, level);
            Some(Interval { lower: lower * 100.0, upper: upper * 100.0 })
        }
        Unit::RatePer10k => {
            let (lower, upper) = poisson_limits(x, level);
            Some(Interval { lower: lower / n * 10_000.0, upper: upper / n * 10_000.0 })
        }
        _ => None,
    }
}

/// Whether an interval can be worked out for figures of this unit.
pub fn has_interval(unit: Unit) -> bool {
    matches!(unit, Unit::Pct | Unit::RatePer10k)
}

/// Wilson's score interval for `x` of `n`, as a proportion (PHEindicatormethods' wilson_lower
/// and wilson_upper).
pub fn wilson(x: f64, n: f64, level: Confidence) -> (f64, f64) {
    let z = level.z();
    let root = z * (z * z + 4.0 * x * (1.0 - x / n)).sqrt();
    let lower = (2.0 * x + z * z - root) / (2.0 * (n + z * z));
    let upper = (2.0 * x + z * z + root) / (2.0 * (n + z * z));
    (lower.max(0.0), upper.min(1.0))
}

/// Limits for an observed count of events: exact Poisson below 10, Byar's method from 10
/// (PHEindicatormethods' phe_rate).
pub fn poisson_limits(x: f64, level: Confidence) -> (f64, f64) {
    if x < 10.0 {
        let half = level.alpha() / 2.0;
        // qchisq(α/2, 2x)/2 and qchisq(1 − α/2, 2x + 2)/2: gamma quantiles of shape x and x + 1.
        let lower = if x == 0.0 { 0.0 } else { gamma_quantile(x as u32, half) };
        return (lower, gamma_quantile(x as u32 + 1, 1.0 - half));
    }
    let z = level.z();
    let lower = x * (1.0 - 1.0 / (9.0 * x) - z / (3.0 * x.sqrt())).powi(3);
    let y = x + 1.0;
    let upper = y * (1.0 - 1.0 / (9.0 * y) + z / (3.0 * y.sqrt())).powi(3);
    (lower, upper)
}

/// A funnel plot's control limits, per 10,000, for an area of `n` children around the rate
/// `centre` of all areas: the rates whose own interval ([`poisson_limits`]) just reaches the
/// expected count centre × n / 10,000. A point outside the funnel is therefore one whose
/// interval excludes the centre: the same judgement the report's words make.
pub fn funnel_limits(centre: f64, n: f64, level: Confidence) -> (f64, f64) {
    let expected = centre * n / 10_000.0;
    if n <= 0.0 || expected <= 0.0 {
        return (0.0, 0.0);
    }
    // Both limits of a count rise with it, so each crossing is found by bisection.
    let crossing = |limit: &dyn Fn(f64) -> f64| {
        let (mut lo, mut hi) = (0.0, expected * 4.0 + 50.0);
        for _ in 0..200 {
            let mid = (lo + hi) / 2.0;
            if limit(mid) < expected { lo = mid } else { hi = mid }
        }
        (lo + hi) / 2.0
    };
    let upper = crossing(&|x| poisson_limits(x, level).0);
    let lower = if poisson_limits(0.0, level).1 >= expected { 0.0 } else { crossing(&|x| poisson_limits(x, level).1) };
    (lower / n * 10_000.0, upper / n * 10_000.0)
}

/// P(Gamma(k, 1) ≤ t) for a whole shape k: one minus the Poisson probability of fewer than k
/// events in time t.
fn gamma_cdf(k: u32, t: f64) -> f64 {
    let mut term = (-t).exp();
    let mut below = 0.0;
    for i in 0..k {
        if i > 0 {
            term *= t / f64::from(i);
        }
        below += term;
    }
    1.0 - below
}

/// The t with P(Gamma(k, 1) ≤ t) = p, by bisection (the CDF rises with t).
fn gamma_quantile(k: u32, p: f64) -> f64 {
    let (mut lo, mut hi) = (0.0, 1.0 + 2.0 * f64::from(k));
    while gamma_cdf(k, hi) < p {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = (lo + hi) / 2.0;
        if gamma_cdf(k, mid) < p {
            lo = mid
        } else {
            hi = mid
        }
        if hi - lo <= 1e-15 * hi {
            break;
        }
    }
    (lo + hi) / 2.0
}

/// Two-sided p-value of Fisher's exact test that `x1` of `n1` and `x2` of `n2` are the same
/// proportion, as R's `fisher.test`: the probability, given the margins, of every table no
/// more likely than the one observed.
pub fn fisher_exact(x1: u64, n1: u64, x2: u64, n2: u64) -> f64 {
    let (m, total) = (x1 + x2, n1 + n2);
    let low = n1.saturating_sub(total - m);
    let high = m.min(n1);
    let log_p = |k: u64| ln_choose(m, k) + ln_choose(total - m, n1 - k) - ln_choose(total, n1);
    // The mode of the hypergeometric distribution; probabilities fall away from it.
    let mode = (((m + 1) as f64 * (n1 + 1) as f64) / (total + 2) as f64).floor() as u64;
    exact_two_sided(x1, low, high, mode.clamp(low, high), log_p)
}

/// Two-sided p-value of the exact conditional test that two Poisson counts, `x1` over
/// exposure `d1` and `x2` over `d2`, have the same rate (R's `poisson.test` for two samples):
/// given their total, `x1` is binomial with probability `d1 / (d1 + d2)`.
pub fn poisson_rates_exact(x1: u64, d1: f64, x2: u64, d2: f64) -> f64 {
    let total = x1 + x2;
    let p = d1 / (d1 + d2);
    let log_p = |k: u64| ln_choose(total, k) + k as f64 * p.ln() + (total - k) as f64 * (1.0 - p).ln();
    let mode = (((total + 1) as f64) * p).floor() as u64;
    exact_two_sided(x1, 0, total, mode.min(total), log_p)
}

/// Sums the probabilities of outcomes in `low..=high` no more likely than `observed` (with
/// R's relative tolerance of 1e-7), walking out from the mode of a unimodal distribution and
/// stopping where the terms can no longer change the sum.
fn exact_two_sided(observed: u64, low: u64, high: u64, mode: u64, log_p: impl Fn(u64) -> f64) -> f64 {
    let cut = log_p(observed) + (1.0f64 + 1e-7).ln();
    let negligible = cut.min(log_p(mode)) - 50.0;
    let mut sum = 0.0;
    let mut add = |lp: f64| {
        if lp <= cut {
            sum += lp.exp();
        }
    };
    add(log_p(mode));
    let mut k = mode;
    while k > low {
        k -= 1;
        let lp = log_p(k);
        add(lp);
        if lp < negligible {
            break;
        }
    }
    let mut k = mode;
    while k < high {
        k += 1;
        let lp = log_p(k);
        add(lp);
        if lp < negligible {
            break;
        }
    }
    sum.min(1.0)
}

fn ln_choose(n: u64, k: u64) -> f64 {
    ln_factorial(n) - ln_factorial(k) - ln_factorial(n - k)
}

fn ln_factorial(n: u64) -> f64 {
    ln_gamma(n as f64 + 1.0)
}

/// ln Γ(x) for x ≥ 1 by Lanczos' approximation (g = 7, nine terms; relative error under 1e-14).
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: f64, want: f64, tolerance: f64) -> bool {
        (got - want).abs() <= tolerance * want.abs().max(1e-300)
    }

    #[test]
    fn wilson_matches_pheindicatormethods_published_test_values() {
        // PHEindicatormethods' tests/testthat/testdata_Byars_Wilson.xlsx, rows 7-12.
        let cases = [
            (65.0, 100.0, Confidence::P95, 0.552_544_432_968_879_67, 0.736_357_517_569_024_68),
            (1045.0, 5000.0, Confidence::P95, 0.197_955_498_800_132_97, 0.220_491_303_731_890_27),
            (65.0, 100.0, Confidence::P998, 0.495_494_657_407_043_13, 0.778_354_061_408_969_68),
            (1045.0, 5000.0, Confidence::P998, 0.191_793_817_990_152_44, 0.227_315_629_025_258_18),
        ];
        for (x, n, level, lower, upper) in cases {
            let (l, u) = wilson(x, n, level);
            assert!(close(l, lower, 1e-12) && close(u, upper, 1e-12), "{x}/{n} {level:?}: {l} {u}");
        }
    }

    #[test]
    fn wilson_by_hand() {
        // 9 of 20 at 95%: z² = 3.841459; 2x + z² = 21.841459; 4x(1 − x/n) = 19.8;
        // z·√(3.841459 + 19.8) = 1.959964 × 4.862248 = 9.529834; 2(n + z²) = 47.682918:
        // (21.841459 − 9.529834) / 47.682918 = 0.258198, (21.841459 + 9.529834) / 47.682918 = 0.657915.
        let (l, u) = wilson(9.0, 20.0, Confidence::P95);
        assert!((l - 0.258_198).abs() < 5e-6 && (u - 0.657_915).abs() < 5e-6, "{l} {u}");
        // None of 10: the lower limit is 0 and the upper z²/(n + z²) = 3.841459/13.841459 = 0.277533.
        let (l, u) = wilson(0.0, 10.0, Confidence::P95);
        assert!(l == 0.0 && (u - 0.277_533).abs() < 5e-6, "{l} {u}");
    }

    #[test]
    fn rates_match_pheindicatormethods_published_test_values() {
        // PHEindicatormethods' tests/testthat/testdata_Rate.xlsx (rate per 100 of 100, so the
        // limits are the counts' own) and testdata_Byars_Wilson.xlsx.
        let cases = [
            (1.0, Confidence::P95, 0.025_317_807_984_289_897, 5.571_643_390_938_898),
            (5.0, Confidence::P95, 1.623_486_390_118_42, 11.668_332_079_322_669),
            (1.0, Confidence::P998, 1.000_500_333_583_534_4e-3, 9.233_413_476_451_584_5),
            (5.0, Confidence::P998, 0.739_371_731_917_839, 16.454_745_203_680_105),
            (20.0, Confidence::P95, 12.211_428_834_875_937, 30.889_880_369_197_066),
            (65.0, Confidence::P95, 50.163_187_710_459_454, 82.849_138_545_939_837),
            (1045.0, Confidence::P95, 982.593_201_807_332_55, 1_110.331_212_985_649_9),
            (65.0, Confidence::P998, 42.880_261_471_480_203, 94.000_290_844_318_016),
            (10.0, Confidence::P998, 2.916_318_374_695_686, 24.193_724_927_880_535),
        ];
        for (x, level, lower, upper) in cases {
            let (l, u) = poisson_limits(x, level);
            assert!(close(l, lower, 1e-9) && close(u, upper, 1e-9), "{x} {level:?}: {l} {u}");
        }
        // Area 7: 222 in 3,215 per 100 → 6.0265748776526751 to 7.8757293708718503.
        let f = Figure::Value { numerator: 222, denominator: Some(3215) };
        let (l, u) = poisson_limits(222.0, Confidence::P95);
        assert!(close(l / 3215.0 * 100.0, 6.026_574_877_652_675_1, 1e-12), "{l}");
        assert!(close(u / 3215.0 * 100.0, 7.875_729_370_871_850_3, 1e-12), "{u}");
        // The same count per 10,000 is a hundred times the rate per 100.
        let i = interval(&f, Unit::RatePer10k, Confidence::P95).unwrap();
        assert!(close(i.lower, 602.657_487_765_267_51, 1e-12) && close(i.upper, 787.572_937_087_185_03, 1e-12));
    }

    #[test]
    fn byar_by_hand() {
        // 100 events at 95%: lower 100 × (1 − 1/900 − 1.959964/30)³ = 100 × 0.9335568³ = 81.3621;
        // upper 101 × (1 − 1/909 + 1.959964/(3 × √101))³ = 101 × 1.0639078³ = 121.6279.
        let (l, u) = poisson_limits(100.0, Confidence::P95);
        assert!((l - 81.3621).abs() < 5e-4 && (u - 121.6279).abs() < 5e-4, "{l} {u}");
        // No events: the lower limit is 0 and the upper −ln(0.025) = 3.688879.
        let (l, u) = poisson_limits(0.0, Confidence::P95);
        assert!(l == 0.0 && (u - 3.688_879).abs() < 5e-6, "{l} {u}");
    }

    #[test]
    fn intervals_only_for_shares_and_rates_with_a_denominator() {
        let f = Figure::Value { numerator: 65, denominator: Some(100) };
        let i = interval(&f, Unit::Pct, Confidence::P95).unwrap();
        assert!(close(i.lower, 55.254_443_296_887_967, 1e-12) && close(i.upper, 73.635_751_756_902_468, 1e-12));
        assert_eq!(interval(&Figure::Value { numerator: 65, denominator: None }, Unit::Count, Confidence::P95), None);
        assert_eq!(interval(&Figure::Value { numerator: 7, denominator: Some(2) }, Unit::Mean, Confidence::P95), None);
        assert_eq!(interval(&Figure::Given(5.0), Unit::Pct, Confidence::P95), None);
        assert_eq!(interval(&Figure::NotAvailable, Unit::Pct, Confidence::P95), None);
        // More than the whole is no proportion.
        assert_eq!(interval(&Figure::Value { numerator: 7, denominator: Some(5) }, Unit::Pct, Confidence::P95), None);
    }

    #[test]
    fn fisher_by_hand() {
        // 3 of 5 against 1 of 5: margins 4 successes in 10, 5 drawn. P(k) = C(4,k)C(6,5−k)/C(10,5):
        // k = 0..4: 6, 60, 120, 60, 6 of 252. Observed k = 3 (60/252); tables no likelier: 6, 60,
        // 60, 6 → 132/252 = 0.523810.
        assert!((fisher_exact(3, 5, 1, 5) - 132.0 / 252.0).abs() < 1e-12);
        // The same proportions give p = 1; 5 of 5 against 0 of 5: (1 + 1)/252 = 0.0079365.
        assert!((fisher_exact(2, 5, 2, 5) - 1.0).abs() < 1e-12);
        assert!((fisher_exact(5, 5, 0, 5) - 2.0 / 252.0).abs() < 1e-12);
    }

    #[test]
    fn fisher_on_large_counts_stays_accurate_and_quick() {
        // 40.0% of 100,000 against 40.5% of 100,000: a difference of 0.5 points is about 2.3
        // standard errors (√(2 × 0.4025 × 0.5975 / 100,000) = 0.00219), two-sided p ≈ 0.0225
        // by the normal approximation; the exact test agrees to two figures.
        let p = fisher_exact(40_000, 100_000, 40_500, 100_000);
        assert!((0.019..0.026).contains(&p), "{p}");
    }

    #[test]
    fn poisson_rates_by_hand() {
        // 5 events against 1 over equal exposures: given 6, X ~ Bin(6, ½): P(k) = C(6,k)/64:
        // 1, 6, 15, 20, 15, 6, 1. Observed 5 (6/64); no likelier: 0, 1, 5, 6 → 14/64 = 0.21875.
        assert!((poisson_rates_exact(5, 1000.0, 1, 1000.0) - 14.0 / 64.0).abs() < 1e-12);
        // 20 against 20 over equal exposures: nothing is less likely than the mode → p = 1.
        assert!((poisson_rates_exact(20, 5.0, 20, 5.0) - 1.0).abs() < 1e-12);
        // Unequal exposures: 3 events over 1 against 0 over 2: X ~ Bin(3, ⅓): P = 8, 12, 6, 1 of 27;
        // observed 3 (1/27) is the least likely → p = 1/27.
        assert!((poisson_rates_exact(3, 1.0, 0, 2.0) - 1.0 / 27.0).abs() < 1e-12);
    }

    #[test]
    fn ln_gamma_is_exact_enough_for_factorials() {
        // 10! = 3,628,800; 20! = 2,432,902,008,176,640,000.
        assert!((ln_factorial(10) - 3_628_800f64.ln()).abs() < 1e-12);
        assert!((ln_factorial(20) - 2_432_902_008_176_640_000f64.ln()).abs() < 1e-11);
        assert!(ln_factorial(0).abs() < 1e-14 && ln_factorial(1).abs() < 1e-14);
    }

    #[test]
    fn confidence_levels() {
        assert_eq!(Confidence::parse("99.8%"), Some(Confidence::P998));
        assert_eq!(Confidence::parse("95"), Some(Confidence::P95));
        assert_eq!(Confidence::parse("90"), None);
    }

    #[test]
    fn funnel_limits_are_where_an_areas_interval_reaches_the_centre() {
        // 500 per 10,000 in 20,000 children expects 1,000 referrals. The upper limit is the
        // count whose Byar's lower limit is 1,000: x (1 − 1/9x − 1.96/3√x)³ = 1000 at about
        // x = 1,064 (1064 × (1 − 0.000104 − 0.020029)³ = 1064 × 0.94082 = 1001.0), so about
        // 532 per 10,000; the lower about 938 (→ 469).
        let (l, u) = funnel_limits(500.0, 20_000.0, Confidence::P95);
        assert!((u - 532.0).abs() < 1.0 && (l - 469.0).abs() < 1.0, "{l} {u}");
        let expected = 1000.0;
        let (x_l, x_u) = (l * 2.0, u * 2.0);
        assert!((poisson_limits(x_u, Confidence::P95).0 - expected).abs() < 1e-6);
        assert!((poisson_limits(x_l, Confidence::P95).1 - expected).abs() < 1e-6);
        // Wider at 99.8%, and narrower (per 10,000) for a bigger area.
        let (l2, u2) = funnel_limits(500.0, 20_000.0, Confidence::P998);
        assert!(l2 < l && u2 > u);
        let (l3, u3) = funnel_limits(500.0, 200_000.0, Confidence::P95);
        assert!(l3 > l && u3 < u);
    }
}
