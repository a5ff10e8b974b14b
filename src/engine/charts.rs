//! The engine's chart series and table exports: the dashboard's charts
//! for a selection at t (flows, aged balance bars, overdue evolution,
//! payment days, the trend of the figures), and the aged balance or the
//! open invoices as a CSV or .xlsx file. The latest charts answer is kept,
//! so that coming back to the same dashboard costs nothing.

use super::{CustomerColumn, CustomersQuery, Engine, ForecastQuery, KpiQuery, Selection};
use crate::domain::analysis::behaviour::Thresholds;
use crate::domain::analysis::charts::{
    aged_bars, monthly_flows, overdue_evolution, payment_days, AgedBars, MonthlyFlows, OverdueEvolution, PaymentDays,
};
use crate::domain::analysis::convert;
use crate::domain::analysis::kpi::aging::{aged_balance_by, AgeBasis, Buckets, GroupBy};
use crate::domain::analysis::kpi::kpis_with_sales;
use crate::domain::analysis::kpi::provisions::ProvisionRates;
use crate::domain::analysis::kpi::trend::{trend, Trend};
use crate::domain::analysis::kpi::{Period, Unavailable};
use crate::domain::export::tables::{customers_table, expected_table, figures_table, forecast_table};
use crate::domain::export::Kind;
use crate::domain::export::{aged_balance_table, open_invoices_table, table_csv, table_xlsx, ExportError, Table};
use crate::domain::lang::Lang;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Bars the aged balance chart shows before "others" (seed 004's top 10).
fn ten() -> usize {
    10
}

/// The charts' inputs. `group_by`, `buckets` and `top` choose the aged
/// balance's bars (by default: the 10 largest customers and the others,
/// in the default buckets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartsQuery {
    pub as_of: NaiveDate,
    pub period: Period,
    pub selection: Selection,
    #[serde(default)]
    pub group_by: GroupBy,
    #[serde(default)]
    pub buckets: Buckets,
    #[serde(default)]
    pub basis: AgeBasis,
    #[serde(default = "ten")]
    pub top: usize,
}

/// Every chart's series for one query, each in the selection's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartsAnswer {
    pub currency: String,
    /// (a) Revenue, expected and actual payments over 12 months.
    pub flows: Result<MonthlyFlows, Unavailable>,
    /// (b) The aged balance as stacked bars, with the totals per bucket.
    pub aged: Result<AgedBars, Unavailable>,
    /// (c) The overdue amount per day this month, per month end this year
    /// and last year.
    pub overdue: Result<OverdueEvolution, Unavailable>,
    /// (d) Payments per day of the month.
    pub payment_days: Result<PaymentDays, Unavailable>,
    /// (e) Every figure at the 12 month ends (DSO standard, countback,
    /// BPDSO, DDSO, DBT, CEI... by `Trend::series(name)`).
    pub trend: Trend,
    pub compute_ms: u64,
}

/// Which table to export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportWhat {
    /// Every row of the aged balance and a total row.
    AgedBalance {
        group_by: GroupBy,
        buckets: Buckets,
        #[serde(default)]
        basis: AgeBasis,
    },
    /// Every line open at the as-of date, with the bucket of its age.
    OpenInvoices { buckets: Buckets },
    /// Every customer with its payer behaviour, in the table's order and search.
    Customers { thresholds: Thresholds, sort: (CustomerColumn, bool), search: String },
    /// The collections forecast by week and month (with the what-if).
    Forecast { reduce_days: u32 },
    /// Each open invoice with its expected payment date.
    ExpectedPayments { reduce_days: u32 },
    /// Every dashboard figure over `period` (with the provision rates and,
    /// for an open-items file, the period's sales the user typed),
    /// labelled as the page labels them: (kpi.md name, label).
    Figures {
        period: Period,
        provisions: ProvisionRates,
        labels: Vec<(String, String)>,
        #[serde(default)]
        typed_sales: Option<Decimal>,
    },
}

/// The kind of file a table export makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TableFormat {
    Csv,
    Xlsx,
}

/// A table export's inputs: the language sets the column titles, the CSV
/// dialect and the date format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportQuery {
    pub as_of: NaiveDate,
    pub selection: Selection,
    pub what: ExportWhat,
    pub format: TableFormat,
    pub lang: Lang,
}

