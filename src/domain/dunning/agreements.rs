//! What customers agreed to pay: promises (a date, and the amount promised
//! or all that is owed) and instalment schedules ("échéanciers"), each
//! the customer's own (by customer code and invoice number, never by
//! invoice number alone). `agreements` turns them into the payments each
//! open invoice is expected to receive: the one source the dunning
//! simulation, the collections forecast and the expected payments export
//! all read, so that they agree.

use crate::domain::analysis::forecast::Planned;
use crate::domain::ledger::{Ledger, View};
use chrono::{Days, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

/// A promise to pay, as a "done" mark records it: the customer's invoices
/// it is about, the day, and the amount (`None`: all they owe).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Promise {
    /// The customer's code.
    pub customer: String,
    pub invoices: Vec<String>,
    pub date: NaiveDate,
    #[serde(default)]
    pub amount: Option<Decimal>,
}

/// An instalment schedule ("échéancier") agreed for one invoice or for
/// all of a customer's: what is open at the as-of date paid in
/// `instalments` equal parts, the first on `first`, then every
/// `every_days` days. The plan waits for its last instalment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Schedule {
    /// The customer's code (older documents may leave it empty when an
    /// invoice is given: the invoice number must then name one customer's).
    pub customer: String,
    /// One invoice only, by its number.
    #[serde(default)]
    pub invoice: Option<String>,
    pub instalments: u32,
    pub first: NaiveDate,
    pub every_days: u32,
}

/// Instalments a schedule may have, and days between two.
pub const MAX_INSTALMENTS: u32 = 120;
pub const MAX_EVERY_DAYS: u32 = 366;

impl Schedule {
    /// The instalments of `owed`: dates and amounts, equal parts rounded to
    /// the cent, the last taking what rounding leaves (never less than 0).
    pub fn instalments_of(&self, owed: Decimal) -> Vec<(NaiveDate, Decimal)> {
        let n = self.instalments.clamp(1, MAX_INSTALMENTS);
        let share = owed / Decimal::from(n);
        let mut part = share.round_dp(2);
        if part * Decimal::from(n - 1) > owed {
            part = share.round_dp_with_strategy(2, RoundingStrategy::ToZero);
        }
        (0..n)
            .map(|k| {
                let days = u64::from(k) * u64::from(self.every_days.min(MAX_EVERY_DAYS));
                let date = self.first.checked_add_days(Days::new(days)).unwrap_or(self.first);
                let amount = if k + 1 == n { owed - part * Decimal::from(n - 1) } else { part };
                (date, amount)
            })
            .collect()
    }
}

/// A schedule as it applies at the as-of date: the customer (ledger index)
/// and its instalments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleView {
    /// Its place in `History::schedules`.
    pub index: u32,
    pub customer: u32,
    pub invoice: Option<String>,
    pub instalments: Vec<(NaiveDate, Decimal)>,
}

/// Why a schedule pays nothing at the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Idle {
    /// Its customer (or invoice) owes nothing, or is not in the file.
    NothingOpen,
    /// A later schedule covers all it would.
    Superseded,
    /// It names an invoice number without a customer, and several
    /// customers have an open invoice with that number.
    Ambiguous,
}

/// The payments agreed at `t` and what they change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Agreements {
    /// Each covered invoice's agreed payments (for the forecast and the
    /// expected payments export).
    pub planned: Planned,
    /// The day until which each covered invoice's plan waits: its
    /// schedule's last instalment, or the date of a promise of all it owes
    /// (a promise of part of it holds nothing: the rest is still chased).
    pub hold: FxHashMap<u32, NaiveDate>,
    /// The schedules that pay something, in the order they were agreed.
    pub schedules: Vec<ScheduleView>,
    /// The others (their place in `History::schedules`) and why.
    pub idle: Vec<(u32, Idle)>,
}

