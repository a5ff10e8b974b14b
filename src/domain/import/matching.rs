//! Matching a payments file's lines to the ledger's invoices (kpi.md
//! "Records": a payment can settle an invoice in several parts).
//!
//! `apply_payments` records each line with `Invoice::add_payment`, oldest
//! payment first. A line finds its invoice by its reference: the exact id;
//! the id normalised (case, spaces, dashes, dots, underscores and leading
//! zeros ignored: " f-00123 " is "F123"); a reference naming several
//! invoices ("F1 + F2", "F1, F2", "F1 et F2"), taken as such only when
//! every part names an invoice, whose amount goes to each in turn up to
//! its open amount at the payment date, the rest to the last; else one
//! invoice id found as a word of the reference or of the bank label ("VIR
//! SEPA FACT F2026-00123 DUPONT"), exactly one, a bare number only for a
//! payer the ledger knows. It never guesses: an id several customers share
//! needs the payer; a payer the ledger knows is never paid another
//! customer's invoice; a payment is in its currency, the default one when
//! it names none (kpi.md "Currencies"), and never settles an invoice in
//! another. A payment no invoice takes is never dropped: it becomes
//! unapplied cash, a negative open item of its payer (kpi.md
//! "Outstanding": part of net AR, not a sale), listed with why it was not
//! matched and the invoices it could have been.
//!
//! Once a payments file is applied it is the ledger's payment history: an
//! invoice the invoices file gave as wholly open at its export's date (no
//! payment column) becomes an invoice with no payment yet, so that AR and
//! the collection KPIs are known at every date, not only at the export's.
//!
//! One source per invoice, never both added: for each invoice the payments
//! file names, the file is the detailed source (dated parts, reversals),
//! so the invoices file's own settled date or paid amount on it is
//! replaced, and where the two disagree on the amount paid the invoice is
//! listed (`MatchSummary::differing`); an invoice the payments file does
//! not name keeps the invoices file's settled date or paid amount
//! (`kept_from_invoices`). Cash dated before its invoice is unapplied until
//! the invoice date (`Ledger::apply_advances`).

use super::mapping::fold;
use super::payments::PaymentLine;
use super::values;
use crate::domain::ledger::money::{Money, Total};
use crate::domain::ledger::{Currency, Customer, CustomerIx, Invoice, ItemKind, Ledger, Payment, Settlement};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Why a payment took no invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unmatched {
    /// No invoice has its reference (nor any word of its label).
    NoInvoice,
    /// Its reference names invoices in another currency only.
    OtherCurrency,
    /// Its payer, a customer of the ledger, has no invoice of that
    /// reference: another customer's is never paid silently.
    OtherCustomer,
    /// Several customers have an invoice of that reference, and no payer
    /// says which.
    SeveralCustomers,
    /// Its reference splits into parts ("VIR/2024/0017") that do not all
    /// name an invoice.
    NotAllFound,
    /// Its reference or label holds several invoice ids.
    SeveralInLabel,
}

/// An invoice a payment could have been for, as the unmatched list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub invoice: String,
    /// The customer's code.
    pub customer: String,
    pub currency: String,
}

/// Candidates listed per unmatched payment.
const MAX_CANDIDATES: usize = 5;

/// A payment no invoice took, as the match summary lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnmatchedPayment {
    /// The line as the file gives it.
    pub payment: PaymentLine,
    /// The payment's currency (the default one when it names none).
    pub currency: String,
    #[serde(default = "no_invoice")]
    pub why: Unmatched,
    /// The invoices it could have been for (at most `MAX_CANDIDATES`).
    #[serde(default)]
    pub candidates: Vec<Candidate>,
}

fn no_invoice() -> Unmatched {
    Unmatched::NoInvoice
}

/// What `apply_payments` did. Amounts are per currency (kpi.md
/// "Currencies": never summed across), by code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchSummary {
    /// Payment lines applied to one or more invoices.
    pub matched: u64,
    /// Of those, matched only once normalised (case, separators, zeros).
    pub matched_normalised: u64,
    /// Of those, references naming several invoices.
    pub matched_several: u64,
    /// Of those, found as one invoice id inside the reference's or the
    /// label's text.
    #[serde(default)]
    pub matched_in_label: u64,
    /// Of those, whose payer is not a customer of the invoices file (the
    /// reference alone matched them).
    #[serde(default)]
    pub payer_unknown: u64,
    #[serde(default)]
    pub matched_amounts: Vec<(String, Decimal)>,
    /// Payment lines no invoice took: each is now unapplied cash.
    pub unmatched: u64,
    #[serde(default)]
    pub unmatched_amounts: Vec<(String, Decimal)>,
    /// Unmatched lines whose reference named an invoice in another currency.
    pub currency_mismatches: u64,
    /// Payment lines naming no currency, taken in the default one.
    #[serde(default)]
    pub no_currency: u64,
    /// The default currency those were taken in.
    #[serde(default)]
    pub default_currency: String,
    /// Invoices paid beyond their amount at some payment date.
    pub over_paid_invoices: u64,
    /// Invoices given as wholly open at the invoices file's date that now
    /// take their history from the payments file.
    pub history_from_payments: u64,
    /// The unmatched lines, at most `MAX_UNMATCHED_LISTED`.
    pub unmatched_lines: Vec<UnmatchedPayment>,
    /// Payments dated before their invoice (advances): unapplied cash
    /// until the invoice date (`Ledger::apply_advances`).
    #[serde(default)]
    pub advances: u64,
    /// Invoices whose own settled date or paid amount (from the invoices
    /// file) the payments file replaced: it names them, so it is their
    /// detailed source.
    #[serde(default)]
    pub replaced: u64,
    /// Invoices the invoices file gives as paid (in part or in full) that
    /// the payments file does not name: their own payments are kept.
    #[serde(default)]
    pub kept_from_invoices: u64,
    /// Of the replaced invoices, those whose two sources do not give the
    /// same amount paid: all counted, at most `MAX_UNMATCHED_LISTED` listed.
    #[serde(default)]
    pub differing_count: u64,
    #[serde(default)]
    pub differing: Vec<SourceDifference>,
}

/// An invoice the invoices file and the payments file see paid by
/// different amounts (the payments file's is the one used).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceDifference {
    pub invoice: String,
    /// The customer's code.
    pub customer: String,
    pub currency: String,
    /// Paid according to the invoices file (its paid amount, or its
    /// amount less its open amount, or the whole amount for a settled date).
    pub invoices_file_paid: Decimal,
    /// Paid according to the payments file.
    pub payments_file_paid: Decimal,
}

/// Unmatched lines (and differing invoices) listed in `MatchSummary` (all are counted).
pub const MAX_UNMATCHED_LISTED: usize = 1000;

/// A comparison key: lower case, accents dropped, the characters `keep`
/// refuses removed, and the leading zeros of each run of digits dropped
/// ("F-00123" and "f123" are both "f123").
fn normalise(s: &str, keep: fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    let (mut in_digits, mut zeros) = (false, false);
    let mut buf = [0u8; 4];
    for c in s.chars() {
        let c = if c.is_ascii() { Some(c.to_ascii_lowercase()) } else { fold(c.encode_utf8(&mut buf)).chars().next() };
        match c {
            Some(d) if d.is_ascii_digit() => {
                if !in_digits && d == '0' {
                    zeros = true;
                } else {
                    in_digits = true;
                    out.push(d);
                }
            }
            other => {
                if zeros && !in_digits {
                    out.push('0');
                }
                (in_digits, zeros) = (false, false);
                if let Some(c) = other.filter(|c| keep(*c)) {
                    out.push(c);
                }
            }
        }
    }
    if zeros && !in_digits {
        out.push('0');
    }
    out
}

