//! What changed between two kept exports of one history, in one currency:
//! AR and overdue moves; by customer, the invoices that disappeared (paid,
//! cancelled or written off: an export does not say which) and the new
//! ones, told apart by their fingerprints; the customers whose overdue
//! grew most, those whose oldest debt moved to an older bucket, those
//! newly over their credit limit; and the sentence that sums it up.
//!
//! Each customer's move is a roll-forward that adds up exactly: open now
//! = open before - gone + new + other, "other" being the change of the
//! invoices open in both exports (part payments, corrected amounts) and
//! of unapplied cash.

use super::{CurrencySnapshot, CustomerSnapshot, Snapshot};
use crate::domain::ledger::money::ratio;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Customers listed as those whose overdue grew most.
pub const LISTED: usize = 10;

/// The share of a rise (or fall) the headline's customers make at least.
const HEADLINE_SHARE: u32 = 80;

/// A figure then and now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Move {
    pub before: Decimal,
    pub now: Decimal,
    pub change: Decimal,
    /// The change in percent of `before`; `None` when `before` is zero.
    pub percent: Option<Decimal>,
}

impl Move {
    pub fn of(before: Decimal, now: Decimal) -> Move {
        let change = now - before;
        Move { before, now, change, percent: ratio(change * Decimal::ONE_HUNDRED, before.abs()) }
    }
}

/// Invoices (and credit notes) counted with their open amount.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    pub count: u32,
    pub amount: Decimal,
}

impl Flow {
    fn add(&mut self, amount: Decimal) {
        self.count += 1;
        self.amount += amount;
    }

    fn plus(&mut self, other: Flow) {
        self.count += other.count;
        self.amount += other.amount;
    }
}

/// Whether a customer is in both exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Presence {
    Both,
    /// Only in the later export: a new debtor.
    New,
    /// Only in the earlier one: it owes nothing now.
    Left,
}

/// One customer's move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerChange {
    pub id: String,
    pub label: String,
    pub presence: Presence,
    pub open: Move,
    pub overdue: Move,
    /// Invoices open before and not now, at their earlier open amount.
    pub gone: Flow,
    /// Invoices open now and not before, at their open amount.
    pub new: Flow,
    /// `open.change - new + gone`: what the invoices open in both and
    /// unapplied cash moved (everything, when invoices cannot be followed).
    pub other: Decimal,
}

/// A customer whose oldest debt is in an older bucket than before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BucketMove {
    pub id: String,
    pub label: String,
    /// Bucket indexes (of the later export's buckets).
    pub from: usize,
    pub to: usize,
    /// What it owes now in bucket `to`.
    pub amount: Decimal,
}

/// A customer over its credit limit now and not before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOverLimit {
    pub id: String,
    pub label: String,
    pub limit: Decimal,
    pub open: Decimal,
    pub overrun: Decimal,
}

/// The sentence at the top: the overdue move, and the fewest customers
/// that make at least 80 % of it ("three customers make 83 % of the
/// rise"), their share being of the sum of the customers' own rises (or
/// falls), so that it never exceeds 100 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headline {
    pub overdue: Move,
    /// How many customers (0 when overdue did not move).
    pub drivers: u32,
    /// Their share of the rise (or fall), in percent.
    pub share: Decimal,
}

/// What changed from `before` to `now` in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    pub currency: String,
    pub before: NaiveDate,
    pub now: NaiveDate,
    pub ar: Move,
    pub overdue: Move,
    /// Both files name their invoices: gone and new are known.
    pub invoices_followed: bool,
    /// Both exports were aged in the same buckets: bucket moves are known.
    pub buckets_comparable: bool,
    pub gone: Flow,
    pub new: Flow,
    pub other: Decimal,
    /// Every customer whose figures moved, the largest move of its open
    /// amount first.
    pub customers: Vec<CustomerChange>,
    /// Customers unchanged (same open amount, overdue and invoices).
    pub unchanged: u32,
    /// The customers whose overdue grew most (at most `LISTED`), the
    /// largest rise first.
    pub overdue_grew: Vec<CustomerChange>,
    pub older_bucket: Vec<BucketMove>,
    pub new_over_limit: Vec<NewOverLimit>,
    pub headline: Headline,
}

