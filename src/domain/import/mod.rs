//! Import: bytes of an export in, a `Ledger` and an `ImportReport` out.
//! A bad row never fails the import: it is skipped or kept with a warning,
//! and the report says where and why. Only a file that cannot be read as a
//! whole (empty, no header, a required column missing) is an `ImportError`.

pub mod content;
pub mod csv;
pub mod fec;
pub mod mapping;
pub mod matching;
pub mod payments;
pub mod report;
pub mod sniff;
pub mod spreadsheet;
pub mod values;

use mapping::Role;
use values::{DateOrder, DecimalSeparator};

pub use self::csv::import_csv;
pub use self::spreadsheet::import_spreadsheet;
use crate::domain::ledger::Ledger;
pub use report::{DateForm, ImportReport, Issue, Problem, Severity};

/// Choices an import would otherwise guess; `None` means "find out". The
/// page carries them in its load request, so the user sees and changes them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportOptions {
    pub delimiter: Option<u8>,
    pub date_order: Option<DateOrder>,
    pub decimal_separator: Option<DecimalSeparator>,
    /// Currency of amounts that name none (kpi.md "Currencies").
    pub default_currency: String,
    /// Payment terms where the due date is missing (and for every FEC line).
    pub terms: PaymentTerms,
    /// The role of each column, chosen on the mapping screen for this file
    /// (by column index; `None` ignores the column). Used when it has as
    /// many entries as the header has cells.
    pub mapping: Option<Vec<Option<Role>>>,
    /// Mappings the user chose before, by header layout (local storage):
    /// one whose signature is this file's header is applied.
    pub saved_mappings: Vec<SavedMapping>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            delimiter: None,
            date_order: None,
            decimal_separator: None,
            default_currency: "EUR".to_string(),
            terms: PaymentTerms::default(),
            mapping: None,
            saved_mappings: Vec::new(),
        }
    }
}

/// A column mapping remembered for one header layout.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SavedMapping {
    /// `mapping::signature` of the header row.
    pub signature: String,
    pub roles: Vec<Option<Role>>,
}

/// Payment terms: how a due date follows from an invoice date when the
/// file has none (kpi.md "FEC": 30 days by default; 45 days end of month
/// and 60 days are the legal maximums in France).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PaymentTerms {
    /// Invoice date + n days.
    Days(u32),
    /// Invoice date + n days, then the end of that month ("45 jours fin de mois").
    DaysEndOfMonth(u32),
}

impl Default for PaymentTerms {
    fn default() -> Self {
        PaymentTerms::Days(30)
    }
}

impl PaymentTerms {
    /// The due date of an invoice issued on `invoice_date`.
    pub fn due_date(self, invoice_date: chrono::NaiveDate) -> chrono::NaiveDate {
        use chrono::{Datelike, Days};
        let (n, end_of_month) = match self {
            PaymentTerms::Days(n) => (n, false),
            PaymentTerms::DaysEndOfMonth(n) => (n, true),
        };
        let d = invoice_date.checked_add_days(Days::new(n.into())).unwrap_or(invoice_date);
        if !end_of_month {
            return d;
        }
        let (y, m) = if d.month() == 12 { (d.year() + 1, 1) } else { (d.year(), d.month() + 1) };
        chrono::NaiveDate::from_ymd_opt(y, m, 1).and_then(|f| f.pred_opt()).unwrap_or(d)
    }
}

/// Reads an export of any supported kind: a workbook (.xlsx, .xls, .ods...)
/// by its sheets, a FEC (kpi.md "FEC", known by its header) as the
/// accounting file it is, anything else as delimited text.
pub fn import_file(bytes: &[u8], opts: &ImportOptions) -> Result<(Ledger, ImportReport), ImportError> {
    match route(bytes) {
        Route::Workbook => import_spreadsheet(bytes, opts),
        Route::Fec => fec::import_fec(bytes, opts),
        Route::Delimited => import_csv(bytes, opts),
    }
}

/// A delimited export or a FEC read as its slices arrive (a workbook, a
/// zip, is read whole with `import_file`). Both boxed: their states are
/// large, of different sizes.
pub enum Stream {
    Csv(Box<csv::CsvStream>),
    Fec(Box<fec::FecStream>),
}

impl Stream {
    /// The stream for a file of `route`; `None` for a workbook.
    pub fn new(route: Route, opts: ImportOptions) -> Option<Stream> {
        match route {
            Route::Delimited => Some(Stream::Csv(Box::new(csv::CsvStream::new(opts)))),
            Route::Fec => Some(Stream::Fec(Box::new(fec::FecStream::new(opts)))),
            Route::Workbook => None,
        }
    }

    /// Tells the stream the file's size (the CSV reader sizes its ledger).
    pub fn size_hint(&mut self, bytes: u64) {
        if let Stream::Csv(s) = self {
            s.size_hint(bytes);
        }
    }

