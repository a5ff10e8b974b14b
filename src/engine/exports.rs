//! The export questions: any table of the dashboard (figures, aged
//! balance, open invoices, customers, forecast, expected payments) as a
//! CSV or .xlsx file, with its "about" sheet. Nothing is kept: an export
//! is asked once.

use super::protocol::{CustomersQuery, ExportFile, ExportQuery, ExportWhat, ForecastQuery, KpiQuery, TableFormat};
use super::Engine;
use crate::domain::analysis::convert;
use crate::domain::analysis::kpi::aging::aged_balance_by;
use crate::domain::analysis::kpi::kpis_with_sales;
use crate::domain::export::aged::{aged_balance_table, open_invoices_table};
use crate::domain::export::csv::table_csv;
use crate::domain::export::customers::customers_table;
use crate::domain::export::figures::figures_table;
use crate::domain::export::forecast::{expected_table, forecast_table};
use crate::domain::export::xlsx::table_xlsx;
use crate::domain::export::{ExportError, Kind, Table};
use crate::domain::lang::Lang;

impl Engine {
    /// The table of `q` as a file.
    pub fn export(&mut self, q: &ExportQuery) -> Result<ExportFile, ExportError> {
        self.select(&q.selection);
        let view = self.view()?;
        let table: Table = match &q.what {
            ExportWhat::AgedBalance { group_by, buckets, basis } => {
                let a = aged_balance_by(view, q.as_of, buckets, *group_by, *basis)?;
                aged_balance_table(view, &a, q.lang)
            }
            ExportWhat::OpenInvoices { buckets } => open_invoices_table(view, q.as_of, buckets, q.lang)?,
            ExportWhat::Customers { thresholds, sort, search } => {
                let page = CustomersQuery {
                    as_of: q.as_of,
                    selection: q.selection.clone(),
                    thresholds: thresholds.clone(),
                    sort: *sort,
                    search: search.clone(),
                    first: 0,
                    rows: usize::MAX,
                    delays_of: None,
                };
                let answer = self.customers(&page);
                if let Some(e) = answer.unavailable {
                    return Err(e.into());
                }
                let rows: Vec<_> = answer.rows.into_iter().map(|l| l.row).collect();
                customers_table(self.view()?, &rows, q.lang)
            }
            ExportWhat::Forecast { reduce_days } => {
                let fq = self.forecast_query(q, *reduce_days);
                let f = self.forecast(&fq).forecast?;
                forecast_table(&f, q.lang)
            }
            ExportWhat::ExpectedPayments { reduce_days } => {
                let fq = self.forecast_query(q, *reduce_days);
                expected_table(&self.forecast_lines(&fq)?, q.lang)
            }
            ExportWhat::Figures { period, provisions, labels, typed_sales } => {
                let fq = KpiQuery {
                    as_of: q.as_of,
                    period: *period,
                    selection: q.selection.clone(),
                    provisions: provisions.clone(),
                    typed_sales: *typed_sales,
                };
                let set = kpis_with_sales(view, q.as_of, *period, provisions, fq.typed());
                let typed = if q.lang == Lang::Fr { " (saisi par l'utilisateur)" } else { " (typed by the user)" };
                let label = |name: &str| {
                    let l = labels.iter().find(|(n, _)| n == name).map_or_else(|| name.to_string(), |(_, l)| l.clone());
                    if name == "sales" && set.sales_typed {
                        format!("{l}{typed}")
                    } else {
                        l
                    }
                };
                figures_table(&set, label, q.lang)
            }
        };
        let mut table = table;
        // A converted CSV says so where a CSV can: in its amounts' titles.
        if let (Some(rates), TableFormat::Csv) = (&q.selection.rates, q.format) {
            let rates = convert::rates_text(&q.selection.currency, rates, q.lang);
            let to = &q.selection.currency;
            let said = if q.lang == Lang::Fr {
                format!("converti en {to} : {rates}")
            } else {
                format!("converted to {to}: {rates}")
            };
            // The amounts' columns; a table of figures of several units has
            // its values in one column of numbers.
            let money = table.columns.iter().any(|c| c.kind == Kind::Money);
            let amounts =
                |c: &&mut crate::domain::export::Column| c.kind == Kind::Money || (!money && c.kind == Kind::Number);
            for c in table.columns.iter_mut().filter(amounts) {
                c.title = format!("{} ({said})", c.title);
            }
        }
        let fr = q.lang == Lang::Fr;
        let stem = match (&q.what, fr) {
            (ExportWhat::AgedBalance { .. }, true) => "balance-agee",
            (ExportWhat::AgedBalance { .. }, false) => "aged-balance",
            (ExportWhat::OpenInvoices { .. }, true) => "factures-ouvertes",
            (ExportWhat::OpenInvoices { .. }, false) => "open-invoices",
            (ExportWhat::Customers { .. }, true) => "clients",
            (ExportWhat::Customers { .. }, false) => "customers",
            (ExportWhat::Forecast { .. }, true) => "prevision-encaissements",
            (ExportWhat::Forecast { .. }, false) => "collections-forecast",
            (ExportWhat::ExpectedPayments { .. }, true) => "paiements-attendus",
            (ExportWhat::ExpectedPayments { .. }, false) => "expected-payments",
            (ExportWhat::Figures { .. }, true) => "indicateurs",
            (ExportWhat::Figures { .. }, false) => "figures",
        };
        let currency: String = q.selection.currency.chars().filter(char::is_ascii_alphanumeric).collect();
        let converted = match (&q.selection.rates, fr) {
            (None, _) => "",
            (Some(_), true) => "-converti",
            (Some(_), false) => "-converted",
        };
        let base = format!(
            "{stem}-{}{}{converted}",
            q.as_of.format("%Y-%m-%d"),
            if currency.is_empty() { String::new() } else { format!("-{currency}") }
        );
        Ok(match q.format {
            TableFormat::Csv => ExportFile {
                name: format!("{base}.csv"),
                mime: "text/csv;charset=utf-8".into(),
                bytes: table_csv(&table, q.lang),
            },
            TableFormat::Xlsx => {
                let name = format!("{base}.xlsx");
                let about = self.about(q, &name);
                ExportFile {
                    bytes: table_xlsx(&table, q.lang, &about, q.as_of)?,
                    name,
                    mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".into(),
                }
            }
        })
    }

