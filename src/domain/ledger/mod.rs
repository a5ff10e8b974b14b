//! The receivables ledger: invoices (a negative amount is a credit note) and
//! their customers, as kpi.md "Records" describes them. A ledger is what an
//! import builds and what every KPI reads; it holds no file-format detail.

pub mod money;

use chrono::NaiveDate;
use compact_str::CompactString;
use money::{Money, Total};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;
use std::collections::HashMap;

/// Index of a customer in `Ledger::customers` (customers are interned so an
/// invoice row stays small).
pub type CustomerIx = u32;

/// Index of a text label (division, sales rep, dispute reason) in
/// `Ledger::labels`: a million invoices share a few dozen of them.
pub type LabelIx = u32;

/// An ISO 4217 currency code, stored inline (three ASCII capitals).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Currency([u8; 3]);

impl Currency {
    /// A code of exactly three ASCII letters, upper-cased.
    pub fn new(code: &str) -> Option<Currency> {
        let b = code.trim().as_bytes();
        (b.len() == 3 && b.iter().all(u8::is_ascii_alphabetic))
            .then(|| Currency([b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase(), b[2].to_ascii_uppercase()]))
    }

    pub const EUR: Currency = Currency(*b"EUR");

    pub fn as_str(&self) -> &str {
        // Built only from ASCII letters.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }
}

impl std::fmt::Display for Currency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A ledger's dates as day numbers (days from 1 January of year 1): the
/// rows a helper worker sends are four bytes a date, with no text to parse.
mod day_number {
    use chrono::{Datelike, NaiveDate};
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i32(date.num_days_from_ce())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let days = i32::deserialize(d)?;
        NaiveDate::from_num_days_from_ce_opt(days).ok_or_else(|| D::Error::custom("a day number out of range"))
    }
}

/// One customer as the file names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    /// The customer's code in the file (or its name when there is no code).
    pub id: String,
    /// The customer's name, when the file gives one apart from the code.
    pub name: Option<String>,
    /// Credit limit, when the file gives one.
    pub credit_limit: Option<Decimal>,
    /// Contact details, when the file gives them (dunning messages go there).
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

impl Customer {
    /// What a person reads: "Name (code)" or the code alone.
    pub fn label(&self) -> String {
        match &self.name {
            Some(n) if n != &self.id => format!("{n} ({})", self.id),
            _ => self.id.clone(),
        }
    }
}

/// Money received against an invoice (or paid back on a credit note) on a
/// date (kpi.md "Records": a payment line is invoice, date, amount).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    #[serde(with = "day_number")]
    pub date: NaiveDate,
    /// In the invoice's currency; positive reduces a positive invoice, a
    /// negative payment (a refund) reduces a credit note.
    pub amount: Money,
}

/// An invoice's payments: most have none or one, kept inline (no
/// allocation per invoice).
pub type Payments = SmallVec<[Payment; 1]>;

/// How much of an invoice is open, and when that is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Settlement {
    /// The payments the file knows of, oldest first (none: open in full).
    /// Open amount at t = amount minus the payments dated <= t.
    Payments(Payments),
    /// A snapshot export: this amount is open at the export's date, and the
    /// history before it is unknown.
    OpenAtSnapshot(Money),
}

impl Settlement {
    /// No payment known: open in full.
    pub fn open() -> Settlement {
        Settlement::Payments(Payments::new())
    }

    /// Settled in full (`amount`) on `date`.
    pub fn settled_on(date: NaiveDate, amount: Money) -> Settlement {
        Settlement::Payments(smallvec::smallvec![Payment { date, amount }])
    }
}

/// What a ledger line is: a sale (an invoice, or a credit note when its
/// amount is negative), a receivable that is not a sale of the file, or
/// cash received that no invoice could be matched to. Unapplied cash is
/// part of net AR (a negative open item, kpi.md "Outstanding": "credit
/// notes and unapplied amounts") but not a sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ItemKind {
    #[default]
    Invoice,
    /// Received on `invoice_date`, applied to nothing: `amount` is minus the cash.
    UnappliedCash,
    /// Owed by the customer but not a sale of the file (kpi.md "FEC"): a
    /// balance brought forward by opening entries, a returned payment (an
    /// "impayé"), a refund no credit took. In AR, never in Sales(N).
    Receivable,
    /// A doubtful receivable (account 416): as `Receivable`, and at risk.
    Doubtful,
    /// A sale of the file moved to doubtful customers (account 416): a
    /// sale, and at risk.
    DoubtfulSale,
}

