//! A separate payments file (kpi.md "Records": a payment line is invoice
//! id, date, amount, and can settle an invoice in several parts): a
//! payments or bank-receipts export the user adds after an invoices file.
//!
//! `import_payments` reads it as `csv::import_csv` reads invoices: encoding
//! and delimiter sniffed, the header found among the first 30 rows by its
//! French or English words, the date order and decimal separator learned
//! from the values (unless the options set them), a bad row skipped with
//! its place (line as an editor shows it, column, value). It never fails on
//! a row, only on a file that cannot be read as a whole.
//!
//! `apply_payments` matches each payment to an invoice of the ledger by its
//! reference and records it with `Invoice::add_payment`, oldest payment
//! first. In order: the exact id; the id normalised (case, spaces, dashes,
//! dots, underscores and leading zeros ignored: " f-00123 " is "F123"); a
//! reference naming several invoices ("F1 + F2", "F1, F2", "F1 et F2"),
//! whose amount goes to each in turn up to its open amount at the payment
//! date, the rest to the last. A payment in another currency than the
//! invoice's is not matched (one naming no currency is in its invoice's).
//! A payment no invoice takes is never dropped: it becomes unapplied cash,
//! a negative open item of its customer (kpi.md "Outstanding": part of net
//! AR, not a sale).
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

use super::csv::LineCounter;
use super::mapping::{fold, Role};
use super::report::{keep_issue, Issue, Problem, Severity};
use super::values::{self, DateOrder, DecimalSeparator, MAX_AMOUNT};
use super::{sniff, ImportError, ImportOptions};
use crate::domain::ledger::{Currency, Customer, CustomerIx, Invoice, ItemKind, Ledger, Payment, Settlement};
use crate::domain::money::Money;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// One payment as the file gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentLine {
    /// The line of the file (1-based, as an editor shows it).
    pub line: u64,
    /// The invoice reference as written (padding dropped); may name several
    /// invoices, or be empty when the line names a customer.
    pub reference: String,
    /// The payer's code or name, when the file gives one.
    pub customer: Option<String>,
    pub date: NaiveDate,
    /// Money received (a negative amount is a refund, e.g. on a credit note).
    pub amount: Money,
    /// The currency the file states (its column, or a code beside the
    /// amount); `None`: the default currency.
    pub currency: Option<Currency>,
}

/// The whole-file choices and counts of a payments import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentsReport {
    pub encoding: String,
    /// Bytes that were not valid in that encoding (shown as U+FFFD).
    pub invalid_bytes: u64,
    pub delimiter: char,
    pub header_line: u64,
    /// The columns used, by role (the reference is `InvoiceId`, the payment
    /// date `SettledDate`, the amount `Amount`), with their headers.
    pub columns: Vec<(Role, String)>,
    /// Columns whose role a better-named column has (ignored).
    pub duplicate_columns: Vec<String>,
    /// Columns not used.
    pub ignored_columns: Vec<String>,
    pub date_order: DateOrder,
    /// True when no date in the file told day-first from month-first.
    pub date_order_assumed: bool,
    pub decimal_separator: DecimalSeparator,
    /// No amount in the file said which decimal separator it uses.
    pub decimal_separator_assumed: bool,
    /// Data rows read (blank lines and repeated headers not counted):
    /// `payments + rows_skipped`.
    pub rows_read: u64,
    /// Rows not taken: an unreadable value, no reference nor customer, or a
    /// zero amount (`zero_amounts` of them, reported as warnings).
    pub rows_skipped: u64,
    pub zero_amounts: u64,
    /// Header rows repeated inside the data (page breaks of a report).
    pub repeated_headers: u64,
    /// Payment lines read.
    pub payments: u64,
    /// Sum of the amounts read, whatever their currency: the file's own
    /// check figure. `totals` keeps the currencies apart.
    pub total: Decimal,
    /// Sum of the amounts per currency code (lines naming none under the
    /// options' default currency), by code.
    pub totals: Vec<(String, Decimal)>,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
    /// Issues, in file order, at most `MAX_ISSUES` kept.
    pub issues: Vec<Issue>,
    /// How many issues there were in all (more than `issues.len()` when cut).
    pub issues_total: u64,
}

impl PaymentsReport {
    fn push(&mut self, issue: Issue) {
        keep_issue(&mut self.issues, &mut self.issues_total, issue);
    }
}

/// A payment no invoice took, as the match summary lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnmatchedPayment {
    pub line: u64,
    pub reference: String,
    pub customer: Option<String>,
    pub date: NaiveDate,
    pub amount: Decimal,
}

/// What `apply_payments` did. Amounts are in the payments' own currencies
/// (mixed when the file has several).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchSummary {
    /// Payment lines applied to one or more invoices.
    pub matched: u64,
    /// Of those, matched only once normalised (case, separators, zeros).
    pub matched_normalised: u64,
    /// Of those, references naming several invoices.
    pub matched_several: u64,
    pub matched_amount: Decimal,
    /// Payment lines no invoice took: each is now unapplied cash.
    pub unmatched: u64,
    pub unmatched_amount: Decimal,
    /// Unmatched lines whose reference named an invoice in another currency.
    pub currency_mismatches: u64,
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

/// Unmatched lines listed in `MatchSummary` (all are counted).
pub const MAX_UNMATCHED_LISTED: usize = 1000;