/// What changed from export `before` to export `now` in `currency` (an
/// export without that currency owed nothing in it).
pub fn compare(before: &Snapshot, now: &Snapshot, currency: &str) -> Changes {
    let empty = |s: &Snapshot| CurrencySnapshot {
        currency: currency.to_string(),
        figures: BTreeMap::new(),
        aged: vec![Decimal::ZERO; s.buckets.len()],
        customers: Vec::new(),
    };
    let (b_empty, n_empty) = (empty(before), empty(now));
    let b = before.currency(currency).unwrap_or(&b_empty);
    let n = now.currency(currency).unwrap_or(&n_empty);
    let followed = before.invoice_ids && now.invoice_ids;
    let comparable = before.buckets == now.buckets;

    let earlier: BTreeMap<&str, &CustomerSnapshot> = b.customers.iter().map(|c| (c.id.as_str(), c)).collect();
    let later: BTreeMap<&str, &CustomerSnapshot> = n.customers.iter().map(|c| (c.id.as_str(), c)).collect();
    let ids: std::collections::BTreeSet<&str> = earlier.keys().chain(later.keys()).copied().collect();

    let mut customers = Vec::new();
    let mut unchanged = 0u32;
    let (mut gone, mut new, mut other) = (Flow::default(), Flow::default(), Decimal::ZERO);
    let mut older_bucket = Vec::new();
    let mut new_over_limit = Vec::new();
    for id in ids {
        let (was, is) = (earlier.get(id).copied(), later.get(id).copied());
        let Some(any) = is.or(was) else { continue };
        let presence = match (was, is) {
            (Some(_), Some(_)) => Presence::Both,
            (None, _) => Presence::New,
            (_, None) => Presence::Left,
        };
        let value = |c: Option<&CustomerSnapshot>, f: fn(&CustomerSnapshot) -> Decimal| c.map_or(Decimal::ZERO, f);
        let open = Move::of(value(was, |c| c.open), value(is, |c| c.open));
        let overdue = Move::of(value(was, |c| c.overdue), value(is, |c| c.overdue));
        let (g, nw) = if followed {
            prints_moves(was.map_or(&[], |c| &c.prints), is.map_or(&[], |c| &c.prints))
        } else {
            (Flow::default(), Flow::default())
        };
        let change = CustomerChange {
            id: id.to_string(),
            label: any.label(),
            presence,
            open,
            overdue,
            gone: g,
            new: nw,
            other: open.change - nw.amount + g.amount,
        };
        gone.plus(g);
        new.plus(nw);
        other += change.other;
        if let (Some(w), Some(i), true) = (was, is, comparable) {
            if let (Some(from), Some(to)) = (w.oldest_bucket(), i.oldest_bucket()) {
                if to > from {
                    let amount = i.buckets.get(to).copied().unwrap_or_default();
                    older_bucket.push(BucketMove { id: id.to_string(), label: change.label.clone(), from, to, amount });
                }
            }
        }
        if let (Some(i), Some(overrun), Some(limit)) =
            (is, is.and_then(CustomerSnapshot::overrun), is.and_then(|c| c.credit_limit))
        {
            if was.and_then(CustomerSnapshot::overrun).is_none() {
                new_over_limit.push(NewOverLimit {
                    id: id.to_string(),
                    label: change.label.clone(),
                    limit,
                    open: i.open,
                    overrun,
                });
            }
        }
        let moved = !open.change.is_zero() || !overdue.change.is_zero() || g.count > 0 || nw.count > 0;
        if moved || presence != Presence::Both {
            customers.push(change);
        } else {
            unchanged += 1;
        }
    }
    customers.sort_by(|x, y| y.open.change.abs().cmp(&x.open.change.abs()).then_with(|| x.label.cmp(&y.label)));
    let mut overdue_grew: Vec<CustomerChange> =
        customers.iter().filter(|c| c.overdue.change > Decimal::ZERO).cloned().collect();
    overdue_grew.sort_by(|x, y| y.overdue.change.cmp(&x.overdue.change).then_with(|| x.label.cmp(&y.label)));
    overdue_grew.truncate(LISTED);
    older_bucket.sort_by(|x, y| y.amount.cmp(&x.amount).then_with(|| x.label.cmp(&y.label)));
    new_over_limit.sort_by(|x, y| y.overrun.cmp(&x.overrun).then_with(|| x.label.cmp(&y.label)));
    let ar = Move::of(sum_open(b), sum_open(n));
    let overdue = Move::of(sum_overdue(b), sum_overdue(n));
    let headline = headline(overdue, &customers);
    Changes {
        currency: currency.to_string(),
        before: before.as_of,
        now: now.as_of,
        ar,
        overdue,
        invoices_followed: followed,
        buckets_comparable: comparable,
        gone,
        new,
        other,
        customers,
        unchanged,
        overdue_grew,
        older_bucket,
        new_over_limit,
        headline,
    }
}