    /// The next slice of the file.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), ImportError> {
        match self {
            Stream::Csv(s) => s.push(bytes),
            Stream::Fec(s) => s.push(bytes),
        }
    }

    /// Rows read so far, for a progress bar.
    pub fn rows_read(&self) -> u64 {
        match self {
            Stream::Csv(s) => s.rows_read(),
            Stream::Fec(s) => s.rows_read(),
        }
    }

    /// The file has ended.
    pub fn finish(self) -> Result<(Ledger, ImportReport), ImportError> {
        match self {
            Stream::Csv(s) => s.finish(),
            Stream::Fec(s) => s.finish(),
        }
    }
}

/// How a file is read, known from its first bytes (a few KB are enough).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// A workbook: a zip or an OLE file, read whole.
    Workbook,
    /// A FEC, read whole.
    Fec,
    /// Delimited text (or a file the CSV import will name): streamed.
    Delimited,
}

/// The route of a file from its first bytes.
pub fn route(first_bytes: &[u8]) -> Route {
    match sniff_binary(first_bytes) {
        Some(BinaryKind::Zip | BinaryKind::OldExcel) => Route::Workbook,
        Some(_) => Route::Delimited,
        None => {
            // The first non-blank line (a FEC header is about 200 characters).
            let (head, _, _) = sniff::decode(&first_bytes[..first_bytes.len().min(4096)]);
            let first = head.split(['\n', '\r']).find(|l| !l.trim().is_empty()).unwrap_or("");
            if fec::is_fec(first) {
                Route::Fec
            } else {
                Route::Delimited
            }
        }
    }
}

/// A binary file recognised by its first bytes, so the user is told what
/// it is instead of "no header".
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BinaryKind {
    /// .xlsx, .ods and other zipped documents.
    Zip,
    /// Excel 97-2003 .xls (OLE compound file).
    OldExcel,
    Pdf,
    /// Anything else with NUL bytes where text has none.
    Other,
}

/// What kind of binary file `bytes` is, if it is one.
pub fn sniff_binary(bytes: &[u8]) -> Option<BinaryKind> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(BinaryKind::Zip);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(BinaryKind::OldExcel);
    }
    if bytes.starts_with(b"%PDF") {
        return Some(BinaryKind::Pdf);
    }
    // UTF-16 text has NUL bytes too, but starts with its BOM.
    let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    (!utf16 && bytes.iter().take(4096).any(|b| *b == 0)).then_some(BinaryKind::Other)
}

/// Why a whole file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    #[error("no header row was found in the first 30 lines")]
    NoHeader,
    #[error("required columns are missing: {missing:?} (columns found: {found:?})")]
    MissingColumns { missing: Vec<Role>, found: Vec<String> },
    #[error("the file has a header but no data row")]
    NoRows,
    #[error("this is a {0:?} file, not delimited text")]
    NotText(BinaryKind),
    #[error("the workbook could not be read")]
    UnreadableWorkbook,
    /// The file holds more than the browser can keep in memory.
    #[error("the file is too big to be held in memory")]
    TooBig,
    /// Required roles were not found: the mapping screen opens with this
    /// layout so the user can say which column is which.
    #[error("required columns are missing: {missing:?}")]
    NeedsMapping { missing: Vec<Role>, layout: Box<mapping::Layout> },
}

/// Random damage for the import's robustness tests: the same on every run.
#[cfg(test)]
pub(crate) mod damage {
    /// A small xorshift.
    pub fn rng(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    /// `base` with 1 to 12 random changes: a byte removed, one of the
    /// `nasty` pieces inserted, or a byte replaced.
    pub fn damaged(base: &[u8], seed: &mut u64, nasty: &[&[u8]]) -> Vec<u8> {
        let mut bytes = base.to_vec();
        for _ in 0..(1 + rng(seed) % 12) {
            if bytes.is_empty() {
                break;
            }
            let at = (rng(seed) as usize) % bytes.len();
            match rng(seed) % 3 {
                0 => {
                    bytes.remove(at);
                }
                1 => {
                    let piece = nasty[(rng(seed) as usize) % nasty.len()];
                    bytes.splice(at..at, piece.iter().copied());
                }
                _ => bytes[at] = rng(seed) as u8,
            }
        }
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::tests::d;

    #[test]
    fn payment_terms() {
        assert_eq!(PaymentTerms::Days(30).due_date(d("2026-01-31")), d("2026-03-02"));
        assert_eq!(PaymentTerms::Days(60).due_date(d("2026-01-15")), d("2026-03-16"));
        // 45 days end of month: 15 Jan + 45 = 1 Mar, end of March.
        assert_eq!(PaymentTerms::DaysEndOfMonth(45).due_date(d("2026-01-15")), d("2026-03-31"));
        assert_eq!(PaymentTerms::DaysEndOfMonth(45).due_date(d("2026-11-20")), d("2027-01-31"));
    }
}
