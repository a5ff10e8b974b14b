//! Exact amounts and day ratios. Money is `rust_decimal::Decimal`, never a
//! float; ratios in days are decimals too, kept at full precision and only
//! rounded for display. `raw` writes a value the way kpi.md "Names in the
//! page" wants it in `data-value`: a plain decimal with a '.', no exponent.

use rust_decimal::Decimal;

pub use rust_decimal::Decimal as Amount;

/// The plain decimal form of `d` for `data-value`: trailing zeros removed,
/// no thousands separator, '.' as decimal point.
pub fn raw(d: Decimal) -> String {
    let n = d.normalize();
    if n.is_zero() {
        "0".to_string()
    } else {
        n.to_string()
    }
}

/// `a / b`, or `None` when `b` is zero (a figure that cannot be computed is
/// never 0 or NaN).
pub fn ratio(a: Decimal, b: Decimal) -> Option<Decimal> {
    if b.is_zero() {
        None
    } else {
        a.checked_div(b)
    }
}

/// Rounds half away from zero to `dp` decimals (kpi.md: "rounded to the
/// cent, halves up" for positive amounts).
pub fn round_half_up(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::tests::dec;

    #[test]
    fn raw_is_plain_decimal() {
        assert_eq!(raw(dec("12.400")), "12.4");
        assert_eq!(raw(dec("0.000")), "0");
        assert_eq!(raw(dec("-1500.50")), "-1500.5");
        assert_eq!(raw(dec("1000000")), "1000000");
    }

    #[test]
    fn ratio_by_zero_is_none() {
        assert_eq!(ratio(dec("1"), Decimal::ZERO), None);
        assert_eq!(ratio(dec("1"), dec("4")), Some(dec("0.25")));
    }

    #[test]
    fn rounding_halves_up() {
        assert_eq!(round_half_up(dec("36.385"), 2), dec("36.39"));
        assert_eq!(round_half_up(dec("36.384"), 2), dec("36.38"));
    }
}
