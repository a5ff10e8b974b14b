//! Outstanding ("encours") at t, kpi.md "Records" and "Outstanding": net
//! AR and its splits (overdue / not due, disputed, gross, open credit
//! notes, at risk), customers over their credit limit, and the weighted
//! days past due of the overdue part.

use super::Unavailable;
use crate::domain::ledger::money::{ratio, Money, Total};
use crate::domain::ledger::{CustomerIx, Invoice, Settlement, View};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// AR(t) and its splits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outstanding {
    /// AR(t), net: sum of open amounts, credit notes included.
    pub total: Decimal,
    /// Sum of positive open amounts.
    pub gross: Decimal,
    /// Open amounts with dpd > 0.
    pub overdue: Decimal,
    /// Open amounts with dpd <= 0.
    pub current: Decimal,
    /// Open amounts flagged disputed.
    pub disputed: Decimal,
    /// Open credit notes (negative amounts), as a negative sum.
    pub credit_notes: Decimal,
    /// Unapplied cash open at t (part of `credit_notes`), as a negative sum.
    pub unapplied: Decimal,
    /// Invoices (and credit notes) with a non-zero open amount.
    pub open_invoices: u64,
    /// Open amounts overdue by more than 90 days, or disputed, or of a
    /// customer over its credit limit.
    pub at_risk: Decimal,
    /// Customers whose AR(t) exceeds their credit limit, with the overrun,
    /// the largest overrun first.
    pub over_limit: Vec<(CustomerIx, Decimal)>,
    /// sum(open x dpd) / sum(open) over overdue invoices with a positive open amount.
    pub weighted_dpd: Result<Decimal, Unavailable>,
    /// Its two sums: sum(open x dpd) and sum(open) (for "how it is computed").
    #[serde(default)]
    pub weighted_dpd_sums: (Decimal, Decimal),
}

/// Whether open amounts are known at `t`: always with settlement history.
/// A snapshot (open amounts, no payment dates) is known as exported: the
/// as-of date stands for the export's date, which cannot be before the
/// latest invoice in it (`snapshot_date`); before that, nothing is known.
pub fn known_at<'a>(ledger: impl Into<View<'a>>, t: NaiveDate) -> Result<(), Unavailable> {
    let ledger: View<'a> = ledger.into();
    match ledger.snapshot_date {
        Some(s) if t < s && ledger.items().any(|i| matches!(i.settlement, Settlement::OpenAtSnapshot(_))) => {
            Err(Unavailable::SnapshotFrom(s))
        }
        _ => Ok(()),
    }
}

/// AR(t) alone: the sum of open amounts at `t`.
pub fn ar_at<'a>(ledger: impl Into<View<'a>>, t: NaiveDate) -> Result<Decimal, Unavailable> {
    let ledger: View<'a> = ledger.into();
    known_at(ledger, t)?;
    Ok(ledger.items().map(|i| i.open_at(t)).sum::<Total>().to_decimal())
}

/// Outstanding at `t`; unavailable away from a snapshot's date.
pub fn outstanding<'a>(ledger: impl Into<View<'a>>, t: NaiveDate) -> Result<Outstanding, Unavailable> {
    let ledger: View<'a> = ledger.into();
    known_at(ledger, t)?;
    let mut sums = OutstandingSums::new(ledger.customers.len());
    for inv in ledger.items() {
        sums.add(inv, inv.open_at(t), inv.dpd(t));
    }
    Ok(sums.finish(ledger))
}

/// The sums behind `Outstanding`, gathered in one pass (shared with
/// `kpis`): integer sums, decimals once at the end. A customer's lines
/// are at risk when it is over its credit limit, which only the whole pass
/// tells: each customer's open amount not already at risk by age or
/// dispute is kept apart and added at the end for those over.
pub(crate) struct OutstandingSums {
    by_customer: Vec<Total>,
    safe_by_customer: Vec<Total>,
    total: Total,
    gross: Total,
    overdue: Total,
    current: Total,
    disputed: Total,
    credit_notes: Total,
    unapplied: Total,
    /// Open amounts at risk by age (> 90 days), dispute or doubt (account 416).
    at_risk: Total,
    weighted: Total,
    weight: Total,
    open_invoices: u64,
}

impl OutstandingSums {
    pub(crate) fn new(customers: usize) -> Self {
        OutstandingSums {
            by_customer: vec![Total::ZERO; customers],
            safe_by_customer: vec![Total::ZERO; customers],
            total: Total::ZERO,
            gross: Total::ZERO,
            overdue: Total::ZERO,
            current: Total::ZERO,
            disputed: Total::ZERO,
            credit_notes: Total::ZERO,
            unapplied: Total::ZERO,
            at_risk: Total::ZERO,
            weighted: Total::ZERO,
            weight: Total::ZERO,
            open_invoices: 0,
        }
    }