    /// The lines of a workbook's "about" sheet: the file, the analysed
    /// file, the as-of date and the selection.
    fn about(&self, q: &ExportQuery, name: &str) -> Vec<(String, String)> {
        let fr = q.lang == Lang::Fr;
        let w = |f: &str, e: &str| if fr { f.to_string() } else { e.to_string() };
        let mut lines = vec![(w("Fichier", "File"), name.to_string())];
        if let Some(info) = &self.info {
            lines.push((w("Données", "Data"), info.file_name.clone()));
        }
        let date = if fr { q.as_of.format("%d/%m/%Y") } else { q.as_of.format("%Y-%m-%d") };
        lines.push((w("Date d'arrêté", "As of"), date.to_string()));
        lines.push((w("Devise", "Currency"), q.selection.currency.clone()));
        if let Some(rates) = &q.selection.rates {
            lines.push((w("Conversion", "Conversion"), convert::statement(&q.selection.currency, rates, q.lang)));
        }
        let s = &q.selection;
        for (label, value) in [
            (w("Division", "Division"), &s.division),
            (w("Commercial", "Sales rep"), &s.sales_rep),
            (w("Client", "Customer"), &s.customer),
        ] {
            if let Some(v) = value {
                lines.push((label, v.clone()));
            }
        }
        match &q.what {
            ExportWhat::AgedBalance { buckets, .. } | ExportWhat::OpenInvoices { buckets } => {
                lines.push((w("Tranches (jours)", "Buckets (days)"), buckets.describe()));
            }
            ExportWhat::Forecast { reduce_days } | ExportWhat::ExpectedPayments { reduce_days } if *reduce_days > 0 => {
                lines.push((
                    w("Simulation : retards réduits de (jours)", "What-if: days late reduced by"),
                    reduce_days.to_string(),
                ));
            }
            ExportWhat::Figures { period, typed_sales, .. } => {
                lines.push((w("Période (jours)", "Period (days)"), period.days().to_string()));
                if let Some(s) = typed_sales {
                    let s = if fr { s.normalize().to_string().replace('.', ",") } else { s.normalize().to_string() };
                    lines.push((w("Ventes de la période saisies", "Period's sales typed"), s));
                }
            }
            _ => {}
        }
        lines
    }