/// Lines searched for the header row.
const HEADER_SEARCH: usize = 30;
/// Rows read to learn the date order and decimal separator.
const EVIDENCE_ROWS: usize = 100_000;
/// Rank of a header recognised by a word it contains rather than by name.
const BY_WORD: usize = 1000;
/// Words that make an amount header something else than the amount paid.
#[rustfmt::skip]
const NOT_PAID: &[&str] = &[
    "factur", "invoice", "restant", "reste", "remaining", "outstanding", "open", "solde", "balance", "due",
    "montantdu", "devise", "currency",
];

/// What a column of a payments file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Reference,
    Date,
    Amount,
    CustomerId,
    CustomerName,
    Currency,
}

impl Col {
    const ALL: [Col; 6] = [Col::Reference, Col::Date, Col::Amount, Col::CustomerId, Col::CustomerName, Col::Currency];

    /// The invoice file's role that stands for this column in reports and errors.
    fn role(self) -> Role {
        match self {
            Col::Reference => Role::InvoiceId,
            Col::Date => Role::SettledDate,
            Col::Amount => Role::Amount,
            Col::CustomerId => Role::CustomerId,
            Col::CustomerName => Role::CustomerName,
            Col::Currency => Role::Currency,
        }
    }

    /// Folded header names (see `mapping::fold`), the most specific first.
    #[rustfmt::skip]
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Col::Reference => &[
                "invoicenumber", "invoiceno", "invoicenum", "invoiceid", "invoiceref", "invno", "invoice",
                "invoices", "appliedto", "numerofacture", "numfacture", "nofacture", "nfacture", "nodefacture",
                "numerodefacture", "reffacture", "referencefacture", "facturen", "factureno", "facture",
                "factures", "pieceref", "refpiece", "numeropiece", "nopiece", "piece", "documentnumber",
                "documentno", "docnumber", "docno", "document", "reference", "references", "ref", "refs",
            ],
            Col::Date => &[
                "paymentdate", "datepaiement", "datedepaiement", "datedupaiement", "receiptdate",
                "datereception", "dateencaissement", "datedencaissement", "valuedate", "datevaleur",
                "datedevaleur", "clearedon", "cleareddate", "clearingdate", "datelettrage", "datedelettrage",
                "settlementdate", "datereglement", "datedereglement", "datedureglement", "paiddate", "datepaid",
                "paidon", "receivedon", "datereceived", "transactiondate", "dateoperation", "datedoperation",
                "bookingdate", "postingdate", "datecomptable", "date",
            ],
            Col::Amount => &[
                "amountpaid", "paidamount", "paymentamount", "amountreceived", "receivedamount",
                "receiptamount", "montantregle", "montantpaye", "montantencaisse", "montantreglement",
                "montantdureglement", "montantpaiement", "montantdupaiement", "encaissement", "encaissements",
                "encaisse", "regle", "paid", "received", "montant", "amount", "credit", "credits", "somme",
            ],
            Col::CustomerId => &[
                "customerid", "customercode", "customerno", "customernumber", "clientid", "codeclient",
                "numeroclient", "numclient", "noclient", "refclient", "compteclient", "codetiers",
                "compauxnum", "payerid", "debtorid", "customeraccount", "client", "customer", "tiers",
                "payer", "payeur", "debtor", "debiteur",
            ],
            Col::CustomerName => &[
                "customername", "clientname", "nomclient", "nomduclient", "raisonsociale", "payername",
                "nomtiers", "libelletiers", "compauxlib", "debtorname", "nom", "name",
            ],
            Col::Currency => &["currency", "currencycode", "devise", "codedevise", "idevise", "ccy", "curr", "monnaie"],
        }
    }

    /// A header not named exactly but holding a telling word ("Date de la
    /// remise", "Montant encaissé TTC").
    fn by_word(self, k: &str) -> bool {
        let any = |words: &[&str]| words.iter().any(|w| k.contains(w));
        match self {
            Col::Reference => {
                any(&["factur", "invoice"]) && !any(&["date", "montant", "amount", "devise", "currency", "echeance"])
            }
            Col::Date => k.contains("date") && !any(&["factur", "invoice", "echeance", "due", "emission", "issue"]),
            Col::Amount => any(&["montant", "amount"]) && !any(NOT_PAID) && !k.ends_with("ht"),
            Col::CustomerId => any(&["client", "customer", "tiers"]),
            Col::CustomerName | Col::Currency => false,
        }
    }

    /// The column a header means, and the rank of its name (0 is the best).
    /// A UTF-8 header read as Windows-1252 ("RÃ©fÃ©rence": a file whose
    /// few accents are outnumbered by stray bytes) is read as it was meant.
    fn of_header(header: &str) -> Option<(Col, usize)> {
        Col::of_folded(&fold(header))
    }

    fn of_folded(k: &str) -> Option<(Col, usize)> {
        if k.is_empty() {
            return None;
        }
        let exact =
            |k: &str| Col::ALL.into_iter().find_map(|c| c.synonyms().iter().position(|s| *s == k).map(|r| (c, r)));
        exact(k)
            .or_else(|| {
                // A currency in the header ("Montant (EUR)") does not hide its role.
                ["eur", "euro", "euros", "usd", "gbp", "chf"]
                    .iter()
                    .find_map(|c| k.strip_suffix(c).filter(|rest| !rest.is_empty()).and_then(exact))
            })
            .or_else(|| Col::ALL.into_iter().find(|c| c.by_word(k)).map(|c| (c, BY_WORD)))
    }
}

