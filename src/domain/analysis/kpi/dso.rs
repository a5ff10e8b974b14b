//! DSO countback ("par épuisement"), kpi.md "DSO family". The standard,
//! best possible and delinquent DSO are plain ratios computed in `kpi::kpis`.

use super::{Figure, Unavailable};
use crate::domain::ledger::money::Total;
use crate::domain::ledger::{Invoice, View};
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A days ratio, kpi.md "DSO family": amount / sales x days (DSO standard
/// with AR, BPDSO with current AR, DDSO with overdue AR, disputed DSO with
/// disputed AR). Unavailable when sales are zero or negative.
pub fn days_of_sales(amount: Decimal, sales: Decimal, days: Decimal) -> Figure {
    if sales <= Decimal::ZERO {
        return Err(Unavailable::NoSalesInPeriod);
    }
    Ok(amount * days / sales)
}

/// Months the countback looks back before it gives up.
pub const COUNTBACK_MONTHS: u32 = 24;

/// DSO countback: R = AR(t); month m0 runs from the 1st of t's month to t
/// (its days: t's day of month). For m0, m-1, ...: if R >= sales(m), add all
/// of m's days and take sales(m) from R; else add R / sales(m) x days(m) and
/// stop. A month with sales <= 0 adds its days and consumes nothing. After
/// 24 months with R still > 0: `OverCountbackHorizon`.
pub fn dso_countback<'a>(ledger: impl Into<View<'a>>, t: NaiveDate, ar: Decimal) -> Figure {
    countback_from(ar, monthly_sales(ledger, t, COUNTBACK_MONTHS))
}

/// The countback of `ar` over months of (sales, days), the latest first.
pub(crate) fn countback_from(ar: Decimal, months: Vec<(Decimal, Decimal)>) -> Figure {
    countback_over(ar, months)
}

/// Sales and days of the `n` months back from t's, the latest first, in one
/// pass over the ledger: month m0 runs from the 1st of t's month to t.
pub fn monthly_sales<'a>(ledger: impl Into<View<'a>>, t: NaiveDate, n: u32) -> Vec<(Decimal, Decimal)> {
    let ledger: View<'a> = ledger.into();
    let mut sums = MonthlySales::new(t, n);
    for inv in ledger.items() {
        sums.add(inv);
    }
    sums.finish()
}

/// Sales per calendar month back from t's, gathered in one pass (shared
/// with `kpis`).
pub(crate) struct MonthlySales {
    t: NaiveDate,
    t_month: i32,
    sales: Vec<Total>,
}

fn month_no(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

impl MonthlySales {
    pub(crate) fn new(t: NaiveDate, n: u32) -> Self {
        MonthlySales { t, t_month: month_no(t), sales: vec![Total::ZERO; n as usize] }
    }

    pub(crate) fn add(&mut self, inv: &Invoice) {
        if inv.is_sale() && inv.invoice_date <= self.t {
            let k = self.t_month - month_no(inv.invoice_date);
            if let Some(sum) = usize::try_from(k).ok().and_then(|k| self.sales.get_mut(k)) {
                *sum += inv.amount;
            }
        }
    }

    /// (sales, days) of each month, the latest first.
    pub(crate) fn finish(self) -> Vec<(Decimal, Decimal)> {
        let t = self.t;
        let first_of_t = t.with_day(1).unwrap_or(t);
        self.sales
            .iter()
            .enumerate()
            .map(|(k, sales)| {
                let start = first_of_t.checked_sub_months(Months::new(k as u32)).unwrap_or(NaiveDate::MIN);
                let end = if k == 0 {
                    t
                } else {
                    start.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(start)
                };
                (sales.to_decimal(), Decimal::from((end - start).num_days() + 1))
            })
            .collect()
    }
}

/// One month the countback went through ("how it is computed"): the UI
/// formats these, it does not redo the computation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountbackStep {
    /// The month's first day (m0: the 1st of t's month).
    pub month: NaiveDate,
    /// Its days (m0: from its 1st to t) and its sales.
    pub days: Decimal,
    pub sales: Decimal,
    /// What was left of AR when the month was reached.
    pub remaining: Decimal,
    /// The share of its days counted, in percent (100: the whole month, as
    /// for a month without sales); below 100 only for the last step.
    pub share: Decimal,
    /// The days it added.
    pub counted: Decimal,
}

