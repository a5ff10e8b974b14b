//! A history of exports: what each analysed export showed, kept on the
//! user's request so that files without payment history (an aged balance,
//! an open-items list exported every month) still show trends and "what
//! changed since last month". What is kept is aggregates only, never an
//! invoice row: the as-of date, the file's name, and per currency every
//! figure of the figures panel, the aged balance's buckets, and per
//! customer its open and overdue amounts, buckets and credit limit.
//!
//! To tell which invoices disappeared since the previous export and which
//! are new, each customer also keeps, for each of its open invoices, a
//! *fingerprint* of the invoice number (a 48-bit hash salted per history,
//! `fingerprint`) with its open amount: no number, date, due date or any
//! other field of the line. The number cannot be read back from it;
//! someone who holds the history and guesses a number could check whether
//! it was open, which is why the Privacy page says what is kept. Without
//! them, "invoices gone and new" could only be guessed from counts, and a
//! customer that paid one invoice and received another of the same amount
//! would show no change at all.
//!
//! `mod.rs` builds one export's record from the ledger (`currency_snapshot`),
//! `compare.rs` compares two records, `series.rs` makes the trends of N
//! records, `document.rs` is the versioned JSON document a history is
//! stored and exported as.

pub mod compare;
pub mod document;
pub mod series;

use crate::domain::analysis::kpi::aging::Buckets;
use crate::domain::analysis::kpi::outstanding::known_at;
use crate::domain::analysis::kpi::{Period, Unavailable};
use crate::domain::import::mapping::fold;
use crate::domain::import::ImportReport;
use crate::domain::ledger::money::Total;
use crate::domain::ledger::View;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What one kept export showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The date the figures are at (the export's date).
    pub as_of: NaiveDate,
    pub file_name: String,
    /// The window of the figures over a period (DSO, CEI...).
    pub period: Period,
    /// The aged balance's buckets (aged from the due date).
    pub buckets: Buckets,
    /// The file names its invoices (an invoice number column): without,
    /// invoices cannot be followed from one export to the next.
    pub invoice_ids: bool,
    /// One part per currency (kpi.md "Currencies": never added together).
    pub currencies: Vec<CurrencySnapshot>,
}

/// An export's figures in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrencySnapshot {
    pub currency: String,
    /// Every figure of the figures panel that could be computed, by its
    /// kpi.md name; a figure that could not (DSO of an open-items file,
    /// CEI without history) is absent, never 0.
    pub figures: BTreeMap<String, Decimal>,
    /// The aged balance: open amounts per bucket.
    pub aged: Vec<Decimal>,
    /// The customers with an open item, in the ledger's order.
    pub customers: Vec<CustomerSnapshot>,
}

/// One customer in one export and currency. In a history document (JSON)
/// an absent name, limit or list of prints is left out; in the worker's
/// answer (postcard, read field after field) every field is written (see
/// its `Serialize`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CustomerSnapshot {
    /// Its code in the file (its name when there is no code; empty for
    /// cash received from no named customer).
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub credit_limit: Option<Decimal>,
    /// Net open amount (credit notes and unapplied cash included).
    pub open: Decimal,
    /// Open amounts past their due date.
    pub overdue: Decimal,
    /// Open amounts per bucket of `Snapshot::buckets`; they sum to `open`.
    pub buckets: Vec<Decimal>,
    /// Open invoices and credit notes.
    pub open_items: u32,
    /// Each open invoice or credit note as (fingerprint of its number,
    /// open amount), by fingerprint (see the module's note).
    #[serde(default)]
    pub prints: Vec<(u64, Decimal)>,
}

