//! A fuzz target per importer, as a bounded property test (it runs in
//! `make test` on any machine, nightly or not): each case takes a file of
//! the importer's corpus (`tests/fuzz/<importer>/`), damages it with random
//! edits (bytes flipped, separators, quotes and line ends inserted, parts
//! cut out or repeated, the file truncated) and imports it. Whatever the
//! bytes, the import answers: a ledger or a clear error, never a panic, and
//! a ledger accounts for every row it read. proptest shrinks a failing case
//! to a small one and records its seed in `tests/fuzz.proptest-regressions`.

use encours::domain::analysis::kpi::{kpis, Period};
use encours::domain::import::matching::apply_payments;
use encours::domain::import::payments::import_payments;
use encours::domain::import::{import_file, ImportOptions};
use encours::domain::ledger::money::Money;
use encours::domain::ledger::{Currency, Ledger};
use proptest::prelude::*;
use std::path::PathBuf;

/// The corpus of one importer.
fn corpus(importer: &str) -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz").join(importer);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    files.sort();
    assert!(!files.is_empty(), "{} has no corpus", dir.display());
    files.iter().map(|f| std::fs::read(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()))).collect()
}

/// Bytes that matter to a reader of exports.
const TOKENS: &[&[u8]] = &[
    b";",
    b",",
    b"\t",
    b"|",
    b"\"",
    b"\r",
    b"\n",
    b"\r\n",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xc3",
    b"\xa4",
    b"-",
    b"0",
    b"1e27",
    b"99999999999999999999",
    b"31/02/2026",
    b"2026-13-45",
    b"NaN",
    b"  ",
    b"(",
    b")",
    b"\xe2\x82\xac",
];

/// One edit of a file: positions are fractions of its length.
#[derive(Debug, Clone)]
enum Edit {
    Flip { at: f64, byte: u8 },
    Insert { at: f64, token: usize },
    Cut { at: f64, len: usize },
    Repeat { at: f64, len: usize },
    Truncate { at: f64 },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0.0..1.0f64, any::<u8>()).prop_map(|(at, byte)| Edit::Flip { at, byte }),
        (0.0..1.0f64, 0..TOKENS.len()).prop_map(|(at, token)| Edit::Insert { at, token }),
        (0.0..1.0f64, 1..200usize).prop_map(|(at, len)| Edit::Cut { at, len }),
        (0.0..1.0f64, 1..400usize).prop_map(|(at, len)| Edit::Repeat { at, len }),
        (0.0..1.0f64).prop_map(|at| Edit::Truncate { at }),
    ]
}

fn damaged(base: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut b = base.to_vec();
    for e in edits {
        let pos = |at: f64, b: &Vec<u8>| ((b.len() as f64) * at) as usize;
        match *e {
            Edit::Flip { at, byte } => {
                let p = pos(at, &b);
                if let Some(x) = b.get_mut(p) {
                    *x = byte;
                }
            }
            Edit::Insert { at, token } => {
                let p = pos(at, &b).min(b.len());
                b.splice(p..p, TOKENS[token].iter().copied());
            }
            Edit::Cut { at, len } => {
                let p = pos(at, &b).min(b.len());
                let end = (p + len).min(b.len());
                b.drain(p..end);
            }
            Edit::Repeat { at, len } => {
                let p = pos(at, &b).min(b.len());
                let end = (p + len).min(b.len());
                let part = b[p..end].to_vec();
                b.splice(end..end, part);
            }
            Edit::Truncate { at } => {
                let p = pos(at, &b);
                b.truncate(p.max(1));
            }
        }
    }
    b
}

/// What any ledger an import gives must hold; `invoices` is the report's
/// count of its invoice lines (invoices and credit notes, sales or brought
/// forward; unapplied cash apart).
fn check_ledger(ledger: &Ledger, invoices: u64) {
    let sales = ledger.invoices.iter().filter(|i| i.is_invoice()).count() as u64;
    assert_eq!(sales, invoices, "the report counts the ledger's invoices");
    let limit = Money::whole(100_000_000_000_000);
    for inv in &ledger.invoices {
        assert!(inv.amount.abs() <= limit, "amount within what a receivable can be: {:?}", inv.amount);
        assert!((inv.customer as usize) < ledger.customers.len(), "customer index in range");
        for p in inv.payments() {
            assert!(p.amount.abs() <= limit.abs() + limit.abs());
        }
    }
    // Every figure computes on it, at its latest date and before it.
    if let Some(t) = ledger.latest_event_date() {
        for period in [Period::D30, Period::D365] {
            let _ = kpis(ledger, t, period);
            let _ = kpis(ledger, t - chrono::Days::new(45), period);
        }
    }
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, max_shrink_iters: 2_000, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn csv_exports(file in 0..64usize, edits in prop::collection::vec(edit(), 1..8)) {
        let corpus = corpus("csv");
        let bytes = damaged(&corpus[file % corpus.len()], &edits);
        if let Ok((ledger, r)) = import_file(&bytes, &ImportOptions::default()) {
            prop_assert_eq!(r.invoices + r.unapplied_cash + r.merged_lines + r.rows_skipped + r.rows_excluded, r.rows_read);
            check_ledger(&ledger, r.invoices);
        }
    }
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn fec_files(file in 0..16usize, edits in prop::collection::vec(edit(), 1..8)) {
        let corpus = corpus("fec");
        let bytes = damaged(&corpus[file % corpus.len()], &edits);
        if let Ok((ledger, r)) = import_file(&bytes, &ImportOptions::default()) {
            check_ledger(&ledger, r.invoices);
            if let Some(f) = r.fec.as_ref() {
                prop_assert_eq!(f.receivable_lines + r.rows_skipped, r.rows_read);
                prop_assert_eq!(ledger.unapplied().count() as u64, f.unapplied_lines + f.advances);
            }
        }
    }
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn payments_files(edits in prop::collection::vec(edit(), 1..8)) {
        let corpus = corpus("payments");
        let bytes = damaged(&corpus[0], &edits);
        if let Ok((lines, report)) = import_payments(&bytes, &ImportOptions::default()) {
            prop_assert_eq!(lines.len() as u64, report.payments);
            // Applied to the invoices they were written for: every line is
            // matched or left unapplied, none lost.
            let invoices = std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invoices-for-payments.csv"))
                .unwrap_or_default();
            if let Ok((mut ledger, r)) = import_file(&invoices, &ImportOptions::default()) {
                let s = apply_payments(&mut ledger, &lines, Currency::EUR);
                prop_assert_eq!(s.matched + s.unmatched, lines.len() as u64);
                // Unapplied: each unmatched line, and each advance (cash
                // matched before its invoice date, applied on that day).
                let advance_lines = ledger.unapplied().filter(|u| !u.payments().is_empty()).count();
                prop_assert_eq!((ledger.unapplied().count() - advance_lines) as u64, s.unmatched);
                prop_assert_eq!(advance_lines > 0, s.advances > 0);
                check_ledger(&ledger, r.invoices);
            }
        }
    }
}

proptest! {
    // A workbook is a zip: most damage is caught by its checksums, so
    // fewer cases reach the sheet reader.
    #![proptest_config(config(150))]

    #[test]
    fn workbooks(edits in prop::collection::vec(edit(), 1..4)) {
        let corpus = corpus("xlsx");
        let bytes = damaged(&corpus[0], &edits);
        if let Ok((ledger, r)) = import_file(&bytes, &ImportOptions::default()) {
            check_ledger(&ledger, r.invoices);
        }
    }
}
