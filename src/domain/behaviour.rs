//! Payer behaviour per customer (kpi.md "Payer rating"): how late each
//! customer paid over the last year, and its rating A to D.

use crate::domain::ledger::View;
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A customer's rating: A pays on time, D very late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Rating {
    A,
    B,
    C,
    D,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::A, Rating::B, Rating::C, Rating::D];

    pub fn letter(self) -> &'static str {
        match self {
            Rating::A => "A",
            Rating::B => "B",
            Rating::C => "C",
            Rating::D => "D",
        }
    }
}

/// The days late that bound ratings A, B and C (a settings the user can
/// change); defaults 5, 15 and 45.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Thresholds {
    pub a: Decimal,
    pub b: Decimal,
    pub c: Decimal,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { a: Decimal::from(5), b: Decimal::from(15), c: Decimal::from(45) }
    }
}

/// Invoices a customer must have settled in the year to be rated.
pub const MIN_SETTLED: u32 = 3;

/// One customer's behaviour at t.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Behaviour {
    /// Over its invoices settled in (t - 365, t]: Σ amount × days late,
    /// Σ amount, and how many.
    pub late_amount: Decimal,
    pub settled_amount: Decimal,
    pub settled: u32,
    /// It has an open invoice over 90 days past due at t.
    pub over_90: bool,
    /// `None`: not rated (fewer than `MIN_SETTLED` settled invoices).
    pub rating: Option<Rating>,
}

impl Behaviour {
    /// Amount-weighted average days late over its invoices settled in (t - 365, t].
    pub fn avg_days_late(&self) -> Option<Decimal> {
        (self.settled_amount > Decimal::ZERO).then(|| self.late_amount / self.settled_amount)
    }
}

/// The amount-weighted days late over every customer's invoices settled
/// in (t - 365, t] (kpi.md "Forecast of collections": the figure for
/// customers with little history); `None` when there is none.
pub fn company_days_late(all: &[Behaviour]) -> Option<Decimal> {
    let (late, weight) =
        all.iter().fold((Decimal::ZERO, Decimal::ZERO), |(l, w), b| (l + b.late_amount, w + b.settled_amount));
    (weight > Decimal::ZERO).then(|| late / weight)
}

/// The rating of an average `late` by `thresholds`, at least C when an
/// invoice is over 90 days past due.
pub fn rate(late: Decimal, over_90: bool, thresholds: &Thresholds) -> Rating {
    let by_days = if late <= thresholds.a {
        Rating::A
    } else if late <= thresholds.b {
        Rating::B
    } else if late <= thresholds.c {
        Rating::C
    } else {
        Rating::D
    };
    if over_90 {
        by_days.max(Rating::C)
    } else {
        by_days
    }
}

/// Every customer's behaviour at `t`, by customer index.
pub fn behaviours<'a>(view: impl Into<View<'a>>, t: NaiveDate, thresholds: &Thresholds) -> Vec<Behaviour> {
    let view = view.into();
    let n = view.ledger().customers.len();
    // Per customer: sum of amount x days late, sum of amounts, count, over 90.
    let mut sums = vec![(Decimal::ZERO, Decimal::ZERO, 0u32, false); n];
    let start = t.checked_sub_days(Days::new(365)).unwrap_or(NaiveDate::MIN);
    for inv in view.items().filter(|i| i.is_sale()) {
        let Some(s) = sums.get_mut(inv.customer as usize) else { continue };
        let amount = inv.amount.to_decimal();
        if amount > Decimal::ZERO {
            if let Some(settled) = inv.settled_date().filter(|d| *d > start && *d <= t) {
                let late = (settled - inv.due_date).num_days().max(0);
                s.0 += amount * Decimal::from(late);
                s.1 += amount;
                s.2 += 1;
            }
        }
        if inv.issued_by(t) && inv.open_at(t).is_positive() && inv.dpd(t) > 90 {
            s.3 = true;
        }
    }
    sums.into_iter()
        .map(|(late_amount, settled_amount, settled, over_90)| {
            let mut b = Behaviour { late_amount, settled_amount, settled, over_90, rating: None };
            b.rating = b.avg_days_late().filter(|_| settled >= MIN_SETTLED).map(|l| rate(l, over_90, thresholds));
            b
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::tests::{d, dec, inv, ledger};

    #[test]
    fn ratings_by_days_late_and_history() {
        let t = d("2026-06-30");
        let l = ledger(vec![
            // Customer 0: three invoices 10 days late: B.
            inv(0, "2026-01-01", "2026-01-31", "100", Some("2026-02-10")),
            inv(0, "2026-02-01", "2026-02-28", "100", Some("2026-03-10")),
            inv(0, "2026-03-01", "2026-03-31", "100", Some("2026-04-10")),
            // Customer 1: two on time (not rated: too few).
            inv(1, "2026-01-01", "2026-01-31", "100", Some("2026-01-20")),
            inv(1, "2026-02-01", "2026-02-28", "100", Some("2026-02-20")),
            // Customer 2: on time three times, but one open 120 days past due: C.
            inv(2, "2026-01-01", "2026-01-31", "100", Some("2026-01-31")),
            inv(2, "2026-02-01", "2026-02-28", "100", Some("2026-02-28")),
            inv(2, "2026-03-01", "2026-03-31", "100", Some("2026-03-31")),
            inv(2, "2026-01-01", "2026-03-01", "50", None),
            // Customer 3: amount-weighted: 900 x 60 + 100 x 0 + 100 x 0 over 1100 = 49.09: D.
            inv(3, "2026-01-01", "2026-01-31", "900", Some("2026-04-01")),
            inv(3, "2026-02-01", "2026-02-28", "100", Some("2026-02-28")),
            inv(3, "2026-03-01", "2026-03-31", "100", Some("2026-03-20")),
            // Settled over a year ago: not counted.
            inv(1, "2025-01-01", "2025-01-31", "100", Some("2025-02-01")),
        ]);
        let b = behaviours(&l, t, &Thresholds::default());
        assert_eq!(
            b.iter().map(|x| x.rating).collect::<Vec<_>>(),
            [Some(Rating::B), None, Some(Rating::C), Some(Rating::D)]
        );
        assert_eq!(b[0].avg_days_late(), Some(dec("10")));
        assert_eq!((b[1].settled, b[2].over_90), (2, true));
        assert_eq!(b[3].avg_days_late().map(|x| x.round_dp(2)), Some(dec("49.09")));
        // The thresholds are the user's: 50 days makes customer 3 a C.
        let lenient = Thresholds { c: dec("50"), ..Thresholds::default() };
        assert_eq!(behaviours(&l, t, &lenient)[3].rating, Some(Rating::C));
        assert_eq!(rate(dec("5"), false, &Thresholds::default()), Rating::A);
        assert_eq!(rate(dec("5.01"), false, &Thresholds::default()), Rating::B);
    }
}
