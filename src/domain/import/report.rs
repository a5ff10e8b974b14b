//! What an import says about the file: each doubtful or skipped row with its
//! place (line as an editor shows it, column, the value seen) and what was
//! expected, as data the UI words in French or English; and the choices the
//! import made for the whole file (encoding, delimiter, date order...).

use super::mapping::Role;
use super::values::{DateOrder, DecimalSeparator};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How bad an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Severity {
    /// The row was skipped: its figures are not in the analysis.
    Skipped,
    /// The row is in, with the stated assumption.
    Warning,
}

/// What was wrong with a value, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// A required value is empty.
    Missing,
    /// Not a date in any known form.
    NotADate,
    /// Not an amount.
    NotAnAmount,
    /// Not a yes/no flag; read as "no".
    NotAFlag,
    /// Not a three-letter currency code; the file's default was used.
    NotACurrency,
    /// Due date empty or unreadable: invoice date + the default terms used.
    DueDateAssumed { terms_days: u32 },
    /// The row has fewer cells than the header.
    ShortRow { cells: usize, expected: usize },
    /// The same invoice id was already seen on that line; both are kept.
    DuplicateId { first_line: u64 },
    /// Settled before it was issued: kept, the settled date is used as is.
    SettledBeforeInvoice,
}

/// One issue at one place in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// 1-based line number, the header being line `header_line`.
    pub line: u64,
    /// The column's header as written in the file.
    pub column: Option<String>,
    pub role: Option<Role>,
    /// The raw value seen (cut to 60 characters).
    pub value: String,
    pub problem: Problem,
    pub severity: Severity,
}

/// The whole-file choices and counts of an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// The text encoding; empty for a workbook.
    pub encoding: String,
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    /// Bytes that were not valid in that encoding (shown as U+FFFD).
    pub invalid_bytes: u64,
    pub delimiter: char,
    pub header_line: u64,
    pub date_order: DateOrder,
    /// True when no date in the file told day-first from month-first.
    pub date_order_assumed: bool,
    pub decimal_separator: DecimalSeparator,
    /// The columns used, by role, with their headers.
    pub columns: Vec<(Role, String)>,
    /// Columns whose role an earlier column already had (ignored).
    pub duplicate_columns: Vec<String>,
    /// Columns not used.
    pub ignored_columns: Vec<String>,
    /// Data rows read (blank lines not counted).
    pub rows_read: u64,
    pub invoices: u64,
    pub credit_notes: u64,
    pub rows_skipped: u64,
    pub customers: u64,
    /// Currency given to amounts that name none.
    pub default_currency: String,
    /// How many invoices took the default currency.
    pub default_currency_used: u64,
    /// Payment terms assumed where the due date is missing.
    pub default_terms_days: u32,
    /// The snapshot date when the file is a snapshot of open amounts.
    pub snapshot_date: Option<NaiveDate>,
    /// Issues, in file order, at most `MAX_ISSUES` kept.
    pub issues: Vec<Issue>,
    /// How many issues there were in all (more than `issues.len()` when cut).
    pub issues_total: u64,
}

/// Issues kept in the report; the count of all of them is kept apart.
pub const MAX_ISSUES: usize = 1000;

impl ImportReport {
    pub fn push(&mut self, issue: Issue) {
        self.issues_total += 1;
        if self.issues.len() < MAX_ISSUES {
            self.issues.push(issue);
        }
    }

    pub fn skipped_issues(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Skipped)
    }
}