/// An invoice line; a negative `amount` is a credit note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    /// Inline up to 24 bytes: no allocation per invoice.
    pub id: CompactString,
    pub customer: CustomerIx,
    #[serde(with = "day_number")]
    pub invoice_date: NaiveDate,
    #[serde(with = "day_number")]
    pub due_date: NaiveDate,
    /// Tax included, in `currency`.
    pub amount: Money,
    pub settlement: Settlement,
    pub disputed: bool,
    pub dispute_reason: Option<LabelIx>,
    pub division: Option<LabelIx>,
    pub sales_rep: Option<LabelIx>,
    pub currency: Currency,
    /// The line of the file this invoice came from (1-based, as an editor shows it).
    pub source_line: u64,
    pub kind: ItemKind,
}

impl Invoice {
    /// Issued by `t`: invoice date <= t.
    pub fn issued_by(&self, t: NaiveDate) -> bool {
        self.invoice_date <= t
    }

    /// A sale invoiced in (after, until]: what Sales(N) sums.
    pub fn sold_between(&self, after: NaiveDate, until: NaiveDate) -> bool {
        self.is_sale() && self.invoice_date > after && self.invoice_date <= until
    }

    /// A sale (invoice or credit note): what Sales(N) sums.
    pub fn is_sale(&self) -> bool {
        matches!(self.kind, ItemKind::Invoice | ItemKind::DoubtfulSale)
    }

    /// Owed by a doubtful customer (account 416): at risk whatever its age.
    pub fn is_doubtful(&self) -> bool {
        matches!(self.kind, ItemKind::Doubtful | ItemKind::DoubtfulSale)
    }

    /// An invoice or credit note the customer owes or is owed, a sale of
    /// the file or not (brought forward, returned, doubtful), as opposed to
    /// unapplied cash: what is dunned, aged, counted as an open invoice.
    pub fn is_invoice(&self) -> bool {
        self.kind != ItemKind::UnappliedCash
    }

    /// Open amount at `t` (kpi.md "Records"): the amount minus the payments
    /// dated <= t; for a snapshot line, its open amount (the caller checks
    /// `t` is the snapshot date). Not issued by `t`: nothing is open.
    pub fn open_at(&self, t: NaiveDate) -> Money {
        if !self.issued_by(t) {
            return Money::ZERO;
        }
        match &self.settlement {
            Settlement::Payments(ps) => match ps.as_slice() {
                [] => self.amount,
                // The common case (a settled date): no sum to make.
                [p] if p.date <= t => self.amount - p.amount,
                [_] => self.amount,
                ps => self.amount - ps.iter().take_while(|p| p.date <= t).map(|p| p.amount).sum::<Money>(),
            },
            Settlement::OpenAtSnapshot(open) => *open,
        }
    }

    /// Days past due at `t`: t - due date.
    pub fn dpd(&self, t: NaiveDate) -> i64 {
        (t - self.due_date).num_days()
    }

    /// The payments known, oldest first (none for a snapshot line).
    pub fn payments(&self) -> &[Payment] {
        match &self.settlement {
            Settlement::Payments(ps) => ps,
            Settlement::OpenAtSnapshot(_) => &[],
        }
    }

    /// Paid in (after, until]: the sum of the payments dated in that window.
    pub fn paid_between(&self, after: NaiveDate, until: NaiveDate) -> Money {
        self.payments().iter().filter(|p| p.date > after && p.date <= until).map(|p| p.amount).sum()
    }

    /// The settled date of kpi.md: the day the open amount last reached
    /// zero (or crossed it, over-paid) and stayed there. A payment reversed
    /// after settlement (a bounced cheque, a rejected direct debit: a
    /// negative payment) reopens the invoice, so a later settlement is the
    /// one that counts. `None` while anything is open, for a zero amount
    /// and for a snapshot line.
    pub fn settled_date(&self) -> Option<NaiveDate> {
        self.settled_by(NaiveDate::MAX)
    }

    /// The settled date as known at `t`: from the payments dated <= t only,
    /// so a figure at a past date sees an invoice settled then even if a
    /// later reversal reopened it. Payments of one day count together (a
    /// payment and its reversal the same day settle nothing). Cash received
    /// before the invoice was issued settles it on its invoice date: an
    /// invoice is never paid before it exists. `None` when the invoice is
    /// not issued by `t`.
    pub fn settled_by(&self, t: NaiveDate) -> Option<NaiveDate> {
        if self.amount.is_zero() || !self.issued_by(t) {
            return None;
        }
        let positive = self.amount.is_positive();
        let closed = |open: Money| if positive { !open.is_positive() } else { !open.is_negative() };
        let ps = self.payments();
        let mut open = self.amount;
        let mut since: Option<NaiveDate> = None;
        for (k, p) in ps.iter().enumerate().take_while(|(_, p)| p.date <= t) {
            open -= p.amount;
            // The day's last payment decides the day.
            if ps.get(k + 1).is_some_and(|next| next.date == p.date) {
                continue;
            }
            since = if closed(open) { since.or(Some(p.date)) } else { None };
        }
        since.map(|d| d.max(self.invoice_date))
    }