/// The invoices with a positive open amount at `t`: (ledger index, open).
pub(super) fn open_sales(view: View<'_>, t: NaiveDate) -> Vec<(u32, Decimal)> {
    view.indexed()
        .filter(|(_, inv)| inv.is_invoice() && inv.issued_by(t))
        .filter_map(|(ix, inv)| {
            let o = inv.open_at(t).to_decimal();
            (o > Decimal::ZERO).then_some((ix, o))
        })
        .collect()
}

/// The code of the customer of invoice `ix`.
fn customer_id(ledger: &Ledger, ix: u32) -> &str {
    ledger
        .invoices
        .get(ix as usize)
        .and_then(|inv| ledger.customers.get(inv.customer as usize))
        .map_or("", |c| c.id.as_str())
}

/// The open invoices a schedule names: the one invoice of its customer
/// (of any customer when it names none, if only one has it), or all of its
/// customer's. `Err` when the number is several customers'.
fn covered_by(s: &Schedule, open: &[(u32, Decimal)], ledger: &Ledger) -> Result<Vec<(u32, Decimal)>, Idle> {
    let named: Vec<(u32, Decimal)> = open
        .iter()
        .filter(|(ix, _)| {
            let Some(inv) = ledger.invoices.get(*ix as usize) else { return false };
            let customer = customer_id(ledger, *ix);
            match &s.invoice {
                Some(id) => inv.id == id.as_str() && (s.customer.is_empty() || s.customer == customer),
                None => s.customer == customer,
            }
        })
        .copied()
        .collect();
    let customers: FxHashSet<&str> = named.iter().map(|(ix, _)| customer_id(ledger, *ix)).collect();
    if s.customer.is_empty() && customers.len() > 1 {
        return Err(Idle::Ambiguous);
    }
    Ok(named)
}

/// Spreads `payments` (dates and amounts, in date order) over `invoices`
/// (ledger index, open), the earliest due first (what a payment is put
/// against when the customer does not say, Code civil art. 1342-10):
/// each invoice's share of each payment.
fn spread(invoices: &[(u32, Decimal)], payments: &[(NaiveDate, Decimal)]) -> Vec<(u32, Vec<(NaiveDate, Decimal)>)> {
    let mut out: Vec<(u32, Vec<(NaiveDate, Decimal)>)> = invoices.iter().map(|(ix, _)| (*ix, Vec::new())).collect();
    let mut left: Vec<Decimal> = invoices.iter().map(|(_, o)| *o).collect();
    let mut k = 0;
    for &(date, amount) in payments {
        let mut rest = amount;
        while rest > Decimal::ZERO && k < left.len() {
            let take = rest.min(left[k]);
            if take > Decimal::ZERO {
                out[k].1.push((date, take));
            }
            left[k] -= take;
            rest -= take;
            if left[k] <= Decimal::ZERO {
                k += 1;
            }
        }
    }
    out
}

