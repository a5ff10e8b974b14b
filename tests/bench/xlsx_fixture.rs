//! Writes the IBM receivables sample as a workbook with typed cells (dates
//! as dates, amounts as numbers), for the end-to-end test of spreadsheet
//! import: `cargo run --example xlsx_fixture > tests/fixtures/ibm-accounts-receivable.xlsx`.
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = include_str!("../fixtures/ibm-accounts-receivable.csv");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("AR")?;
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (r, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            let (r, c) = (r as u32, c as u16);
            let us_date = || -> Option<ExcelDateTime> {
                let mut it = cell.split('/').map(|p| p.parse::<u16>().ok());
                let (m, d, y) = (it.next()??, it.next()??, it.next()??);
                ExcelDateTime::from_ymd(y, m as u8, d as u8).ok()
            };
            if r == 0 || c == 1 || c == 3 {
                // Headers, customer ids and invoice numbers (leading zeros) stay text.
                sheet.write_string(r, c, cell)?;
            } else if let Some(dt) = us_date() {
                sheet.write_datetime_with_format(r, c, dt, &date)?;
            } else if let Ok(n) = cell.parse::<f64>() {
                sheet.write_number(r, c, n)?;
            } else {
                sheet.write_string(r, c, cell)?;
            }
        }
    }
    std::io::stdout().write_all(&book.save_to_buffer()?)?;
    Ok(())
}
