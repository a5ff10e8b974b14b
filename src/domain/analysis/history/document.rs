//! A history as one versioned JSON document: the same text is stored in
//! the browser (IndexedDB, one record per history) and is the file a user
//! exports and imports. Reading checks what it can check: the format's
//! name, its version (a newer one is refused, never half read), and that
//! each export adds up (each customer's buckets to its open amount, the
//! customers to the aged balance, the aged balance to AR), so that a
//! damaged or hand-edited file never draws a wrong trend.

use super::Snapshot;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The `format` field of every history document.
pub const FORMAT: &str = "encours-history";

/// The version this build writes.
pub const VERSION: u32 = 1;

/// A named history of exports of one header layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    pub format: String,
    pub version: u32,
    /// Its key in the browser's store, kept when exported and imported.
    pub id: String,
    pub name: String,
    /// The header layout of its files: a later file with the same layout
    /// is offered this history.
    pub layout: String,
    /// The salt of its invoices' fingerprints (`super::fingerprint`).
    pub salt: String,
    /// The kept exports, the oldest first, one per as-of date.
    pub exports: Vec<Snapshot>,
}

/// Why a stored or imported text was not taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum HistoryProblem {
    /// Not JSON, or not shaped as a history (damaged).
    Unreadable,
    /// JSON, but another kind of document (a dunning plans file...).
    NotAHistory,
    /// Written by a newer version of the app.
    Newer(u32),
    /// Read, but it does not add up: where.
    Invalid(Invalid),
}

/// What does not add up in a history, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Invalid {
    /// Its id, name or salt is empty.
    Blank,
    /// Two exports at the same date.
    SameDate(NaiveDate),
    /// A currency code that is not three letters, or one given twice.
    Currency { date: NaiveDate, currency: String },
    /// A list of amounts that is not one per bucket.
    Buckets { date: NaiveDate, currency: String },
    /// A customer's buckets do not sum to its open amount, or its overdue
    /// amount is not that of its overdue buckets.
    Customer { date: NaiveDate, currency: String, customer: String },
    /// The customers do not sum to the aged balance, or it to AR.
    Totals { date: NaiveDate, currency: String },
}

/// How keeping an export changed a history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    Added,
    /// It replaced the export kept before at the same date.
    Replaced,
}

impl History {
    /// A new, empty history.
    pub fn new(id: String, name: String, layout: String, salt: String) -> History {
        History { format: FORMAT.to_string(), version: VERSION, id, name, layout, salt, exports: Vec::new() }
    }

    /// Keeps `export` (in date order); an export at the same date is replaced.
    pub fn keep(&mut self, export: Snapshot) -> Kept {
        match self.exports.iter_mut().find(|e| e.as_of == export.as_of) {
            Some(e) => {
                *e = export;
                Kept::Replaced
            }
            None => {
                let at = self.exports.partition_point(|e| e.as_of < export.as_of);
                self.exports.insert(at, export);
                Kept::Added
            }
        }
    }

    /// Takes in the exports of `other` (an imported copy of this history):
    /// (added, replaced at the same date).
    pub fn merge(&mut self, other: History) -> (usize, usize) {
        let mut counts = (0, 0);
        for e in other.exports {
            match self.keep(e) {
                Kept::Added => counts.0 += 1,
                Kept::Replaced => counts.1 += 1,
            }
        }
        counts
    }

    /// The latest export before `date`: what a file at `date` is compared with.
    pub fn previous(&self, date: NaiveDate) -> Option<&Snapshot> {
        self.exports.iter().rev().find(|e| e.as_of < date)
    }

    /// The export kept at `date`, if any.
    pub fn at(&self, date: NaiveDate) -> Option<&Snapshot> {
        self.exports.iter().find(|e| e.as_of == date)
    }
}

