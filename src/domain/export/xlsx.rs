//! A table as an .xlsx workbook: real numbers and dates, a frozen header,
//! an "about" sheet; a text cell is always a string, never a formula.

use super::csv::cell_text;
use super::{Cell, ExportError, Table};
use crate::domain::lang::Lang;
use chrono::{Datelike, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

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
