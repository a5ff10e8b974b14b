//! A separate payments file (kpi.md "Records": a payment line is invoice
//! id, date, amount, and can settle an invoice in several parts): a
//! payments or bank-receipts export the user adds after an invoices file.
//!
//! `import_payments` reads it as `csv::import_csv` reads invoices: encoding
//! and delimiter sniffed, the header found among the first 30 rows by its
//! French or English words, the date order and decimal separator learned
//! from the values (unless the options set them), a bad row skipped with
//! its place (line as an editor shows it, column, value). It never fails on
//! a row, only on a file that cannot be read as a whole. Its columns are
//! an invoice reference, a free-text label (a bank statement's wording,
//! where references are looked for too), the payer, the date, the amount
//! and the currency; when the required ones cannot be named, the mapping
//! screen opens (`ImportError::NeedsMapping`), and the user's choice is
//! remembered per header layout like an invoices file's.
//!
//! `matching::apply_payments` then matches each line to the invoices.
use super::csv::labels_row;
use super::csv::LineCounter;
use super::mapping::{fold, signature, Layout, MappingSource, Role, PREVIEW_ROWS};
use super::report::{keep_issue, Issue, Problem, Severity};
use super::values::{self, DateOrder, DecimalSeparator, MAX_AMOUNT};
use super::{sniff, ImportError, ImportOptions};
use crate::domain::ledger::money::Money;
use crate::domain::ledger::Currency;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One payment as the file gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentLine {
    /// The line of the file (1-based, as an editor shows it).
    pub line: u64,
    /// The invoice reference as written (padding dropped); may name several
    /// invoices, or be empty when the line names a customer.
    pub reference: String,
    /// The bank label (free text) where references are looked for too;
    /// empty when the file has none.
    #[serde(default)]
    pub label: String,
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
    /// Sum of the amounts per currency code (lines naming none under the
    /// options' default currency), by code.
    pub totals: Vec<(String, Decimal)>,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
    /// Issues, in file order, at most `MAX_ISSUES` kept.
    pub issues: Vec<Issue>,
    /// How many issues there were in all (more than `issues.len()` when cut).
    pub issues_total: u64,
    /// The columns as the mapping screen shows them (their roles, first
    /// values, and whether they were guessed, remembered or chosen).
    #[serde(default)]
    pub layout: Layout,
}

impl PaymentsReport {
    fn push(&mut self, issue: Issue) {
        keep_issue(&mut self.issues, &mut self.issues_total, issue);
    }
}

/// Characters of a bank label kept.
const MAX_LABEL: usize = 200;
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

/// The roles a payments file's columns can have, as the mapping screen
/// offers them: the invoice reference (`InvoiceId`), a bank label
/// (`Label`), the payer (`CustomerId`, `CustomerName`), the payment date
/// (`SettledDate`), the amount paid (`Amount`) and the currency.
pub const PAYMENT_ROLES: [Role; 7] = [
    Role::InvoiceId,
    Role::Label,
    Role::CustomerId,
    Role::CustomerName,
    Role::SettledDate,
    Role::Amount,
    Role::Currency,
];

/// The required roles a payments file's columns lack: the payment date,
/// the amount, and a reference or a label to find the invoice by.
pub fn missing_roles(roles: &[Option<Role>]) -> Vec<Role> {
    let has = |r: Role| roles.contains(&Some(r));
    let mut missing = Vec::new();
    if !has(Role::InvoiceId) && !has(Role::Label) {
        missing.push(Role::InvoiceId);
    }
    missing.extend([Role::SettledDate, Role::Amount].into_iter().filter(|r| !has(*r)));
    missing
}

/// What a column of a payments file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Reference,
    Label,
    Date,
    Amount,
    CustomerId,
    CustomerName,
    Currency,
}

impl Col {
    const ALL: [Col; 7] =
        [Col::Reference, Col::Label, Col::Date, Col::Amount, Col::CustomerId, Col::CustomerName, Col::Currency];

    /// The column a role stands for (`None`: an invoices file's role).
    fn of_role(r: Role) -> Option<Col> {
        Col::ALL.into_iter().find(|c| c.role() == r)
    }

