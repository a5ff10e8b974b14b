//! Delimited text exports (CSV, TSV, `;`-separated French files): sniff the
//! encoding and delimiter, find the header row among the first lines, learn
//! the date order and decimal separator from the values, then read each row
//! into an `Invoice` or an `Issue`.

use super::mapping::{ColumnMap, Role};
use super::report::{ImportReport, Issue, Problem, Severity};
use super::values::{self, DateOrder, DecimalSeparator};
use super::{sniff, ImportError, ImportOptions};
use crate::domain::ledger::{Currency, Customer, Invoice, LabelIx, Ledger, Settlement};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Turns a record's byte offset into the line number an editor shows,
/// counting line ends as it goes (csv's own count skips blank lines).
struct LineCounter<'a> {
    text: &'a [u8],
    /// The byte that ends a line: `\n`, or `\r` in a file that has no `\n`.
    end: u8,
    pos: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let end = if !bytes.contains(&b'\n') && bytes.contains(&b'\r') { b'\r' } else { b'\n' };
        LineCounter { text: bytes, end, pos: 0, line: 1 }
    }

    /// The line of the byte at `offset`; offsets must not go backwards.
    fn line_at(&mut self, offset: u64) -> u64 {
        // csv's offset may point at blank lines skipped before the record.
        let mut offset = (offset as usize).min(self.text.len());
        while offset < self.text.len() && matches!(self.text[offset], b'\n' | b'\r') {
            offset += 1;
        }
        if offset > self.pos {
            self.line += self.text[self.pos..offset].iter().filter(|&&b| b == self.end).count() as u64;
            self.pos = offset;
        }
        self.line
    }
}

/// Lines searched for the header row.
const HEADER_SEARCH: usize = 30;
/// Rows read to learn the date order and decimal separator (the date order
/// is then looked for further if still unknown).
const EVIDENCE_ROWS: usize = 100_000;

