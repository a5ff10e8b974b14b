//! A table as CSV in the reader's dialect: French Excel (`;`, decimal
//! comma, dd/mm/yyyy, a byte-order mark) or English; a cell that a
//! spreadsheet would run as a formula is written as text.

use super::{Cell, Table};
use crate::domain::lang::Lang;
use rust_decimal::Decimal;

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
pub(super) fn cell_text(cell: &Cell, lang: Lang) -> String {
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