    /// The invoice file's role that stands for this column in reports and errors.
    fn role(self) -> Role {
        match self {
            Col::Reference => Role::InvoiceId,
            Col::Label => Role::Label,
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
            Col::Label => &[
                "libelle", "libelles", "libelleoperation", "libelledeloperation", "libellebancaire",
                "libellecomplet", "label", "description", "descriptif", "wording", "narrative", "details",
                "detail", "communication", "motif", "memo", "remittanceinformation", "remittanceinfo",
                "informations", "transactiondetails", "bookingtext", "verwendungszweck",
            ],
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
            Col::Label => any(&["libelle", "description", "narrative", "communication"]) && !any(&["client", "tiers"]),
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

    /// The columns a user chose: the role of each column by index (a
    /// role given twice keeps its first column; an invoices file's role is
    /// not used).
    fn from_roles(roles: &[Option<Role>], headers: &[String]) -> Columns {
        let mut m = Columns::default();
        for (i, r) in roles.iter().enumerate() {
            let header = headers.get(i).cloned().unwrap_or_default();
            match r.and_then(Col::of_role) {
                Some(c) if m.get(c).is_none() => m.at.push((c, i, 0)),
                Some(_) => m.duplicates.push((i, header)),
                None if !header.is_empty() => m.ignored.push((i, header)),
                None => {}
            }
        }
        m
    }

    /// The role of each of `n` columns.
    fn roles(&self, n: usize) -> Vec<Option<Role>> {
        let mut roles = vec![None; n];
        for (c, i, _) in &self.at {
            if let Some(slot) = roles.get_mut(*i) {
                *slot = Some(c.role());
            }
        }
        roles
    }

    fn get(&self, c: Col) -> Option<usize> {
        self.at.iter().find(|(col, _, _)| *col == c).map(|(_, i, _)| *i)
    }

    fn score(&self) -> usize {
        self.at.len()
    }

    /// The required roles this header lacks.
    fn missing(&self) -> Vec<Role> {
        missing_roles(&self.roles(self.at.iter().map(|(_, i, _)| i + 1).max().unwrap_or(0)))
    }
}

/// The key a payments file's column mapping is remembered by: its header
/// layout, apart from an invoices file's of the same headers.
pub fn payments_signature(headers: &[String]) -> String {
    format!("payments|{}", signature(headers))
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

    // The first rows, kept: the header is among them, the mapping screen
    // shows the rows after it.
    let mut rdr = reader();
    let mut lines = LineCounter::new(&text);
    let mut first_rows: Vec<(u64, Vec<String>)> = Vec::new();
    let mut rec = ::csv::StringRecord::new();
    while first_rows.len() < HEADER_SEARCH + PREVIEW_ROWS {
        if !rdr.read_record(&mut rec).unwrap_or(false) {
            break;
        }
        let line = rec.position().map_or(first_rows.len() as u64 + 1, |p| lines.line_at(p.byte()));
        first_rows.push((line, rec.iter().map(|c| c.trim().to_string()).collect()));
    }
    // The header: the row among the first ones that names the most
    // columns, one with all the required ones first; else the first row of
    // labels, whose columns the user will name.
    let mut header: Option<(usize, Columns)> = None;
    for (i, (_, cells)) in first_rows.iter().take(HEADER_SEARCH).enumerate() {
        let cols = Columns::from_headers(cells);
        let key = |c: &Columns| (c.missing().is_empty(), c.score());
        if cols.score() >= 2 && header.as_ref().is_none_or(|(_, best)| key(&cols) > key(best)) {
            header = Some((i, cols));
        }
    }
    let (header_ix, guessed) = match header {
        Some(h) => h,
        None => {
            let i = labels_row(&first_rows)?;
            (i, Columns::from_headers(&first_rows[i].1))
        }
    };
    let (header_line, headers) = first_rows[header_ix].clone();
    let sig = payments_signature(&headers);
    let chosen = opts.mapping.as_ref().filter(|m| m.len() == headers.len());
    let saved = opts.saved_mappings.iter().find(|m| m.signature == sig && m.roles.len() == headers.len());
    let (cols, source) = match (chosen, saved) {
        (Some(roles), _) => (Columns::from_roles(roles, &headers), MappingSource::Chosen),
        (None, Some(m)) => (Columns::from_roles(&m.roles, &headers), MappingSource::Saved),
        (None, None) => (guessed, MappingSource::Guessed),
    };
    let layout = Layout {
        roles: cols.roles(headers.len()),
        headers: headers.clone(),
        signature: sig,
        source,
        by_content: Vec::new(),
        preview: first_rows[header_ix + 1..]
            .iter()
            .filter(|(_, c)| c.iter().any(|v| !v.is_empty()))
            .take(PREVIEW_ROWS)
            .map(|(_, r)| r.iter().map(|c| c.chars().take(40).collect()).collect())
            .collect(),
    };
    let missing = cols.missing();
    if !missing.is_empty() {
        return Err(ImportError::NeedsMapping { missing, layout: Box::new(layout) });
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
        layout,
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

        // Reference or label, else at least the payer.
        let reference = values::clean_id(self.cell(rec, Col::Reference));
        let label: String = self.cell(rec, Col::Label).chars().take(MAX_LABEL).collect();
        let id = values::clean_id(self.cell(rec, Col::CustomerId));
        let name = self.cell(rec, Col::CustomerName);
        let customer = [id, name].into_iter().find(|s| !s.is_empty()).map(str::to_string);
        if reference.is_empty() && label.is_empty() && customer.is_none() {
            let col = if self.cols.get(Col::Reference).is_some() { Col::Reference } else { Col::Label };
            return skip(report, col, "", Problem::Missing);
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

        Some(PaymentLine { line, reference: reference.to_string(), label, customer, date, amount, currency })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::import::damage::damaged;
    use crate::domain::import::import_csv;
    use crate::domain::import::matching::{apply_payments, MatchSummary};
    use crate::domain::import::SavedMapping;
    use crate::domain::ledger::tests::{d, dec, m};
    use crate::domain::ledger::Ledger;

    /// The ledger of an invoices file.
    pub(crate) fn ledger_of(csv: &str) -> Ledger {
        import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap().0
    }

    /// The lines and report of a payments file.
    pub(crate) fn payments_of(csv: &str) -> (Vec<PaymentLine>, PaymentsReport) {
        import_payments(csv.as_bytes(), &ImportOptions::default()).unwrap()
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
                label: String::new(),
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

    /// Headers no list knows (a German bank export): the mapping screen;
    /// the user's choice reads the file, and once remembered (by its header
    /// layout, apart from an invoices file's) reads the next one alike.
    #[test]
    fn unknown_headers_are_mapped_by_the_user_then_remembered() {
        let file = "Datum;Text;Betrag;Kunde\n05.02.2026;VIR SEPA F-7;120,50;Alpha\n06.02.2026;F-8;80,00;Beta\n";
        let ImportError::NeedsMapping { missing, layout } =
            import_payments(file.as_bytes(), &ImportOptions::default()).unwrap_err()
        else {
            panic!("the mapping screen")
        };
        assert_eq!(missing, vec![Role::InvoiceId, Role::SettledDate, Role::Amount]);
        assert_eq!(layout.headers, vec!["Datum", "Text", "Betrag", "Kunde"]);
        assert_eq!(layout.signature, "payments|datum|text|betrag|kunde");
        let roles = vec![Some(Role::SettledDate), Some(Role::Label), Some(Role::Amount), Some(Role::CustomerId)];
        assert_eq!(missing_roles(&roles), vec![]);
        assert_eq!(missing_roles(&roles[..2]), vec![Role::Amount]);
        let chosen = ImportOptions { mapping: Some(roles.clone()), ..ImportOptions::default() };
        let (lines, r) = import_payments(file.as_bytes(), &chosen).unwrap();
        assert_eq!((r.layout.source, r.payments), (MappingSource::Chosen, 2));
        assert_eq!(
            (lines[0].date, lines[0].label.as_str(), lines[0].amount, lines[0].customer.as_deref()),
            (d("2026-02-05"), "VIR SEPA F-7", m("120.50"), Some("Alpha"))
        );
        let saved = SavedMapping { signature: layout.signature.clone(), roles };
        let remembered = ImportOptions { saved_mappings: vec![saved], ..ImportOptions::default() };
        let (lines, r) = import_payments(file.as_bytes(), &remembered).unwrap();
        assert_eq!((r.layout.source, lines.len()), (MappingSource::Saved, 2));
        // An invoices file's role given to a column is not used.
        let odd = ImportOptions {
            mapping: Some(vec![Some(Role::SettledDate), Some(Role::DueDate), Some(Role::Amount), None]),
            ..ImportOptions::default()
        };
        assert!(matches!(import_payments(file.as_bytes(), &odd), Err(ImportError::NeedsMapping { .. })));
    }

    #[test]
    fn whole_file_errors() {
        let err = |b: &[u8]| import_payments(b, &ImportOptions::default()).unwrap_err();
        // A required column not named: the mapping screen, with the columns
        // and their first values.
        let ImportError::NeedsMapping { missing, layout } = err("Référence;Montant\nF1;10\n".as_bytes()) else {
            panic!("the mapping screen")
        };
        assert_eq!(missing, vec![Role::SettledDate]);
        assert_eq!(layout.roles, vec![Some(Role::InvoiceId), Some(Role::Amount)]);
        assert_eq!(layout.preview, vec![vec!["F1".to_string(), "10".to_string()]]);
        let ImportError::NeedsMapping { missing, .. } = err(b"foo;bar\n1;2\n") else { panic!("the mapping screen") };
        assert_eq!(missing, vec![Role::InvoiceId, Role::SettledDate, Role::Amount]);
        assert_eq!(err(b"1;2\n3;4\n"), ImportError::NoHeader);
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
            ("Libellé", Col::Label),
            ("Libellé de l'opération", Col::Label),
            ("Description", Col::Label),
            ("Narrative", Col::Label),
            ("Communication", Col::Label),
        ] {
            assert_eq!(col(h), Some(c), "{h}");
        }
        for h in ["Date facture", "Montant facture", "Échéance", "Débit", "Commentaire", ""] {
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
}