/// An invoice reference's key: case, spaces, dashes, dots, underscores and
/// leading zeros ignored.
fn ref_key(s: &str) -> String {
    normalise(s, |c| !(c.is_whitespace() || matches!(c, '-' | '.' | '_')))
}

/// A customer code's or name's key: letters and digits only.
fn name_key(s: &str) -> String {
    normalise(s, |c| c.is_ascii_alphanumeric())
}

/// The invoice references in a reference naming several ("F1 + F2",
/// "F1, F2; F3", "F1/F2", "F1 et F2", "F1 and F2").
fn split_refs(s: &str) -> Vec<&str> {
    let b = s.as_bytes();
    let word = |at: usize, w: &[u8]| {
        b.len() >= at + w.len() + 2
            && b[at] == b' '
            && b[at + 1..at + 1 + w.len()].eq_ignore_ascii_case(w)
            && b[at + 1 + w.len()] == b' '
    };
    let mut parts = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        // Separators are ASCII, so every cut is on a character boundary.
        let len = match b[i] {
            b',' | b';' | b'/' | b'+' | b'&' => 1,
            b' ' if word(i, b"et") => 4,
            b' ' if word(i, b"and") => 5,
            _ => 0,
        };
        if len > 0 {
            parts.push(&s[start..i]);
            i += len;
            start = i;
        } else {
            i += 1;
        }
    }
    parts.push(&s[start..]);
    parts.into_iter().map(values::clean_id).filter(|p| !p.is_empty()).collect()
}

/// The words of a free text that may be invoice ids: cut at spaces and
/// punctuation, keeping the `-` `/` `.` `_` inside ids ("F2026-00123"),
/// each with a digit and at least two characters.
fn id_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| {
        c.is_whitespace()
            || matches!(c, ',' | ';' | ':' | '(' | ')' | '[' | ']' | '"' | '\'' | '+' | '&' | '*' | '#' | '=')
    })
    .map(|w| w.trim_matches(|c: char| matches!(c, '-' | '/' | '.' | '_')))
    .filter(|w| w.chars().count() >= 2 && w.bytes().any(|b| b.is_ascii_digit()))
}

/// The open amount of an invoice once the payments dated <= `date` are
/// counted, whether or not it is issued by then (a payment may come first).
fn open_on(inv: &Invoice, date: NaiveDate) -> Money {
    match &inv.settlement {
        Settlement::Payments(ps) => {
            inv.amount - ps.iter().take_while(|p| p.date <= date).map(|p| p.amount).sum::<Money>()
        }
        Settlement::OpenAtSnapshot(open) => *open,
    }
}

/// Paid beyond the amount: the open amount has crossed zero.
fn over_paid(amount: Money, open: Money) -> bool {
    if amount.is_negative() {
        open.is_positive()
    } else {
        open.is_negative()
    }
}

/// The ledger's invoices by reference, and its customers by key.
struct InvoiceIndex {
    exact: HashMap<String, Vec<usize>>,
    normalised: HashMap<String, Vec<usize>>,
    /// The customers whose code or name has this key.
    customers: HashMap<String, Vec<CustomerIx>>,
}

/// How a payment's reference found its invoices.
enum Found {
    Invoices { ixs: Vec<usize>, how: How },
    Nothing { why: Unmatched, candidates: Vec<usize> },
}

/// How a reference named its invoices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    Exact,
    Normalised,
    /// One invoice id among the words of the reference or the label.
    InText,
}

/// What a payment is matched with: its currency and the customers its
/// payer names (`None`: no payer, or one the ledger does not know).
struct Payer {
    currency: Currency,
    customers: Option<Vec<CustomerIx>>,
}

impl InvoiceIndex {
    fn new(ledger: &Ledger) -> InvoiceIndex {
        let mut exact: HashMap<String, Vec<usize>> = HashMap::new();
        let mut normalised: HashMap<String, Vec<usize>> = HashMap::new();
        for (ix, inv) in ledger.invoices.iter().enumerate().filter(|(_, i)| i.is_sale()) {
            exact.entry(inv.id.to_string()).or_default().push(ix);
            let k = ref_key(&inv.id);
            if !k.is_empty() {
                normalised.entry(k).or_default().push(ix);
            }
        }
        let mut customers: HashMap<String, Vec<CustomerIx>> = HashMap::new();
        for (ix, c) in ledger.customers.iter().enumerate() {
            let keys = [Some(name_key(&c.id)), c.name.as_deref().map(name_key)];
            for k in keys.into_iter().flatten().filter(|k| !k.is_empty()) {
                let v = customers.entry(k).or_default();
                if !v.contains(&(ix as CustomerIx)) {
                    v.push(ix as CustomerIx);
                }
            }
        }
        InvoiceIndex { exact, normalised, customers }
    }

    /// The payment's currency and the ledger's customers its payer names.
    fn payer(&self, p: &PaymentLine, default_currency: Currency) -> Payer {
        let customers = p.customer.as_deref().map(name_key).and_then(|k| self.customers.get(&k)).cloned();
        Payer { currency: p.currency.unwrap_or(default_currency), customers }
    }

    /// The invoices of reference `r`: by its exact id, else (when
    /// `normalised` is allowed) by its key.
    fn named(&self, r: &str, normalised: bool) -> Option<(&[usize], How)> {
        if let Some(c) = self.exact.get(r) {
            return Some((c, How::Exact));
        }
        if !normalised {
            return None;
        }
        let k = ref_key(r);
        self.normalised.get(&k).map(|c| (c.as_slice(), How::Normalised))
    }

    /// The invoices a payment goes to. See the module doc.
    fn find(&self, ledger: &Ledger, p: &PaymentLine, payer: &Payer) -> Found {
        let reference = p.reference.as_str();
        if !reference.is_empty() {
            // The whole reference.
            if let Some((candidates, how)) = self.named(reference, true) {
                return match self.choose(ledger, candidates, p, payer) {
                    Ok(ix) => Found::Invoices { ixs: vec![ix], how },
                    Err((why, candidates)) => Found::Nothing { why, candidates },
                };
            }
            // A list of invoices: every part must name one.
            let parts = split_refs(reference);
            if parts.len() > 1 {
                return self.list(ledger, &parts, p, payer);
            }
            if let Some(found) = self.in_text(ledger, reference, p, payer) {
                return found;
            }
        }
        if let Some(found) = self.in_text(ledger, &p.label, p, payer) {
            return found;
        }
        Found::Nothing { why: Unmatched::NoInvoice, candidates: Vec::new() }
    }