    /// The forecast query of an export.
    fn forecast_query(&self, q: &ExportQuery, reduce_days: u32) -> ForecastQuery {
        ForecastQuery { as_of: q.as_of, selection: q.selection.clone(), reduce_days, plans: Default::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::analysis::behaviour::Thresholds;
    use crate::domain::analysis::kpi::aging::AgeBasis;
    use crate::domain::analysis::kpi::aging::Buckets;
    use crate::domain::analysis::kpi::aging::GroupBy;
    use crate::domain::analysis::kpi::provisions::ProvisionRates;
    use crate::domain::analysis::kpi::Period;
    use crate::domain::analysis::kpi::Unavailable;
    use crate::domain::ledger::tests::{d, dec};
    use crate::engine::protocol::*;
    use crate::engine::tests::engine;

    /// A file whose customers, invoice numbers, divisions and dispute
    /// reasons are formulas: every export keeps them as text.
    #[test]
    fn a_hostile_file_goes_through_every_export_as_text() {
        use crate::domain::dunning::plan::Assignment;
        use crate::domain::dunning::simulate::{History, Settings};
        use crate::domain::dunning::templates::{template, Template};
        use crate::domain::export::dunning::{actions_csv, Words};
        use crate::domain::export::tests::{assert_no_formula, assert_strings_in_xlsx};
        use crate::domain::import::ImportOptions;
        use crate::engine::DunningQuery;
        let names = ["=HYPERLINK(\"http://evil.example/?x\",\"Cliquez\")", "+cmd", "@SUM(1)", "-2+3"];
        let mut file =
            String::from("Facture;Code client;Client;Date facture;Échéance;Montant;Division;Litige;Motif du litige\n");
        for (k, name) in names.iter().enumerate() {
            let quoted = format!("\"{}\"", name.replace('"', "\"\""));
            // Old enough to be late (and in the 90 days' sales, for the figures).
            let (day, due) = (k + 1, k + 11);
            file.push_str(&format!(
                "=1+{k};{quoted};{quoted};0{day}/01/2026;{due}/02/2026;{day}00,00;@div;oui;=motif\n"
            ));
            file.push_str(&format!("F{k};{quoted};{quoted};0{day}/03/2026;{due}/03/2026;{}00,00;@div;;\n", k + 5));
        }
        // A credit note: a negative amount, which stays a number.
        file.push_str(&format!(
            "AV1;\"{0}\";\"{0}\";05/03/2026;05/03/2026;-50,00;@div;;\n",
            names[0].replace('"', "\"\"")
        ));
        let (mut engine, _) = Engine::load("hostile.csv".into(), file.as_bytes(), &ImportOptions::default()).unwrap();
        let customer = engine.ledger.customers.iter().find(|c| c.id == names[0]).expect("the name read as it is");
        assert_eq!(customer.label(), names[0]);
        let whats = [
            ExportWhat::AgedBalance {
                group_by: GroupBy::Customer,
                buckets: Buckets::default(),
                basis: AgeBasis::DueDate,
            },
            ExportWhat::AgedBalance {
                group_by: GroupBy::Division,
                buckets: Buckets::default(),
                basis: AgeBasis::DueDate,
            },
            ExportWhat::AgedBalance {
                group_by: GroupBy::DisputeReason,
                buckets: Buckets::default(),
                basis: AgeBasis::DueDate,
            },
            ExportWhat::OpenInvoices { buckets: Buckets::default() },
            ExportWhat::Customers {
                thresholds: Thresholds::default(),
                sort: (CustomerColumn::Open, false),
                search: String::new(),
            },
            ExportWhat::Forecast { reduce_days: 0 },
            ExportWhat::ExpectedPayments { reduce_days: 0 },
            ExportWhat::Figures {
                period: Period::D90,
                provisions: ProvisionRates::default(),
                labels: vec![("sales".into(), "=ventes".into())],
                typed_sales: None,
            },
        ];
        for what in whats {
            // The texts this table holds from the file.
            let expected: Vec<&str> = match &what {
                ExportWhat::AgedBalance { group_by: GroupBy::Division, .. } => vec!["@div"],
                ExportWhat::AgedBalance { group_by: GroupBy::DisputeReason, .. } => vec!["=motif"],
                ExportWhat::OpenInvoices { .. } => names.iter().copied().chain(["=1+0", "@div", "=motif"]).collect(),
                ExportWhat::ExpectedPayments { .. } => names.iter().copied().chain(["=1+0"]).collect(),
                ExportWhat::Forecast { .. } => vec![],
                ExportWhat::Figures { .. } => vec!["=ventes"],
                _ => names.to_vec(),
            };
            for lang in [Lang::Fr, Lang::En] {
                let q = ExportQuery {
                    as_of: d("2026-03-31"),
                    selection: Selection { currency: "EUR".into(), ..Selection::default() },
                    what: what.clone(),
                    format: TableFormat::Csv,
                    lang,
                };
                let csv = engine.export(&q).unwrap();
                assert_no_formula(&csv.bytes, lang, &expected);
                let xlsx = engine.export(&ExportQuery { format: TableFormat::Xlsx, ..q }).unwrap();
                assert_strings_in_xlsx(&xlsx.bytes, &expected);
            }
        }
        // The dunning actions.
        let q = DunningQuery {
            as_of: d("2026-03-31"),
            selection: Selection { currency: "EUR".into(), ..Selection::default() },
            plans: vec![template(Template::Standard, Lang::Fr)],
            assignment: Assignment { default_plan: Some("standard".into()), ..Assignment::default() },
            settings: Settings {
                rate: dec("12.15"),
                horizon_days: 30,
                working_days_only: false,
                thresholds: Thresholds::default(),
                contact: "@contact".into(),
                company: "=societe".into(),
                lang: Lang::Fr,
            },
            history: History::default(),
            first: 0,
            rows: 100,
            late_rows: 10,
        };
        let lines = engine.dunning_lines(&q).unwrap();
        assert!(!lines.is_empty());
        let words = Words { headers: [""; 16], channel: &|c| format!("{c:?}"), performer: &|p| format!("{p:?}") };
        for lang in [Lang::Fr, Lang::En] {
            assert_no_formula(&actions_csv(&lines, lang, &words), lang, &names);
        }
    }

    #[test]
    fn exports_through_json_as_the_worker_does() {
        use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
        let (mut engine, _) = engine();
        let query = ExportQuery {
            as_of: d("2026-03-31"),
            selection: Selection { currency: "EUR".into(), ..Selection::default() },
            what: ExportWhat::AgedBalance {
                group_by: GroupBy::Customer,
                buckets: Buckets::default(),
                basis: AgeBasis::DueDate,
            },
            format: TableFormat::Xlsx,
            lang: Lang::Fr,
        };
        let request = Request::Export { id: 5, query: query.clone() };
        let Some(Request::Export { id, query: q }) = decode::<Request>(&encode(&request)) else { panic!("decodes") };
        assert_eq!(q, query);
        let file = engine.export(&q).unwrap();
        assert_eq!(file.name, "balance-agee-2026-03-31-EUR.xlsx");
        let response =
            Response::File { id, name: file.name.clone(), mime: file.mime.clone(), bytes: file.bytes.clone() };
        assert_eq!(decode_answer(&encode_answer(&response)), Some(response));
        let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(file.bytes)).unwrap();
        let range = book.worksheet_range("Balance âgée").unwrap();
        assert_eq!(range.get_value((1, 0)), Some(&Data::String("Alpha".into())));
        assert_eq!(range.get_value((2, 6)), Some(&Data::Float(1200.0)), "the total row");
        let about = book.worksheet_range("À propos").unwrap();
        assert_eq!(about.get_value((1, 1)), Some(&Data::String("f.csv".into())));
        // The open invoices in English CSV.
        let csv = ExportQuery {
            what: ExportWhat::OpenInvoices { buckets: Buckets::default() },
            format: TableFormat::Csv,
            lang: Lang::En,
            ..query
        };
        let file = engine.export(&csv).unwrap();
        assert_eq!(
            (file.name.as_str(), file.mime.as_str()),
            ("open-invoices-2026-03-31-EUR.csv", "text/csv;charset=utf-8")
        );
        let text = String::from_utf8(file.bytes).unwrap();
        assert!(text.contains("A2,Alpha,,2026-01-01,2026-01-31,59,31-60 days,200.00,no,,,\r\n"), "{text}");
        let failed = Response::FileFailed { id: 6, error: ExportError::Unavailable(Unavailable::NoHistory) };
        assert_eq!(decode_answer(&encode_answer(&failed)), Some(failed));
    }
}
