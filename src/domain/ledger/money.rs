//! Exact amounts and day ratios. Money is `rust_decimal::Decimal`, never a
//! float; ratios in days are decimals too, kept at full precision and only
//! rounded for display. `raw` writes a value the way kpi.md "Names in the
//! page" wants it in `data-value`: a plain decimal with a '.', no exponent.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use rust_decimal::Decimal as Amount;

/// Decimals kept by `Money`: 4, so that the minor unit of every currency
/// (0 to 3 decimals) is exact.
pub const MONEY_DP: u32 = 4;
const MONEY_ONE: i64 = 10_000;

/// A ledger amount as an exact integer count of ten-thousandths of its
/// currency: 8 bytes instead of a `Decimal`'s 16, and integer arithmetic
/// in the KPI loops. `Decimal` stays at the boundaries (parsing, ratios,
/// display). The import refuses amounts over `values::MAX_AMOUNT`, so a
/// line's amount and its payments never come near the `i64` range; sums
/// over many lines are made in a `Total` (`i128`), which cannot overflow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    /// `d` rounded half away from zero to 4 decimals; `None` out of range.
    pub fn from_decimal(d: Decimal) -> Option<Money> {
        let r = d.round_dp_with_strategy(MONEY_DP, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        let m = r.mantissa();
        let scaled = m.checked_mul(10i128.pow(MONEY_DP - r.scale().min(MONEY_DP)))?;
        i64::try_from(scaled).ok().map(Money)
    }

    /// `d` as a `Money`, saturating out of range: for a sum of a few lines
    /// the import already bounded by `MAX_AMOUNT` (one accounting entry's
    /// lines), which stays far inside the range.
    pub fn saturating_from_decimal(d: Decimal) -> Money {
        Money::from_decimal(d).unwrap_or(if d.is_sign_negative() { Money(i64::MIN) } else { Money(i64::MAX) })
    }

    /// A whole number of currency units.
    pub const fn whole(units: i64) -> Money {
        Money(units.saturating_mul(MONEY_ONE))
    }

    /// The exact decimal value.
    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.0, MONEY_DP)
    }

    /// Ten-thousandths of the currency unit.
    pub const fn ten_thousandths(self) -> i64 {
        self.0
    }

    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub const fn is_positive(self) -> bool {
        self.0 > 0
    }

    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub const fn abs(self) -> Money {
        Money(self.0.saturating_abs())
    }

    /// More decimals than `dp`.
    pub fn has_more_decimals_than(self, dp: u32) -> bool {
        dp < MONEY_DP && self.0 % 10i64.pow(MONEY_DP - dp) != 0
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }
}

// Line-level arithmetic (an amount less its payments). Bounded inputs
// keep it far from the limits; it saturates rather than wrap or panic.
impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0.saturating_add(o.0))
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0.saturating_sub(o.0))
    }
}

impl std::ops::Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(self.0.saturating_neg())
    }
}

impl std::ops::AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        *self = *self + o;
    }
}

impl std::ops::SubAssign for Money {
    fn sub_assign(&mut self, o: Money) {
        *self = *self - o;
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

impl PartialEq<Decimal> for Money {
    fn eq(&self, d: &Decimal) -> bool {
        self.to_decimal() == *d
    }
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.to_decimal().normalize(), f)
    }
}

/// A sum of many `Money` (or of amounts times days), exact and wide
/// enough for any file: `i128` ten-thousandths.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Total(i128);

impl Total {
    pub const ZERO: Total = Total(0);

    /// `amount x days`, added (a weighted sum of days).
    pub fn add_times(&mut self, amount: Money, days: i64) {
        self.0 += i128::from(amount.0) * i128::from(days);
    }

    /// The exact decimal value (ten-thousandths, or ten-thousandths x days).
    /// A value beyond `Decimal`'s 96 bits (impossible for a file's sums)
    /// saturates.
    pub fn to_decimal(self) -> Decimal {
        const LIMIT: i128 = (1i128 << 96) - 1;
        Decimal::from_i128_with_scale(self.0.clamp(-LIMIT, LIMIT), MONEY_DP)
    }

    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub const fn is_positive(self) -> bool {
        self.0 > 0
    }

    /// As one line's amount (the sum of one customer's or one bucket's
    /// lines, compared with a `Money`): saturates beyond `i64`.
    pub fn as_money(self) -> Money {
        Money(self.0.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
    }
}

impl From<Money> for Total {
    fn from(m: Money) -> Total {
        Total(i128::from(m.0))
    }
}

impl std::ops::AddAssign<Money> for Total {
    fn add_assign(&mut self, m: Money) {
        self.0 += i128::from(m.0);
    }
}

impl std::ops::SubAssign<Money> for Total {
    fn sub_assign(&mut self, m: Money) {
        self.0 -= i128::from(m.0);
    }
}

impl std::ops::AddAssign for Total {
    fn add_assign(&mut self, o: Total) {
        self.0 += o.0;
    }
}

impl std::ops::Add for Total {
    type Output = Total;
    fn add(self, o: Total) -> Total {
        Total(self.0 + o.0)
    }
}

impl std::ops::Sub for Total {
    type Output = Total;
    fn sub(self, o: Total) -> Total {
        Total(self.0 - o.0)
    }
}

impl std::iter::Sum<Money> for Total {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Total {
        iter.fold(Total::ZERO, |mut a, b| {
            a += b;
            a
        })
    }
}

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
    fn money_is_exact_to_four_decimals() {
        let m = Money::from_decimal(dec("1234.56")).unwrap();
        assert_eq!(m.ten_thousandths(), 12_345_600);
        assert_eq!(m.to_decimal(), dec("1234.56"));
        assert_eq!(Money::from_decimal(dec("0.00005")).unwrap().ten_thousandths(), 1);
        assert_eq!(Money::from_decimal(dec("-0.00005")).unwrap().ten_thousandths(), -1);
        assert_eq!(Money::from_decimal(dec("1e20")), None);
        assert!(Money::from_decimal(dec("1.234")).unwrap().has_more_decimals_than(2));
        assert!(!Money::from_decimal(dec("1.23")).unwrap().has_more_decimals_than(2));
    }

    #[test]
    fn totals_never_overflow() {
        let big = Money::from_decimal(dec("900000000000000")).unwrap();
        let t: Total = std::iter::repeat_n(big, 1000).sum();
        assert_eq!(t.to_decimal(), dec("900000000000000000"));
        let mut w = Total::ZERO;
        w.add_times(big, 36_500);
        assert_eq!(w.to_decimal(), dec("32850000000000000000"));
        assert_eq!(Money::whole(i64::MAX) + big, Money::whole(i64::MAX));
    }

    #[test]
    fn rounding_halves_up() {
        assert_eq!(round_half_up(dec("36.385"), 2), dec("36.39"));
        assert_eq!(round_half_up(dec("36.384"), 2), dec("36.38"));
    }
}