/// Reads a stored or exported history, checking that it adds up.
pub fn read(text: &str) -> Result<History, HistoryProblem> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| HistoryProblem::Unreadable)?;
    let object = value.as_object().ok_or(HistoryProblem::Unreadable)?;
    if object.get("format").and_then(serde_json::Value::as_str) != Some(FORMAT) {
        return Err(HistoryProblem::NotAHistory);
    }
    let version = object.get("version").and_then(serde_json::Value::as_u64).ok_or(HistoryProblem::Unreadable)?;
    let version = u32::try_from(version).map_err(|_| HistoryProblem::Newer(u32::MAX))?;
    if version > VERSION {
        return Err(HistoryProblem::Newer(version));
    }
    // Version 1 is the first: later versions bring older documents up here.
    let mut h: History = serde_json::from_value(value).map_err(|_| HistoryProblem::Unreadable)?;
    h.version = VERSION;
    check(&mut h).map_err(HistoryProblem::Invalid)?;
    Ok(h)
}

/// The document as text (compact: a history of years is large enough).
pub fn write(h: &History) -> String {
    let mut copy = h.clone();
    copy.format = FORMAT.to_string();
    copy.version = VERSION;
    serde_json::to_string(&copy).unwrap_or_default()
}

/// Checks that `h` adds up, and puts its exports in date order and each
/// customer's fingerprints in order (what the comparison reads).
fn check(h: &mut History) -> Result<(), Invalid> {
    if h.id.trim().is_empty() || h.name.trim().is_empty() || h.salt.is_empty() {
        return Err(Invalid::Blank);
    }
    h.exports.sort_by_key(|e| e.as_of);
    if let Some(w) = h.exports.windows(2).find(|w| w[0].as_of == w[1].as_of) {
        return Err(Invalid::SameDate(w[0].as_of));
    }
    for e in &mut h.exports {
        let date = e.as_of;
        let k = e.buckets.len();
        // Bucket 0 is "not due" when its bound is 0: the rest is overdue.
        let first_is_not_due = e.buckets.bounds().first() == Some(&0);
        let mut seen: Vec<String> = Vec::new();
        for c in &mut e.currencies {
            let currency = c.currency.clone();
            let code_ok = crate::domain::ledger::Currency::new(&currency).is_some_and(|x| x.as_str() == currency);
            if !code_ok || seen.contains(&currency) {
                return Err(Invalid::Currency { date, currency });
            }
            seen.push(currency.clone());
            if c.aged.len() != k {
                return Err(Invalid::Buckets { date, currency });
            }
            let mut sums = vec![Decimal::ZERO; k];
            for cu in &mut c.customers {
                if cu.buckets.len() != k {
                    return Err(Invalid::Buckets { date, currency });
                }
                let open: Decimal = cu.buckets.iter().sum();
                let overdue: Decimal = cu.buckets.iter().skip(1).sum();
                if open != cu.open || (first_is_not_due && overdue != cu.overdue) {
                    return Err(Invalid::Customer { date, currency, customer: cu.id.clone() });
                }
                for (s, b) in sums.iter_mut().zip(&cu.buckets) {
                    *s += *b;
                }
                cu.prints.sort_by_key(|p| p.0);
            }
            let ar: Decimal = c.aged.iter().sum();
            let ar_ok = c.figures.get("ar_total").is_none_or(|v| *v == ar);
            if sums != c.aged || !ar_ok {
                return Err(Invalid::Totals { date, currency });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::tests::march;
    use super::super::{currency_snapshot, Snapshot};
    use super::*;
    use crate::domain::analysis::kpi::aging::Buckets;
    use crate::domain::analysis::kpi::Period;
    use crate::domain::ledger::tests::{d, dec};
    use crate::domain::ledger::View;
    use std::collections::BTreeMap;

    fn export(date: &str) -> Snapshot {
        let l = march();
        let figures = BTreeMap::from([("ar_total".to_string(), dec("1350"))]);
        let eur =
            currency_snapshot(View::all(&l), d("2026-03-31"), &Buckets::default(), "salt", "EUR", figures).unwrap();
        Snapshot {
            as_of: d(date),
            file_name: "balance.csv".into(),
            period: Period::D90,
            buckets: Buckets::default(),
            invoice_ids: true,
            currencies: vec![eur],
        }
    }

    fn history() -> History {
        let mut h =
            History::new("h1".into(), "Société X – balance âgée".into(), "client|montant".into(), "salt".into());
        assert_eq!(h.keep(export("2026-03-31")), Kept::Added);
        assert_eq!(h.keep(export("2026-01-31")), Kept::Added);
        h
    }

    #[test]
    fn round_trip_in_date_order_and_what_is_refused() {
        let h = history();
        assert_eq!(h.exports.iter().map(|e| e.as_of).collect::<Vec<_>>(), vec![d("2026-01-31"), d("2026-03-31")]);
        let text = write(&h);
        assert_eq!(read(&text), Ok(h.clone()));
        assert!(!text.contains("C0-2026"), "no invoice number is written");
        assert_eq!(read("not json"), Err(HistoryProblem::Unreadable));
        assert_eq!(read("[1, 2]"), Err(HistoryProblem::Unreadable));
        assert_eq!(read(r#"{"version": 1, "plans": []}"#), Err(HistoryProblem::NotAHistory), "a dunning file");
        assert_eq!(read(&text.replacen("\"version\":1", "\"version\":2", 1)), Err(HistoryProblem::Newer(2)));
        assert_eq!(read(&text.replacen("\"exports\":[", "\"exports\":[7,", 1)), Err(HistoryProblem::Unreadable));
        let mut blank = h.clone();
        blank.name = " ".into();
        assert_eq!(read(&write(&blank)), Err(HistoryProblem::Invalid(Invalid::Blank)));
    }

    #[test]
    fn a_history_that_does_not_add_up_is_refused_with_where() {
        let h = history();
        let text = write(&h);
        // C0's open amount edited by hand: its buckets no longer sum to it.
        let edited = text.replacen("\"open\":\"450\"", "\"open\":\"4500\"", 1);
        assert_ne!(edited, text);
        assert_eq!(
            read(&edited),
            Err(HistoryProblem::Invalid(Invalid::Customer {
                date: d("2026-01-31"),
                currency: "EUR".into(),
                customer: "C0".into()
            }))
        );
        // AR that is not the aged balance's total.
        let edited = text.replacen("\"ar_total\":\"1350\"", "\"ar_total\":\"1351\"", 1);
        assert_eq!(
            read(&edited),
            Err(HistoryProblem::Invalid(Invalid::Totals { date: d("2026-01-31"), currency: "EUR".into() }))
        );
        // Two exports at one date; a bad currency code.
        let mut twice = h.clone();
        twice.exports[1].as_of = d("2026-01-31");
        assert_eq!(read(&write(&twice)), Err(HistoryProblem::Invalid(Invalid::SameDate(d("2026-01-31")))));
        let mut bad = h.clone();
        bad.exports[0].currencies[0].currency = "euro".into();
        assert!(matches!(read(&write(&bad)), Err(HistoryProblem::Invalid(Invalid::Currency { .. }))));
        let mut short = h;
        short.exports[0].currencies[0].aged.pop();
        assert!(matches!(read(&write(&short)), Err(HistoryProblem::Invalid(Invalid::Buckets { .. }))));
    }

    #[test]
    fn keeping_merging_and_the_previous_export() {
        let mut h = history();
        assert_eq!(h.keep(export("2026-03-31")), Kept::Replaced);
        assert_eq!(h.exports.len(), 2);
        assert_eq!(h.previous(d("2026-03-31")).map(|e| e.as_of), Some(d("2026-01-31")));
        assert_eq!(h.previous(d("2026-04-15")).map(|e| e.as_of), Some(d("2026-03-31")));
        assert_eq!(h.previous(d("2026-01-31")), None);
        assert!(h.at(d("2026-01-31")).is_some() && h.at(d("2026-02-28")).is_none());
        let mut copy = h.clone();
        copy.keep(export("2026-02-28"));
        assert_eq!(h.merge(copy), (1, 2));
        assert_eq!(h.exports.len(), 3);
    }
}