/// The countback of `ar` at `t` over `months` (`monthly_sales`' (sales,
/// days), the latest first), step by step: the months it went through, up
/// to the one where AR ran out (all of them when AR outlasts them).
pub fn countback_steps(ar: Decimal, t: NaiveDate, months: &[(Decimal, Decimal)]) -> Vec<CountbackStep> {
    let first_of_t = t.with_day(1).unwrap_or(t);
    let mut steps = Vec::new();
    // The figure itself is `countback_over`'s; here only the months.
    let _ = countback_walk(ar, months.iter().copied(), |k, sales, days, remaining, counted| {
        let month = first_of_t.checked_sub_months(Months::new(k as u32)).unwrap_or(NaiveDate::MIN);
        let share = if counted == days { Decimal::ONE_HUNDRED } else { remaining * Decimal::ONE_HUNDRED / sales };
        steps.push(CountbackStep { month, days, sales, remaining, share, counted });
    });
    steps
}

/// The countback rule over (sales, days) months, the latest first: while
/// R >= sales(m) add all of m's days and take sales(m) from R; then add the
/// share R / sales(m) of the next month's days. A month with sales <= 0 adds
/// its days and consumes nothing. It stops as soon as R reaches 0 (an AR
/// used up exactly by a month adds nothing before it, not even a month
/// without sales). R still > 0 after the months given: over the horizon.
pub fn countback_over(ar: Decimal, months: impl IntoIterator<Item = (Decimal, Decimal)>) -> Figure {
    countback_walk(ar, months, |_, _, _, _, _| {})
}