fn sum_open(c: &CurrencySnapshot) -> Decimal {
    c.customers.iter().map(|c| c.open).sum()
}

fn sum_overdue(c: &CurrencySnapshot) -> Decimal {
    c.customers.iter().map(|c| c.overdue).sum()
}

/// The invoices gone (in `before` only, at their earlier amount) and new
/// (in `now` only), both lists sorted by fingerprint.
fn prints_moves(before: &[(u64, Decimal)], now: &[(u64, Decimal)]) -> (Flow, Flow) {
    let (mut gone, mut new) = (Flow::default(), Flow::default());
    let (mut i, mut j) = (0, 0);
    while i < before.len() || j < now.len() {
        match (before.get(i), now.get(j)) {
            (Some(b), Some(n)) if b.0 == n.0 => {
                i += 1;
                j += 1;
            }
            (Some(b), Some(n)) if b.0 < n.0 => {
                gone.add(b.1);
                i += 1;
            }
            (Some(b), None) => {
                gone.add(b.1);
                i += 1;
            }
            (_, Some(n)) => {
                new.add(n.1);
                j += 1;
            }
            (None, None) => break,
        }
    }
    (gone, new)
}

/// The fewest customers whose own overdue moves, in the direction of the
/// total move, make at least 80 % of the sum of such moves.
fn headline(overdue: Move, customers: &[CustomerChange]) -> Headline {
    let rising = overdue.change > Decimal::ZERO;
    let mut moves: Vec<Decimal> = customers
        .iter()
        .map(|c| c.overdue.change)
        .filter(|m| if rising { *m > Decimal::ZERO } else { *m < Decimal::ZERO })
        .map(|m| m.abs())
        .collect();
    if overdue.change.is_zero() || moves.is_empty() {
        return Headline { overdue, drivers: 0, share: Decimal::ZERO };
    }
    moves.sort_by(|a, b| b.cmp(a));
    let gross: Decimal = moves.iter().sum();
    let threshold = gross * Decimal::from(HEADLINE_SHARE) / Decimal::ONE_HUNDRED;
    let mut made = Decimal::ZERO;
    let mut drivers = 0u32;
    for m in moves {
        made += m;
        drivers += 1;
        if made >= threshold {
            break;
        }
    }
    let share = ratio(made * Decimal::ONE_HUNDRED, gross).unwrap_or_default();
    Headline { overdue, drivers, share }
}

#[cfg(test)]
mod tests {
    use super::super::{fingerprint, CustomerSnapshot, Snapshot};
    use super::*;
    use crate::domain::analysis::kpi::aging::Buckets;
    use crate::domain::analysis::kpi::Period;
    use crate::domain::ledger::tests::{d, dec};

    /// A customer with its open invoices as (number, open amount, bucket).
    fn customer(id: &str, limit: Option<&str>, invoices: &[(&str, &str, usize)]) -> CustomerSnapshot {
        let mut buckets = vec![Decimal::ZERO; 5];
        let mut prints = Vec::new();
        for (n, amount, b) in invoices {
            buckets[*b] += dec(amount);
            prints.push((fingerprint("s", n), dec(amount)));
        }
        prints.sort();
        let open: Decimal = buckets.iter().sum();
        CustomerSnapshot {
            id: id.into(),
            name: None,
            credit_limit: limit.map(dec),
            open,
            overdue: open - buckets[0],
            buckets,
            open_items: invoices.len() as u32,
            prints,
        }
    }