impl Serialize for CustomerSnapshot {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        // A format that is not self-describing reads every field in order.
        let all = !s.is_human_readable();
        let mut st = s.serialize_struct("CustomerSnapshot", 8)?;
        st.serialize_field("id", &self.id)?;
        if all || self.name.is_some() {
            st.serialize_field("name", &self.name)?;
        } else {
            st.skip_field("name")?;
        }
        if all || self.credit_limit.is_some() {
            st.serialize_field("credit_limit", &self.credit_limit)?;
        } else {
            st.skip_field("credit_limit")?;
        }
        st.serialize_field("open", &self.open)?;
        st.serialize_field("overdue", &self.overdue)?;
        st.serialize_field("buckets", &self.buckets)?;
        st.serialize_field("open_items", &self.open_items)?;
        if all || !self.prints.is_empty() {
            st.serialize_field("prints", &self.prints)?;
        } else {
            st.skip_field("prints")?;
        }
        st.end()
    }
}

impl CustomerSnapshot {
    /// "Name (code)" or the code alone, as the ledger labels a customer.
    pub fn label(&self) -> String {
        match &self.name {
            Some(n) if *n != self.id => format!("{n} ({})", self.id),
            _ => self.id.clone(),
        }
    }

    /// The index of the oldest bucket holding a positive amount.
    pub fn oldest_bucket(&self) -> Option<usize> {
        self.buckets.iter().rposition(|b| *b > Decimal::ZERO)
    }

    /// Over its credit limit: open above the limit, by how much.
    pub fn overrun(&self) -> Option<Decimal> {
        self.credit_limit.filter(|l| self.open > *l).map(|l| self.open - l)
    }
}

impl Snapshot {
    /// Its part in `currency`, if the export held any.
    pub fn currency(&self, currency: &str) -> Option<&CurrencySnapshot> {
        self.currencies.iter().find(|c| c.currency == currency)
    }
}

/// The fingerprint of an invoice number in a history salted by `salt`:
/// FNV-1a over the salt, a separator and the trimmed number, mixed by
/// SplitMix64's finaliser, kept to 48 bits (a number JSON readers in any
/// language keep exactly). Stable across builds and machines: a history
/// exported from one browser compares with files read in another.
pub fn fingerprint(salt: &str, invoice: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in salt.bytes().chain(std::iter::once(0xff)).chain(invoice.trim().bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    h & 0xffff_ffff_ffff
}

/// An export's record in one currency: `view` holds that currency's lines;
/// `figures` are the figures panel's at `t` (computed by the caller, the
/// engine, so that they are the ones the page shows). Every customer's
/// buckets sum to its open amount and the customers sum to the aged
/// balance (kpi.md "Aged balance"). Unavailable where AR(t) is (a
/// snapshot file before its date).
pub fn currency_snapshot(
    view: View<'_>,
    t: NaiveDate,
    buckets: &Buckets,
    salt: &str,
    currency: &str,
    figures: BTreeMap<String, Decimal>,
) -> Result<CurrencySnapshot, Unavailable> {
    known_at(view, t)?;
    let k = buckets.len();
    struct Sums {
        buckets: Vec<Total>,
        overdue: Total,
        items: u32,
        prints: Vec<(u64, Total)>,
    }
    // A dense table by customer index: no hashing per line.
    let mut by_customer: Vec<Option<Sums>> = (0..view.customers.len()).map(|_| None).collect();
    for inv in view.items() {
        let open = inv.open_at(t);
        if open.is_zero() {
            continue;
        }
        let Some(slot) = by_customer.get_mut(inv.customer as usize) else { continue };
        let sums = slot.get_or_insert_with(|| Sums {
            buckets: vec![Total::ZERO; k],
            overdue: Total::ZERO,
            items: 0,
            prints: Vec::new(),
        });
        let dpd = inv.dpd(t);
        if let Some(b) = sums.buckets.get_mut(buckets.index(dpd)) {
            *b += open;
        }
        if dpd > 0 {
            sums.overdue += open;
        }
        if inv.is_invoice() {
            sums.items += 1;
            sums.prints.push((fingerprint(salt, &inv.id), Total::from(open)));
        }
    }
    let mut aged = vec![Total::ZERO; k];
    let mut customers = Vec::new();
    for (ix, sums) in by_customer.into_iter().enumerate() {
        let Some(mut s) = sums else { continue };
        for (a, b) in aged.iter_mut().zip(&s.buckets) {
            *a += *b;
        }
        // Lines of one invoice (the same number twice) are one print.
        s.prints.sort_by_key(|p| p.0);
        let mut prints: Vec<(u64, Total)> = Vec::with_capacity(s.prints.len());
        for (h, open) in s.prints {
            match prints.last_mut() {
                Some(last) if last.0 == h => last.1 += open,
                _ => prints.push((h, open)),
            }
        }
        let c = view.customer(ix as u32);
        let open: Total = s.buckets.iter().fold(Total::ZERO, |a, b| a + *b);
        customers.push(CustomerSnapshot {
            id: c.id.clone(),
            name: c.name.clone().filter(|n| *n != c.id),
            credit_limit: c.credit_limit.map(|l| l.normalize()),
            open: plain(open),
            overdue: plain(s.overdue),
            buckets: s.buckets.into_iter().map(plain).collect(),
            open_items: s.items,
            prints: prints.into_iter().map(|(h, o)| (h, plain(o))).collect(),
        });
    }
    Ok(CurrencySnapshot {
        currency: currency.to_string(),
        figures: figures.into_iter().map(|(n, v)| (n, v.normalize())).collect(),
        aged: aged.into_iter().map(plain).collect(),
        customers,
    })
}

/// A sum as a decimal without trailing zeros (the record stays short).
fn plain(t: Total) -> Decimal {
    t.to_decimal().normalize()
}

/// What kind of export a file is, for a new history's suggested name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportKind {
    /// Open amounts at the export's date, no payment history (an aged
    /// balance, an open-items list).
    OpenItems,
    /// A French accounting file (FEC).
    Fec,
    /// Invoices with their payments.
    Receivables,
}