/// Reads a delimited export. See the module doc.
pub fn import_csv(bytes: &[u8], opts: &ImportOptions) -> Result<(Ledger, ImportReport), ImportError> {
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

    // The header: the row among the first ones that names the most roles.
    let mut rdr = reader();
    let mut lines = LineCounter::new(&text);
    let mut header: Option<(usize, ColumnMap, Vec<String>, u64)> = None;
    let mut rec = ::csv::StringRecord::new();
    for i in 0..HEADER_SEARCH {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            _ => break,
        }
        let cells: Vec<String> = rec.iter().map(|c| c.trim().to_string()).collect();
        let map = ColumnMap::from_headers(&cells);
        let better = header.as_ref().is_none_or(|(_, m, _, _)| {
            let req = |m: &ColumnMap| m.missing_required().is_empty();
            (req(&map), map.score()) > (req(m), m.score())
        });
        if map.score() >= 2 && better {
            let line = rec.position().map_or(i as u64 + 1, |p| lines.line_at(p.byte()));
            header = Some((i, map, cells, line));
        }
    }
    let (header_ix, map, headers, header_line) = header.ok_or(ImportError::NoHeader)?;
    let missing = map.missing_required();
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns {
            missing,
            found: headers.into_iter().filter(|h| !h.is_empty()).collect(),
        });
    }

    // Evidence for the date order and decimal separator.
    let date_cols: Vec<usize> =
        [Role::InvoiceDate, Role::DueDate, Role::SettledDate].iter().filter_map(|r| map.get(*r)).collect();
    let amount_cols: Vec<usize> = [Role::Amount, Role::OpenAmount, Role::PaidAmount, Role::CreditLimit]
        .iter()
        .filter_map(|r| map.get(*r))
        .collect();
    let mut rdr = reader();
    let (mut day_first, mut month_first, mut dot, mut comma) = (0u64, 0u64, 0u64, 0u64);
    // Per date column: (non-empty values seen, of which plain numbers).
    let mut numeric: HashMap<usize, (u64, u64)> = HashMap::new();
    let mut row = 0usize;
    while rdr.read_record(&mut rec).unwrap_or(false) {
        row += 1;
        if row <= header_ix + 1 {
            continue;
        }
        let order_known = opts.date_order.is_some() || day_first + month_first > 0;
        if row > EVIDENCE_ROWS && order_known {
            break;
        }
        for &c in &date_cols {
            let v = rec.get(c).unwrap_or("").trim();
            if v.is_empty() {
                continue;
            }
            match values::date_order_evidence(v) {
                Some(DateOrder::DayFirst) => day_first += 1,
                Some(DateOrder::MonthFirst) => month_first += 1,
                None => {}
            }
            if row <= EVIDENCE_ROWS {
                let e = numeric.entry(c).or_default();
                e.0 += 1;
                if values::is_plain_number(v) && v.len() != 8 {
                    e.1 += 1;
                }
            }
        }
        if row <= EVIDENCE_ROWS {
            for &c in &amount_cols {
                match values::decimal_evidence(rec.get(c).unwrap_or("")) {
                    Some(DecimalSeparator::Dot) => dot += 1,
                    Some(DecimalSeparator::Comma) => comma += 1,
                    None => {}
                }
            }
        }
    }
    let date_order_assumed = opts.date_order.is_none() && day_first == 0 && month_first == 0;
    let date_order =
        opts.date_order.unwrap_or(if month_first > day_first { DateOrder::MonthFirst } else { DateOrder::DayFirst });
    let decimal_separator = opts.decimal_separator.unwrap_or(if comma > dot {
        DecimalSeparator::Comma
    } else if dot > comma || delim == b',' {
        DecimalSeparator::Dot
    } else {
        DecimalSeparator::Comma
    });
    let serial_cols: Vec<usize> = numeric.iter().filter(|(_, (n, p))| *n > 0 && n == p).map(|(c, _)| *c).collect();

    let mut report = ImportReport {
        encoding: encoding.to_string(),
        sheet: None,
        invalid_bytes,
        delimiter: delim as char,
        header_line,
        date_order,
        date_order_assumed,
        decimal_separator,
        columns: map.columns.iter().map(|(r, i)| (*r, headers[*i].clone())).collect(),
        duplicate_columns: map.duplicates.iter().map(|(_, h)| h.clone()).collect(),
        ignored_columns: map.ignored.iter().map(|(_, h)| h.clone()).collect(),
        rows_read: 0,
        invoices: 0,
        credit_notes: 0,
        rows_skipped: 0,
        customers: 0,
        default_currency: opts.default_currency.clone(),
        default_currency_used: 0,
        terms: opts.terms,
        ..ImportReport::default()
    };

    let reader_ctx =
        RowReader { map: &map, headers: &headers, date_order, decimal_separator, serial_cols: &serial_cols, opts };
    let mut ledger = Ledger::default();
    let mut customer_ix: HashMap<String, u32> = HashMap::new();
    // Lines of invoices whose id the file gave (duplicates are found at the end).
    let mut explicit_ids: Vec<bool> = Vec::new();
    let mut label_ix: HashMap<String, LabelIx> = HashMap::new();
    let mut intern = |labels: &mut Vec<String>, text: Option<&str>| -> Option<LabelIx> {
        let text = text?;
        if let Some(&ix) = label_ix.get(text) {
            return Some(ix);
        }
        labels.push(text.to_string());
        let ix = (labels.len() - 1) as LabelIx;
        label_ix.insert(text.to_string(), ix);
        Some(ix)
    };
    let mut rdr = reader();
    let mut lines = LineCounter::new(&text);
    let mut row = 0usize;
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                // The text is valid UTF-8 and the reader is flexible, so this
                // is an I/O-level surprise: say where, and stop reading.
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
        report.rows_read += 1;
        let line = rec.position().map_or(row as u64, |p| lines.line_at(p.byte()));
        match reader_ctx.read(&rec, line, &mut report) {
            Some(parsed) => {
                let cust = match customer_ix.get(parsed.customer_id) {
                    Some(&ix) => {
                        let c = &mut ledger.customers[ix as usize];
                        if c.credit_limit.is_none() {
                            c.credit_limit = parsed.credit_limit;
                        }
                        if c.name.is_none() {
                            c.name = parsed.customer_name.map(str::to_string);
                        }
                        ix
                    }
                    None => {
                        let ix = ledger.customers.len() as u32;
                        ledger.customers.push(Customer {
                            id: parsed.customer_id.to_string(),
                            name: parsed.customer_name.map(str::to_string),
                            credit_limit: parsed.credit_limit,
                        });
                        customer_ix.insert(parsed.customer_id.to_string(), ix);
                        ix
                    }
                };
                explicit_ids.push(parsed.explicit_id);
                if parsed.currency_defaulted {
                    report.default_currency_used += 1;
                }
                if parsed.invoice.amount < Decimal::ZERO {
                    report.credit_notes += 1;
                }
                if let Settlement::OpenAtSnapshot(_) = parsed.invoice.settlement {
                    let d = parsed.invoice.invoice_date;
                    ledger.snapshot_date = Some(ledger.snapshot_date.map_or(d, |s| s.max(d)));
                }
                let mut inv = parsed.invoice;
                inv.customer = cust;
                inv.division = intern(&mut ledger.labels, parsed.division);
                inv.sales_rep = intern(&mut ledger.labels, parsed.sales_rep);
                inv.dispute_reason = intern(&mut ledger.labels, parsed.dispute_reason);
                ledger.invoices.push(inv);
                report.invoices += 1;
            }
            None => report.rows_skipped += 1,
        }
    }
    if report.rows_read == 0 {
        return Err(ImportError::NoRows);
    }
    // The same invoice id on two lines: both kept, the later one noted.
    let mut first_seen: HashMap<&str, u64> = HashMap::with_capacity(ledger.invoices.len());
    let mut duplicates = Vec::new();
    for (inv, _) in ledger.invoices.iter().zip(&explicit_ids).filter(|(_, e)| **e) {
        match first_seen.get(inv.id.as_str()) {
            Some(&first_line) => duplicates.push((inv.source_line, inv.id.clone(), first_line)),
            None => {
                first_seen.insert(&inv.id, inv.source_line);
            }
        }
    }
    if !duplicates.is_empty() {
        for (line, id, first_line) in duplicates {
            report.push(reader_ctx.issue(
                line,
                Role::InvoiceId,
                &id,
                Problem::DuplicateId { first_line },
                Severity::Warning,
            ));
        }
        report.issues.sort_by_key(|i| i.line);
    }
    report.customers = ledger.customers.len() as u64;
    report.snapshot_date = ledger.snapshot_date;
    Ok((ledger, report))
}