    fn export(date: &str, customers: Vec<CustomerSnapshot>) -> Snapshot {
        Snapshot {
            as_of: d(date),
            file_name: format!("{date}.csv"),
            period: Period::D90,
            buckets: Buckets::default(),
            invoice_ids: true,
            currencies: vec![CurrencySnapshot {
                currency: "EUR".into(),
                figures: BTreeMap::new(),
                aged: vec![],
                customers,
            }],
        }
    }

    /// September: A owes A1 1,000 (1-30) and A2 500 (not due); B owes B1
    /// 2,000 (31-60); C owes C1 300 (not due), limit 1,000; D owes D1 100.
    /// October: A paid A1, A2 is now 1-30 and A3 800 is new (not due); B
    /// paid 500 of B1 (now 61-90) and has B2 700 (1-30); C has C1 (now
    /// 1-30) and C2 900 (not due), over its limit by 200; D is unchanged;
    /// E is new with E1 400 (31-60).
    fn two_months() -> (Snapshot, Snapshot) {
        let sep = export(
            "2026-09-30",
            vec![
                customer("A", None, &[("A1", "1000", 1), ("A2", "500", 0)]),
                customer("B", None, &[("B1", "2000", 2)]),
                customer("C", Some("1000"), &[("C1", "300", 0)]),
                customer("D", None, &[("D1", "100", 0)]),
            ],
        );
        let oct = export(
            "2026-10-31",
            vec![
                customer("A", None, &[("A2", "500", 1), ("A3", "800", 0)]),
                customer("B", None, &[("B1", "1500", 3), ("B2", "700", 1)]),
                customer("C", Some("1000"), &[("C1", "300", 1), ("C2", "900", 0)]),
                customer("D", None, &[("D1", "100", 0)]),
                customer("E", None, &[("E1", "400", 2)]),
            ],
        );
        (sep, oct)
    }

    #[test]
    fn moves_gone_and_new_by_customer_add_up() {
        let (sep, oct) = two_months();
        let c = compare(&sep, &oct, "EUR");
        // AR 3,900 -> 5,200; overdue 3,000 (A1 1,000 + B1 2,000) -> 3,400 (500 + 1,500 + 700 + 300 + 400).
        assert_eq!(c.ar, Move { before: dec("3900"), now: dec("5200"), change: dec("1300"), percent: c.ar.percent });
        assert_eq!(c.ar.percent.map(|p| p.round_dp(4)), Some(dec("33.3333")));
        assert_eq!((c.overdue.before, c.overdue.now, c.overdue.change), (dec("3000"), dec("3400"), dec("400")));
        // Gone: A1 1,000. New: A3 800, B2 700, C2 900, E1 400. Other: B1's 500 paid.
        assert_eq!((c.gone.count, c.gone.amount), (1, dec("1000")));
        assert_eq!((c.new.count, c.new.amount), (4, dec("2800")));
        assert_eq!(c.other, dec("-500"));
        assert_eq!(c.ar.before - c.gone.amount + c.new.amount + c.other, c.ar.now);
        let by = |id: &str| c.customers.iter().find(|x| x.id == id).unwrap();
        let a = by("A");
        assert_eq!(
            (a.gone, a.new, a.other),
            (Flow { count: 1, amount: dec("1000") }, Flow { count: 1, amount: dec("800") }, dec("0"))
        );
        assert_eq!((a.open.change, a.overdue.change), (dec("-200"), dec("-500")));
        let b = by("B");
        assert_eq!((b.gone.count, b.new.amount, b.other, b.overdue.change), (0, dec("700"), dec("-500"), dec("200")));
        assert_eq!(by("E").presence, Presence::New);
        assert_eq!(c.unchanged, 1, "D");
        assert!(c.customers.iter().all(|x| x.id != "D"));
        // The largest move of the open amount first: C +900, E +400, then A -200 and B +200 by name.
        assert_eq!(c.customers.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(), vec!["C", "E", "A", "B"]);
    }