    /// Adds a payment, keeping them in date order. A snapshot line becomes
    /// a line with history: its amount less the payments.
    pub fn add_payment(&mut self, payment: Payment) {
        if let Settlement::OpenAtSnapshot(_) = self.settlement {
            self.settlement = Settlement::open();
        }
        if let Settlement::Payments(ps) = &mut self.settlement {
            let at = ps.partition_point(|p| p.date <= payment.date);
            ps.insert(at, payment);
        }
    }
}

/// Invoices and the customers they name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    pub customers: Vec<Customer>,
    pub invoices: Vec<Invoice>,
    /// Division, sales rep and dispute reason texts, shared by the invoices.
    pub labels: Vec<String>,
    /// For a file that is a snapshot of open amounts as a whole (some line
    /// is `Settlement::OpenAtSnapshot` and no line has a payment history):
    /// the date of its latest invoice, the earliest the export can be.
    /// KPIs that need history are unavailable. In a file with history, a
    /// line known only at the export's date (paid in part, no payment date)
    /// is an `OpenAtSnapshot` line of its own and this stays `None`.
    pub snapshot_date: Option<NaiveDate>,
}

/// A ledger as a question sees it: all its lines, or a selection of them
/// (a currency, a division, a sales rep, a customer) given by their
/// indexes, so that a selection never copies the ledger. It reads as the
/// ledger (customers, labels, snapshot date) except for its lines, which
/// are `items()`.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    ledger: &'a Ledger,
    rows: Option<&'a [u32]>,
}

impl<'a> View<'a> {
    /// Every line of `ledger`.
    pub fn all(ledger: &'a Ledger) -> View<'a> {
        View { ledger, rows: None }
    }

    /// The lines of `ledger` at `rows` (indexes into `ledger.invoices`, in order).
    pub fn rows(ledger: &'a Ledger, rows: &'a [u32]) -> View<'a> {
        View { ledger, rows: Some(rows) }
    }

    /// The selected lines.
    pub fn items(self) -> impl Iterator<Item = &'a Invoice> + 'a {
        let (all, picked) = match self.rows {
            None => (Some(self.ledger.invoices.iter()), None),
            Some(rows) => {
                let invoices = &self.ledger.invoices;
                (None, Some(rows.iter().filter_map(move |&i| invoices.get(i as usize))))
            }
        };
        all.into_iter().flatten().chain(picked.into_iter().flatten())
    }

    /// The selected lines with their indexes in the ledger.
    pub fn indexed(self) -> impl Iterator<Item = (u32, &'a Invoice)> + 'a {
        let invoices = &self.ledger.invoices;
        let (all, picked) = match self.rows {
            None => (Some(invoices.iter().enumerate().map(|(i, inv)| (i as u32, inv))), None),
            Some(rows) => (None, Some(rows.iter().filter_map(move |&i| invoices.get(i as usize).map(|inv| (i, inv))))),
        };
        all.into_iter().flatten().chain(picked.into_iter().flatten())
    }

    /// The whole ledger behind the view.
    pub fn ledger(self) -> &'a Ledger {
        self.ledger
    }
}

impl<'a> From<&'a Ledger> for View<'a> {
    fn from(ledger: &'a Ledger) -> View<'a> {
        View::all(ledger)
    }
}

impl std::ops::Deref for View<'_> {
    type Target = Ledger;

    fn deref(&self) -> &Ledger {
        self.ledger
    }
}

impl Ledger {
    /// The currencies present, the one with the largest open amount at `t`
    /// first (kpi.md "Currencies": that is the default selection), then by code.
    pub fn currencies_by_open(&self, t: NaiveDate) -> Vec<String> {
        // A file holds a few currencies: a list searched from the line's
        // own (most lines repeat the one before), no hashing per line.
        let mut v: Vec<(Currency, Total)> = Vec::new();
        let mut last = 0;
        for inv in &self.invoices {
            if v.get(last).is_none_or(|(c, _)| *c != inv.currency) {
                last = v.iter().position(|(c, _)| *c == inv.currency).unwrap_or_else(|| {
                    v.push((inv.currency, Total::default()));
                    v.len() - 1
                });
            }
            if let Some((_, total)) = v.get_mut(last) {
                *total += inv.open_at(t);
            }
        }
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v.into_iter().map(|(c, _)| c.to_string()).collect()
    }

