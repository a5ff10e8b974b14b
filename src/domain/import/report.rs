//! What an import says about the file: each doubtful or skipped row with its
//! place (line as an editor shows it, column, the value seen) and what was
//! expected, as data the UI words in French or English; and the choices the
//! import made for the whole file (encoding, delimiter, date order...).

use super::mapping::Role;
use super::values::{DateOrder, DecimalSeparator};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How the file writes its dates, as the import summary words it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateForm {
    /// Some dates are written a/b/yyyy: `date_order` says how they were read.
    #[default]
    DayMonth,
    /// Every date seen is written year first (yyyy-mm-dd, yyyymmdd, an ISO
    /// timestamp): there was no order to choose.
    YearFirst,
    /// No date written as text (Excel serial numbers, no date seen): nothing
    /// to say of an order.
    Unwritten,
}

/// How bad an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Severity {
    /// Not a receivable (a supplier bill, a draft, a voided line): left
    /// out on purpose and counted in `ImportReport::excluded`.
    Excluded,
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
    /// An amount too large to be a receivable (over 10^14).
    TooLarge,
    /// Not a receivable, said by the type or status column.
    Excluded { reason: ExclusionReason },
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    /// How the dates are written; the summary names `date_order` only for
    /// a/b/yyyy dates.
    #[serde(default)]
    pub date_form: DateForm,
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
    /// Rows left out as not receivables (see `excluded`).
    pub rows_excluded: u64,
    pub customers: u64,
    /// Currency given to amounts that name none.
    pub default_currency: String,
    /// How many invoices took the default currency.
    pub default_currency_used: u64,
    /// Payment terms assumed where the due date is missing.
    pub terms: super::PaymentTerms,
    /// Invoices whose due date came from `terms` (no due date in the file).
    pub due_dates_assumed: u64,
    /// The file says nothing of payments (no payment date, open or paid
    /// amount): every invoice is taken as unpaid at the export's date, but
    /// those a status says paid (`paid_without_date`).
    pub no_payment_info: bool,
    /// No amount in the file said which decimal separator it uses.
    pub decimal_separator_assumed: bool,
    /// The amount read is tax excluded: no tax-included column was found.
    pub amount_excludes_tax: bool,
    /// Lines that are not receivables, by why and the value that said so
    /// (a document-type or status column): never in the figures.
    pub excluded: Vec<Excluded>,
    /// Payment lines not cleared: cash on account that no invoice took,
    /// read as unapplied cash (negative open items, not sales).
    #[serde(default)]
    pub unapplied_cash: u64,
    /// Header rows repeated inside the data (page breaks of a report).
    pub repeated_headers: u64,
    /// Rows that were further lines of an invoice already read (one row
    /// per invoice line): summed into it, or its header repeated.
    pub merged_lines: u64,
    /// Of `merged_lines`, those whose amounts were added to their
    /// invoice's (line amounts); the others repeated its total.
    #[serde(default)]
    pub summed_lines: u64,
    /// Amounts with a float's long tail, rounded to the cent ("1249.9999999997"),
    /// and the first one seen.
    pub rounded_amounts: u64,
    pub rounded_example: Option<String>,
    /// The file's columns as the mapping screen shows them.
    pub layout: super::mapping::Layout,
    /// For a FEC: the accounting file's own figures.
    pub fec: Option<FecSummary>,
    /// The snapshot date when the file as a whole is a snapshot of open
    /// amounts (no payment history in it: `Ledger::snapshot_date`).
    pub snapshot_date: Option<NaiveDate>,
    /// Invoices whose open amount is known only at the export's date (an
    /// open or paid amount and no payment date): each is a snapshot of its
    /// own, the rest of the file keeps its history.
    #[serde(default)]
    pub snapshot_lines: u64,
    /// Invoices whose status says paid but whose row gives no payment date
    /// (nor an open or paid amount): settled, nothing open, but no date is
    /// invented, so they have no days to pay (kpi.md "Records").
    #[serde(default)]
    pub paid_without_date: u64,
    /// Issues, in file order, at most `MAX_ISSUES` kept.
    pub issues: Vec<Issue>,
    /// How many issues there were in all (more than `issues.len()` when cut).
    pub issues_total: u64,
}

/// Why a line is not a receivable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExclusionReason {
    /// A supplier's bill (accounts payable), not a sale.
    SupplierBill,
    /// A draft, pro forma or quote: not issued.
    Draft,
    /// Voided, cancelled or deleted.
    Voided,
    /// A payment line in an invoices file.
    PaymentLine,
}

/// Lines excluded for one reason and one value of the type column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Excluded {
    pub reason: ExclusionReason,
    /// The value that said so ("Facture fournisseur", "Brouillon"...).
    pub value: String,
    pub lines: u64,
    pub amount: rust_decimal::Decimal,
}

/// What a FEC held, for the import summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FecSummary {
    /// Lines of the file, and those on customer accounts read (411, 416, 4191).
    pub entries: u64,
    pub receivable_lines: u64,
    /// The balance (debits - credits) of the customer accounts read (411,
    /// 416, 4191) at the last entry date: AR then.
    pub balance: rust_decimal::Decimal,
    pub last_entry: Option<NaiveDate>,
    /// Lettering groups fully matched, partly matched.
    pub lettered_groups: u64,
    pub partial_groups: u64,
    /// Credit lines (payments) applied to no invoice: unapplied cash.
    pub unapplied_lines: u64,
    /// Opening entries ("à nouveaux") read as invoices brought forward.
    pub opening_lines: u64,
    /// Debit/Credit columns, or Montant + Sens.
    pub montant_sens: bool,
    /// 411 debits outside the sales journals lettered with credits: the
    /// refunds of those credits (credit notes, over-payments), never sales.
    #[serde(default)]
    pub refund_lines: u64,
    /// 411 debits outside the sales journals and unlettered (a returned
    /// direct debit, an "impayé"): open receivables, in AR, not sales.
    #[serde(default)]
    pub returned_lines: u64,
    /// No 411 line was in a recognisable sales journal: every 411 debit
    /// (opening entries apart) is counted as a sale.
    #[serde(default)]
    pub no_sales_journal: bool,
    /// Lines on 416 (doubtful customers): receivables, counted at risk; their balance.
    #[serde(default)]
    pub doubtful_lines: u64,
    #[serde(default)]
    pub doubtful_balance: rust_decimal::Decimal,
    /// Invoices moved to 416 by an entry crediting 411 with them: they stay
    /// the invoices they were (sales, aged from their own date), at risk.
    #[serde(default)]
    pub doubtful_moved: u64,
    /// Lines on 4191 (advances received), the credits read as unapplied
    /// cash until an invoice takes them; the balance (a credit, negative),
    /// and how many advances (credits) were read.
    #[serde(default)]
    pub advance_lines: u64,
    #[serde(default)]
    pub advance_balance: rust_decimal::Decimal,
    #[serde(default)]
    pub advances: u64,
}

/// Issues kept in the report; the count of all of them is kept apart.
pub const MAX_ISSUES: usize = 1000;

/// Counts `issue` and keeps it while fewer than `MAX_ISSUES` are kept
/// (the rule of every import's report).
pub fn keep_issue(issues: &mut Vec<Issue>, total: &mut u64, issue: Issue) {
    *total += 1;
    if issues.len() < MAX_ISSUES {
        issues.push(issue);
    }
}

impl ImportReport {
    pub fn push(&mut self, issue: Issue) {
        keep_issue(&mut self.issues, &mut self.issues_total, issue);
    }

    pub fn skipped_issues(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Skipped)
    }
}