/// The payments agreed with customers at `t` (kpi.md "Forecast of
/// collections", followed by the dunning issue's promises and schedules).
/// A schedule pays the invoices it covers with its instalments; when two
/// cover the same invoice, the one agreed later (later in the list) wins.
/// A promise pays the invoices of its customer it names on its date: all
/// of what they owe, or the amount promised, the earliest due first (the
/// rest of them expected as usual); a later promise replaces an earlier
/// one. An invoice under a schedule is paid by the schedule.
pub fn agreements<'a>(view: impl Into<View<'a>>, t: NaiveDate, history: &History) -> Agreements {
    let view = view.into();
    let ledger = view.ledger();
    let open = open_sales(view, t);
    let by_due = |list: &mut Vec<(u32, Decimal)>| {
        list.sort_by_key(|(ix, _)| (ledger.invoices.get(*ix as usize).map(|i| i.due_date), *ix));
    };
    let mut a = Agreements::default();
    for (index, s) in history.schedules.iter().enumerate().rev() {
        let index = index as u32;
        let named = match covered_by(s, &open, ledger) {
            Ok(named) => named,
            Err(why) => {
                a.idle.push((index, why));
                continue;
            }
        };
        let mut covered: Vec<(u32, Decimal)> =
            named.iter().filter(|(ix, _)| !a.planned.covered.contains_key(ix)).copied().collect();
        if covered.is_empty() {
            a.idle.push((index, if named.is_empty() { Idle::NothingOpen } else { Idle::Superseded }));
            continue;
        }
        by_due(&mut covered);
        let instalments = s.instalments_of(covered.iter().map(|(_, o)| *o).sum());
        let last = instalments.last().map_or(t, |(d, _)| *d);
        for (ix, parts) in spread(&covered, &instalments) {
            a.planned.covered.insert(ix, parts);
            a.hold.insert(ix, last);
        }
        let customer = ledger.invoices.get(covered[0].0 as usize).map_or(0, |i| i.customer);
        a.schedules.push(ScheduleView { index, customer, invoice: s.invoice.clone(), instalments });
    }
    a.schedules.reverse();
    a.idle.sort_unstable_by_key(|(index, _)| *index);
    let open_of: FxHashMap<(&str, &str), (u32, Decimal)> = open
        .iter()
        .filter_map(|&(ix, o)| {
            Some(((customer_id(ledger, ix), ledger.invoices.get(ix as usize)?.id.as_str()), (ix, o)))
        })
        .collect();
    let mut promised: FxHashSet<u32> = FxHashSet::default();
    for p in history.promises.iter().rev() {
        // A promise of nothing (0 or less) agrees no payment.
        if p.amount.is_some_and(|x| x <= Decimal::ZERO) {
            continue;
        }
        let mut invoices: Vec<(u32, Decimal)> = p
            .invoices
            .iter()
            .filter_map(|id| open_of.get(&(p.customer.as_str(), id.as_str())).copied())
            .filter(|(ix, _)| !a.planned.covered.contains_key(ix) && !promised.contains(ix))
            .collect();
        invoices.sort_unstable();
        invoices.dedup();
        by_due(&mut invoices);
        let owed: Decimal = invoices.iter().map(|(_, o)| *o).sum();
        let whole = p.amount.is_none_or(|x| x >= owed);
        let amount = p.amount.map_or(owed, |x| x.min(owed));
        for (ix, parts) in spread(&invoices, &[(p.date, amount)]) {
            promised.insert(ix);
            if whole {
                a.hold.insert(ix, p.date);
            }
            if !parts.is_empty() {
                a.planned.covered.insert(ix, parts);
            }
        }
    }
    a
}

/// The payments agreed with customers at `t`, as the forecast reads them.
pub fn planned_payments<'a>(view: impl Into<View<'a>>, t: NaiveDate, history: &History) -> Planned {
    agreements(view, t, history).planned
}

/// What really happened: steps marked done (by `step_key`, with the day
/// they were done), promises to pay and instalment schedules, each the
/// customer's own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct History {
    pub done: Vec<(String, NaiveDate)>,
    /// The latest last.
    #[serde(default)]
    pub promises: Vec<Promise>,
    /// Instalment schedules agreed with customers, the latest last.
    #[serde(default)]
    pub schedules: Vec<Schedule>,
}

/// The key of one customer's invoice's step of one plan, as marked done:
/// "customer|invoice|plan|step", a `|` or `\\` inside a part escaped with
/// `\\` (two customers' invoices of the same number are two keys).
pub fn step_key(customer: &str, invoice: &str, plan: &str, step: usize) -> String {
    let esc = |s: &str| s.replace('\\', "\\\\").replace('|', "\\|");
    format!("{}|{}|{}|{step}", esc(customer), esc(invoice), esc(plan))
}

/// A key as version 1 of the stored document wrote it ("invoice|plan|step",
/// unescaped) made the key of `customer`'s invoice; `None` when it is not
/// one.
pub fn step_key_of_v1(customer: &str, key: &str) -> Option<String> {
    let mut parts = key.rsplitn(3, '|');
    let step: usize = parts.next()?.parse().ok()?;
    let plan = parts.next()?;
    let invoice = parts.next()?;
    Some(step_key(customer, invoice, plan, step))
}