    /// A reference naming several invoices: each part names one (a bare
    /// number by its exact id only, "0017" is not "17"), else nothing.
    fn list(&self, ledger: &Ledger, parts: &[&str], p: &PaymentLine, payer: &Payer) -> Found {
        let mut ixs: Vec<usize> = Vec::new();
        let mut seen: Vec<usize> = Vec::new();
        let mut failed: Option<Unmatched> = None;
        let mut how = How::Exact;
        for part in parts {
            let has_letter = part.chars().any(char::is_alphabetic);
            match self.named(part, has_letter) {
                None => failed = failed.or(Some(Unmatched::NotAllFound)),
                Some((candidates, h)) => match self.choose(ledger, candidates, p, payer) {
                    Ok(ix) => {
                        if h == How::Normalised {
                            how = How::Normalised;
                        }
                        if !ixs.contains(&ix) {
                            ixs.push(ix);
                        }
                    }
                    Err((why, c)) => {
                        failed = failed.or(Some(why));
                        seen.extend(c);
                    }
                },
            }
        }
        match failed {
            None => Found::Invoices { ixs, how },
            Some(why) => {
                ixs.extend(seen);
                Found::Nothing { why, candidates: ixs }
            }
        }
    }

    /// Exactly one invoice id among the words of `text` (a bank label):
    /// found (or refused, with why), or `None` when no word is an id. A
    /// word of digits only counts for a payer the ledger knows, by its
    /// exact id: a label's numbers are dates, amounts and cheque numbers
    /// as often as invoices.
    fn in_text(&self, ledger: &Ledger, text: &str, p: &PaymentLine, payer: &Payer) -> Option<Found> {
        let mut named: Vec<&[usize]> = Vec::new();
        for w in id_words(text) {
            let has_letter = w.chars().any(char::is_alphabetic);
            if !has_letter && payer.customers.is_none() {
                continue;
            }
            if let Some((candidates, _)) = self.named(w, has_letter) {
                if !named.contains(&candidates) {
                    named.push(candidates);
                }
            }
        }
        match named.as_slice() {
            [] => None,
            [one] => Some(match self.choose(ledger, one, p, payer) {
                Ok(ix) => Found::Invoices { ixs: vec![ix], how: How::InText },
                Err((why, candidates)) => Found::Nothing { why, candidates },
            }),
            several => Some(Found::Nothing { why: Unmatched::SeveralInLabel, candidates: several.concat() }),
        }
    }

    /// Of the invoices sharing an id: those in the payment's currency; of
    /// them the payer's when it is a customer of the ledger; they must be
    /// one customer's (else which is not known); of those, the one with
    /// the most open at the payment date (in the payment's direction), the
    /// first in the ledger on a tie. Refused with why and the candidates.
    fn choose(
        &self,
        ledger: &Ledger,
        candidates: &[usize],
        p: &PaymentLine,
        payer: &Payer,
    ) -> Result<usize, (Unmatched, Vec<usize>)> {
        let in_currency: Vec<usize> =
            candidates.iter().copied().filter(|&ix| ledger.invoices[ix].currency == payer.currency).collect();
        if in_currency.is_empty() {
            return Err((Unmatched::OtherCurrency, candidates.to_vec()));
        }
        let pool: Vec<usize> = match &payer.customers {
            Some(cs) => in_currency.iter().copied().filter(|&ix| cs.contains(&ledger.invoices[ix].customer)).collect(),
            None => in_currency.clone(),
        };
        if pool.is_empty() {
            return Err((Unmatched::OtherCustomer, in_currency));
        }
        let first = ledger.invoices[pool[0]].customer;
        if pool.iter().any(|&ix| ledger.invoices[ix].customer != first) {
            return Err((Unmatched::SeveralCustomers, pool));
        }
        let refund = p.amount.is_negative();
        let mut best: Option<(usize, Money)> = None;
        for ix in pool {
            let open = open_on(&ledger.invoices[ix], p.date);
            let open = if refund { -open } else { open };
            if best.is_none_or(|(_, b)| open > b) {
                best = Some((ix, open));
            }
        }
        best.map(|(ix, _)| ix).ok_or((Unmatched::NoInvoice, Vec::new()))
    }
}

/// The ledger's customers by code and name, for unapplied cash.
struct CustomerIndex {
    by_id: HashMap<String, CustomerIx>,
    by_key: HashMap<String, CustomerIx>,
    by_name: HashMap<String, CustomerIx>,
    unknown: Option<CustomerIx>,
}

impl CustomerIndex {
    fn new(ledger: &Ledger) -> CustomerIndex {
        let mut ix =
            CustomerIndex { by_id: HashMap::new(), by_key: HashMap::new(), by_name: HashMap::new(), unknown: None };
        for (i, c) in ledger.customers.iter().enumerate() {
            ix.remember(c, i as CustomerIx);
        }
        ix
    }

    fn remember(&mut self, c: &Customer, i: CustomerIx) {
        if c.id.is_empty() && c.name.is_none() {
            self.unknown.get_or_insert(i);
            return;
        }
        self.by_id.entry(c.id.clone()).or_insert(i);
        let k = name_key(&c.id);
        if !k.is_empty() {
            self.by_key.entry(k).or_insert(i);
        }
        if let Some(k) = c.name.as_deref().map(name_key).filter(|k| !k.is_empty()) {
            self.by_name.entry(k).or_insert(i);
        }
    }

    /// The customer a payment names (by code, then by name, normalised),
    /// created when the ledger has none such; the unknown customer (code "",
    /// no name, created once) when it names none.
    fn find_or_create(&mut self, ledger: &mut Ledger, given: Option<&str>) -> CustomerIx {
        let given = given.map(str::trim).filter(|g| !g.is_empty());
        let found = match given {
            Some(g) => self.by_id.get(g).copied().or_else(|| {
                let k = name_key(g);
                (!k.is_empty()).then(|| self.by_key.get(&k).or_else(|| self.by_name.get(&k)).copied()).flatten()
            }),
            None => self.unknown,
        };
        if let Some(ix) = found {
            return ix;
        }
        let c =
            Customer { id: given.unwrap_or("").to_string(), name: None, credit_limit: None, email: None, phone: None };
        let ix = ledger.customers.len() as CustomerIx;
        self.remember(&c, ix);
        ledger.customers.push(c);
        ix
    }
}

