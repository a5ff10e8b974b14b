//! Outstanding ("encours") at t, kpi.md "Records" and "Outstanding": net
//! AR and its splits (overdue / not due, disputed, gross, open credit
//! notes), and the weighted days past due of the overdue part.

use super::Unavailable;
use crate::domain::ledger::{Ledger, Settlement};
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
    /// Invoices (and credit notes) with a non-zero open amount.
    pub open_invoices: u64,
    /// sum(open x dpd) / sum(open) over overdue invoices with a positive open amount.
    pub weighted_dpd: Result<Decimal, Unavailable>,
}

/// Outstanding at `t`; unavailable away from a snapshot's date.
pub fn outstanding(ledger: &Ledger, t: NaiveDate) -> Result<Outstanding, Unavailable> {
    if let Some(s) = ledger.snapshot_date {
        if s != t && ledger.invoices.iter().any(|i| matches!(i.settlement, Settlement::OpenAtSnapshot(_))) {
            return Err(Unavailable::SnapshotOnlyAt(s));
        }
    }
    let mut o = Outstanding {
        total: Decimal::ZERO,
        gross: Decimal::ZERO,
        overdue: Decimal::ZERO,
        current: Decimal::ZERO,
        disputed: Decimal::ZERO,
        credit_notes: Decimal::ZERO,
        open_invoices: 0,
        weighted_dpd: Err(Unavailable::NothingToAverage),
    };
    let (mut weighted, mut weight) = (Decimal::ZERO, Decimal::ZERO);
    for inv in &ledger.invoices {
        let open = inv.open_at(t);
        if open.is_zero() {
            continue;
        }
        o.open_invoices += 1;
        o.total += open;
        if open > Decimal::ZERO {
            o.gross += open;
        } else {
            o.credit_notes += open;
        }
        let dpd = inv.dpd(t);
        if dpd > 0 {
            o.overdue += open;
            if open > Decimal::ZERO {
                weighted += open * Decimal::from(dpd);
                weight += open;
            }
        } else {
            o.current += open;
        }
        if inv.disputed {
            o.disputed += open;
        }
    }
    if !weight.is_zero() {
        o.weighted_dpd = Ok(weighted / weight);
    }
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::tests::{d, dec, inv, ledger};

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
    fn snapshot_is_known_only_at_its_date() {
        let mut l = ledger(vec![inv(0, "2026-01-01", "2026-01-31", "300", None)]);
        l.invoices[0].settlement = Settlement::OpenAtSnapshot(dec("120"));
        l.snapshot_date = Some(d("2026-02-15"));
        assert_eq!(outstanding(&l, d("2026-02-15")).unwrap().total, dec("120"));
        assert_eq!(outstanding(&l, d("2026-02-14")), Err(Unavailable::SnapshotOnlyAt(d("2026-02-15"))));
    }
}