/// The kind of export a file is.
pub fn export_kind(report: &ImportReport) -> ExportKind {
    if report.fec.is_some() {
        ExportKind::Fec
    } else if report.snapshot_date.is_some() {
        ExportKind::OpenItems
    } else {
        ExportKind::Receivables
    }
}

/// The key of a file's header layout, which its history is offered by:
/// its folded headers (as a remembered column mapping is keyed); for a
/// file read without a header layout (a FEC, whose columns are fixed), its
/// format and the folded headers of the columns read.
pub fn layout_key(report: &ImportReport) -> String {
    if !report.layout.signature.is_empty() {
        return report.layout.signature.clone();
    }
    let columns: Vec<String> = report.columns.iter().map(|(_, h)| fold(h)).collect();
    let format = if report.fec.is_some() { "fec" } else { "file" };
    format!("{format}:{}", columns.join("|"))
}

/// Month names (French and English, long and short) left out of a
/// suggested name: next month's file has another.
const MONTHS: [&str; 33] = [
    "janvier",
    "fevrier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
    "décembre",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "fev",
    "sep",
    "oct",
    "dec",
];

/// The stem of a history's name from a file's name: the extension, dates,
/// numbers and month names left out, separators made spaces, the first
/// letter a capital ("balance_agee-SOCIETE X-2026-10-31.csv" gives
/// "Balance agee SOCIETE X"); empty when nothing is left.
pub fn name_stem(file_name: &str) -> String {
    let stem = match file_name.rsplit_once('.') {
        Some((s, ext)) if !s.is_empty() && (1..=5).contains(&ext.len()) && ext.chars().all(char::is_alphanumeric) => s,
        _ => file_name,
    };
    let words: Vec<&str> = stem
        .split(|c: char| !c.is_alphanumeric() && c != '&' && c != '\'')
        .filter(|w| !w.is_empty())
        .filter(|w| *w == "&" || w.chars().any(char::is_alphabetic))
        // "2026T3", "M10": a period's code, not a name.
        .filter(|w| w.chars().filter(|c| c.is_ascii_digit()).count() * 2 < w.chars().count())
        .filter(|w| !MONTHS.contains(&w.to_lowercase().as_str()))
        .collect();
    let joined = words.join(" ");
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::analysis::kpi::aging::{aged_balance_by, AgeBasis, GroupBy};
    use crate::domain::ledger::tests::{d, dec, inv, ledger};
    use crate::domain::ledger::{ItemKind, Settlement};

    #[test]
    fn fingerprints_are_stable_salted_and_48_bits() {
        // Fixed values: a change of the function would make every kept
        // history's invoices look gone and new.
        assert_eq!(fingerprint("s", "F1"), fingerprint("s", " F1 "));
        assert_ne!(fingerprint("s", "F1"), fingerprint("t", "F1"));
        assert_ne!(fingerprint("s", "F1"), fingerprint("s", "F2"));
        assert_ne!(fingerprint("sF", "1"), fingerprint("s", "F1"), "the separator keeps salt and number apart");
        assert_eq!(fingerprint("abc", "F2026-00123"), 103_847_148_899_296);
        for i in 0..1000 {
            assert!(fingerprint("salt", &format!("INV-{i}")) < 1 << 48);
        }
    }

    /// At 31 March: C0 owes 300 due 28 Feb (31 days late: 31-60), 200 due
    /// 30 April (not due), a credit note of -50 due 25 March (1-30); C1
    /// owes 1,000 due 1 January (89 days: 61-90) and an unapplied receipt
    /// of -100; C2's invoice was paid.
    pub(crate) fn march() -> crate::domain::ledger::Ledger {
        let mut cash = inv(1, "2026-03-20", "2026-03-20", "-100", None);
        cash.kind = ItemKind::UnappliedCash;
        let mut l = ledger(vec![
            inv(0, "2026-01-29", "2026-02-28", "300", None),
            inv(0, "2026-03-31", "2026-04-30", "200", None),
            inv(0, "2026-03-10", "2026-03-25", "-50", None),
            inv(1, "2025-12-02", "2026-01-01", "1000", None),
            cash,
            inv(2, "2026-02-01", "2026-03-03", "400", Some("2026-03-15")),
        ]);
        l.customers[0].name = Some("Alpha".into());
        l.customers[1].credit_limit = Some(dec("800"));
        l
    }

    #[test]
    fn a_customer_per_line_of_the_aged_balance_with_its_prints() {
        let l = march();
        let t = d("2026-03-31");
        let b = Buckets::default();
        let s = currency_snapshot(View::all(&l), t, &b, "s", "EUR", BTreeMap::new()).unwrap();
        assert_eq!(s.customers.len(), 2, "C2 owes nothing");
        let c0 = &s.customers[0];
        assert_eq!((c0.id.as_str(), c0.label()), ("C0", "Alpha (C0)".to_string()));
        assert_eq!((c0.open, c0.overdue, c0.open_items), (dec("450"), dec("250"), 3));
        assert_eq!(c0.buckets, vec![dec("200"), dec("-50"), dec("300"), dec("0"), dec("0")]);
        assert_eq!(c0.oldest_bucket(), Some(2));
        let mut prints: Vec<(u64, Decimal)> =
            l.invoices[..3].iter().map(|i| (fingerprint("s", &i.id), i.amount.to_decimal().normalize())).collect();
        prints.sort();
        assert_eq!(c0.prints, prints);
        // C1: the unapplied cash (received 11 days ago, aged as every line
        // is) is in its open and overdue amounts, not a print.
        let c1 = &s.customers[1];
        assert_eq!((c1.open, c1.overdue, c1.open_items, c1.prints.len()), (dec("900"), dec("900"), 1, 1));
        assert_eq!(c1.overrun(), Some(dec("100")));
        assert_eq!(c1.buckets, vec![dec("0"), dec("-100"), dec("0"), dec("1000"), dec("0")]);
        // The aged balance of the page, exactly.
        let a = aged_balance_by(&l, t, &b, GroupBy::Customer, AgeBasis::DueDate).unwrap();
        assert_eq!(s.aged, a.totals.iter().map(|x| x.normalize()).collect::<Vec<_>>());
        assert_eq!(s.aged.iter().sum::<Decimal>(), dec("1350"));
    }

    #[test]
    fn lines_of_one_invoice_make_one_print_and_a_snapshot_is_read_at_its_date() {
        let mut a = inv(0, "2026-03-01", "2026-03-31", "100", None);
        a.id = "F1".into();
        let mut b = a.clone();
        b.amount = crate::domain::ledger::tests::m("20");
        let mut l = ledger(vec![a, b]);
        for i in &mut l.invoices {
            i.settlement = Settlement::OpenAtSnapshot(i.amount);
        }
        l.snapshot_date = Some(d("2026-03-01"));
        let s = currency_snapshot(View::all(&l), d("2026-03-31"), &Buckets::default(), "x", "EUR", BTreeMap::new())
            .unwrap();
        assert_eq!(s.customers[0].prints, vec![(fingerprint("x", "F1"), dec("120"))]);
        let before =
            currency_snapshot(View::all(&l), d("2026-02-28"), &Buckets::default(), "x", "EUR", BTreeMap::new());
        assert_eq!(before, Err(Unavailable::SnapshotFrom(d("2026-03-01"))));
    }

    #[test]
    fn a_layout_without_a_header_row_names_its_format() {
        let mut report = ImportReport {
            columns: vec![(crate::domain::import::mapping::Role::InvoiceId, "PieceRef".into())],
            ..ImportReport::default()
        };
        assert_eq!((layout_key(&report).as_str(), export_kind(&report)), ("file:pieceref", ExportKind::Receivables));
        report.layout.signature = "client|montant".into();
        assert_eq!(layout_key(&report), "client|montant");
    }

    #[test]
    fn names_from_file_names() {
        assert_eq!(name_stem("balance_agee-SOCIETE X-2026-10-31.csv"), "Balance agee SOCIETE X");
        assert_eq!(name_stem("Encours clients octobre 2026.xlsx"), "Encours clients");
        assert_eq!(name_stem("AR_aging_Oct_2026_M10.xls"), "AR aging");
        assert_eq!(name_stem("2026-10-31.csv"), "");
        assert_eq!(name_stem("Dupont & Fils"), "Dupont & Fils");
        assert_eq!(name_stem("l'export.v2.csv"), "L'export", "a version code is no name");
    }

    #[test]
    fn a_customer_leaves_out_what_it_lacks_in_a_document_and_keeps_every_field_in_a_message() {
        let bare = CustomerSnapshot {
            id: "C1".into(),
            name: None,
            credit_limit: None,
            open: dec("10"),
            overdue: dec("0"),
            buckets: vec![dec("10")],
            open_items: 1,
            prints: vec![],
        };
        let full = CustomerSnapshot {
            name: Some("Dupont".into()),
            credit_limit: Some(dec("500")),
            prints: vec![(7, dec("10"))],
            ..bare.clone()
        };
        let json = serde_json::to_string(&bare).unwrap();
        assert_eq!(json, r#"{"id":"C1","open":"10","overdue":"0","buckets":["10"],"open_items":1}"#);
        assert!(serde_json::to_string(&full).unwrap().contains(r#""name":"Dupont","credit_limit":"500""#));
        for c in [bare, full] {
            assert_eq!(serde_json::from_str::<CustomerSnapshot>(&serde_json::to_string(&c).unwrap()).unwrap(), c);
            let bytes = postcard::to_allocvec(&c).unwrap();
            assert_eq!(postcard::from_bytes::<CustomerSnapshot>(&bytes).unwrap(), c, "read field after field");
        }
    }
}
