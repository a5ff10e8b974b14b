//! DSO countback ("par épuisement"), kpi.md "DSO family". The standard,
//! best possible and delinquent DSO are plain ratios computed in `kpi::kpis`.

use super::{Figure, Unavailable};
use crate::domain::ledger::{Invoice, View};
use crate::domain::money::Total;
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

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
    if ar <= Decimal::ZERO {
        return Ok(Decimal::ZERO);
    }
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

/// The months (sales, days) the countback of `ar` goes through, the latest
/// first, up to the one where it stops (all of them when AR outlasts them).
pub fn countback_used(ar: Decimal, months: &[(Decimal, Decimal)]) -> &[(Decimal, Decimal)] {
    let mut remaining = ar;
    if remaining <= Decimal::ZERO {
        return &[];
    }
    for (k, (sales, _)) in months.iter().enumerate() {
        if *sales > Decimal::ZERO {
            if remaining < *sales {
                return &months[..=k];
            }
            remaining -= *sales;
        }
    }
    months
}

/// The countback rule over (sales, days) months, the latest first: while
/// R >= sales(m) add all of m's days and take sales(m) from R; then add the
/// share R / sales(m) of the next month's days. A month with sales <= 0 adds
/// its days and consumes nothing. R still > 0 after the months given: over
/// the horizon.
pub fn countback_over(ar: Decimal, months: impl IntoIterator<Item = (Decimal, Decimal)>) -> Figure {
    let mut remaining = ar;
    let mut days = Decimal::ZERO;
    if remaining <= Decimal::ZERO {
        return Ok(Decimal::ZERO);
    }
    for (sales, month_days) in months {
        if sales <= Decimal::ZERO {
            days += month_days;
        } else if remaining >= sales {
            days += month_days;
            remaining -= sales;
        } else {
            return Ok(days + remaining * month_days / sales);
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
        assert_eq!(countback_used(dec("250"), &months).len(), 3, "100, nothing, then 150 of 200");
        assert_eq!(countback_used(dec("50"), &months).len(), 1);
        assert_eq!(countback_used(dec("0"), &months).len(), 0);
        assert_eq!(countback_used(dec("999"), &months).len(), 4, "AR outlasts the months");
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