/// Applies payment lines to the ledger's invoices. See the module doc.
pub fn apply_payments(ledger: &mut Ledger, lines: &[PaymentLine], default_currency: Currency) -> MatchSummary {
    if lines.is_empty() {
        return MatchSummary::default();
    }
    // The invoices as their file gave them: its advances back on their invoices.
    ledger.unapply_advances();
    // The payments file is the history from now on (see the module doc).
    let mut history_from_payments = 0;
    for inv in ledger.invoices.iter_mut().filter(|i| i.is_sale()) {
        if matches!(inv.settlement, Settlement::OpenAtSnapshot(open) if open == inv.amount) {
            inv.settlement = Settlement::open();
            history_from_payments += 1;
        }
    }
    let index = InvoiceIndex::new(ledger);
    // Oldest first, so that "open at the payment date" counts the earlier payments.
    let mut order: Vec<&PaymentLine> = lines.iter().collect();
    order.sort_by_key(|p| (p.date, p.line));

    // Which invoices the file pays, found by a trial that is then undone:
    // the file is their detailed source, so their own settled date or paid
    // amount is set aside before any of the file's payments is counted
    // (a payment split over several invoices sees them as the file has them).
    let (n_invoices, n_customers) = (ledger.invoices.len(), ledger.customers.len());
    let trial = Matching::run(ledger, &index, &order, default_currency, Vec::new());
    for (ix, before) in trial.touched.iter().rev() {
        ledger.invoices[*ix].settlement = before.clone();
    }
    ledger.invoices.truncate(n_invoices);
    ledger.customers.truncate(n_customers);
    let set_aside: Vec<(usize, Settlement)> = trial
        .touched
        .iter()
        .map(|(ix, _)| *ix)
        .filter(|ix| has_own_payments(&ledger.invoices[*ix]))
        .collect::<Vec<_>>()
        .into_iter()
        .map(|ix| (ix, std::mem::replace(&mut ledger.invoices[ix].settlement, Settlement::open())))
        .collect();
    let m = Matching::run(ledger, &index, &order, default_currency, set_aside);
    let Matching { mut summary, touched, mut replaced, over, .. } = m;
    summary.history_from_payments = history_from_payments;
    summary.over_paid_invoices = over.len() as u64;

    // Set aside but paid by nothing this time: its own payments come back.
    let paid: HashSet<usize> = touched.iter().map(|(ix, _)| *ix).collect();
    replaced.retain(|(ix, own)| {
        let used = paid.contains(ix);
        if !used {
            ledger.invoices[*ix].settlement = own.clone();
        }
        used
    });
    summary.replaced = replaced.len() as u64;
    for (ix, own) in &replaced {
        let inv = &ledger.invoices[*ix];
        let before = match own {
            Settlement::Payments(ps) => ps.iter().map(|p| p.amount).sum::<Money>(),
            Settlement::OpenAtSnapshot(open) => inv.amount - *open,
        };
        let now = inv.payments().iter().map(|p| p.amount).sum::<Money>();
        if before != now {
            summary.differing_count += 1;
            if summary.differing.len() < MAX_UNMATCHED_LISTED {
                summary.differing.push(SourceDifference {
                    invoice: inv.id.to_string(),
                    customer: ledger.customer(inv.customer).id.clone(),
                    currency: inv.currency.to_string(),
                    invoices_file_paid: before.to_decimal(),
                    payments_file_paid: now.to_decimal(),
                });
            }
        }
    }
    summary.kept_from_invoices = ledger
        .invoices
        .iter()
        .enumerate()
        .filter(|(ix, inv)| inv.is_sale() && !paid.contains(ix) && has_own_payments(inv))
        .count() as u64;
    summary.unmatched_lines.sort_by_key(|u| u.payment.line);
    ledger.apply_advances();
    if !ledger.invoices.iter().any(|i| matches!(i.settlement, Settlement::OpenAtSnapshot(_))) {
        ledger.snapshot_date = None;
    }
    summary
}

/// Amounts per currency, by code.
fn by_code(sums: HashMap<Currency, Total>) -> Vec<(String, Decimal)> {
    let mut v: Vec<(String, Decimal)> = sums.into_iter().map(|(c, a)| (c.to_string(), a.to_decimal())).collect();
    v.sort();
    v
}

/// The invoices file says something was paid on this invoice: a settled
/// date, a paid amount, or an open amount below the amount.
fn has_own_payments(inv: &Invoice) -> bool {
    match &inv.settlement {
        Settlement::Payments(ps) => !ps.is_empty(),
        Settlement::OpenAtSnapshot(open) => *open != inv.amount,
    }
}

/// One pass of the payment lines over the ledger.
#[derive(Default)]
struct Matching {
    summary: MatchSummary,
    /// The invoices given a payment of the file, with their settlement
    /// before the first one (so that a trial can be undone), in order.
    touched: Vec<(usize, Settlement)>,
    /// The invoices file's own settlements set aside, by invoice.
    replaced: Vec<(usize, Settlement)>,
    /// Invoices paid beyond their amount.
    over: HashSet<usize>,
}