/// Where each column is in a header row: the best-named column of each kind.
#[derive(Debug, Default)]
struct Columns {
    /// (kind, column index, rank of its name).
    at: Vec<(Col, usize, usize)>,
    duplicates: Vec<(usize, String)>,
    ignored: Vec<(usize, String)>,
}

impl Columns {
    fn from_headers(headers: &[String]) -> Columns {
        let mut m = Columns::default();
        for (i, h) in headers.iter().enumerate() {
            match Col::of_header(h) {
                Some((c, rank)) => match m.at.iter().position(|(col, _, _)| *col == c) {
                    Some(k) if rank < m.at[k].2 => {
                        let old = m.at[k].1;
                        m.duplicates.push((old, headers[old].clone()));
                        m.at[k] = (c, i, rank);
                    }
                    Some(_) => m.duplicates.push((i, h.clone())),
                    None => m.at.push((c, i, rank)),
                },
                None if !h.is_empty() => m.ignored.push((i, h.clone())),
                None => {}
            }
        }
        m.duplicates.sort();
        m
    }

    fn get(&self, c: Col) -> Option<usize> {
        self.at.iter().find(|(col, _, _)| *col == c).map(|(_, i, _)| *i)
    }

    fn score(&self) -> usize {
        self.at.len()
    }

    /// The required columns this header lacks, as invoice-file roles.
    fn missing(&self) -> Vec<Role> {
        [Col::Reference, Col::Date, Col::Amount].into_iter().filter(|c| self.get(*c).is_none()).map(Col::role).collect()
    }
}

/// Reads a payments export. See the module doc.
pub fn import_payments(bytes: &[u8], opts: &ImportOptions) -> Result<(Vec<PaymentLine>, PaymentsReport), ImportError> {
    if let Some(kind) = super::sniff_binary(bytes) {
        return Err(ImportError::NotText(kind));
    }
    let (text, encoding, invalid_bytes) = sniff::decode(bytes);
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let delim = opts.delimiter.unwrap_or_else(|| sniff::delimiter(&text));
    let reader =
        || ::csv::ReaderBuilder::new().delimiter(delim).has_headers(false).flexible(true).from_reader(text.as_bytes());

    // The header: the row among the first ones that names the most columns,
    // one with all the required ones first.
    let mut rdr = reader();
    let mut lines = LineCounter::new(&text);
    let mut header: Option<(usize, Columns, Vec<String>, u64)> = None;
    let mut rec = ::csv::StringRecord::new();
    for i in 0..HEADER_SEARCH {
        if !rdr.read_record(&mut rec).unwrap_or(false) {
            break;
        }
        let cells: Vec<String> = rec.iter().map(|c| c.trim().to_string()).collect();
        let cols = Columns::from_headers(&cells);
        let key = |c: &Columns| (c.missing().is_empty(), c.score());
        if cols.score() >= 2 && header.as_ref().is_none_or(|(_, best, _, _)| key(&cols) > key(best)) {
            let line = rec.position().map_or(i as u64 + 1, |p| lines.line_at(p.byte()));
            header = Some((i, cols, cells, line));
        }
    }
    let (header_ix, cols, headers, header_line) = header.ok_or(ImportError::NoHeader)?;
    let missing = cols.missing();
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns {
            missing,
            found: headers.into_iter().filter(|h| !h.is_empty()).collect(),
        });
    }
    let folded_headers: Vec<String> = headers.iter().map(|h| fold(h)).collect();
    let is_repeated_header = |rec: &::csv::StringRecord| {
        rec.len() == headers.len() && rec.iter().zip(&folded_headers).all(|(c, h)| fold(c) == *h)
    };

    // Evidence for the date order and the decimal separator.
    let date_col = cols.get(Col::Date);
    let amount_col = cols.get(Col::Amount);
    let mut rdr = reader();
    let (mut day_first, mut month_first, mut dot, mut comma) = (0u64, 0u64, 0u64, 0u64);
    let (mut dates_seen, mut dates_numeric) = (0u64, 0u64);
    let mut row = 0usize;
    while rdr.read_record(&mut rec).unwrap_or(false) {
        row += 1;
        if row <= header_ix + 1 {
            continue;
        }
        if row > EVIDENCE_ROWS + header_ix + 1 {
            break;
        }
        let v = date_col.and_then(|c| rec.get(c)).unwrap_or("").trim();
        if !v.is_empty() {
            match values::date_order_evidence(v) {
                Some(DateOrder::DayFirst) => day_first += 1,
                Some(DateOrder::MonthFirst) => month_first += 1,
                None => {}
            }
            dates_seen += 1;
            if values::is_plain_number(v) && v.len() != 8 {
                dates_numeric += 1;
            }
        }
        match values::decimal_evidence(amount_col.and_then(|c| rec.get(c)).unwrap_or("")) {
            Some(DecimalSeparator::Dot) => dot += 1,
            Some(DecimalSeparator::Comma) => comma += 1,
            None => {}
        }
    }
    let date_order_assumed = opts.date_order.is_none() && day_first == 0 && month_first == 0;
    let date_order =
        opts.date_order.unwrap_or(if month_first > day_first { DateOrder::MonthFirst } else { DateOrder::DayFirst });
    let decimal_separator_assumed = opts.decimal_separator.is_none() && dot == 0 && comma == 0;
    let decimal_separator = opts.decimal_separator.unwrap_or(if comma > dot {
        DecimalSeparator::Comma
    } else if dot > comma || delim == b',' {
        DecimalSeparator::Dot
    } else {
        DecimalSeparator::Comma
    });
    // Excel serial day numbers only in a column whose dates are all numbers.
    let serial_dates = dates_seen > 0 && dates_seen == dates_numeric;

    let mut report = PaymentsReport {
        encoding: encoding.to_string(),
        invalid_bytes,
        delimiter: delim as char,
        header_line,
        columns: cols.at.iter().map(|(c, i, _)| (c.role(), headers[*i].clone())).collect(),
        duplicate_columns: cols.duplicates.iter().map(|(_, h)| h.clone()).collect(),
        ignored_columns: cols.ignored.iter().map(|(_, h)| h.clone()).collect(),
        date_order,
        date_order_assumed,
        decimal_separator,
        decimal_separator_assumed,
        ..PaymentsReport::default()
    };
    let rows = RowReader { cols: &cols, headers: &headers, date_order, decimal_separator, serial_dates };
    let mut totals: HashMap<String, Decimal> = HashMap::new();
    let mut out = Vec::new();
    let mut rdr = reader();
    let mut lines = LineCounter::new(&text);
    let mut row = 0usize;
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                // The text is valid UTF-8 and the reader flexible: an
                // I/O-level surprise. Say where, and stop reading.
                let line = e.position().map_or(0, |p| lines.line_at(p.byte()));
                report.push(Issue {
                    line,
                    column: None,
                    role: None,
                    value: String::new(),
                    problem: Problem::ShortRow { cells: 0, expected: headers.len() },
                    severity: Severity::Skipped,
                });
                report.rows_read += 1;
                report.rows_skipped += 1;
                break;
            }
        }
        row += 1;
        if row <= header_ix + 1 || rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if is_repeated_header(&rec) {
            report.repeated_headers += 1;
            continue;
        }
        report.rows_read += 1;
        let line = rec.position().map_or(row as u64, |p| lines.line_at(p.byte()));
        match rows.read(&rec, line, &mut report) {
            Some(p) => {
                report.payments += 1;
                report.total += p.amount.to_decimal();
                let code =
                    p.currency.map_or_else(|| opts.default_currency.trim().to_ascii_uppercase(), |c| c.to_string());
                *totals.entry(code).or_default() += p.amount.to_decimal();
                report.first_date = Some(report.first_date.map_or(p.date, |d| d.min(p.date)));
                report.last_date = Some(report.last_date.map_or(p.date, |d| d.max(p.date)));
                out.push(p);
            }
            None => report.rows_skipped += 1,
        }
    }
    if report.rows_read == 0 {
        return Err(ImportError::NoRows);
    }
    let mut totals: Vec<(String, Decimal)> = totals.into_iter().collect();
    totals.sort();
    report.totals = totals;
    Ok((out, report))
}