    /// The latest date at which something happened: an invoice issued, an
    /// invoice settled, or the snapshot taken. Due dates are promises, not
    /// events, so they do not move the default as-of date into the future.
    pub fn latest_event_date(&self) -> Option<NaiveDate> {
        let mut latest = self.snapshot_date;
        for inv in &self.invoices {
            let paid = inv.payments().last().map(|p| p.date);
            let d = paid.map_or(inv.invoice_date, |s| s.max(inv.invoice_date));
            latest = Some(latest.map_or(d, |l| l.max(d)));
        }
        latest
    }

    /// Cash received before its invoice was issued (an advance, a
    /// deposit, or a payment the file dates before its invoice) is
    /// unapplied cash until the invoice date (kpi.md "Records": AR is net,
    /// so it is a negative open item from the day it was received), then
    /// it settles the invoice. Each payment of a sale dated before its
    /// invoice date becomes a line of unapplied cash received that day
    /// (same id, customer, currency, division, sales rep and file line as
    /// its invoice) that is applied on the invoice date (a payment of the
    /// line, closing it), and the invoice's payment is dated the invoice
    /// date. The cash is received once: applying it is no new cash (see
    /// `kpi::collection`). Returns how many payments were so moved;
    /// `unapply_advances` undoes it.
    pub fn apply_advances(&mut self) -> u64 {
        let mut moved = 0;
        let mut lines = Vec::new();
        for inv in self.invoices.iter_mut().filter(|i| i.is_sale()) {
            let issued = inv.invoice_date;
            let Settlement::Payments(ps) = &mut inv.settlement else { continue };
            // Payments are in date order: the advances come first.
            let early = ps.partition_point(|p| p.date < issued);
            if early == 0 {
                continue;
            }
            for p in ps.drain(..early).collect::<Vec<_>>() {
                lines.push(Invoice {
                    id: inv.id.clone(),
                    customer: inv.customer,
                    invoice_date: p.date,
                    due_date: p.date,
                    amount: -p.amount,
                    settlement: Settlement::settled_on(issued, -p.amount),
                    disputed: false,
                    dispute_reason: None,
                    division: inv.division,
                    sales_rep: inv.sales_rep,
                    currency: inv.currency,
                    source_line: inv.source_line,
                    kind: ItemKind::UnappliedCash,
                });
                let at = ps.partition_point(|q| q.date <= issued);
                ps.insert(at, Payment { date: issued, amount: p.amount });
                moved += 1;
            }
        }
        self.invoices.extend(lines);
        moved
    }

    /// Puts the advances `apply_advances` moved back on their invoices, at
    /// the date they were received: the ledger as its file gave it (a
    /// payments file added later replaces an invoice's own payments whole).
    /// An advance line is unapplied cash applied in full on the day of an
    /// invoice of the same id, customer and file line; no other line of
    /// unapplied cash has a payment.
    pub fn unapply_advances(&mut self) {
        let is_advance = |i: &Invoice| i.kind == ItemKind::UnappliedCash && !i.payments().is_empty();
        if !self.invoices.iter().any(is_advance) {
            return;
        }
        let mut by_line: HashMap<(u64, CustomerIx), Vec<usize>> = HashMap::new();
        for (ix, inv) in self.invoices.iter().enumerate().filter(|(_, i)| i.is_sale()) {
            by_line.entry((inv.source_line, inv.customer)).or_default().push(ix);
        }
        // Each advance line with its invoice: found first, then moved back.
        let owners: Vec<(usize, usize)> = self
            .invoices
            .iter()
            .enumerate()
            .filter_map(|(ix, line)| {
                let [applied] = line.payments() else { return None };
                if line.kind != ItemKind::UnappliedCash || applied.amount != line.amount {
                    return None;
                }
                let owner = by_line.get(&(line.source_line, line.customer))?.iter().copied().find(|&k| {
                    let inv = &self.invoices[k];
                    inv.id == line.id && inv.invoice_date == applied.date
                })?;
                Some((ix, owner))
            })
            .collect();
        let mut gone = vec![false; self.invoices.len()];
        for (ix, owner) in owners {
            let (received, cash) = (self.invoices[ix].invoice_date, -self.invoices[ix].amount);
            let applied_on = self.invoices[owner].invoice_date;
            if let Settlement::Payments(ps) = &mut self.invoices[owner].settlement {
                if let Some(at) = ps.iter().position(|p| p.date == applied_on && p.amount == cash) {
                    ps.remove(at);
                    let at = ps.partition_point(|p| p.date <= received);
                    ps.insert(at, Payment { date: received, amount: cash });
                    gone[ix] = true;
                }
            }
        }
        let mut k = 0;
        self.invoices.retain(|_| {
            k += 1;
            !gone[k - 1]
        });
    }