    /// A line open by `open` at t, `dpd` days past due.
    pub(crate) fn add(&mut self, inv: &Invoice, open: Money, dpd: i64) {
        if open.is_zero() {
            return;
        }
        if inv.is_invoice() {
            self.open_invoices += 1;
        } else {
            self.unapplied += open;
        }
        self.total += open;
        if open.is_positive() {
            self.gross += open;
        } else {
            self.credit_notes += open;
        }
        if dpd > 0 {
            self.overdue += open;
            if open.is_positive() {
                self.weighted.add_times(open, dpd);
                self.weight += open;
            }
        } else {
            self.current += open;
        }
        if inv.disputed {
            self.disputed += open;
        }
        let c = inv.customer as usize;
        if let Some(sum) = self.by_customer.get_mut(c) {
            *sum += open;
        }
        // A doubtful receivable (account 416) is at risk whatever its age.
        if dpd > 90 || inv.disputed || inv.is_doubtful() {
            self.at_risk += open;
        } else if let Some(sum) = self.safe_by_customer.get_mut(c) {
            *sum += open;
        }
    }

    pub(crate) fn finish(self, ledger: View) -> Outstanding {
        let mut at_risk = self.at_risk;
        let mut over_limit = Vec::new();
        for (ix, c) in ledger.customers.iter().enumerate() {
            let ar = self.by_customer.get(ix).map_or(Decimal::ZERO, |t| t.to_decimal());
            if let Some(lim) = c.credit_limit.filter(|lim| ar > *lim) {
                over_limit.push((ix as CustomerIx, ar - lim));
                at_risk += self.safe_by_customer.get(ix).copied().unwrap_or_default();
            }
        }
        over_limit.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Outstanding {
            total: self.total.to_decimal(),
            gross: self.gross.to_decimal(),
            overdue: self.overdue.to_decimal(),
            current: self.current.to_decimal(),
            disputed: self.disputed.to_decimal(),
            credit_notes: self.credit_notes.to_decimal(),
            unapplied: self.unapplied.to_decimal(),
            open_invoices: self.open_invoices,
            at_risk: at_risk.to_decimal(),
            over_limit,
            weighted_dpd: ratio(self.weighted.to_decimal(), self.weight.to_decimal())
                .ok_or(Unavailable::NothingToAverage),
            weighted_dpd_sums: (self.weighted.to_decimal(), self.weight.to_decimal()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::tests::{d, dec, inv, ledger, m};

    #[test]
    fn splits_sum_to_total() {
        let l = ledger(vec![
            inv(0, "2026-01-01", "2026-01-31", "300", None), // 59 dpd at 03-31
            inv(0, "2026-02-01", "2026-03-01", "100", None), // 30 dpd
            inv(1, "2026-03-10", "2026-04-09", "200", None), // not due
            inv(1, "2026-03-11", "2026-03-11", "-50", None), // credit note, 20 dpd
            inv(1, "2026-01-05", "2026-02-04", "999", Some("2026-03-01")), // settled
        ]);
        let o = outstanding(&l, d("2026-03-31")).unwrap();
        assert_eq!(o.total, dec("550"));
        assert_eq!(o.gross, dec("600"));
        assert_eq!(o.credit_notes, dec("-50"));
        assert_eq!(o.overdue, dec("350"));
        assert_eq!(o.current, dec("200"));
        assert_eq!(o.overdue + o.current, o.total);
        assert_eq!(o.open_invoices, 4);
        // (300 x 59 + 100 x 30) / 400 = 51.75
        assert_eq!(o.weighted_dpd, Ok(dec("51.75")));
    }

    #[test]
    fn at_risk_and_credit_limits() {
        let t = d("2026-03-31");
        let mut disputed = inv(0, "2026-03-01", "2026-03-31", "40", None);
        disputed.disputed = true;
        let mut l = ledger(vec![
            inv(0, "2025-12-01", "2025-12-30", "100", None), // 91 days past due
            inv(0, "2025-12-02", "2025-12-31", "200", None), // 90 days: not at risk by age
            disputed,
            inv(1, "2026-03-10", "2026-04-09", "700", None), // customer 1 over its limit
            inv(2, "2026-03-10", "2026-04-09", "300", None), // customer 2 under its limit
        ]);
        l.customers[1].credit_limit = Some(dec("500"));
        l.customers[2].credit_limit = Some(dec("500"));
        let o = outstanding(&l, t).unwrap();
        assert_eq!(o.at_risk, dec("840"), "100 + 40 + 700");
        assert_eq!(o.over_limit, vec![(1, dec("200"))]);
    }

    #[test]
    fn snapshot_is_known_only_at_its_date() {
        let mut l = ledger(vec![inv(0, "2026-01-01", "2026-01-31", "300", None)]);
        l.invoices[0].settlement = Settlement::OpenAtSnapshot(m("120"));
        l.snapshot_date = Some(d("2026-02-15"));
        assert_eq!(outstanding(&l, d("2026-02-15")).unwrap().total, dec("120"));
        assert_eq!(outstanding(&l, d("2026-02-14")), Err(Unavailable::SnapshotFrom(d("2026-02-15"))));
        // The as-of date set to the export's date, later: the amounts as exported, aged at that date.
        let later = outstanding(&l, d("2026-03-02")).unwrap();
        assert_eq!((later.total, later.overdue), (dec("120"), dec("120")));
    }
}