/// The per-file choices a row is read with.
struct RowReader<'a> {
    cols: &'a Columns,
    headers: &'a [String],
    date_order: DateOrder,
    decimal_separator: DecimalSeparator,
    serial_dates: bool,
}

impl RowReader<'_> {
    fn cell<'r>(&self, rec: &'r ::csv::StringRecord, c: Col) -> &'r str {
        self.cols.get(c).and_then(|i| rec.get(i)).map_or("", str::trim)
    }

    fn issue(&self, line: u64, c: Col, value: &str, problem: Problem, severity: Severity) -> Issue {
        Issue {
            line,
            column: self.cols.get(c).and_then(|i| self.headers.get(i)).cloned(),
            role: Some(c.role()),
            value: value.chars().take(60).collect(),
            problem,
            severity,
        }
    }

    /// Reads a row, or reports why it is skipped and returns `None`.
    fn read(&self, rec: &::csv::StringRecord, line: u64, report: &mut PaymentsReport) -> Option<PaymentLine> {
        let skip = |report: &mut PaymentsReport, c: Col, value: &str, problem: Problem| {
            report.push(self.issue(line, c, value, problem, Severity::Skipped));
            None
        };

        // Reference, else at least the payer.
        let reference = values::clean_id(self.cell(rec, Col::Reference));
        let id = values::clean_id(self.cell(rec, Col::CustomerId));
        let name = self.cell(rec, Col::CustomerName);
        let customer = [id, name].into_iter().find(|s| !s.is_empty()).map(str::to_string);
        if reference.is_empty() && customer.is_none() {
            return skip(report, Col::Reference, "", Problem::Missing);
        }

        let raw = self.cell(rec, Col::Date);
        let Some(date) = values::parse_date(raw, self.date_order, self.serial_dates) else {
            let p = if raw.is_empty() { Problem::Missing } else { Problem::NotADate };
            return skip(report, Col::Date, raw, p);
        };

        let raw = self.cell(rec, Col::Amount);
        let Some(parsed) = values::parse_amount(raw, self.decimal_separator) else {
            let p = if raw.is_empty() { Problem::Missing } else { Problem::NotAnAmount };
            return skip(report, Col::Amount, raw, p);
        };
        let Some(amount) =
            Money::from_decimal(parsed.value).filter(|_| parsed.value.abs() <= Decimal::from(MAX_AMOUNT))
        else {
            return skip(report, Col::Amount, raw, Problem::TooLarge);
        };
        if parsed.value.is_zero() {
            // Nothing was paid: left out, and said.
            report.zero_amounts += 1;
            report.push(self.issue(line, Col::Amount, raw, Problem::NotAnAmount, Severity::Warning));
            return None;
        }

        // Currency: its column, else a code beside the amount, else none said.
        let beside = parsed.currency.as_deref().and_then(Currency::new);
        let currency = match self.cols.get(Col::Currency).map(|_| self.cell(rec, Col::Currency)) {
            Some(raw) if !raw.is_empty() => values::parse_currency(raw).and_then(|c| Currency::new(&c)).or_else(|| {
                report.push(self.issue(line, Col::Currency, raw, Problem::NotACurrency, Severity::Warning));
                beside
            }),
            _ => beside,
        };

        Some(PaymentLine { line, reference: reference.to_string(), customer, date, amount, currency })
    }
}

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

