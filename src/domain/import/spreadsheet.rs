//! Spreadsheet exports (.xlsx, .xlsm, .xlsb, .xls, .ods), read with
//! calamine. Each sheet is turned into `;`-separated text, one line per
//! sheet row (so the line numbers of the report are the sheet's row
//! numbers), dates as ISO dates and numbers with a '.', and then read by the
//! CSV import: one set of column rules and row checks for every format.

use super::csv::import_csv;
use super::values::{excel_serial, DecimalSeparator};
use super::{ImportError, ImportOptions, ImportReport};
use crate::domain::ledger::Ledger;
use calamine::{open_workbook_auto_from_rs, Data, Reader};
use std::io::Cursor;

/// Reads the first sheet that holds a receivables table; when none does,
/// the first sheet's error.
pub fn import_spreadsheet(bytes: &[u8], opts: &ImportOptions) -> Result<(Ledger, ImportReport), ImportError> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| ImportError::UnreadableWorkbook)?;
    let opts = ImportOptions { delimiter: Some(b';'), decimal_separator: Some(DecimalSeparator::Dot), ..opts.clone() };
    let mut first_error = None;
    for name in book.sheet_names() {
        let Ok(range) = book.worksheet_range(&name) else { continue };
        if range.is_empty() {
            continue;
        }
        let text = sheet_as_text(&range);
        match import_csv(text.as_bytes(), &opts) {
            Ok((ledger, mut report)) => {
                report.encoding = String::new();
                report.sheet = Some(name);
                return Ok((ledger, report));
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or(ImportError::Empty))
}

/// A sheet as `;`-separated lines, blank lines standing for the rows above
/// the used range so that line n is row n.
fn sheet_as_text(range: &calamine::Range<Data>) -> String {
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let mut out = "\n".repeat(first_row as usize);
    for row in range.rows() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        out.push_str(&cells.join(";"));
        out.push('\n');
    }
    out
}

/// One cell as the CSV import reads it. Text is quoted when it holds the
/// delimiter or a quote; line breaks inside a cell become spaces.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            let serial = dt.as_f64();
            excel_serial(&serial.to_string()).map_or_else(|| number_text(serial), |d| d.format("%Y-%m-%d").to_string())
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
        Data::String(s) => {
            let s = s.replace(['\n', '\r'], " ");
            if s.contains([';', '"']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s
            }
        }
    }
}

/// A float as a plain decimal: whole numbers without ".0" (ids, counts),
/// others to 6 decimals with trailing zeros dropped, so that 0.1 + 0.2
/// stored by a spreadsheet reads as 0.3.
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        let s = format!("{f:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::tests::{d, dec, m};
    use crate::domain::ledger::Settlement;
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

    type Ymd = (u16, u8, u8);
    /// Invoice number, customer, issued, due, amount, settled.
    type Row = (f64, &'static str, Ymd, Ymd, f64, Option<Ymd>);

    /// A workbook with a notes sheet, then a title row, a real header,
    /// typed cells (dates, numbers, text), a float with noise and a bad row.
    fn workbook() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let mut book = Workbook::new();
        let notes = book.add_worksheet();
        notes.set_name("Notes")?;
        notes.write_string(0, 0, "Export du 31/03/2026")?;
        let sheet = book.add_worksheet();
        sheet.set_name("Factures")?;
        let date = Format::new().set_num_format("dd/mm/yyyy");
        sheet.write_string(0, 0, "Balance clients au 31/03/2026")?;
        let headers = ["N° facture", "Client", "Date facture", "Échéance", "Montant TTC", "Date règlement"];
        for (c, h) in headers.iter().enumerate() {
            sheet.write_string(2, c as u16, *h)?;
        }
        let rows: [Row; 3] = [
            (611365.0, "Alpha; SA", (2026, 1, 15), (2026, 2, 14), 1234.56, Some((2026, 3, 10))),
            (611366.0, "Beta", (2026, 3, 1), (2026, 3, 31), 0.1 + 0.2, None),
            (611367.0, "Gamma", (2026, 3, 2), (2026, 4, 1), -50.0, None),
        ];
        for (i, (id, client, issued, due, amount, settled)) in rows.iter().enumerate() {
            let r = 3 + i as u32;
            let dt = |(y, m, d): Ymd| ExcelDateTime::from_ymd(y, m, d);
            sheet.write_number(r, 0, *id)?;
            sheet.write_string(r, 1, *client)?;
            sheet.write_datetime_with_format(r, 2, dt(*issued)?, &date)?;
            sheet.write_datetime_with_format(r, 3, dt(*due)?, &date)?;
            sheet.write_number(r, 4, *amount)?;
            if let Some(s) = settled {
                sheet.write_datetime_with_format(r, 5, dt(*s)?, &date)?;
            }
        }
        sheet.write_number(6, 0, 611368.0)?;
        sheet.write_string(6, 1, "Delta")?;
        sheet.write_string(6, 2, "demain")?;
        sheet.write_number(6, 4, 10.0)?;
        book.save_to_buffer()
    }

    #[test]
    fn reads_the_sheet_with_the_receivables() {
        let bytes = workbook().expect("test workbook");
        let (l, r) = import_spreadsheet(&bytes, &ImportOptions::default()).expect("reads");
        assert_eq!(r.sheet.as_deref(), Some("Factures"));
        assert_eq!((r.rows_read, r.invoices, r.rows_skipped), (4, 3, 1));
        assert_eq!(r.header_line, 3, "the sheet's row number");
        let a = &l.invoices[0];
        assert_eq!(a.id, "611365");
        assert_eq!(l.customers[0].id, "Alpha; SA");
        assert_eq!((a.invoice_date, a.due_date, a.amount), (d("2026-01-15"), d("2026-02-14"), m("1234.56")));
        assert_eq!(a.settlement, Settlement::settled_on(d("2026-03-10"), m("1234.56")));
        assert_eq!(l.invoices[1].amount, dec("0.3"), "float noise dropped");
        assert_eq!(l.invoices[2].amount, dec("-50"));
        let bad = r.skipped_issues().next().unwrap();
        assert_eq!((bad.line, bad.value.as_str()), (7, "demain"));
    }

    #[test]
    fn a_damaged_workbook_is_an_error_not_a_panic() {
        let mut bytes = workbook().expect("test workbook");
        bytes.truncate(bytes.len() / 2);
        assert_eq!(import_spreadsheet(&bytes, &ImportOptions::default()).unwrap_err(), ImportError::UnreadableWorkbook);
    }

    /// The IBM sample as a workbook (tests/fixtures, typed cells) reads into
    /// the same ledger as the CSV.
    #[test]
    fn ibm_workbook_equals_ibm_csv() {
        let csv = include_bytes!("../../../tests/fixtures/ibm-accounts-receivable.csv");
        let xlsx = include_bytes!("../../../tests/fixtures/ibm-accounts-receivable.xlsx");
        let (from_csv, _) = import_csv(csv, &ImportOptions::default()).unwrap();
        let (from_xlsx, r) = super::super::import_file(xlsx, &ImportOptions::default()).unwrap();
        assert_eq!(r.sheet.as_deref(), Some("AR"));
        assert_eq!(from_xlsx.invoices.len(), 2466);
        assert_eq!(from_xlsx.customers, from_csv.customers);
        for (a, b) in from_xlsx.invoices.iter().zip(&from_csv.invoices) {
            assert_eq!(a, b);
        }
    }

    #[test]
    fn numbers_as_text() {
        assert_eq!(number_text(611365.0), "611365");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(-12.5), "-12.5");
    }
}