    #[test]
    fn who_grew_who_aged_who_went_over_and_the_headline() {
        let (sep, oct) = two_months();
        let c = compare(&sep, &oct, "EUR");
        // Overdue rises: E +400, C +300, B +200; A fell by 500.
        let grew: Vec<(&str, Decimal)> = c.overdue_grew.iter().map(|x| (x.id.as_str(), x.overdue.change)).collect();
        assert_eq!(grew, vec![("E", dec("400")), ("C", dec("300")), ("B", dec("200"))]);
        // B's oldest debt went from 31-60 to 61-90; C's from not due to 1-30.
        let older: Vec<(&str, usize, usize, Decimal)> =
            c.older_bucket.iter().map(|m| (m.id.as_str(), m.from, m.to, m.amount)).collect();
        assert_eq!(older, vec![("B", 2, 3, dec("1500")), ("C", 0, 1, dec("300"))]);
        // C: 1,200 against a limit of 1,000.
        assert_eq!(c.new_over_limit.len(), 1);
        assert_eq!((c.new_over_limit[0].id.as_str(), c.new_over_limit[0].overrun), ("C", dec("200")));
        // Overdue +400 (+13.3 %): rises 400 + 300 + 200 = 900; E and C make 700 / 900 = 77.8 %,
        // so three customers make 100 % of the rise.
        let h = c.headline;
        assert_eq!((h.overdue.change, h.drivers, h.share), (dec("400"), 3, dec("100")));
        assert_eq!(h.overdue.percent.map(|p| p.round_dp(2)), Some(dec("13.33")));
    }

    #[test]
    fn a_fall_a_flat_month_and_files_without_invoice_numbers() {
        let (sep, oct) = two_months();
        // Backwards: overdue falls by 400; A's rose by 500, E's, C's and B's fell.
        let back = compare(&oct, &sep, "EUR");
        assert_eq!(back.headline.overdue.change, dec("-400"));
        // Falls: E 400, C 300, B 200 (900): E + C + B, as above.
        assert_eq!((back.headline.drivers, back.headline.share), (3, dec("100")));
        assert_eq!(back.customers.iter().find(|x| x.id == "E").map(|x| x.presence), Some(Presence::Left));
        let flat = compare(&sep, &sep, "EUR");
        assert_eq!((flat.headline.drivers, flat.customers.len(), flat.unchanged), (0, 0, 4));
        assert_eq!(flat.headline.overdue.percent, Some(dec("0")));
        // Without invoice numbers: no gone or new, everything is "other".
        let mut blind = oct.clone();
        blind.invoice_ids = false;
        let c = compare(&sep, &blind, "EUR");
        assert!(!c.invoices_followed);
        assert_eq!((c.gone, c.new, c.other), (Flow::default(), Flow::default(), dec("1300")));
        // Another currency: nothing in it before, nothing now.
        let usd = compare(&sep, &oct, "USD");
        assert_eq!((usd.ar, usd.customers.len()), (Move::default(), 0));
        assert_eq!(usd.ar.percent, None);
    }

    #[test]
    fn the_headline_takes_the_fewest_customers_over_80_percent() {
        // Overdue rises 1,000: X +700, Y +200, Z +100: X and Y make 90 %.
        let sep = export(
            "2026-09-30",
            vec![customer("X", None, &[("X1", "10", 1)]), customer("Y", None, &[]), customer("Z", None, &[])],
        );
        let oct = export(
            "2026-10-31",
            vec![
                customer("X", None, &[("X1", "710", 1)]),
                customer("Y", None, &[("Y1", "200", 1)]),
                customer("Z", None, &[("Z1", "100", 2)]),
            ],
        );
        let h = compare(&sep, &oct, "EUR").headline;
        assert_eq!((h.drivers, h.share), (2, dec("90")));
        assert_eq!(h.overdue.percent, Some(dec("10000")), "from 10 to 1,010");
        // Buckets changed between the exports: no bucket moves are claimed.
        let mut other = oct.clone();
        other.buckets = Buckets::new(vec![0, 45, 90]).unwrap();
        let c = compare(&sep, &other, "EUR");
        assert!(!c.buckets_comparable && c.older_bucket.is_empty());
    }
}