/// The ledger's invoices by reference, and its customers' keys.
struct InvoiceIndex {
    exact: HashMap<String, Vec<usize>>,
    normalised: HashMap<String, Vec<usize>>,
    /// Per customer: the keys of its code and of its name.
    customer_keys: Vec<(String, String)>,
}

/// How a payment's reference found its invoices.
enum Found {
    Invoices {
        ixs: Vec<usize>,
        normalised: bool,
    },
    /// None found; `other_currency` when the reference named an invoice in
    /// another currency.
    Nothing {
        other_currency: bool,
    },
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
        let customer_keys = ledger
            .customers
            .iter()
            .map(|c| (name_key(&c.id), c.name.as_deref().map(name_key).unwrap_or_default()))
            .collect();
        InvoiceIndex { exact, normalised, customer_keys }
    }

    /// The invoices a payment goes to.
    fn find(&self, ledger: &Ledger, p: &PaymentLine) -> Found {
        let payer = p.customer.as_deref().map(name_key).filter(|k| !k.is_empty());
        let mut other_currency = false;
        let mut one = |r: &str| -> Option<(usize, bool)> {
            let exact = self.exact.get(r).and_then(|c| self.pick(ledger, c, p, payer.as_deref(), &mut other_currency));
            exact.map(|ix| (ix, false)).or_else(|| {
                let k = ref_key(r);
                let c = self.normalised.get(&k)?;
                self.pick(ledger, c, p, payer.as_deref(), &mut other_currency).map(|ix| (ix, true))
            })
        };
        if p.reference.is_empty() {
            return Found::Nothing { other_currency: false };
        }
        if let Some((ix, normalised)) = one(&p.reference) {
            return Found::Invoices { ixs: vec![ix], normalised };
        }
        let parts = split_refs(&p.reference);
        if parts.len() > 1 {
            let mut ixs = Vec::new();
            let mut normalised = false;
            for part in parts {
                if let Some((ix, n)) = one(part) {
                    if !ixs.contains(&ix) {
                        ixs.push(ix);
                        normalised |= n;
                    }
                }
            }
            if !ixs.is_empty() {
                return Found::Invoices { ixs, normalised };
            }
        }
        Found::Nothing { other_currency }
    }

    /// Of the invoices sharing an id: those in the payment's currency; of
    /// them the payer's own when it is named; then the one with the most
    /// open at the payment date (in the payment's direction), the first in
    /// the ledger on a tie.
    fn pick(
        &self,
        ledger: &Ledger,
        candidates: &[usize],
        p: &PaymentLine,
        payer: Option<&str>,
        other_currency: &mut bool,
    ) -> Option<usize> {
        let in_currency: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&ix| p.currency.is_none_or(|c| ledger.invoices[ix].currency == c))
            .collect();
        if in_currency.is_empty() {
            *other_currency |= !candidates.is_empty();
            return None;
        }
        let payers: Vec<usize> = match payer {
            Some(k) => in_currency
                .iter()
                .copied()
                .filter(|&ix| {
                    let (id, name) = &self.customer_keys[ledger.invoices[ix].customer as usize];
                    id == k || name == k
                })
                .collect(),
            None => Vec::new(),
        };
        let pool = if payers.is_empty() { in_currency } else { payers };
        let refund = p.amount.is_negative();
        let mut best: Option<(usize, Money)> = None;
        for ix in pool {
            let open = open_on(&ledger.invoices[ix], p.date);
            let open = if refund { -open } else { open };
            if best.is_none_or(|(_, b)| open > b) {
                best = Some((ix, open));
            }
        }
        best.map(|(ix, _)| ix)
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
    summary.unmatched_lines.sort_by_key(|u| u.line);
    ledger.apply_advances();
    if !ledger.invoices.iter().any(|i| matches!(i.settlement, Settlement::OpenAtSnapshot(_))) {
        ledger.snapshot_date = None;
    }
    summary
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
        for p in order {
            match index.find(ledger, p) {
                Found::Invoices { ixs, normalised } => {
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
                    s.matched_normalised += u64::from(normalised);
                    s.matched_several += u64::from(ixs.len() > 1);
                    s.matched_amount += p.amount.to_decimal();
                    s.advances += u64::from(advance);
                }
                Found::Nothing { other_currency } => {
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
                        currency: p.currency.unwrap_or(default_currency),
                        source_line: p.line,
                        kind: ItemKind::UnappliedCash,
                    });
                    let s = &mut m.summary;
                    s.unmatched += 1;
                    s.unmatched_amount += p.amount.to_decimal();
                    s.currency_mismatches += u64::from(other_currency);
                    if s.unmatched_lines.len() < MAX_UNMATCHED_LISTED {
                        s.unmatched_lines.push(UnmatchedPayment {
                            line: p.line,
                            reference: p.reference.clone(),
                            customer: p.customer.clone(),
                            date: p.date,
                            amount: p.amount.to_decimal(),
                        });
                    }
                }
            }
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::import::damage::damaged;
    use crate::domain::import::import_csv;
    use crate::domain::kpi::outstanding::{ar_at, outstanding};
    use crate::domain::ledger::tests::{d, dec, m};

    fn ledger_of(csv: &str) -> Ledger {
        import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap().0
    }

    fn payments_of(csv: &str) -> (Vec<PaymentLine>, PaymentsReport) {
        import_payments(csv.as_bytes(), &ImportOptions::default()).unwrap()
    }

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
        assert_eq!(r.total, dec("3600"));
        assert_eq!(r.header_line, 1);
        let s = apply_payments(&mut l, &lines, Currency::EUR);
        assert_eq!((s.matched, s.matched_normalised, s.matched_several), (10, 1, 1));
        assert_eq!(s.matched_amount, dec("3400"));
        assert_eq!((s.unmatched, s.unmatched_amount), (2, dec("200")));
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
        assert_eq!(s.unmatched_lines.iter().map(|u| u.line).collect::<Vec<_>>(), vec![12, 13]);
        assert_eq!(s.unmatched_lines[0].customer.as_deref(), Some("ZETA"));
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
        use crate::domain::kpi::collection::collection_rate;
        use crate::domain::kpi::Period;
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
        use crate::domain::charts::{monthly_flows, payment_days};
        use crate::domain::kpi::collection::collection_rate;
        use crate::domain::kpi::Period;
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

    #[test]
    fn shared_ids_prefer_the_payer_then_the_largest_open() {
        let mut l = ledger_of(
            "Invoice,Customer,Invoice Date,Due Date,Amount,Currency\n\
             X1,ALPHA,2026-01-05,2026-02-04,100,EUR\n\
             X1,BETA,2026-01-06,2026-02-05,500,EUR\n\
             X1,GAMMA,2026-01-07,2026-02-06,900,USD\n\
             U1,ALPHA,2026-01-08,2026-02-07,50,USD\n",
        );
        let pay = |line: u64, day: &str, r: &str, c: Option<&str>, amount: &str, cur: Option<&str>| PaymentLine {
            line,
            reference: r.to_string(),
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
        ];
        let customers_before = l.customers.len();
        let s = apply_payments(&mut l, &lines, Currency::EUR);
        let open = |ix: usize| l.invoices[ix].open_at(d("2026-03-01"));
        // BETA's X1 by payer (500 - 100), then as the largest EUR one (- 50);
        // ALPHA's by its name, normalised; GAMMA's USD 900 as the largest of all.
        assert_eq!((open(0), open(1), open(2)), (m("70"), m("350"), m("890")));
        assert_eq!((s.matched, s.matched_normalised), (4, 1));
        // A EUR payment for the USD invoice U1 is not matched.
        assert_eq!(open(3), dec("50"));
        assert_eq!((s.unmatched, s.currency_mismatches), (3, 1));
        let un: Vec<&Invoice> = l.unapplied().collect();
        assert_eq!(un[0].currency, Currency::EUR);
        // No payer named: one unknown customer, created once.
        assert_eq!(un[1].customer, un[2].customer);
        assert_eq!(l.customers.len(), customers_before + 1);
        let unknown = l.customer(un[1].customer);
        assert_eq!((unknown.id.as_str(), unknown.name.as_deref()), ("", None));
        assert_eq!(un[2].id, "P8");
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
        // then "A2 and A9": A9 is unknown, A2 takes the 10 (over-paid).
        let at = |id: &str| inv(&l, id).open_at(d("2026-02-28"));
        assert_eq!((at("A1"), at("A2"), at("A3")), (m("0"), m("-10"), m("60")));
        assert_eq!((s.matched, s.matched_several, s.matched_normalised, s.over_paid_invoices), (3, 1, 1, 1));
    }

    #[test]
    fn french_file_with_preamble() {
        let (lines, r) = payments_of(
            "Relevé des encaissements au 28/02/2026\n\n\
             Date d'encaissement;N° facture;Client;Montant réglé;Devise\n\
             05/02/2026;F100;ALPHA;1 234,56;EUR\n\
             13/02/2026;F101;;10,5;\n\
             14/02/2026;F102 et F103;BETA;-20,00;usd\n",
        );
        assert_eq!((r.delimiter, r.header_line, r.payments), (';', 3, 3));
        assert_eq!((r.date_order, r.decimal_separator), (DateOrder::DayFirst, DecimalSeparator::Comma));
        assert!(!r.date_order_assumed && !r.decimal_separator_assumed);
        assert_eq!(
            r.columns,
            vec![
                (Role::SettledDate, "Date d'encaissement".to_string()),
                (Role::InvoiceId, "N° facture".to_string()),
                (Role::CustomerId, "Client".to_string()),
                (Role::Amount, "Montant réglé".to_string()),
                (Role::Currency, "Devise".to_string()),
            ]
        );
        assert_eq!(
            lines[0],
            PaymentLine {
                line: 4,
                reference: "F100".into(),
                customer: Some("ALPHA".into()),
                date: d("2026-02-05"),
                amount: m("1234.56"),
                currency: Currency::new("EUR"),
            }
        );
        assert_eq!((lines[1].date, lines[1].amount, lines[1].customer.as_deref()), (d("2026-02-13"), m("10.5"), None));
        assert_eq!(lines[1].currency, None);
        assert_eq!((lines[2].reference.as_str(), lines[2].amount), ("F102 et F103", m("-20")));
        assert_eq!(lines[2].currency, Currency::new("USD"));
        assert_eq!(r.total, dec("1225.06"));
        assert_eq!(r.totals, vec![("EUR".into(), dec("1245.06")), ("USD".into(), dec("-20"))]);
        assert_eq!((r.first_date, r.last_date), (Some(d("2026-02-05")), Some(d("2026-02-14"))));
    }

    #[test]
    fn english_file_with_receipt_date() {
        let (lines, r) = payments_of(
            "Receipt date,Invoice No,Payer,Amount paid,Currency\n\
             1/26/2026,F100,ALPHA,\"1,234.56\",usd\n\
             2/3/2026,0042,,12.5,\n",
        );
        assert_eq!(
            (r.delimiter, r.date_order, r.decimal_separator),
            (',', DateOrder::MonthFirst, DecimalSeparator::Dot)
        );
        assert_eq!((lines[0].date, lines[0].amount), (d("2026-01-26"), m("1234.56")));
        assert_eq!(lines[0].currency, Currency::new("USD"));
        assert_eq!((lines[1].date, lines[1].reference.as_str()), (d("2026-02-03"), "0042"));
        // The options decide when they are set.
        let opts = ImportOptions { date_order: Some(DateOrder::DayFirst), ..ImportOptions::default() };
        let (lines, r) = import_payments(b"Payment date,Ref,Amount\n2/3/2026,F1,10\n", &opts).unwrap();
        assert_eq!((r.date_order, lines[0].date), (DateOrder::DayFirst, d("2026-03-02")));
    }

    #[test]
    fn bad_rows_are_reported_where_they_are() {
        let (lines, r) = payments_of(
            "Date de paiement;Référence;Montant\n\
             01/02/2026;F1;10\n\
             pas une date;F2;10\n\
             03/02/2026;F3;abc\n\
             04/02/2026;;5\n\
             05/02/2026;F4;0,00\n\
             06/02/2026;F5\n\
             Date de paiement;Référence;Montant\n\
             07/02/2026;F6;99999999999999999\n",
        );
        assert_eq!(lines.len(), 1);
        assert_eq!((r.rows_read, r.payments, r.rows_skipped, r.zero_amounts, r.repeated_headers), (7, 1, 6, 1, 1));
        let seen: Vec<(u64, Option<&str>, &str, Problem, Severity)> = r
            .issues
            .iter()
            .map(|i| (i.line, i.column.as_deref(), i.value.as_str(), i.problem.clone(), i.severity))
            .collect();
        assert_eq!(
            seen,
            vec![
                (3, Some("Date de paiement"), "pas une date", Problem::NotADate, Severity::Skipped),
                (4, Some("Montant"), "abc", Problem::NotAnAmount, Severity::Skipped),
                (5, Some("Référence"), "", Problem::Missing, Severity::Skipped),
                (6, Some("Montant"), "0,00", Problem::NotAnAmount, Severity::Warning),
                (7, Some("Montant"), "", Problem::Missing, Severity::Skipped),
                (9, Some("Montant"), "99999999999999999", Problem::TooLarge, Severity::Skipped),
            ]
        );
        assert_eq!(r.issues_total, 6);
        assert_eq!(r.issues[0].role, Some(Role::SettledDate));
    }

    #[test]
    fn whole_file_errors() {
        let err = |b: &[u8]| import_payments(b, &ImportOptions::default()).unwrap_err();
        assert_eq!(
            err("Référence;Montant\nF1;10\n".as_bytes()),
            ImportError::MissingColumns {
                missing: vec![Role::SettledDate],
                found: vec!["Référence".into(), "Montant".into()]
            }
        );
        assert_eq!(err(b"foo;bar\n1;2\n"), ImportError::NoHeader);
        assert_eq!(err(b"  \n"), ImportError::Empty);
        assert_eq!(err(b"Date;Ref;Montant\n\n"), ImportError::NoRows);
        assert_eq!(err(b"%PDF-1.4\n"), ImportError::NotText(crate::domain::import::BinaryKind::Pdf));
    }

    #[test]
    fn headers_in_both_languages() {
        let col = |h: &str| Col::of_header(h).map(|(c, _)| c);
        for (h, c) in [
            ("N° facture", Col::Reference),
            ("Invoice", Col::Reference),
            ("Invoice No", Col::Reference),
            ("Référence", Col::Reference),
            ("Ref", Col::Reference),
            ("Pièce", Col::Reference),
            ("DOCUMENT", Col::Reference),
            ("Date", Col::Date),
            ("Date de paiement", Col::Date),
            ("payment_date", Col::Date),
            ("Receipt date", Col::Date),
            ("Date d'encaissement", Col::Date),
            ("Value date", Col::Date),
            ("Date de valeur", Col::Date),
            ("Cleared on", Col::Date),
            ("Date de lettrage", Col::Date),
            ("Montant", Col::Amount),
            ("Amount", Col::Amount),
            ("Montant réglé", Col::Amount),
            ("Paid", Col::Amount),
            ("Encaissement", Col::Amount),
            ("Crédit", Col::Amount),
            ("Credit", Col::Amount),
            ("Montant (EUR)", Col::Amount),
            ("Montant encaissé TTC", Col::Amount),
            ("Client", Col::CustomerId),
            ("Customer", Col::CustomerId),
            ("Code client", Col::CustomerId),
            ("Payer", Col::CustomerId),
            ("Tiers", Col::CustomerId),
            ("Raison sociale", Col::CustomerName),
            ("Devise", Col::Currency),
            ("Currency", Col::Currency),
        ] {
            assert_eq!(col(h), Some(c), "{h}");
        }
        for h in ["Date facture", "Montant facture", "Échéance", "Débit", "Libellé", ""] {
            assert_eq!(col(h), None, "{h}");
        }
        // The better name wins a kind claimed twice.
        let headers: Vec<String> =
            ["Date", "Référence", "N° facture", "Montant facture", "Montant réglé", "Date de valeur"]
                .map(String::from)
                .to_vec();
        let m = Columns::from_headers(&headers);
        assert_eq!((m.get(Col::Date), m.get(Col::Reference), m.get(Col::Amount)), (Some(5), Some(2), Some(4)));
        assert_eq!(m.ignored, vec![(3, "Montant facture".to_string())]);
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

    #[test]
    fn damaged_files_never_panic_and_lose_no_row() {
        let mut base = String::from("Date de valeur;Référence;Client;Montant;Devise\n");
        for i in 1..=60u32 {
            base.push_str(&format!("{:02}/02/2026;F{i};C{};{i},{:02};EUR\n", 1 + i % 28, i % 5, i % 100));
        }
        let base = base.into_bytes();
        let mut invoices = String::from("Invoice,Customer,Invoice Date,Due Date,Amount\n");
        for i in 1..=40u32 {
            invoices.push_str(&format!("F{i},C{},2026-01-{:02},2026-02-28,{}\n", i % 5, 1 + i % 28, i * 10));
        }
        let ledger = ledger_of(&invoices);
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut read = 0;
        let nasty: &[&[u8]] = &[
            b";",
            b"\"",
            b"\r",
            b"\n",
            b"\xff",
            b"\xc3",
            b"-",
            b",",
            b"0",
            b"31/02/2026",
            b"  ",
            b"\t",
            b" et ",
            b"+",
        ];
        for _ in 0..400 {
            let bytes = damaged(&base, &mut seed, nasty);
            if let Ok((lines, report)) = import_payments(&bytes, &ImportOptions::default()) {
                assert_eq!(report.payments + report.rows_skipped, report.rows_read);
                assert_eq!(lines.len() as u64, report.payments);
                let mut l = ledger.clone();
                let s = apply_payments(&mut l, &lines, Currency::EUR);
                assert_eq!(s.matched + s.unmatched, report.payments);
                // Unmatched cash, and advances (applied on their invoice's date).
                assert_eq!(l.unapplied().filter(|u| u.payments().is_empty()).count() as u64, s.unmatched);
                read += 1;
            }
        }
        assert!(read > 300, "most damaged files still read: {read}");
        for bytes in [&b""[..], b"\n\n\n", b"\"", b"a;b\n\"unterminated", &[0xffu8; 64], b"Date;Ref;Montant\n;;\n"] {
            let _ = import_payments(bytes, &ImportOptions::default());
        }
        // Nothing to apply: the ledger is left as it was.
        let mut l = ledger.clone();
        assert_eq!(apply_payments(&mut l, &[], Currency::EUR), MatchSummary::default());
        assert_eq!(l, ledger);
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
        assert_eq!(r.total, dec("7250.50"));
        let s = apply_payments(&mut l, &lines, Currency::EUR);
        assert_eq!((s.matched, s.matched_normalised, s.matched_several), (6, 1, 1));
        assert_eq!((s.unmatched, s.unmatched_amount), (1, dec("500")));
        assert_eq!(s.matched_amount, dec("6750.50"));
        assert_eq!(ar(&l, "2026-03-31"), dec("380.00"));
        assert_eq!(ar(&l, "2026-02-15"), dec("4800.00"));
        assert_eq!(inv(&l, "FA-2026-003").settled_date(), Some(d("2026-03-02")));
        assert_eq!(inv(&l, "FA-2026-006").open_at(d("2026-03-31")), dec("100"));
        let un = l.unapplied().next().unwrap();
        assert_eq!((l.customer(un.customer).id.as_str(), un.amount), ("Leroy SAS", m("-500")));
        assert_eq!(outstanding(&l, d("2026-03-31")).unwrap().unapplied, dec("-500"));
    }
}