/// The one computation of the countback: `step(k, sales, days, remaining,
/// counted)` is told each month gone through.
fn countback_walk(
    ar: Decimal,
    months: impl IntoIterator<Item = (Decimal, Decimal)>,
    mut step: impl FnMut(usize, Decimal, Decimal, Decimal, Decimal),
) -> Figure {
    let mut remaining = ar;
    let mut days = Decimal::ZERO;
    for (k, (sales, month_days)) in months.into_iter().enumerate() {
        if remaining <= Decimal::ZERO {
            return Ok(days);
        }
        if sales <= Decimal::ZERO || remaining >= sales {
            step(k, sales, month_days, remaining, month_days);
            days += month_days;
            if sales > Decimal::ZERO {
                remaining -= sales;
            }
        } else {
            let counted = remaining * month_days / sales;
            step(k, sales, month_days, remaining, counted);
            return Ok(days + counted);
        }
    }
    if remaining > Decimal::ZERO {
        Err(Unavailable::OverCountbackHorizon)
    } else {
        Ok(days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::tests::{d, dec, inv, ledger};

    #[test]
    fn the_months_a_countback_goes_through() {
        let months = [(dec("100"), dec("30")), (dec("0"), dec("31")), (dec("200"), dec("30")), (dec("50"), dec("31"))];
        let t = d("2026-04-30");
        let steps = countback_steps(dec("250"), t, &months);
        assert_eq!(steps.len(), 3, "100, nothing, then 150 of 200");
        let got: Vec<(NaiveDate, Decimal, Decimal, Decimal)> =
            steps.iter().map(|s| (s.month, s.remaining, s.share, s.counted)).collect();
        assert_eq!(
            got,
            [
                (d("2026-04-01"), dec("250"), dec("100"), dec("30")),
                (d("2026-03-01"), dec("150"), dec("100"), dec("31")),
                // 150 / 200 = 75 % of 30 days.
                (d("2026-02-01"), dec("150"), dec("75"), dec("22.5")),
            ]
        );
        // The steps add up to the figure.
        assert_eq!(steps.iter().map(|s| s.counted).sum::<Decimal>(), countback_over(dec("250"), months).unwrap());
        assert_eq!(countback_steps(dec("50"), t, &months).len(), 1);
        assert_eq!(countback_steps(dec("0"), t, &months).len(), 0);
        assert_eq!(countback_steps(dec("999"), t, &months).len(), 4, "AR outlasts the months");
    }

    /// AR used up exactly by a month: the countback stops there, even when
    /// the month before it had no sales (it used to add that month's days).
    #[test]
    fn countback_stops_when_ar_reaches_zero() {
        let months = [(dec("100"), dec("31")), (dec("0"), dec("28")), (dec("200"), dec("31"))];
        assert_eq!(countback_over(dec("100"), months), Ok(dec("31")));
        let steps = countback_steps(dec("100"), d("2026-03-31"), &months);
        assert_eq!(steps.len(), 1, "only March is gone through");
        assert_eq!((steps[0].month, steps[0].counted), (d("2026-03-01"), dec("31")));
        // The same through a ledger: t = 2026-03-31, March 100, February nothing, January 200.
        check(&[("2026-03-05", "100"), ("2026-01-15", "200")], "2026-03-31", "100", Ok(dec("31")));
        // Used up at the end of the second month: 31 + 28 days, January not reached.
        let months = [(dec("100"), dec("31")), (dec("50"), dec("28")), (dec("0"), dec("31"))];
        assert_eq!(countback_over(dec("150"), months), Ok(dec("59")));
    }

    #[track_caller]
    fn check(sales: &[(&str, &str)], t: &str, ar: &str, expected: Figure) {
        let l = ledger(sales.iter().map(|(date, amt)| inv(0, date, date, amt, Some(date))).collect());
        assert_eq!(dso_countback(&l, d(t), dec(ar)), expected);
    }

    /// kpi.md worked example (seed 001): 40,000 / 100,000 x 31 = 12.4 days.
    #[test]
    fn dso_worked_example() {
        assert_eq!(days_of_sales(dec("40000"), dec("100000"), dec("31")), Ok(dec("12.4")));
        assert_eq!(days_of_sales(dec("40000"), dec("0"), dec("31")), Err(Unavailable::NoSalesInPeriod));
        assert_eq!(days_of_sales(dec("40000"), dec("-5"), dec("31")), Err(Unavailable::NoSalesInPeriod));
    }

    #[test]
    fn partial_current_month_is_counted_to_t() {
        // t = 2026-03-10: March has 10 days and sales 500; AR 250 -> 250/500 x 10 = 5.
        check(&[("2026-03-05", "500"), ("2026-02-10", "900")], "2026-03-10", "250", Ok(dec("5")));
    }

    #[test]
    fn countback_across_month_boundaries() {
        // t = 2026-03-10. AR 1,400: March (10 days, 500) consumed -> 900 left;
        // February (28 days, 600) consumed -> 300 left; January (31 days,
        // 1,200): 300 / 1200 x 31 = 7.75. Total 10 + 28 + 7.75 = 45.75.
        check(
            &[("2026-03-05", "500"), ("2026-02-10", "600"), ("2026-01-15", "1200"), ("2025-12-15", "1000")],
            "2026-03-10",
            "1400",
            Ok(dec("45.75")),
        );
    }

    #[test]
    fn month_without_sales_adds_its_days() {
        // t = 2026-03-31: March has no sales (31 days), February 1,000 (28 days):
        // AR 500 -> 31 + 500/1000 x 28 = 45.
        check(&[("2026-02-10", "1000")], "2026-03-31", "500", Ok(dec("45")));
    }

    #[test]
    fn leap_february_and_credit_notes() {
        // t = 2024-03-31, March sales 100 - 100 (credit note) = 0: 31 days;
        // February 2024 has 29 days, sales 290; AR 145 -> 31 + 14.5 = 45.5.
        check(
            &[("2024-03-05", "100"), ("2024-03-06", "-100"), ("2024-02-10", "290")],
            "2024-03-31",
            "145",
            Ok(dec("45.5")),
        );
    }

    #[test]
    fn beyond_24_months_is_not_a_number() {
        check(&[("2026-03-05", "10")], "2026-03-31", "11", Err(Unavailable::OverCountbackHorizon));
        check(&[("2026-03-05", "10")], "2026-03-31", "0", Ok(dec("0")));
    }
}