    /// Lines of unapplied cash (kpi.md "Outstanding").
    pub fn unapplied(&self) -> impl Iterator<Item = &Invoice> {
        self.invoices.iter().filter(|i| i.kind == ItemKind::UnappliedCash)
    }

    /// The earliest invoice date.
    pub fn earliest_invoice_date(&self) -> Option<NaiveDate> {
        self.invoices.iter().map(|i| i.invoice_date).min()
    }

    pub fn customer(&self, ix: CustomerIx) -> &Customer {
        &self.customers[ix as usize]
    }

    pub fn label(&self, ix: LabelIx) -> &str {
        self.labels.get(ix as usize).map_or("", String::as_str)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::str::FromStr;

    pub fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    pub fn m(s: &str) -> Money {
        Money::from_decimal(dec(s)).unwrap()
    }

    pub fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// An invoice for tests: customer index, dates as ISO text, amount, settled date.
    pub fn inv(customer: u32, issued: &str, due: &str, amount: &str, settled: Option<&str>) -> Invoice {
        Invoice {
            id: compact_str::format_compact!("{customer}-{issued}-{amount}"),
            customer,
            invoice_date: d(issued),
            due_date: d(due),
            amount: m(amount),
            settlement: settled.map_or(Settlement::open(), |s| Settlement::settled_on(d(s), m(amount))),
            disputed: false,
            dispute_reason: None,
            division: None,
            sales_rep: None,
            currency: Currency::new("EUR").unwrap(),
            source_line: 0,
            kind: ItemKind::Invoice,
        }
    }

    pub fn ledger(invoices: Vec<Invoice>) -> Ledger {
        let n = invoices.iter().map(|i| i.customer).max().map_or(0, |m| m + 1);
        Ledger {
            customers: (0..n)
                .map(|i| Customer { id: format!("C{i}"), name: None, credit_limit: None, email: None, phone: None })
                .collect(),
            invoices,
            labels: Vec::new(),
            snapshot_date: None,
        }
    }

    #[test]
    fn open_amount_follows_settled_date() {
        let i = inv(0, "2026-01-10", "2026-02-09", "100", Some("2026-03-01"));
        assert_eq!(i.open_at(d("2026-01-09")), dec("0"), "not issued yet");
        assert_eq!(i.open_at(d("2026-01-10")), dec("100"), "issued that day");
        assert_eq!(i.open_at(d("2026-02-28")), dec("100"));
        assert_eq!(i.open_at(d("2026-03-01")), dec("0"), "settled that day");
        assert_eq!(i.dpd(d("2026-02-28")), 19);
    }

    #[test]
    fn partial_payments_over_payments_and_credit_notes() {
        // 1,000 invoiced 01-10, 400 paid 02-01, 500 paid 03-01 (100 open), then 150 more (50 over-paid).
        let mut i = inv(0, "2026-01-10", "2026-02-09", "1000", None);
        i.add_payment(Payment { date: d("2026-03-01"), amount: m("500") });
        i.add_payment(Payment { date: d("2026-02-01"), amount: m("400") });
        assert_eq!(i.open_at(d("2026-01-31")), dec("1000"));
        assert_eq!(i.open_at(d("2026-02-01")), dec("600"));
        assert_eq!(i.open_at(d("2026-03-01")), dec("100"));
        assert_eq!(i.settled_date(), None, "100 still open");
        assert_eq!(i.paid_between(d("2026-01-31"), d("2026-02-28")), dec("400"));
        i.add_payment(Payment { date: d("2026-03-05"), amount: m("150") });
        assert_eq!(i.open_at(d("2026-03-05")), dec("-50"), "over-paid");
        assert_eq!(i.settled_date(), Some(d("2026-03-05")));
        // A credit note of -200, refunded in two parts.
        let mut c = inv(0, "2026-01-10", "2026-01-10", "-200", None);
        c.add_payment(Payment { date: d("2026-01-20"), amount: m("-120") });
        assert_eq!(c.open_at(d("2026-01-20")), dec("-80"));
        assert_eq!(c.settled_date(), None);
        c.add_payment(Payment { date: d("2026-01-25"), amount: m("-80") });
        assert_eq!(c.settled_date(), Some(d("2026-01-25")));
        // A snapshot line given a payment has history from then on.
        let mut s = inv(0, "2026-01-10", "2026-02-09", "300", None);
        s.settlement = Settlement::OpenAtSnapshot(m("300"));
        s.add_payment(Payment { date: d("2026-02-02"), amount: m("100") });
        assert_eq!(s.open_at(d("2026-02-01")), dec("300"));
        assert_eq!(s.open_at(d("2026-02-02")), dec("200"));
    }

    #[test]
    fn settled_date_is_the_last_time_the_open_amount_reached_zero_and_stayed() {
        // 1,000 paid 02-01, the cheque bounces 02-10 (-1,000): open again.
        let mut i = inv(0, "2026-01-10", "2026-02-09", "1000", Some("2026-02-01"));
        i.add_payment(Payment { date: d("2026-02-10"), amount: m("-1000") });
        assert_eq!(i.open_at(d("2026-02-10")), dec("1000"));
        assert_eq!(i.settled_date(), None, "reopened by the reversal");
        // As known on 02-05 it was settled on 02-01.
        assert_eq!(i.settled_by(d("2026-02-05")), Some(d("2026-02-01")));
        assert_eq!(i.settled_by(d("2026-02-10")), None);
        // Paid again on 03-01: settled then, not on 02-01.
        i.add_payment(Payment { date: d("2026-03-01"), amount: m("1000") });
        assert_eq!(i.settled_date(), Some(d("2026-03-01")));
        assert_eq!(i.settled_by(d("2026-02-20")), None);
        // A payment and its reversal on the same day settle nothing that day.
        let mut j = inv(0, "2026-01-10", "2026-02-09", "500", None);
        j.add_payment(Payment { date: d("2026-02-01"), amount: m("500") });
        j.add_payment(Payment { date: d("2026-02-01"), amount: m("-500") });
        assert_eq!(j.settled_date(), None);
        // Over-paid, then partly refunded but still closed: settled at the first crossing of that run.
        let mut k = inv(0, "2026-01-10", "2026-02-09", "500", None);
        k.add_payment(Payment { date: d("2026-02-01"), amount: m("600") });
        k.add_payment(Payment { date: d("2026-02-05"), amount: m("-100") });
        assert_eq!(k.settled_date(), Some(d("2026-02-01")));
        // A credit note refunded, the refund returned, refunded again.
        let mut c = inv(0, "2026-01-10", "2026-01-10", "-200", None);
        c.add_payment(Payment { date: d("2026-01-20"), amount: m("-200") });
        c.add_payment(Payment { date: d("2026-01-25"), amount: m("200") });
        assert_eq!(c.settled_date(), None);
        c.add_payment(Payment { date: d("2026-01-30"), amount: m("-200") });
        assert_eq!(c.settled_date(), Some(d("2026-01-30")));
    }

    /// kpi.md "Collection", "Payer rating", "Forecast of collections": an
    /// invoice whose payment was reversed (a bounced cheque) is open and
    /// late again in every figure that reads settled dates. Customer 0: A
    /// and B paid 10 days late (40 days to pay each); F, disputed, paid on
    /// its due date 2025-11-14 and the payment returned on 2025-11-20.
    #[test]
    fn a_reversed_payment_makes_the_invoice_open_and_late_again_in_every_figure() {
        use crate::domain::analysis::behaviour::behaviours;
        use crate::domain::analysis::forecast::lags;
        use crate::domain::analysis::kpi::{kpis, Period};
        let mut f = inv(0, "2025-10-15", "2025-11-14", "1000", Some("2025-11-14"));
        f.disputed = true;
        f.add_payment(Payment { date: d("2025-11-20"), amount: m("-1000") });
        let l = ledger(vec![
            inv(0, "2025-10-01", "2025-10-31", "1000", Some("2025-11-10")),
            inv(0, "2025-11-01", "2025-12-01", "1000", Some("2025-12-11")),
            f,
        ]);
        let t = d("2026-03-31");
        let k = kpis(&l, t, Period::D365);
        assert_eq!(k.get("ar_total"), Some(Ok(dec("1000"))));
        assert_eq!(k.get("ar_overdue"), Some(Ok(dec("1000"))));
        // Only A and B are settled: ADP 40, 10 days late, none on time.
        assert_eq!(k.get("adp"), Some(Ok(dec("40"))));
        assert_eq!(k.get("avg_days_late"), Some(Ok(dec("10"))));
        assert_eq!(k.get("on_time_rate"), Some(Ok(dec("0"))));
        // F, the only disputed invoice, is not resolved.
        assert_eq!(k.get("dispute_resolution_rate"), Some(Ok(dec("0"))));
        // Two settled invoices: not rated; the forecast takes the company's lag (10 days).
        let b = behaviours(&l, t, &Default::default());
        assert_eq!((b[0].settled, b[0].rating), (2, None));
        assert!(b[0].over_90);
        let lag = lags(&b).of(0);
        assert_eq!((lag.days, lag.own), (10, false));
        // Before the reversal (as of 2025-11-17, over 30 days) F counted as
        // paid on time, beside A paid 10 days late on 11-10.
        let before = kpis(&l, d("2025-11-17"), Period::D30);
        assert_eq!(before.get("on_time_rate"), Some(Ok(dec("50"))));
        assert_eq!(before.get("dispute_resolution_rate"), Some(Ok(dec("100"))));
    }

    #[test]
    fn default_currency_is_largest_open() {
        let mut a = inv(0, "2026-01-10", "2026-02-09", "100", None);
        a.currency = Currency::new("usd").unwrap();
        let b = inv(0, "2026-01-10", "2026-02-09", "50", None);
        let c = inv(0, "2026-01-10", "2026-02-09", "70", None);
        let l = ledger(vec![a, b, c]);
        assert_eq!(l.currencies_by_open(d("2026-02-01")), vec!["EUR", "USD"]);
    }

    #[test]
    fn latest_event_ignores_due_dates() {
        let l = ledger(vec![
            inv(0, "2026-01-10", "2026-12-31", "100", None),
            inv(0, "2026-01-05", "2026-02-04", "100", Some("2026-03-02")),
        ]);
        assert_eq!(l.latest_event_date(), Some(d("2026-03-02")));
    }

    /// A small xorshift, so the random ledgers are the same on every run.
    fn xorshift(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    /// Property, over 500 random ledgers (invoices and credit notes issued
    /// in a 2-year span, amounts in cents; several payments each, through
    /// the payments file's matching, sometimes over-paying, sometimes
    /// dated before the invoice; a few payments matching nothing) and
    /// random dates t:
    /// (a) open_at(t) x sign(amount) < 0 only when the payments dated <= t
    ///     exceed the amount in absolute value (over-paid);
    /// (b) AR(t) = amounts issued by t - payments dated <= t on them -
    ///     payments dated <= t on invoices issued after t (advances:
    ///     unapplied cash until the invoice date) - unapplied cash received
    ///     by t, to the cent.
    #[test]
    fn open_amounts_and_ar_follow_the_payments() {
        use crate::domain::analysis::kpi::outstanding::ar_at;
        use crate::domain::import::matching::apply_payments;
        use crate::domain::import::payments::PaymentLine;
        use chrono::Days;
        let start = d("2024-01-01");
        let day = |offset: i64| {
            if offset >= 0 {
                start + Days::new(offset as u64)
            } else {
                start - Days::new(offset.unsigned_abs())
            }
        };
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let (mut over_paid_seen, mut negative_seen, mut advances_seen) = (0, 0, 0);
        for case in 0..500 {
            let r = &mut seed;
            let n = 1 + xorshift(r) % 10;
            // Per invoice: issue day, amount in cents, payments (day, cents).
            type Made = (i64, i64, Vec<(i64, i64)>);
            let mut made: Vec<Made> = Vec::new();
            let mut invoices = Vec::new();
            let mut lines = Vec::new();
            for k in 0..n {
                let issued = (xorshift(r) % 730) as i64;
                let sign = if xorshift(r).is_multiple_of(5) { -1 } else { 1 };
                let cents = sign * (1 + (xorshift(r) % 500_000) as i64);
                let mut i = inv((k % 3) as u32, "2024-01-01", "2024-01-31", "0", None);
                i.id = compact_str::format_compact!("F{k}");
                i.invoice_date = day(issued);
                i.due_date = day(issued + 30);
                i.amount = m(&Decimal::new(cents, 2).to_string());
                invoices.push(i);
                let mut payments = Vec::new();
                let mut left = cents.abs();
                for _ in 0..(xorshift(r) % 4) {
                    let paid = 1 + (xorshift(r) % left.max(1) as u64) as i64;
                    left -= paid;
                    let when = issued - 20 + (xorshift(r) % 200) as i64;
                    payments.push((when, sign * paid));
                }
                if xorshift(r).is_multiple_of(5) {
                    let when = issued + (xorshift(r) % 100) as i64;
                    payments.push((when, sign * (left.max(0) + 1 + (xorshift(r) % 10_000) as i64)));
                }
                for &(when, paid) in &payments {
                    // The exact id, or the same id another way ("f-0007").
                    let reference = if xorshift(r).is_multiple_of(3) { format!("f-000{k}") } else { format!("F{k}") };
                    lines.push(PaymentLine {
                        line: lines.len() as u64 + 2,
                        reference,
                        label: String::new(),
                        customer: None,
                        date: day(when),
                        amount: m(&Decimal::new(paid, 2).to_string()),
                        currency: None,
                    });
                }
                made.push((issued, cents, payments));
            }
            // Cash no invoice takes: (day, cents).
            let unapplied: Vec<(i64, i64)> =
                (0..xorshift(r) % 3).map(|_| ((xorshift(r) % 760) as i64, 1 + (xorshift(r) % 90_000) as i64)).collect();
            for (j, &(when, cents)) in unapplied.iter().enumerate() {
                lines.push(PaymentLine {
                    line: lines.len() as u64 + 2,
                    reference: format!("NONE-{j}"),
                    label: String::new(),
                    customer: Some("C0".into()),
                    date: day(when),
                    amount: m(&Decimal::new(cents, 2).to_string()),
                    currency: None,
                });
            }
            let mut l = ledger(invoices);
            let s = apply_payments(&mut l, &lines, Currency::EUR);
            // The advances put back give each invoice its payments as
            // received; moved again, the same ledger.
            let mut back = l.clone();
            back.unapply_advances();
            assert!(back.unapplied().all(|u| u.payments().is_empty()), "case {case}");
            for (k, (_, _, payments)) in made.iter().enumerate() {
                let mut want: Vec<(NaiveDate, Money)> =
                    payments.iter().map(|&(w, c)| (day(w), m(&Decimal::new(c, 2).to_string()))).collect();
                want.sort_by_key(|p| p.0);
                let have: Vec<(NaiveDate, Money)> =
                    back.invoices[k].payments().iter().map(|p| (p.date, p.amount)).collect();
                assert_eq!(
                    have.iter().map(|p| p.0).collect::<Vec<_>>(),
                    want.iter().map(|p| p.0).collect::<Vec<_>>(),
                    "case {case} F{k}"
                );
                assert_eq!(
                    have.iter().map(|p| p.1).sum::<Money>(),
                    want.iter().map(|p| p.1).sum::<Money>(),
                    "case {case} F{k}"
                );
            }
            back.apply_advances();
            assert_eq!(back, l, "case {case}");
            assert_eq!(s.unmatched, unapplied.len() as u64, "case {case}");
            assert_eq!(s.matched as usize, lines.len() - unapplied.len(), "case {case}");
            for _ in 0..8 {
                let t = (xorshift(r) % 780) as i64 - 10;
                let mut expected = 0i64;
                for (k, (issued, cents, payments)) in made.iter().enumerate() {
                    let i = &l.invoices[k];
                    let open = i.open_at(day(t));
                    let paid: i64 = payments.iter().filter(|(w, _)| *w <= t).map(|(_, p)| p).sum();
                    if *issued > t {
                        assert_eq!(open, Decimal::ZERO, "case {case} F{k} not issued at {t}");
                        expected -= paid;
                        advances_seen += i64::from(paid != 0);
                        continue;
                    }
                    assert_eq!(open, Decimal::new(cents - paid, 2), "case {case} F{k} at {t}");
                    // (a)
                    if (open.is_negative() && *cents > 0) || (open.is_positive() && *cents < 0) {
                        assert!(paid.abs() > cents.abs(), "case {case} F{k} at {t}: negative without over-payment");
                        over_paid_seen += 1;
                    }
                    negative_seen += i64::from(*cents < 0);
                    expected += cents - paid;
                }
                expected -= unapplied.iter().filter(|(w, _)| *w <= t).map(|(_, c)| c).sum::<i64>();
                // (b)
                assert_eq!(ar_at(&l, day(t)).unwrap(), Decimal::new(expected, 2), "case {case} AR at {t}");
            }
        }
        assert!(
            over_paid_seen > 100 && negative_seen > 100 && advances_seen > 20,
            "{over_paid_seen} over-paid, {negative_seen} credit notes, {advances_seen} advances"
        );
    }
}
