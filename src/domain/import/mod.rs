//! Import: bytes of an export in, a `Ledger` and an `ImportReport` out.
//! A bad row never fails the import: it is skipped or kept with a warning,
//! and the report says where and why. Only a file that cannot be read as a
//! whole (empty, no header, a required column missing) is an `ImportError`.

pub mod csv;
pub mod mapping;
pub mod report;
pub mod sniff;
pub mod spreadsheet;
pub mod values;

use mapping::Role;
use values::{DateOrder, DecimalSeparator};

pub use self::csv::import_csv;
pub use self::spreadsheet::import_spreadsheet;
use crate::domain::ledger::Ledger;
pub use report::{ImportReport, Issue, Problem, Severity};

/// Choices an import would otherwise guess; `None` means "find out".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    pub delimiter: Option<u8>,
    pub date_order: Option<DateOrder>,
    pub decimal_separator: Option<DecimalSeparator>,
    /// Currency of amounts that name none (kpi.md "Currencies").
    pub default_currency: String,
    /// Payment terms in days where the due date is missing.
    pub default_terms_days: u32,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            delimiter: None,
            date_order: None,
            decimal_separator: None,
            default_currency: "EUR".to_string(),
            default_terms_days: 30,
        }
    }
}

/// Reads an export of any supported kind: a workbook (.xlsx, .xls, .ods...)
/// by its sheets, anything else as delimited text.
pub fn import_file(bytes: &[u8], opts: &ImportOptions) -> Result<(Ledger, ImportReport), ImportError> {
    match sniff_binary(bytes) {
        Some(BinaryKind::Zip | BinaryKind::OldExcel) => import_spreadsheet(bytes, opts),
        _ => import_csv(bytes, opts),
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
}