impl Matching {
    /// Applies `order` (oldest first) to `ledger`. `set_aside` are the
    /// invoices whose own payments were already taken off; any other
    /// invoice with payments of its own loses them to the file's first
    /// payment on it.
    fn run(
        ledger: &mut Ledger,
        index: &InvoiceIndex,
        order: &[&PaymentLine],
        default_currency: Currency,
        set_aside: Vec<(usize, Settlement)>,
    ) -> Matching {
        let mut m = Matching { replaced: set_aside, ..Matching::default() };
        let mut seen: HashSet<usize> = HashSet::new();
        let mut customers = CustomerIndex::new(ledger);
        let mut matched: HashMap<Currency, Total> = HashMap::new();
        let mut unmatched: HashMap<Currency, Total> = HashMap::new();
        m.summary.default_currency = default_currency.to_string();
        for p in order {
            let payer = index.payer(p, default_currency);
            m.summary.no_currency += u64::from(p.currency.is_none());
            match index.find(ledger, p, &payer) {
                Found::Invoices { ixs, how } => {
                    let mut rest = p.amount;
                    let mut advance = false;
                    let last = ixs.len() - 1;
                    for (k, &ix) in ixs.iter().enumerate() {
                        let share = if k == last {
                            rest
                        } else {
                            let open = open_on(&ledger.invoices[ix], p.date);
                            if rest.is_positive() && open.is_positive() {
                                rest.min(open)
                            } else if rest.is_negative() && open.is_negative() {
                                rest.max(open)
                            } else {
                                Money::ZERO
                            }
                        };
                        if share.is_zero() {
                            continue;
                        }
                        rest -= share;
                        let inv = &mut ledger.invoices[ix];
                        if seen.insert(ix) {
                            m.touched.push((ix, inv.settlement.clone()));
                            if has_own_payments(inv) {
                                m.replaced.push((ix, std::mem::replace(&mut inv.settlement, Settlement::open())));
                            }
                        }
                        advance |= p.date < inv.invoice_date;
                        inv.add_payment(Payment { date: p.date, amount: share });
                        if over_paid(inv.amount, open_on(inv, p.date)) {
                            m.over.insert(ix);
                        }
                    }
                    let s = &mut m.summary;
                    s.matched += 1;
                    s.matched_normalised += u64::from(how == How::Normalised);
                    s.matched_in_label += u64::from(how == How::InText);
                    s.matched_several += u64::from(ixs.len() > 1);
                    s.payer_unknown += u64::from(p.customer.is_some() && payer.customers.is_none());
                    s.advances += u64::from(advance);
                    *matched.entry(payer.currency).or_default() += p.amount;
                }
                Found::Nothing { why, candidates } => {
                    let customer = customers.find_or_create(ledger, p.customer.as_deref());
                    ledger.invoices.push(Invoice {
                        id: if p.reference.is_empty() {
                            compact_str::format_compact!("P{}", p.line)
                        } else {
                            p.reference.as_str().into()
                        },
                        customer,
                        invoice_date: p.date,
                        due_date: p.date,
                        amount: -p.amount,
                        settlement: Settlement::open(),
                        disputed: false,
                        dispute_reason: None,
                        division: None,
                        sales_rep: None,
                        currency: payer.currency,
                        source_line: p.line,
                        kind: ItemKind::UnappliedCash,
                    });
                    *unmatched.entry(payer.currency).or_default() += p.amount;
                    let s = &mut m.summary;
                    s.unmatched += 1;
                    s.currency_mismatches += u64::from(why == Unmatched::OtherCurrency);
                    if s.unmatched_lines.len() < MAX_UNMATCHED_LISTED {
                        let candidates = candidates
                            .iter()
                            .take(MAX_CANDIDATES)
                            .map(|&ix| {
                                let inv = &ledger.invoices[ix];
                                Candidate {
                                    invoice: inv.id.to_string(),
                                    customer: ledger.customer(inv.customer).id.clone(),
                                    currency: inv.currency.to_string(),
                                }
                            })
                            .collect();
                        s.unmatched_lines.push(UnmatchedPayment {
                            payment: (*p).clone(),
                            currency: payer.currency.to_string(),
                            why,
                            candidates,
                        });
                    }
                }
            }
        }
        m.summary.matched_amounts = by_code(matched);
        m.summary.unmatched_amounts = by_code(unmatched);
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::analysis::kpi::outstanding::{ar_at, outstanding};
    use crate::domain::import::import_csv;
    use crate::domain::import::mapping::Role;
    use crate::domain::import::payments::import_payments;
    use crate::domain::import::payments::tests::{ledger_of, payments_of};
    use crate::domain::import::ImportOptions;
    use crate::domain::ledger::tests::{d, dec, m};

    #[track_caller]
    fn inv<'l>(l: &'l Ledger, id: &str) -> &'l Invoice {
        l.invoices.iter().find(|i| i.id == id && i.is_sale()).unwrap_or_else(|| panic!("no invoice {id}"))
    }

    fn ar(l: &Ledger, t: &str) -> Decimal {
        ar_at(l, d(t)).unwrap()
    }

    /// Invoices: 1000 + 500 + 300 + 800 + 200 - 150 + 400 + 600 + 250 = 3,900.
    const INVOICES: &str = "Invoice,Customer,Invoice Date,Due Date,Amount\n\
        F100,ALPHA,2026-01-05,2026-02-04,1000.00\n\
        F101,ALPHA,2026-01-10,2026-02-09,500.00\n\
        F00123,BETA,2026-01-12,2026-02-11,300.00\n\
        F102,BETA,2026-01-15,2026-02-14,800.00\n\
        F103,GAMMA,2026-01-20,2026-02-19,200.00\n\
        AV104,GAMMA,2026-01-25,2026-01-25,-150.00\n\
        F105,ALPHA,2026-02-01,2026-03-03,400.00\n\
        F106,ALPHA,2026-02-01,2026-03-03,600.00\n\
        F107,DELTA,2026-02-03,2026-03-05,250.00\n";

    /// Matched: 1000 + 300 + 200 + 300 + 300 + 300 + 200 + 250 - 150 + 700 = 3,400;
    /// unmatched: 120 + 80 = 200.
    const PAYMENTS: &str = "Payment date,Invoice,Customer,Amount\n\
        2026-02-01,F100,ALPHA,1000.00\n\
        2026-02-05, f-00123 ,BETA,300.00\n\
        2026-02-10,F101,ALPHA,200.00\n\
        2026-03-01,F101,ALPHA,300.00\n\
        2026-02-20,F102,BETA,300.00\n\
        2026-02-25,F102,BETA,300.00\n\
        2026-03-02,F102,BETA,200.00\n\
        2026-02-28,F103,GAMMA,250.00\n\
        2026-02-15,AV104,GAMMA,-150.00\n\
        2026-03-05,F105 + F106,ALPHA,700.00\n\
        2026-03-06,F999,ZETA,120.00\n\
        2026-03-07,,ALPHA,80.00\n";

    #[test]
    fn payments_settle_invoices_in_every_way() {
        let mut l = ledger_of(INVOICES);
        let customers_before = l.customers.len();
        let (lines, r) = payments_of(PAYMENTS);
        assert_eq!((r.rows_read, r.payments, r.rows_skipped), (12, 12, 0));
        assert_eq!(r.totals, vec![("EUR".to_string(), dec("3600"))]);
        assert_eq!(r.header_line, 1);
        let s = apply_payments(&mut l, &lines, Currency::EUR);
        assert_eq!((s.matched, s.matched_normalised, s.matched_several), (10, 1, 1));
        assert_eq!(s.matched_amounts, vec![("EUR".to_string(), dec("3400"))]);
        assert_eq!((s.unmatched, s.unmatched_amounts.clone()), (2, vec![("EUR".to_string(), dec("200"))]));
        assert_eq!(s.over_paid_invoices, 1, "F103");
        assert_eq!(s.history_from_payments, 9, "the invoices file had no payment column");
        assert_eq!(l.snapshot_date, None);

        // Exact: F100 paid in full on 02-01.
        let f = inv(&l, "F100");
        assert_eq!((f.open_at(d("2026-01-31")), f.open_at(d("2026-02-01"))), (m("1000"), m("0")));
        assert_eq!(f.settled_date(), Some(d("2026-02-01")));
        // Normalised: " f-00123 " is F00123.
        assert_eq!(inv(&l, "F00123").settled_date(), Some(d("2026-02-05")));
        // Partial then the rest: 500, 300 open from 02-10, settled 03-01.
        let f = inv(&l, "F101");
        assert_eq!(f.open_at(d("2026-02-09")), dec("500"));
        assert_eq!(f.open_at(d("2026-02-10")), dec("300"));
        assert_eq!(f.open_at(d("2026-02-28")), dec("300"));
        assert_eq!(f.open_at(d("2026-03-01")), dec("0"));
        assert_eq!(f.settled_date(), Some(d("2026-03-01")));
        // Three payments on one invoice: 800 -> 500 -> 200 -> 0.
        let f = inv(&l, "F102");
        assert_eq!(f.payments().len(), 3);
        assert_eq!(f.open_at(d("2026-02-20")), dec("500"));
        assert_eq!(f.open_at(d("2026-02-25")), dec("200"));
        assert_eq!(f.settled_date(), Some(d("2026-03-02")));
        // Over-paid by 50.
        let f = inv(&l, "F103");
        assert_eq!(f.open_at(d("2026-02-28")), dec("-50"));
        assert_eq!(f.settled_date(), Some(d("2026-02-28")));
        // The credit note refunded.
        let f = inv(&l, "AV104");
        assert_eq!((f.open_at(d("2026-02-14")), f.open_at(d("2026-02-15"))), (m("-150"), m("0")));
        // "F105 + F106", 700: F105 takes its 400, F106 the other 300.
        assert_eq!(inv(&l, "F105").open_at(d("2026-03-05")), dec("0"));
        assert_eq!(inv(&l, "F106").open_at(d("2026-03-05")), dec("300"));
        // Unmatched: unapplied cash, F999 for a new customer ZETA, the
        // line without a reference for ALPHA.
        let un: Vec<&Invoice> = l.unapplied().collect();
        assert_eq!(un.len(), 2);
        assert_eq!((un[0].id.as_str(), un[0].amount, un[0].invoice_date), ("F999", m("-120"), d("2026-03-06")));
        assert_eq!(l.customer(un[0].customer).id, "ZETA");
        assert_eq!((un[1].id.as_str(), un[1].amount, un[1].source_line), ("P13", m("-80"), 13));
        assert_eq!(l.customer(un[1].customer).id, "ALPHA");
        assert_eq!(l.customers.len(), customers_before + 1);
        assert_eq!(s.unmatched_lines.iter().map(|u| u.payment.line).collect::<Vec<_>>(), vec![12, 13]);
        assert_eq!(s.unmatched_lines[0].payment.customer.as_deref(), Some("ZETA"));
        // AR: 3,900 - 3,400 matched = 500 on 03-05; the unapplied cash takes
        // it down by 120 on 03-06 and 80 on 03-07: 300.
        assert_eq!(ar(&l, "2026-03-05"), dec("500"));
        assert_eq!(ar(&l, "2026-03-06"), dec("380"));
        assert_eq!(ar(&l, "2026-03-31"), dec("300"));
        // By invoice: F103 -50 + F106 300 + F107 250 - 200 unapplied = 300.
        let o = outstanding(&l, d("2026-03-31")).unwrap();
        assert_eq!((o.total, o.unapplied), (dec("300"), dec("-200")));
        // Before any payment AR is known too (no longer a snapshot):
        // issued by 01-31: 1000 + 500 + 300 + 800 + 200 - 150 = 2,650.
        assert_eq!(ar(&l, "2026-01-31"), dec("2650"));
    }

    /// Matching never guesses (issue 28, point 4; kpi.md "Currencies"): a
    /// reference is split into fragments only when every fragment names an
    /// invoice, an id shared by several customers needs the payer, a payer
    /// the ledger knows is never paid another customer's invoice, a payment
    /// without a currency is in the default one; references are found in a
    /// bank label only as one invoice id (a bare number only with a known
    /// payer). What is not matched is listed with why and its candidates.
    #[test]
    fn matching_never_guesses_across_fragments_customers_or_currencies() {
        let mut l = ledger_of(
            "Invoice,Customer,Invoice Date,Due Date,Amount,Currency\n\
             17,ALPHA,2026-01-05,2026-02-04,100,EUR\n\
             2024,BETA,2026-01-06,2026-02-05,200,EUR\n\
             F2026-00123,DUPONT,2026-01-07,2026-02-06,300,EUR\n\
             X1,ALPHA,2026-01-08,2026-02-07,400,EUR\n\
             X1,BETA,2026-01-09,2026-02-08,500,EUR\n\
             U1,GAMMA,2026-01-10,2026-02-09,600,USD\n\
             G1,GAMMA,2026-01-11,2026-02-10,700,EUR\n\
             F1,DUPONT,2026-01-12,2026-02-11,50,EUR\n\
             F2,DUPONT,2026-01-13,2026-02-12,60,EUR\n",
        );
        let (lines, r) = payments_of(
            "Date,Ref,Payer,Amount,Currency,Libellé\n\
             2026-02-01,VIR/2024/0017,,100,,\n\
             2026-02-02,X1,,40,,\n\
             2026-02-03,G1,ALPHA,70,,\n\
             2026-02-04,U1,GAMMA,60,,\n\
             2026-02-05,X1,Beta,50,,\n\
             2026-02-06,,,300,,VIR SEPA FACT F2026-00123 DUPONT\n\
             2026-02-07,,DUPONT,110,,VIR SEPA FACT F1 F2 DUPONT\n\
             2026-02-08,,,200,,REMISE CHQ 2024 MARTIN\n\
             2026-02-09,,BETA,200,,REMISE CHQ 2024\n\
             2026-02-10,U1,GAMMA,600,USD,\n\
             2026-02-11,F1 + F2,DUPONT,110,,\n",
        );
        assert_eq!((r.payments, r.rows_skipped), (11, 0));
        assert!(r.columns.contains(&(Role::Label, "Libellé".to_string())));
        let s = apply_payments(&mut l, &lines, Currency::EUR);
        let open = |id: &str, who: &str| {
            l.invoices
                .iter()
                .find(|i| i.id == id && l.customer(i.customer).id == who && i.is_sale())
                .map(|i| i.open_at(d("2026-03-01")))
        };
        // Matched: BETA's X1 by its payer, F2026-00123 in the label, BETA's
        // 2024 by a known payer, U1 in dollars, F1 + F2.
        assert_eq!((s.matched, s.unmatched, s.matched_in_label), (5, 6, 2));
        assert_eq!(open("X1", "BETA"), Some(m("450")));
        assert_eq!(open("X1", "ALPHA"), Some(m("400")));
        assert_eq!(open("F2026-00123", "DUPONT"), Some(m("0")));
        assert_eq!(open("2024", "BETA"), Some(m("0")));
        assert_eq!(open("17", "ALPHA"), Some(m("100")));
        assert_eq!(open("U1", "GAMMA"), Some(m("0")));
        assert_eq!(open("G1", "GAMMA"), Some(m("700")));
        assert_eq!((open("F1", "DUPONT"), open("F2", "DUPONT")), (Some(m("0")), Some(m("0"))));
        // Amounts per currency, never summed across.
        let eur = |v: &str| ("EUR".to_string(), dec(v));
        assert_eq!(s.matched_amounts, vec![eur("660"), ("USD".to_string(), dec("600"))]);
        assert_eq!(s.unmatched_amounts, vec![eur("580")]);
        assert_eq!((s.no_currency, s.currency_mismatches), (10, 1));
        // Each unmatched line: why, and the invoices it could have been.
        type Seen<'a> = (u64, Unmatched, Vec<(&'a str, &'a str, &'a str)>);
        let why: Vec<Seen> = s
            .unmatched_lines
            .iter()
            .map(|u| {
                let c = u.candidates.iter().map(|c| (c.invoice.as_str(), c.customer.as_str(), c.currency.as_str()));
                (u.payment.line, u.why, c.collect())
            })
            .collect();
        assert_eq!(
            why,
            vec![
                (2, Unmatched::NotAllFound, vec![("2024", "BETA", "EUR")]),
                (3, Unmatched::SeveralCustomers, vec![("X1", "ALPHA", "EUR"), ("X1", "BETA", "EUR")]),
                (4, Unmatched::OtherCustomer, vec![("G1", "GAMMA", "EUR")]),
                (5, Unmatched::OtherCurrency, vec![("U1", "GAMMA", "USD")]),
                (8, Unmatched::SeveralInLabel, vec![("F1", "DUPONT", "EUR"), ("F2", "DUPONT", "EUR")]),
                (9, Unmatched::NoInvoice, vec![]),
            ]
        );
        // Unapplied cash of the payer named, in the payment's currency.
        let cash: Vec<(&str, &str, Money)> =
            l.unapplied().map(|u| (l.customer(u.customer).id.as_str(), u.currency.as_str(), u.amount)).collect();
        assert!(cash.contains(&("ALPHA", "EUR", m("-70"))) && cash.contains(&("GAMMA", "EUR", m("-60"))), "{cash:?}");
    }

    /// An invoices file that already has settled dates and paid amounts, and
    /// a payments file for some of the same invoices: for each invoice the
    /// payments file names, its payments replace the invoices file's settled
    /// date or paid amount (never added to them); the others keep theirs.
    /// F1 (1,000) settled 02-01 in both files; F2 (500) 200 paid 02-05 per
    /// the invoices file, 200 + 300 (settled 02-20) per the payments file;
    /// F3 (800) open, paid 02-25; F4 (300) settled 02-10, only in the
    /// invoices file; F5 (400) 150 open at the export, paid 400 on 03-01.
    #[test]
    fn a_payments_file_replaces_the_invoices_file_payments_it_names() {
        use crate::domain::analysis::kpi::collection::collection_rate;
        use crate::domain::analysis::kpi::Period;
        let mut l = ledger_of(
            "Invoice,Customer,Invoice Date,Due Date,Amount,Paid,Settled date\n\
             F1,A,2026-01-05,2026-02-04,1000,1000,2026-02-01\n\
             F2,A,2026-01-10,2026-02-09,500,200,2026-02-05\n\
             F3,B,2026-01-15,2026-02-14,800,,\n\
             F4,B,2026-01-20,2026-02-19,300,300,2026-02-10\n",
        );
        let (lines, _) = payments_of(
            "Date,Ref,Amount\n\
             2026-02-01,F1,1000\n\
             2026-02-05,F2,200\n\
             2026-02-20,F2,300\n\
             2026-02-25,F3,800\n",
        );
        let s = apply_payments(&mut l, &lines, Currency::EUR);
        // Never both: AR is 0 once everything is paid, not negative.
        assert_eq!(ar(&l, "2026-03-31"), dec("0"));
        assert_eq!(inv(&l, "F1").payments().len(), 1);
        assert_eq!(inv(&l, "F2").settled_date(), Some(d("2026-02-20")));
        assert_eq!(inv(&l, "F4").settled_date(), Some(d("2026-02-10")), "the invoices file's own");
        assert_eq!(ar(&l, "2026-02-15"), dec("1100"), "F2 300 + F3 800");
        // 2,600 received of 2,600 sold: 100 %, not 146 %.
        assert_eq!(collection_rate(&l, d("2026-03-31"), Period::D90), Ok(dec("100")));
        // Said: two replaced, one kept, F2's sources disagree (200 against 500).
        assert_eq!((s.replaced, s.kept_from_invoices), (2, 1));
        assert_eq!(s.differing_count, 1);
        let f2 = &s.differing[0];
        assert_eq!(
            (f2.invoice.as_str(), f2.customer.as_str(), f2.invoices_file_paid, f2.payments_file_paid),
            ("F2", "A", dec("200"), dec("500"))
        );
        // A snapshot's paid part (open amount, no date) is replaced the same way.
        let mut l = ledger_of(
            "Invoice,Customer,Invoice Date,Due Date,Amount,Open amount\n\
             F5,A,2026-01-05,2026-02-04,400,150\n\
             F6,A,2026-01-06,2026-02-05,100,100\n",
        );
        let (lines, _) = payments_of("Date,Ref,Amount\n2026-03-01,F5,400\n");
        let s = apply_payments(&mut l, &lines, Currency::EUR);
        assert_eq!((s.replaced, s.kept_from_invoices, s.differing_count), (1, 0, 1));
        assert_eq!((s.differing[0].invoices_file_paid, s.differing[0].payments_file_paid), (dec("250"), dec("400")));
        assert_eq!(ar(&l, "2026-02-28"), dec("500"));
        assert_eq!(ar(&l, "2026-03-01"), dec("100"));
    }

    /// kpi.md "Records" and "Outstanding": cash received before its invoice
    /// is issued (an advance, a deposit) is unapplied cash until the invoice
    /// date, a negative open item of net AR, then settles the invoice. A1
    /// (1,000, issued 03-10): 400 received 03-01, 600 on 03-20; B1 (500,
    /// issued 01-05) paid 02-01.
    #[test]
    fn an_advance_payment_is_unapplied_cash_until_its_invoice_date() {
        use crate::domain::analysis::charts::{monthly_flows, payment_days};
        use crate::domain::analysis::kpi::collection::collection_rate;
        use crate::domain::analysis::kpi::Period;
        let mut l = ledger_of(
            "Invoice,Customer,Invoice Date,Due Date,Amount\n\
             A1,C,2026-03-10,2026-04-09,1000\n\
             B1,C,2026-01-05,2026-02-04,500\n",
        );
        let (lines, _) = payments_of("Date,Ref,Amount\n2026-03-01,A1,400\n2026-03-20,A1,600\n2026-02-01,B1,500\n");
        let s = apply_payments(&mut l, &lines, Currency::EUR);
        // AR: nothing open on 02-28; -400 from 03-01; 600 once A1 is issued; 0 from 03-20.
        assert_eq!(ar(&l, "2026-02-28"), dec("0"));
        assert_eq!(ar(&l, "2026-03-05"), dec("-400"));
        let o = outstanding(&l, d("2026-03-05")).unwrap();
        assert_eq!((o.unapplied, o.open_invoices), (dec("-400"), 0));
        assert_eq!(ar(&l, "2026-03-10"), dec("600"));
        assert_eq!(ar(&l, "2026-03-31"), dec("0"));
        assert_eq!((s.matched, s.unmatched, s.advances), (3, 0, 1));
        // A1 is settled on 03-20, paid 10 days after it was issued.
        assert_eq!(inv(&l, "A1").settled_date(), Some(d("2026-03-20")));
        // The cash is counted once, when received: over 90 days to 03-31,
        // 1,500 received of 0 open on 12-31 + 1,500 sold (100 %); over 30
        // days, 600 received (03-20: the 400 came on 03-01, outside) of
        // -400 open on 03-01 + 1,000 sold (100 %).
        assert_eq!(collection_rate(&l, d("2026-03-31"), Period::D90), Ok(dec("100")));
        assert_eq!(collection_rate(&l, d("2026-03-31"), Period::D30), Ok(dec("100")));
        let flows = monthly_flows(&l, d("2026-03-31")).unwrap();
        assert_eq!(flows.actual[flows.actual.len() - 2..], [dec("500"), dec("1000")]);
        let days = payment_days(&l, d("2026-03-31")).unwrap();
        assert_eq!((days.counts[0], days.counts[9], days.counts[19]), (1, 0, 1));
        assert_eq!(days.counts.iter().sum::<u64>(), 2);
    }

    /// An id several invoices share: the payer's, else the only one in the
    /// payment's currency; of one customer's, the largest open; of
    /// several customers' with no payer to tell, none (issue 28, point 4:
    /// the largest of all was taken before, whoever's it was).
    #[test]
    fn shared_ids_need_the_payer_or_a_single_customer() {
        let mut l = ledger_of(
            "Invoice,Customer,Invoice Date,Due Date,Amount,Currency\n\
             X1,ALPHA,2026-01-05,2026-02-04,100,EUR\n\
             X1,BETA,2026-01-06,2026-02-05,500,EUR\n\
             X1,GAMMA,2026-01-07,2026-02-06,900,USD\n\
             U1,ALPHA,2026-01-08,2026-02-07,50,USD\n\
             X2,BETA,2026-01-09,2026-02-08,200,EUR\n\
             X2,BETA,2026-01-10,2026-02-09,300,EUR\n",
        );
        let pay = |line: u64, day: &str, r: &str, c: Option<&str>, amount: &str, cur: Option<&str>| PaymentLine {
            line,
            reference: r.to_string(),
            label: String::new(),
            customer: c.map(str::to_string),
            date: d(day),
            amount: m(amount),
            currency: cur.and_then(Currency::new),
        };
        let lines = vec![
            pay(2, "2026-02-01", "X1", Some("Beta"), "100", None),
            pay(3, "2026-02-02", "X1", None, "50", Some("EUR")),
            pay(4, "2026-02-03", "x-1", Some("alpha"), "30", None),
            pay(5, "2026-02-04", "X1", None, "10", None),
            pay(6, "2026-02-05", "U1", None, "50", Some("EUR")),
            pay(7, "2026-02-06", "NOPE", None, "5", None),
            pay(8, "2026-02-07", "", Some(" "), "6", None),
            pay(9, "2026-02-08", "X1", None, "900", Some("USD")),
            pay(10, "2026-02-09", "X2", Some("BETA"), "250", None),
        ];
        let customers_before = l.customers.len();
        let s = apply_payments(&mut l, &lines, Currency::EUR);
        let open = |ix: usize| l.invoices[ix].open_at(d("2026-03-01"));
        // BETA's X1 by its payer; ALPHA's by its name, normalised; GAMMA's,
        // the only one in dollars; BETA's larger X2.
        assert_eq!((open(0), open(1), open(2)), (m("70"), m("400"), m("0")));
        assert_eq!((open(4), open(5)), (m("200"), m("50")));
        assert_eq!((s.matched, s.matched_normalised), (4, 1));
        // X1 in euros without a payer (ALPHA's or BETA's?), twice; a EUR
        // payment for the USD invoice U1; NOPE; a line with nothing to go by.
        assert_eq!(open(3), dec("50"));
        assert_eq!((s.unmatched, s.currency_mismatches), (5, 1));
        let why: Vec<Unmatched> = s.unmatched_lines.iter().map(|u| u.why).collect();
        use Unmatched::*;
        assert_eq!(why, [SeveralCustomers, SeveralCustomers, OtherCurrency, NoInvoice, NoInvoice]);
        let un: Vec<&Invoice> = l.unapplied().collect();
        assert_eq!(un[0].currency, Currency::EUR);
        // No payer named: one unknown customer, created once.
        assert!(un.iter().all(|u| u.customer == un[0].customer));
        assert_eq!(l.customers.len(), customers_before + 1);
        let unknown = l.customer(un[0].customer);
        assert_eq!((unknown.id.as_str(), unknown.name.as_deref()), ("", None));
        assert_eq!(un[4].id, "P8");
        // A second file's unknown payer is the same customer.
        apply_payments(&mut l, &[pay(2, "2026-02-08", "NOPE2", None, "1", None)], Currency::EUR);
        assert_eq!(l.customers.len(), customers_before + 1);
    }

    #[test]
    fn several_invoices_in_one_reference() {
        let mut l = ledger_of(
            "Invoice,Customer,Invoice Date,Due Date,Amount\n\
             A1,C,2026-01-01,2026-01-31,100\nA2,C,2026-01-01,2026-01-31,200\nA3,C,2026-01-01,2026-01-31,300\n",
        );
        let (lines, _) = payments_of(
            "Date,Ref,Amount\n\
             2026-02-01,A1,40\n\
             2026-02-02,\"A1, A2; a-3\",500\n\
             2026-02-03,A2 and A9,10\n",
        );
        let s = apply_payments(&mut l, &lines, Currency::EUR);
        // 500: A1 takes its remaining 60, A2 its 200, A3 the other 240;
        // then "A2 and A9": A9 is unknown, so the reference is not a list
        // of invoices: unapplied, with A2 as its candidate (A2 took the 10
        // before, over-paid).
        let at = |id: &str| inv(&l, id).open_at(d("2026-02-28"));
        assert_eq!((at("A1"), at("A2"), at("A3")), (m("0"), m("0"), m("60")));
        assert_eq!((s.matched, s.matched_several, s.matched_normalised, s.over_paid_invoices), (2, 1, 1, 0));
        let u = &s.unmatched_lines[0];
        assert_eq!((u.payment.line, u.why, u.candidates[0].invoice.as_str()), (4, Unmatched::NotAllFound, "A2"));
    }

    #[test]
    fn reference_keys_and_lists() {
        assert_eq!(ref_key(" f-00123 "), ref_key("F123"));
        assert_eq!(ref_key("FA-2026-002"), ref_key("fa2026-0002"));
        assert_eq!(ref_key("F_1.2"), "f12");
        assert_ne!(ref_key("F100"), ref_key("F10"));
        assert_eq!(ref_key("000"), "0");
        assert_eq!(name_key("Société Générale S.A."), "societegeneralesa");
        assert_eq!(split_refs("F1 + F2"), vec!["F1", "F2"]);
        assert_eq!(split_refs("F1, F2;F3 / F4"), vec!["F1", "F2", "F3", "F4"]);
        assert_eq!(split_refs("F1 ET F2 and F3"), vec!["F1", "F2", "F3"]);
        assert_eq!(split_refs("Petit F1"), vec!["Petit F1"]);
        assert_eq!(split_refs("é/ü"), vec!["é", "ü"]);
    }

    /// The fixture pair for the browser test.
    ///
    /// Invoices: 1,200 + 850.50 + 2,400 + 600 + 1,500 + 300 + 980 - 200 = 7,630.50.
    /// Payments: 001 1,200 exact; "fa2026-0002" 850.50 normalised; 003 1,000
    /// then 1,400 (partial, then settled 02/03); "005 et 006" 1,700: 005
    /// takes 1,500, 006 200 (100 open); 004 600 exact; "VIR-88812" 500
    /// unmatched (unapplied cash of Leroy SAS). Matched 6 lines,
    /// 1,200 + 850.50 + 1,000 + 1,700 + 1,400 + 600 = 6,750.50.
    /// AR on 31/03/2026 = 7,630.50 - 6,750.50 - 500 = 380.00
    /// (006 100 + 007 980 + credit note -200 + unapplied -500).
    /// AR on 15/02/2026: issued 001..006 = 6,850.50, paid by then 1,200 +
    /// 850.50: 4,800.00.
    #[test]
    fn fixture_pair() {
        let (mut l, _) =
            import_csv(include_bytes!("../../../tests/fixtures/invoices-for-payments.csv"), &ImportOptions::default())
                .unwrap();
        assert_eq!(l.invoices.len(), 8);
        let (lines, r) =
            import_payments(include_bytes!("../../../tests/fixtures/payments-bank.csv"), &ImportOptions::default())
                .unwrap();
        assert_eq!((r.delimiter, r.payments, r.rows_skipped), (';', 7, 0));
        assert_eq!(r.totals, vec![("EUR".to_string(), dec("7250.50"))]);
        let s = apply_payments(&mut l, &lines, Currency::EUR);
        assert_eq!((s.matched, s.matched_normalised, s.matched_several), (6, 1, 1));
        assert_eq!((s.unmatched, s.unmatched_amounts.clone()), (1, vec![("EUR".to_string(), dec("500"))]));
        assert_eq!(s.matched_amounts, vec![("EUR".to_string(), dec("6750.50"))]);
        assert_eq!(ar(&l, "2026-03-31"), dec("380.00"));
        assert_eq!(ar(&l, "2026-02-15"), dec("4800.00"));
        assert_eq!(inv(&l, "FA-2026-003").settled_date(), Some(d("2026-03-02")));
        assert_eq!(inv(&l, "FA-2026-006").open_at(d("2026-03-31")), dec("100"));
        let un = l.unapplied().next().unwrap();
        assert_eq!((l.customer(un.customer).id.as_str(), un.amount), ("Leroy SAS", m("-500")));
        assert_eq!(outstanding(&l, d("2026-03-31")).unwrap().unapplied, dec("-500"));
    }
}