/// A file made by the engine: its name, its MIME type, its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    pub name: String,
    pub mime: String,
    pub bytes: Vec<u8>,
}

impl Engine {
    /// The charts for `q` (the latest answer again when asked again).
    pub fn charts(&mut self, q: &ChartsQuery) -> ChartsAnswer {
        if let Some((_, a)) = self.charts.as_ref().filter(|(k, _)| k == q) {
            return ChartsAnswer { compute_ms: 0, ..a.clone() };
        }
        self.select(&q.selection);
        let t = q.as_of;
        let view = match self.view() {
            Ok(view) => view,
            Err(e) => {
                return ChartsAnswer {
                    currency: q.selection.currency.clone(),
                    flows: Err(e),
                    aged: Err(e),
                    overdue: Err(e),
                    payment_days: Err(e),
                    trend: Trend { period: q.period, points: Vec::new() },
                    compute_ms: 0,
                }
            }
        };
        let answer = ChartsAnswer {
            currency: q.selection.currency.clone(),
            flows: monthly_flows(view, t),
            aged: aged_balance_by(view, t, &q.buckets, q.group_by, q.basis).map(|a| aged_bars(view, &a, q.top)),
            overdue: overdue_evolution(view, t),
            payment_days: payment_days(view, t),
            trend: trend(view, t, q.period),
            compute_ms: 0,
        };
        self.charts = Some((q.clone(), answer.clone()));
        answer
    }

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
    use super::super::tests::engine;
    use super::super::{decode, encode, Request, Response};
    use super::*;
    use crate::domain::ledger::tests::{d, dec};

    fn charts_query() -> ChartsQuery {
        ChartsQuery {
            as_of: d("2026-03-31"),
            period: Period::D90,
            selection: Selection { currency: "EUR".into(), ..Selection::default() },
            group_by: GroupBy::Customer,
            buckets: Buckets::default(),
            basis: AgeBasis::DueDate,
            top: 10,
        }
    }

    #[test]
    fn charts_through_json_as_the_worker_does() {
        let (mut engine, _) = engine();
        let request = Request::Charts { id: 11, query: charts_query() };
        let Some(Request::Charts { id, query }) = decode::<Request>(&encode(&request)) else { panic!("decodes") };
        let response = Response::Charts { id, answer: Box::new(engine.charts(&query)) };
        let back: Response = decode(&encode(&response)).unwrap();
        assert_eq!(back, response);
        let Response::Charts { id: 11, answer } = back else { panic!("charts") };
        // EUR: A1 1,000 (due 03-31) and A2 200 (due 01-31), both open.
        assert_eq!(answer.currency, "EUR");
        let flows = answer.flows.unwrap();
        assert_eq!((flows.months[11], flows.revenue[11], flows.expected[11]), ((2026, 3), dec("1000"), dec("1000")));
        assert_eq!(flows.expected[9], dec("200"));
        let aged = answer.aged.unwrap();
        assert_eq!((aged.total, aged.bars.len()), (dec("1200"), 1));
        let overdue = answer.overdue.unwrap();
        assert_eq!(overdue.days.last(), Some(&(d("2026-03-31"), dec("200"))));
        assert_eq!(overdue.this_year[2], Some(dec("200")));
        assert_eq!(answer.payment_days.unwrap().counts.len(), 31);
        assert_eq!(answer.trend.points.len(), 12);
        assert_eq!(answer.trend.series("ar_total").unwrap()[11], Ok(dec("1200")));
        // A query without the bars' settings reads with their defaults.
        let text = r#"{"Charts":{"id":2,"query":{"as_of":"2026-03-31","period":90,"selection":{"currency":"EUR","division":null,"sales_rep":null,"customer":null}}}}"#;
        let Some(Request::Charts { query, .. }) = decode::<Request>(text) else { panic!("decodes") };
        assert_eq!(query, charts_query());
        // Asked again: the kept answer.
        assert_eq!(engine.charts(&query).trend, engine.charts(&charts_query()).trend);
    }

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
        assert_eq!(decode::<Response>(&encode(&response)), Some(response));
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
        assert_eq!(decode::<Response>(&encode(&failed)), Some(failed));
    }
}