/// What one row gave.
struct ParsedRow<'r> {
    invoice: Invoice,
    division: Option<&'r str>,
    sales_rep: Option<&'r str>,
    dispute_reason: Option<&'r str>,
    explicit_id: bool,
    customer_id: &'r str,
    customer_name: Option<&'r str>,
    credit_limit: Option<Decimal>,
    currency_defaulted: bool,
}

/// The per-file choices a row is read with.
struct RowReader<'a> {
    map: &'a ColumnMap,
    headers: &'a [String],
    date_order: DateOrder,
    decimal_separator: DecimalSeparator,
    serial_cols: &'a [usize],
    opts: &'a ImportOptions,
}

impl RowReader<'_> {
    fn issue(&self, line: u64, role: Role, value: &str, problem: Problem, severity: Severity) -> Issue {
        let column = self.map.get(role).and_then(|i| self.headers.get(i)).cloned();
        Issue { line, column, role: Some(role), value: value.chars().take(60).collect(), problem, severity }
    }

    fn cell<'r>(&self, rec: &'r ::csv::StringRecord, role: Role) -> &'r str {
        self.map.get(role).and_then(|i| rec.get(i)).map_or("", str::trim)
    }

    fn date(&self, rec: &::csv::StringRecord, role: Role) -> Option<NaiveDate> {
        let col = self.map.get(role)?;
        values::parse_date(self.cell(rec, role), self.date_order, self.serial_cols.contains(&col))
    }

    /// Reads a row, or reports why it is skipped and returns `None`.
    fn read<'r>(&self, rec: &'r ::csv::StringRecord, line: u64, report: &mut ImportReport) -> Option<ParsedRow<'r>> {
        if rec.len() < self.headers.len() {
            let needed = self.map.columns.iter().map(|(_, i)| *i).max().unwrap_or(0);
            if rec.len() <= needed {
                report.push(Issue {
                    line,
                    column: None,
                    role: None,
                    value: String::new(),
                    problem: Problem::ShortRow { cells: rec.len(), expected: self.headers.len() },
                    severity: Severity::Warning,
                });
            }
        }
        let skip = |report: &mut ImportReport, role: Role, value: &str, problem: Problem| {
            report.push(self.issue(line, role, value, problem, Severity::Skipped));
            None
        };
        let warn = |report: &mut ImportReport, role: Role, value: &str, problem: Problem| {
            report.push(self.issue(line, role, value, problem, Severity::Warning));
        };

        // Customer: its code, else its name.
        let raw_id = values::clean_id(self.cell(rec, Role::CustomerId));
        let name = self.cell(rec, Role::CustomerName);
        let customer_name = (!name.is_empty()).then_some(name);
        let customer_id = if raw_id.is_empty() { name } else { raw_id };
        if customer_id.is_empty() {
            let role = if self.map.get(Role::CustomerId).is_some() { Role::CustomerId } else { Role::CustomerName };
            return skip(report, role, "", Problem::Missing);
        }

        // Invoice date.
        let raw = self.cell(rec, Role::InvoiceDate);
        let Some(invoice_date) = self.date(rec, Role::InvoiceDate) else {
            let p = if raw.is_empty() { Problem::Missing } else { Problem::NotADate };
            return skip(report, Role::InvoiceDate, raw, p);
        };

        // Amount (or, in a snapshot of open items, the open amount alone).
        let amount_role = if self.map.get(Role::Amount).is_some() { Role::Amount } else { Role::OpenAmount };
        let raw = self.cell(rec, amount_role);
        let Some(parsed) = values::parse_amount(raw, self.decimal_separator) else {
            let p = if raw.is_empty() { Problem::Missing } else { Problem::NotAnAmount };
            return skip(report, amount_role, raw, p);
        };
        let amount = parsed.value;

        // Settlement.
        let settlement = if self.map.get(Role::SettledDate).is_some() {
            let raw = self.cell(rec, Role::SettledDate);
            if values::is_blank(raw) {
                Settlement::open()
            } else {
                match self.date(rec, Role::SettledDate) {
                    Some(d) => {
                        if d < invoice_date {
                            warn(report, Role::SettledDate, raw, Problem::SettledBeforeInvoice);
                        }
                        Settlement::settled_on(d, amount)
                    }
                    None => return skip(report, Role::SettledDate, raw, Problem::NotADate),
                }
            }
        } else if amount_role == Role::Amount && self.map.get(Role::OpenAmount).is_some() {
            let raw = self.cell(rec, Role::OpenAmount);
            match values::parse_amount(raw, self.decimal_separator) {
                Some(open) => Settlement::OpenAtSnapshot(open.value),
                None if values::is_blank(raw) => Settlement::OpenAtSnapshot(Decimal::ZERO),
                None => return skip(report, Role::OpenAmount, raw, Problem::NotAnAmount),
            }
        } else if self.map.get(Role::PaidAmount).is_some() {
            let raw = self.cell(rec, Role::PaidAmount);
            match values::parse_amount(raw, self.decimal_separator) {
                Some(paid) => Settlement::OpenAtSnapshot(amount - paid.value),
                None if values::is_blank(raw) => Settlement::OpenAtSnapshot(amount),
                None => return skip(report, Role::PaidAmount, raw, Problem::NotAnAmount),
            }
        } else {
            // No settlement information at all: a list of open items.
            Settlement::OpenAtSnapshot(amount)
        };

        // Due date: assumed from the default terms when missing.
        let due_date = match self.date(rec, Role::DueDate) {
            Some(d) => d,
            None => {
                let terms = self.opts.terms;
                report.due_dates_assumed += 1;
                if self.map.get(Role::DueDate).is_some() {
                    let raw = self.cell(rec, Role::DueDate);
                    let terms_days = match terms {
                        super::PaymentTerms::Days(n) | super::PaymentTerms::DaysEndOfMonth(n) => n,
                    };
                    warn(report, Role::DueDate, raw, Problem::DueDateAssumed { terms_days });
                }
                terms.due_date(invoice_date)
            }
        };

        // Dispute.
        let reason = self.cell(rec, Role::DisputeReason);
        let dispute_reason = (!reason.is_empty()).then_some(reason);
        let disputed = if self.map.get(Role::Disputed).is_some() {
            let raw = self.cell(rec, Role::Disputed);
            values::parse_flag(raw).unwrap_or_else(|| {
                warn(report, Role::Disputed, raw, Problem::NotAFlag);
                false
            })
        } else {
            dispute_reason.is_some()
        };

        // Currency: its column, else written beside the amount, else the default.
        let mut currency_defaulted = false;
        let default = Currency::new(&self.opts.default_currency).unwrap_or(Currency::EUR);
        let currency = match self.map.get(Role::Currency).map(|_| self.cell(rec, Role::Currency)) {
            Some(raw) if !raw.is_empty() => {
                values::parse_currency(raw).and_then(|c| Currency::new(&c)).unwrap_or_else(|| {
                    warn(report, Role::Currency, raw, Problem::NotACurrency);
                    currency_defaulted = true;
                    default
                })
            }
            _ => parsed.currency.as_deref().and_then(Currency::new).unwrap_or_else(|| {
                currency_defaulted = true;
                default
            }),
        };

        let credit_limit =
            values::parse_amount(self.cell(rec, Role::CreditLimit), self.decimal_separator).map(|p| p.value);
        let opt = |role: Role| {
            let v = self.cell(rec, role);
            (!v.is_empty()).then_some(v)
        };
        let given_id = values::clean_id(self.cell(rec, Role::InvoiceId));
        let explicit_id = !given_id.is_empty();
        let id = if explicit_id { given_id.to_string() } else { format!("L{line}") };
        Some(ParsedRow {
            invoice: Invoice {
                id,
                customer: 0,
                invoice_date,
                due_date,
                amount,
                settlement,
                disputed,
                dispute_reason: None,
                division: None,
                sales_rep: None,
                currency,
                source_line: line,
                kind: crate::domain::ledger::ItemKind::Invoice,
            },
            division: opt(Role::Division),
            sales_rep: opt(Role::SalesRep),
            dispute_reason,
            explicit_id,
            customer_id,
            customer_name,
            credit_limit,
            currency_defaulted,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::tests::{d, dec};

    fn import(text: &str) -> (Ledger, ImportReport) {
        import_csv(text.as_bytes(), &ImportOptions::default()).unwrap()
    }

    #[test]
    fn ibm_rows_with_us_dates() {
        let (l, r) = import(
            "countryCode,customerID,PaperlessDate,invoiceNumber,InvoiceDate,DueDate,InvoiceAmount,Disputed,SettledDate,PaperlessBill,DaysToSettle,DaysLate\r\n\
             391,0379-NEVHP,4/6/2013,0000611365,1/2/2013,2/1/2013,55.94,No,1/15/2013,Paper,13,0\r\n\
             406,8976-AMJEO,3/3/2012,0007900770,1/26/2013,2/25/2013,61.74,Yes,3/3/2013,Electronic,36,6\r\n",
        );
        assert_eq!(r.date_order, DateOrder::MonthFirst);
        assert_eq!(r.invoices, 2);
        let a = &l.invoices[0];
        assert_eq!(a.id, "0000611365");
        assert_eq!(a.invoice_date, d("2013-01-02"));
        assert_eq!(a.due_date, d("2013-02-01"));
        assert_eq!(a.amount, dec("55.94"));
        assert_eq!(a.settlement, Settlement::settled_on(d("2013-01-15"), dec("55.94")));
        assert!(l.invoices[1].disputed);
        assert_eq!(l.customers[1].id, "8976-AMJEO");
        assert_eq!(r.header_line, 1);
        assert_eq!(r.default_currency_used, 2);
    }

    #[test]
    fn french_export_with_preamble_bom_and_bad_rows() {
        let text = "\u{feff}Balance âgée au 31/10/2026\n\n\
                    N° facture;Client;Date facture;Échéance;Montant TTC;Date règlement;Devise\n\
                    F1; Alpha ;15/09/2026;15/10/2026;1 234,56;;EUR\n\
                    F2;Beta;01/10/2026;31/10/2026;-100,00;;\n\
                    F3;Beta;pas une date;31/10/2026;10,00;;EUR\n\
                    F4;Gamma;02/10/2026;;0050,5;20/10/2026;USD\n\
                    F5;Gamma;03/10/2026;02/11/2026;7,00;00/00/0000;EUR\n\
                    F1;Alpha;16/09/2026;16/10/2026;1,00;;EUR\n";
        let (l, r) = import(text);
        assert_eq!(r.delimiter, ';');
        assert_eq!(r.header_line, 3);
        assert_eq!(r.decimal_separator, DecimalSeparator::Comma);
        assert_eq!(r.rows_read, 6);
        assert_eq!(r.invoices, 5);
        assert_eq!(r.rows_skipped, 1);
        assert_eq!(r.credit_notes, 1);
        let bad = r.skipped_issues().next().unwrap();
        assert_eq!((bad.line, bad.column.as_deref(), bad.value.as_str()), (6, Some("Date facture"), "pas une date"));
        assert_eq!(bad.problem, Problem::NotADate);
        assert_eq!(l.invoices[0].amount, dec("1234.56"));
        assert_eq!(l.customers[0].id, "Alpha");
        assert_eq!(l.invoices[2].amount, dec("50.5"));
        assert_eq!(l.invoices[2].currency.as_str(), "USD");
        assert_eq!(l.invoices[2].due_date, d("2026-11-01"), "30 days assumed");
        assert!(r
            .issues
            .iter()
            .any(|i| matches!(i.problem, Problem::DueDateAssumed { terms_days: 30 }) && i.line == 7));
        assert!(r.issues.iter().any(|i| matches!(i.problem, Problem::DuplicateId { first_line: 4 }) && i.line == 9));
        assert_eq!(l.invoices[3].settlement, Settlement::open(), "00/00/0000 means not settled");
        assert_eq!(r.default_currency_used, 1, "F2 has no currency");
    }

    #[test]
    fn windows_1252_and_lone_cr_line_endings() {
        let bytes =
            b"Client;Date;Montant;Date de paiement\rSoci\xE9t\xE9 A;01/02/2026;10,5;\rB;13/02/2026;1;14/02/2026\r";
        let (l, r) = import_csv(bytes, &ImportOptions::default()).unwrap();
        assert_eq!(r.encoding, "Windows-1252");
        assert_eq!(l.customers[0].id, "Société A");
        assert_eq!(l.invoices.len(), 2);
        assert_eq!(l.invoices[1].settlement, Settlement::settled_on(d("2026-02-14"), dec("1")));
        assert_eq!(r.date_order, DateOrder::DayFirst);
    }

    #[test]
    fn open_items_list_is_a_snapshot() {
        let (l, r) = import("customer,date,due,open amount\nA,2026-01-01,2026-01-31,100\nA,2026-02-01,2026-03-03,50\n");
        assert_eq!(r.snapshot_date, Some(d("2026-02-01")));
        assert_eq!(l.invoices[0].settlement, Settlement::OpenAtSnapshot(dec("100")));
    }

    #[test]
    fn whole_file_errors() {
        assert_eq!(import_csv(b"  \n", &ImportOptions::default()).unwrap_err(), ImportError::Empty);
        assert_eq!(import_csv(b"foo,bar\n1,2\n", &ImportOptions::default()).unwrap_err(), ImportError::NoHeader);
        assert!(matches!(
            import_csv(b"client,montant\nA,1\n", &ImportOptions::default()).unwrap_err(),
            ImportError::MissingColumns { .. }
        ));
        assert_eq!(import_csv(b"client,date,montant\n", &ImportOptions::default()).unwrap_err(), ImportError::NoRows);
    }

    #[test]
    fn excel_serial_dates_and_float_ids() {
        let (l, _) = import("Invoice,Customer,Invoice Date,Due Date,Amount\n611365.0,12.0,45292,45322,10\n");
        assert_eq!(l.invoices[0].id, "611365");
        assert_eq!(l.customers[0].id, "12");
        assert_eq!(l.invoices[0].invoice_date, d("2024-01-01"));
        assert_eq!(l.invoices[0].due_date, d("2024-01-31"));
    }
}

/// The real IBM receivables file (tests/fixtures): every row reads, and the
/// file's own DaysToSettle and DaysLate columns agree with the dates read.
#[cfg(test)]
mod ibm_fixture {
    use super::*;

    #[test]
    fn every_row_reads_and_days_agree() {
        let bytes = include_bytes!("../../../tests/fixtures/ibm-accounts-receivable.csv");
        let (l, r) = import_csv(bytes, &ImportOptions::default()).unwrap();
        assert_eq!((r.rows_read, r.invoices, r.rows_skipped), (2466, 2466, 0));
        assert_eq!(r.customers, 100);
        assert_eq!(r.date_order, DateOrder::MonthFirst);
        let text = std::str::from_utf8(bytes).unwrap();
        for (inv, line) in l.invoices.iter().zip(text.lines().skip(1)) {
            let cells: Vec<&str> = line.split(',').collect();
            let settled = inv.settled_date().unwrap();
            let to_settle: i64 = cells[10].trim().parse().unwrap();
            let late: i64 = cells[11].trim().parse().unwrap();
            assert_eq!((settled - inv.invoice_date).num_days(), to_settle, "line {}", inv.source_line);
            assert_eq!((settled - inv.due_date).num_days().max(0), late, "line {}", inv.source_line);
            assert_eq!(inv.id, cells[3]);
        }
    }
}

/// Damaged files: whatever the bytes, the import returns a ledger or an
/// error, never panics, and every data row is either an invoice or a
/// skipped row (nothing silently dropped).
#[cfg(test)]
mod damaged_files {
    use super::*;
    use crate::domain::sample::receivables_csv;

    /// A small xorshift, so the damage is the same on every run.
    fn rng(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    #[test]
    fn random_damage_never_panics_and_loses_no_row() {
        let base = receivables_csv(60, 3).into_bytes();
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let nasty: &[&[u8]] =
            &[b";", b"\"", b"\r", b"\n", b"\xff", b"\xc3", b"-", b",", b"0", b"31/02/2026", b"  ", b"\t"];
        for _ in 0..400 {
            let mut bytes = base.clone();
            for _ in 0..(1 + rng(&mut seed) % 12) {
                let at = (rng(&mut seed) as usize) % bytes.len();
                match rng(&mut seed) % 3 {
                    0 => {
                        bytes.remove(at);
                    }
                    1 => {
                        let piece = nasty[(rng(&mut seed) as usize) % nasty.len()];
                        bytes.splice(at..at, piece.iter().copied());
                    }
                    _ => bytes[at] = rng(&mut seed) as u8,
                }
            }
            if let Ok((ledger, report)) = import_csv(&bytes, &ImportOptions::default()) {
                assert_eq!(report.invoices + report.rows_skipped, report.rows_read);
                assert_eq!(ledger.invoices.len() as u64, report.invoices);
            }
        }
        // Pure noise and pathological shapes.
        for bytes in [&b""[..], b"\n\n\n", b"\"", b"a;b\n\"unterminated", &[0u8; 64], &[0xffu8; 64]] {
            let _ = import_csv(bytes, &ImportOptions::default());
        }
        // Binary documents are named, not parsed.
        use crate::domain::import::BinaryKind;
        let not_text = |b: &[u8]| import_csv(b, &ImportOptions::default()).unwrap_err();
        assert_eq!(not_text(b"PK\x03\x04\x14\x00rest"), ImportError::NotText(BinaryKind::Zip));
        assert_eq!(not_text(b"%PDF-1.7\n"), ImportError::NotText(BinaryKind::Pdf));
        assert_eq!(
            not_text(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            ImportError::NotText(BinaryKind::OldExcel)
        );
        assert_eq!(not_text(&[0u8; 64]), ImportError::NotText(BinaryKind::Other));
    }
}
