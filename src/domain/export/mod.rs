//! Tables as files to download: a generic `Table` of typed cells (here),
//! written as CSV in the reader's spreadsheet dialect (`csv`: French
//! Excel's `;`, decimal comma, dd/mm/yyyy) or as an .xlsx workbook with
//! real numbers and dates (`xlsx`), and the tables the app exports, one
//! file per family, titled in French or English: `aged` (the aged balance,
//! the open invoices), `customers`, `forecast` (the forecast, the expected
//! payments), `figures`, `dunning` (the actions, as CSV or a calendar).
//! Pure: bytes out, no clock read (the workbook's creation date is the
//! as-of date passed in).

pub mod aged;
pub mod csv;
pub mod customers;
pub mod dunning;
pub mod figures;
pub mod forecast;
pub mod xlsx;

use crate::domain::analysis::kpi::Unavailable;
use crate::domain::lang::Lang;
use chrono::NaiveDate;
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

pub(crate) fn column(title: impl Into<String>, kind: Kind) -> Column {
    Column { title: title.into(), kind }
}

/// French or English.
pub(crate) fn w(lang: Lang, fr: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

pub(crate) fn opt(v: Option<Decimal>, cell: fn(Decimal) -> Cell) -> Cell {
    v.map_or(Cell::Empty, cell)
}

pub(crate) fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use super::{aged::*, csv::*, xlsx::*};
    use crate::domain::analysis::kpi::aging::aged_balance;
    use crate::domain::analysis::kpi::aging::Buckets;
    use crate::domain::analysis::kpi::aging::GroupBy;
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
        let mut r = ::csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).from_reader(text.as_bytes());
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
