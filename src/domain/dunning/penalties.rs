//! Late-payment penalties (kpi.md "Late-payment penalties"): interest from
//! the day after the due date at an annual rate, each invoice's rounded to
//! the cent, plus a fixed recovery indemnity per late invoice.

use super::limits::{Limit, OutOfRange};
use crate::domain::ledger::View;
use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// The fixed recovery indemnity per late invoice (Code de commerce, art.
/// L441-10 and D. 441-5), in euros whatever the invoice's currency: never
/// added to an amount in another currency.
pub const RECOVERY_INDEMNITY: Decimal = Decimal::from_parts(40, 0, 0, false, 0);

/// Points added to the ECB rate for the default penalty rate.
pub const ECB_MARGIN: Decimal = Decimal::from_parts(10, 0, 0, false, 0);

/// The ECB main refinancing rate in force on 1 January and 1 July of each
/// half-year, in percent, as published: (year, half (1 or 2), rate). Data
/// the user can replace (the page's rate field), not a rule.
const ECB_RATES: &[(i32, u32, &str)] = &[
    (2022, 1, "0.00"),
    (2022, 2, "0.00"),
    (2023, 1, "2.50"),
    (2023, 2, "4.00"),
    (2024, 1, "4.50"),
    (2024, 2, "4.25"),
    (2025, 1, "3.15"),
    (2025, 2, "2.15"),
    (2026, 1, "2.15"),
];

/// The default penalty rate at `t`: the ECB rate of `t`'s half-year + 10
/// points, or, for a half-year this table does not know yet, of the latest
/// one it knows (`exact` false: the page says so).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefaultRate {
    /// In percent (12.15, not 0.1215).
    pub rate: Decimal,
    pub ecb_rate: Decimal,
    /// The first day of the half-year whose ECB rate it is.
    pub half_year: NaiveDate,
    pub exact: bool,
}

pub fn default_rate(t: NaiveDate) -> DefaultRate {
    let half = if t.month() <= 6 { 1 } else { 2 };
    let known = ECB_RATES.iter().rev().find(|(y, h, _)| (*y, *h) <= (t.year(), half));
    let &(year, h, rate) = known.unwrap_or(&ECB_RATES[0]);
    let ecb_rate: Decimal = rate.parse().unwrap_or_default();
    DefaultRate {
        rate: ecb_rate + ECB_MARGIN,
        ecb_rate,
        half_year: NaiveDate::from_ymd_opt(year, if h == 1 { 1 } else { 7 }, 1).unwrap_or(NaiveDate::MIN),
        exact: (year, h) == (t.year(), half),
    }
}

/// The interest on `open` at `rate_percent` a year for `days` days late,
/// rounded to the cent, halves up: open x rate x days / 365. `None` when
/// it overflows (checked arithmetic: the rate is the user's number; with
/// a rate within `limits::Limit::PenaltyRate` no amount a file holds
/// overflows).
pub fn interest(open: Decimal, rate_percent: Decimal, days: i64) -> Option<Decimal> {
    let v = open
        .checked_mul(rate_percent)?
        .checked_div(Decimal::ONE_HUNDRED)?
        .checked_mul(Decimal::from(days))?
        .checked_div(Decimal::from(365))?;
    Some(v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
}

/// The rate refused: out of its bounds, or overflowing on an amount.
fn rate_refused(rate_percent: Decimal) -> OutOfRange {
    OutOfRange { limit: Limit::PenaltyRate, value: rate_percent.normalize().to_string(), plan: None, step: None }
}

/// `interest`, or the rate refused when it overflows.
pub fn checked_interest(open: Decimal, rate_percent: Decimal, days: i64) -> Result<Decimal, OutOfRange> {
    interest(open, rate_percent, days).ok_or_else(|| rate_refused(rate_percent))
}

/// One late invoice's penalties at t.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateInvoice {
    /// Its index in the ledger.
    pub index: u32,
    pub open: Decimal,
    pub days_late: i64,
    pub interest: Decimal,
}

/// The penalties accrued at t (kpi.md `penalties_due`, `recovery_indemnities`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Penalties {
    /// The late invoices, the largest interest first.
    pub invoices: Vec<LateInvoice>,
    pub penalties_due: Decimal,
    pub recovery_indemnities: Decimal,
}

