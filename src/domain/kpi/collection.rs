//! Collection figures, kpi.md "Collection": the collection effectiveness
//! index (CEI).

use super::{outstanding::outstanding, sales, Figure, Period, Unavailable};
use crate::domain::ledger::Ledger;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// CEI over N days = (AR(t-N) + Sales(N) - AR(t)) / (AR(t-N) + Sales(N) -
/// Current AR(t)) x 100. Unavailable for a snapshot (no AR(t-N)) and when
/// the denominator is zero.
pub fn cei(ledger: &Ledger, t: NaiveDate, period: Period) -> Figure {
    if ledger.snapshot_date.is_some() {
        return Err(Unavailable::NoHistory);
    }
    let now = outstanding(ledger, t)?;
    let before = outstanding(ledger, period.start_excluded(t))?;
    let collectible = before.total + sales(ledger, t, period);
    let denominator = collectible - now.current;
    if denominator.is_zero() {
        return Err(Unavailable::ZeroDenominator);
    }
    Ok((collectible - now.total) * Decimal::ONE_HUNDRED / denominator)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::tests::{d, dec, inv, ledger};

    #[test]
    fn cei_by_hand() {
        // t = 2026-03-31, N = 30 (window 03-02 .. 03-31).
        // AR(t-N = 03-01): 1,000 (A) + 500 (B) = 1,500.
        // Sales(30): C 800 + D 200 = 1,000.
        // AR(t): B 500 (overdue) + D 200 (not due) = 700; current 200.
        // CEI = (1500 + 1000 - 700) / (1500 + 1000 - 200) x 100 = 1800 / 2300 x 100.
        let l = ledger(vec![
            inv(0, "2026-01-15", "2026-02-14", "1000", Some("2026-03-10")),
            inv(1, "2026-02-01", "2026-03-03", "500", None),
            inv(2, "2026-03-05", "2026-03-20", "800", Some("2026-03-25")),
            inv(3, "2026-03-25", "2026-04-24", "200", None),
        ]);
        let got = cei(&l, d("2026-03-31"), Period::new(30).unwrap()).unwrap();
        assert_eq!(got.round_dp(6), (dec("1800") * dec("100") / dec("2300")).round_dp(6));
        assert_eq!(got.round_dp(2), dec("78.26"));
    }

    #[test]
    fn snapshot_has_no_cei() {
        let mut l = ledger(vec![inv(0, "2026-01-15", "2026-02-14", "1000", None)]);
        l.snapshot_date = Some(d("2026-03-31"));
        assert_eq!(cei(&l, d("2026-03-31"), Period::default()), Err(Unavailable::NoHistory));
    }
}