/// Every invoice with a positive open amount and days past due > 0 at `t`:
/// its interest at `rate_percent` and the indemnity. A rate out of
/// `Limit::PenaltyRate` is refused, not computed.
pub fn penalties_at<'a>(
    view: impl Into<View<'a>>,
    t: NaiveDate,
    rate_percent: Decimal,
) -> Result<Penalties, OutOfRange> {
    if !Limit::PenaltyRate.allows(rate_percent) {
        return Err(rate_refused(rate_percent));
    }
    let mut invoices = Vec::new();
    let mut penalties_due = Decimal::ZERO;
    for (index, inv) in view.into().indexed().filter(|(_, inv)| inv.is_invoice() && inv.issued_by(t)) {
        let open = inv.open_at(t).to_decimal();
        let days_late = inv.dpd(t);
        if open > Decimal::ZERO && days_late > 0 {
            let interest = checked_interest(open, rate_percent, days_late)?;
            penalties_due = penalties_due.checked_add(interest).ok_or_else(|| rate_refused(rate_percent))?;
            invoices.push(LateInvoice { index, open, days_late, interest });
        }
    }
    let recovery_indemnities = RECOVERY_INDEMNITY * Decimal::from(invoices.len() as u64);
    invoices.sort_by(|a, b| b.interest.cmp(&a.interest).then(a.index.cmp(&b.index)));
    Ok(Penalties { invoices, penalties_due, recovery_indemnities })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::tests::{d, dec, inv, ledger, m};

    #[test]
    fn the_published_example() {
        assert_eq!(interest(dec("3000"), dec("14.76"), 30), Some(dec("36.39")));
        // Halves up at the cent: 1000 x 7.3% x 1 / 365 = 0.2 exactly; 0.005 goes up.
        assert_eq!(interest(dec("1000"), dec("7.3"), 1), Some(dec("0.20")));
        assert_eq!(interest(dec("18.25"), dec("10"), 1), Some(dec("0.01")));
    }

    /// A rate of 1e25 % panicked on `Decimal` overflow (the worker then
    /// crashed at each restart): it is refused, said so, never computed.
    #[test]
    fn an_absurd_rate_is_refused_not_a_panic() {
        let huge = dec("10000000000000000000000000");
        assert_eq!(interest(dec("100000"), huge, 30), None);
        let l = ledger(vec![inv(0, "2026-01-01", "2026-03-01", "100000", None)]);
        let refused = penalties_at(&l, d("2026-03-31"), huge).unwrap_err();
        assert_eq!((refused.limit, refused.value.as_str()), (Limit::PenaltyRate, "10000000000000000000000000"));
        assert_eq!(penalties_at(&l, d("2026-03-31"), dec("-1")).map_err(|e| e.limit), Err(Limit::PenaltyRate));
        assert!(penalties_at(&l, d("2026-03-31"), dec("100")).is_ok());
    }

    #[test]
    fn accrued_on_late_open_invoices_only() {
        let l = ledger(vec![
            // 3,000 open, 30 days late at t.
            inv(0, "2026-01-01", "2026-03-01", "3000", None),
            // Paid in part: 1,000 open, 10 days late.
            {
                let mut i = inv(1, "2026-02-01", "2026-03-21", "1500", None);
                i.add_payment(crate::domain::ledger::Payment { date: d("2026-03-10"), amount: m("500") });
                i
            },
            // Not due yet, paid, a credit note: nothing.
            inv(0, "2026-03-01", "2026-04-30", "700", None),
            inv(1, "2026-01-01", "2026-02-01", "900", Some("2026-02-20")),
            inv(1, "2026-01-05", "2026-01-05", "-200", None),
        ]);
        let p = penalties_at(&l, d("2026-03-31"), dec("14.76")).unwrap();
        assert_eq!(p.invoices.iter().map(|i| (i.index, i.days_late)).collect::<Vec<_>>(), [(0, 30), (1, 10)]);
        assert_eq!(Some(p.invoices[1].interest), interest(dec("1000"), dec("14.76"), 10));
        assert_eq!(p.penalties_due, dec("36.39") + dec("4.04"));
        assert_eq!(p.recovery_indemnities, dec("80"));
    }

    #[test]
    fn default_rate_by_half_year() {
        let r = default_rate(d("2024-03-15"));
        assert_eq!((r.rate, r.half_year, r.exact), (dec("14.50"), d("2024-01-01"), true));
        assert_eq!(default_rate(d("2025-07-01")).rate, dec("12.15"));
        // A half-year the table does not know: the latest known, said so.
        let r = default_rate(d("2026-11-26"));
        assert_eq!((r.half_year, r.exact), (d("2026-01-01"), false));
    }
}
