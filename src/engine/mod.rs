//! The analysis engine: it holds the ledger of the analysed file and
//! answers the page's queries. It runs in a Web Worker (`src/bin/worker.rs`):
//! the page sends small queries (as-of, period, currency, grouping, which
//! rows are open) and receives small answers (the figures, the visible rows
//! of the aged balance), so the ledger never crosses to the main thread and
//! the page never freezes on a big file. Plain Rust, tested natively; the
//! messages are serde values.
//!
//! `protocol` is every message and what it carries; each other file
//! answers one family of questions and is the only one to keep its
//! answers: `figures` (the KPIs), `aged` (the aged balance), `charts` (the
//! chart series), `customers`, `forecast`, `dunning`, `history` (the record
//! of a file for the history of exports) and `exports` (tables as files).
//! This file holds the file read, the payments applied and the selection.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::unreachable, clippy::todo)
)]

use crate::domain::analysis::kpi::aging::AgedBalance;
use crate::domain::analysis::kpi::Unavailable;
use crate::domain::import::matching::apply_payments;
use crate::domain::import::payments::{import_payments, PaymentLine, PaymentsReport};
use crate::domain::import::{import_file, ImportError, ImportOptions, ImportReport};
use crate::domain::ledger::{Currency, Invoice, LabelIx, Ledger, View};
use chrono::NaiveDate;
use rust_decimal::Decimal;

mod aged;
mod charts;
mod customers;
mod dunning;
mod exports;
mod figures;
mod forecast;
mod history;
pub mod protocol;

pub use protocol::*;

/// Answers kept, by query, so that going back to a date or a selection
/// already seen costs nothing.
const CACHED_ANSWERS: usize = 16;

/// The analysed file, kept where it was read.
#[derive(Debug, Default)]
pub struct Engine {
    /// The invoices file as read, kept apart only once a payments file is
    /// added (so that another one can replace it); no copy otherwise.
    invoices: Option<Ledger>,
    info: Option<LoadedInfo>,
    /// The invoices with the payments file applied: what the figures read.
    ledger: Ledger,
    /// The line indexes of the last selection (`None`: every line), or
    /// why it cannot be made (a converted view without a rate).
    selected: Option<(Selection, SelectedRows)>,
    /// Every line converted into a currency at some rates: the ledger the
    /// latest converted selection reads (kept while the rates are the same).
    converted: Option<Converted>,
    /// The latest answers, the newest last.
    kpi_answers: Vec<(KpiQuery, KpiAnswer)>,
    aged_balances: Vec<(aged::AgedKey, Result<AgedBalance, Unavailable>)>,
    /// The latest dunning query's result.
    dunning: Option<Box<dunning::Kept>>,
    /// The latest charts query and its answer.
    charts: Option<(ChartsQuery, ChartsAnswer)>,
    /// The latest forecast basis.
    forecast: forecast::Kept,
    /// The latest customers table.
    customers: customers::Kept,
}

/// A selection's line indexes (`None`: every line), or why it cannot be made.
type SelectedRows = Result<Option<Vec<u32>>, Unavailable>;

/// The ledger in one currency at the user's rates, or why it cannot be.
#[derive(Debug)]
struct Converted {
    to: String,
    rates: Vec<(String, Decimal)>,
    ledger: Result<Ledger, Unavailable>,
}

/// Keeps `value` under `key` among the latest answers.
fn remember<K, V>(cache: &mut Vec<(K, V)>, key: K, value: V) {
    if cache.len() >= CACHED_ANSWERS {
        cache.remove(0);
    }
    cache.push((key, value));
}

impl Engine {
    /// Reads a file (any supported format) with the user's options.
    pub fn load(file_name: String, bytes: &[u8], options: &ImportOptions) -> Result<(Engine, LoadedInfo), ImportError> {
        let (ledger, report) = import_file(bytes, options)?;
        Ok(Engine::of(file_name, bytes.len() as u64, ledger, report))
    }

    /// The engine of a file read elsewhere (streamed by the worker).
    pub fn of(file_name: String, size: u64, mut ledger: Ledger, report: ImportReport) -> (Engine, LoadedInfo) {
        let advances = ledger.apply_advances();
        let mut info = LoadedInfo {
            file_name,
            bytes: size,
            earliest: NaiveDate::MIN,
            currencies: Vec::new(),
            latest: NaiveDate::MIN,
            report,
            read_ms: 0,
            readers: 1,
            memory_bytes: 0,
            parse_ms: 0,
            payments: None,
            advances,
            divisions: Vec::new(),
            sales_reps: Vec::new(),
            customers: Vec::new(),
            timings: LoadTimings::default(),
        };
        let mut engine = Engine { ledger, ..Engine::default() };
        engine.refresh(&mut info);
        engine.info = Some(info.clone());
        (engine, info)
    }

    /// The dates, currencies and filter values of the ledger as it now
    /// is; answers kept for the previous ledger are dropped.
    fn refresh(&mut self, info: &mut LoadedInfo) {
        let latest = self.ledger.latest_event_date().unwrap_or(NaiveDate::MIN);
        info.latest = latest;
        info.earliest = self.ledger.earliest_invoice_date().unwrap_or(latest);
        info.currencies = self.ledger.currencies_by_open(latest);
        let labels = |pick: fn(&Invoice) -> Option<LabelIx>| -> Vec<String> {
            let mut used = vec![false; self.ledger.labels.len()];
            for inv in &self.ledger.invoices {
                if let Some(slot) = pick(inv).and_then(|ix| used.get_mut(ix as usize)) {
                    *slot = true;
                }
            }
            let mut v: Vec<String> =
                self.ledger.labels.iter().zip(used).filter(|(_, u)| *u).map(|(l, _)| l.clone()).collect();
            v.sort();
            v
        };
        info.divisions = labels(|i| i.division);
        info.sales_reps = labels(|i| i.sales_rep);
        let mut customers: Vec<(String, String)> =
            self.ledger.customers.iter().map(|c| (c.id.clone(), c.label())).filter(|(id, _)| !id.is_empty()).collect();
        customers.sort_by(|a, b| a.1.cmp(&b.1));
        customers.truncate(MAX_LISTED_CUSTOMERS);
        info.customers = customers;
        self.selected = None;
        self.converted = None;
        self.kpi_answers.clear();
        self.aged_balances.clear();
        self.dunning = None;
        self.charts = None;
        self.forecast = forecast::Kept::default();
        self.customers = None;
    }

    /// Adds a payments file to the invoices read (replacing the payments
    /// file added before): payments are matched by reference, the rest
    /// become unapplied cash. A file that cannot be read changes nothing.
    pub fn add_payments(
        &mut self,
        file_name: String,
        bytes: &[u8],
        options: &ImportOptions,
    ) -> Result<LoadedInfo, ImportError> {
        let (lines, report): (Vec<PaymentLine>, PaymentsReport) = import_payments(bytes, options)?;
        let mut info = self.info.clone().ok_or(ImportError::Empty)?;
        let mut ledger = self.invoices.get_or_insert_with(|| self.ledger.clone()).clone();
        let default = crate::domain::ledger::Currency::new(&info.report.default_currency)
            .unwrap_or(crate::domain::ledger::Currency::EUR);
        let matched = apply_payments(&mut ledger, &lines, default);
        // With payment history, the invoices are no longer a snapshot.
        info.report.snapshot_date = ledger.snapshot_date;
        self.ledger = ledger;
        info.payments = Some(PaymentsInfo { file_name, report, matched });
        self.refresh(&mut info);
        self.info = Some(info.clone());
        Ok(info)
    }

    /// Makes `sel` the current selection: its line indexes, found in one
    /// pass (every line when it selects them all); for a converted view,
    /// over the converted lines (made when the rates change).
    fn select(&mut self, sel: &Selection) {
        if self.selected.as_ref().is_some_and(|(s, _)| s == sel) {
            return;
        }
        let source = match &sel.rates {
            None => Ok(&self.ledger),
            Some(rates) => {
                let fresh = self.converted.as_ref().is_some_and(|c| c.to == sel.currency && c.rates == *rates);
                if !fresh {
                    let ledger = match Currency::new(&sel.currency) {
                        Some(to) => crate::domain::analysis::convert::converted(&self.ledger, to, rates),
                        None => Err(Unavailable::NothingToAverage),
                    };
                    self.converted = Some(Converted { to: sel.currency.clone(), rates: rates.clone(), ledger });
                }
                match self.converted.as_ref().map(|c| &c.ledger) {
                    Some(Ok(l)) => Ok(l),
                    Some(Err(e)) => Err(*e),
                    None => Err(Unavailable::NothingToAverage),
                }
            }
        };
        let rows = source.map(|l| {
            // Converted, every line is in the selection's currency.
            let one_currency = sel.rates.is_some() || self.info.as_ref().is_none_or(|i| i.currencies.len() <= 1);
            rows_of(l, sel, one_currency)
        });
        self.selected = Some((sel.clone(), rows));
    }

    /// The lines of the current selection, in the ledger it reads (the
    /// converted one for a converted view); unavailable when that ledger
    /// cannot be made.
    fn view(&self) -> Result<View<'_>, Unavailable> {
        let Some((sel, rows)) = self.selected.as_ref() else { return Ok(View::all(&self.ledger)) };
        let rows = rows.as_ref().map_err(|e| *e)?;
        let ledger = match (&sel.rates, &self.converted) {
            (None, _) => &self.ledger,
            (Some(_), Some(Converted { ledger: Ok(l), .. })) => l,
            (Some(_), Some(Converted { ledger: Err(e), .. })) => return Err(*e),
            (Some(_), None) => return Err(Unavailable::NothingToAverage),
        };
        Ok(match rows {
            Some(rows) => View::rows(ledger, rows),
            None => View::all(ledger),
        })
    }

    /// The lines of `sel` in the file's own currencies, never converted
    /// (the Dunning page's: reminders go out in each invoice's currency).
    fn own_view(&mut self, sel: &Selection) -> View<'_> {
        self.select(&Selection { rates: None, ..sel.clone() });
        match self.selected.as_ref().map(|(_, rows)| rows) {
            Some(Ok(Some(rows))) => View::rows(&self.ledger, rows),
            // Without rates a selection is always made; were it not, nothing.
            Some(Err(_)) => View::rows(&self.ledger, &[]),
            Some(Ok(None)) | None => View::all(&self.ledger),
        }
    }
}

/// The indexes of the lines of `l` that `sel` selects (`None`: all of
/// them); `one_currency` when the currency selects nothing apart.
fn rows_of(l: &Ledger, sel: &Selection, one_currency: bool) -> Option<Vec<u32>> {
    let label = |text: &Option<String>| -> Option<Option<LabelIx>> {
        text.as_ref().map(|t| l.labels.iter().position(|x| x == t).map(|ix| ix as LabelIx))
    };
    let division = label(&sel.division);
    let sales_rep = label(&sel.sales_rep);
    let customer = sel.customer.as_ref().map(|c| {
        l.customers.iter().position(|x| x.id == *c).or_else(|| l.customers.iter().position(|x| x.label() == *c))
    });
    let currency = Currency::new(&sel.currency);
    if division.is_none() && sales_rep.is_none() && customer.is_none() && one_currency {
        return None;
    }
    // A value the file does not hold selects nothing.
    let wanted = |want: Option<Option<LabelIx>>, have: Option<LabelIx>| match want {
        None => true,
        Some(Some(ix)) => have == Some(ix),
        Some(None) => false,
    };
    Some(
        l.invoices
            .iter()
            .enumerate()
            .filter(|(_, i)| {
                (one_currency || Some(i.currency) == currency)
                    && wanted(division, i.division)
                    && wanted(sales_rep, i.sales_rep)
                    && customer.is_none_or(|c| c == Some(i.customer as usize))
            })
            .map(|(ix, _)| ix as u32)
            .collect(),
    )
}

/// Customers listed for the customer filter (the filter also takes any
/// code typed).
const MAX_LISTED_CUSTOMERS: usize = 5000;

#[cfg(test)]
pub(crate) mod tests {
    use super::figures::LISTED_OVER_LIMIT;
    use super::*;
    use crate::domain::analysis::kpi::aging::AgeBasis;
    use crate::domain::analysis::kpi::aging::Buckets;
    use crate::domain::analysis::kpi::aging::Group;
    use crate::domain::analysis::kpi::aging::GroupBy;
    use crate::domain::analysis::kpi::provisions::ProvisionRates;
    use crate::domain::analysis::kpi::Period;
    use crate::domain::ledger::tests::{d, dec};

    const FILE: &str = "Facture;Client;Date facture;Échéance;Montant;Devise;Date règlement;Limite de crédit\n\
                        A1;Alpha;01/03/2026;31/03/2026;1000,00;EUR;;500\n\
                        A2;Alpha;01/01/2026;31/01/2026;200,00;EUR;;500\n\
                        B1;Beta;02/03/2026;01/04/2026;3000,00;USD;;\n\
                        B2;Beta;10/03/2026;09/04/2026;200,00;USD;15/03/2026;\n";

    pub(crate) fn engine() -> (Engine, LoadedInfo) {
        Engine::load("f.csv".into(), FILE.as_bytes(), &ImportOptions::default()).expect("the test file reads")
    }

    fn sel(currency: &str) -> Selection {
        Selection { currency: currency.into(), ..Selection::default() }
    }

    fn query(currency: &str) -> KpiQuery {
        KpiQuery {
            as_of: d("2026-03-31"),
            period: Period::D90,
            selection: sel(currency),
            provisions: ProvisionRates::default(),
            typed_sales: None,
        }
    }

    fn aged_query(currency: &str) -> AgedQuery {
        AgedQuery {
            as_of: d("2026-03-31"),
            selection: sel(currency),
            group_by: GroupBy::Customer,
            buckets: Buckets::default(),
            basis: AgeBasis::DueDate,
            expanded: vec![],
            sort: AgedSort::default(),
            search: String::new(),
            first: 0,
            rows: 50,
        }
    }

    #[test]
    fn aged_rows_sorted_searched_and_paged() {
        let mut file = String::from("Client;Date facture;Échéance;Montant\n");
        // Ten customers: C0 owes 100 not due, C1 200 overdue... C9 1,000.
        for i in 0..10 {
            let due = if i % 2 == 0 { "30/04/2026" } else { "28/02/2026" };
            file.push_str(&format!("C{i};01/02/2026;{due};{}00,00\n", i + 1));
        }
        let (mut engine, _) = Engine::load("p.csv".into(), file.as_bytes(), &ImportOptions::default()).unwrap();
        let labels = |engine: &mut Engine, q: &AgedQuery| {
            let Ok(a) = engine.aged(q).aged else { panic!("an aged balance") };
            (a.rows.iter().map(|r| r.label.clone().unwrap_or_default()).collect::<Vec<_>>(), a.n_rows, a.total)
        };
        let base = AgedQuery { rows: 3, ..aged_query("EUR") };
        assert_eq!(labels(&mut engine, &base), (vec!["C9".into(), "C8".into(), "C7".into()], 10, dec("5500")));
        // The next page.
        let page2 = AgedQuery { first: 3, ..base.clone() };
        assert_eq!(labels(&mut engine, &page2).0, vec!["C6", "C5", "C4"]);
        // Smallest total first; by label A to Z; by the 31-60 bucket (only odd customers have it).
        let asc = AgedQuery { sort: AgedSort { column: AgedColumn::Total, ascending: true }, ..base.clone() };
        assert_eq!(labels(&mut engine, &asc).0, vec!["C0", "C1", "C2"]);
        let by_label = AgedQuery { sort: AgedSort { column: AgedColumn::Label, ascending: true }, ..base.clone() };
        assert_eq!(labels(&mut engine, &by_label).0, vec!["C0", "C1", "C2"]);
        let bucket1 = AgedQuery { sort: AgedSort { column: AgedColumn::Bucket(2), ascending: false }, ..base.clone() };
        assert_eq!(labels(&mut engine, &bucket1).0, vec!["C9", "C7", "C5"]);
        // A search keeps the matching rows; the totals stay those of the whole balance.
        let search = AgedQuery { search: " c1 ".into(), ..base.clone() };
        assert_eq!(labels(&mut engine, &search), (vec!["C1".into()], 1, dec("5500")));
        // A page past the end sends nothing, and says how many rows there are.
        let past = AgedQuery { first: 40, ..base.clone() };
        assert_eq!(labels(&mut engine, &past).0.len(), 0);
        // Aged by invoice date: every invoice is 58 days old at 31 March (31-60).
        let by_invoice = AgedQuery { basis: AgeBasis::InvoiceDate, ..base };
        let Ok(a) = engine.aged(&by_invoice).aged else { panic!("an aged balance") };
        assert_eq!(a.totals[2], dec("5500"));
    }

    #[test]
    fn answers_through_json_as_the_worker_does() {
        let (mut engine, info) = engine();
        assert_eq!(info.currencies, vec!["USD", "EUR"]);
        assert_eq!(info.latest, d("2026-03-15"));
        // A request and its answer survive the trip as text.
        let request = Request::Kpis { id: 7, query: query("EUR") };
        let Some(Request::Kpis { id, query: q }) = decode::<Request>(&encode(&request)) else { panic!("decodes") };
        let answer = Response::Kpis { id, answer: Box::new(engine.kpis(&q)) };
        let Some(Response::Kpis { id: 7, answer }) = decode_answer(&encode_answer(&answer)) else { panic!("decodes") };
        assert_eq!(answer.kpis.get("ar_total"), Some(Ok(dec("1200"))));
        assert_eq!(answer.over_limit.len(), 1);
        assert_eq!((answer.over_limit[0].customer_id.as_str(), answer.over_limit[0].overrun), ("Alpha", dec("700")));
        let request = Request::Aged { id: 8, query: aged_query("EUR") };
        let Some(Request::Aged { query: q, .. }) = decode::<Request>(&encode(&request)) else { panic!("decodes") };
        let Ok(aged) = engine.aged(&q).aged else { panic!("an aged balance") };
        assert_eq!((aged.n_rows, aged.total), (1, dec("1200")));
        assert_eq!(aged.rows[0].invoices, None);
    }

    #[test]
    fn dunning_penalties_and_simulation_through_json() {
        use crate::domain::dunning::plan::Assignment;
        use crate::domain::dunning::simulate::Settings;
        use crate::domain::dunning::templates::{template, Template};
        use crate::domain::lang::Lang;
        let (mut engine, _) = engine();
        let settings = Settings {
            rate: dec("14.76"),
            horizon_days: 30,
            working_days_only: false,
            thresholds: Default::default(),
            contact: "Marie".into(),
            company: "Acme".into(),
            lang: Lang::Fr,
        };
        let query = DunningQuery {
            as_of: d("2026-03-31"),
            selection: sel("EUR"),
            plans: vec![template(Template::Standard, Lang::Fr)],
            assignment: Assignment { default_plan: Some("standard".into()), ..Assignment::default() },
            settings,
            history: Default::default(),
            first: 0,
            rows: 1,
            late_rows: 10,
        };
        let request = Request::Dunning { id: 3, query: Box::new(query.clone()) };
        let Some(Request::Dunning { query: q, .. }) = decode::<Request>(&encode(&request)) else { panic!("decodes") };
        let a = engine.dunning(&q).unwrap();
        // A2: 200 open, 59 days late at 14.76%: 4.77; A1 is due that day.
        assert_eq!((a.penalties_due, a.recovery_indemnities, a.late_count), (dec("4.77"), dec("40"), 1));
        assert_eq!((a.late[0].invoice.as_str(), a.late[0].days_late), ("A2", 59));
        // A2 catches up on its latest passed step (the second reminder, +15 days); A1's pre-due
        // notice (24 March) has passed: caught up; then A1's reminder on 1 April...
        assert_eq!((a.today.len(), a.today_total), (2, 2));
        assert!(a.today.iter().all(|l| l.catch_up && l.customer == "Alpha"));
        assert!(a.actions_total > 2 && a.actions.len() == 1, "one row sent of {}", a.actions_total);
        assert!(a.today.iter().any(|l| l.subject.contains("A2") && l.body.contains("4,77")), "{:?}", a.today);
        // The next page comes from the kept result, the same actions.
        let page = engine.dunning(&DunningQuery { first: 1, rows: 100, ..query.clone() }).unwrap();
        assert_eq!(page.actions.len(), a.actions_total - 1);
        assert_eq!(engine.dunning_lines(&query).unwrap().len(), a.actions_total);
    }

    #[test]
    fn currencies_rows_and_expanded_invoices() {
        let (mut engine, _) = engine();
        let usd = engine.kpis(&query("USD"));
        assert_eq!(usd.kpis.get("ar_total"), Some(Ok(dec("3000"))));
        let mut q = aged_query("EUR");
        q.expanded = vec![Group::Customer(0)];
        let Ok(eur) = engine.aged(&q).aged else { panic!("an aged balance") };
        let Some(lines) = eur.rows[0].invoices.as_ref() else { panic!("the row is open") };
        assert_eq!(lines.iter().map(|l| (l.id.as_str(), l.bucket)).collect::<Vec<_>>(), vec![("A2", 2), ("A1", 0)]);
        q.rows = 0;
        assert_eq!(engine.aged(&q).aged.map(|a| a.rows.len()), Ok(0));
        let figures = engine.file_figures(None).map(|(c, f)| (c, f.receivables));
        assert_eq!(figures, Ok(("USD".to_string(), dec("3000"))));
    }

    #[test]
    fn a_payments_file_settles_invoices_and_replaces_the_previous_one() {
        let (mut engine, info) = engine();
        assert_eq!(info.payments, None);
        let payments = "Référence;Date;Montant\nA1;20/03/2026;600,00\nZZ9;21/03/2026;50,00\n";
        let info = engine.add_payments("p.csv".into(), payments.as_bytes(), &ImportOptions::default()).unwrap();
        let p = info.payments.as_ref().expect("the payments file");
        assert_eq!((p.matched.matched, p.matched.unmatched), (1, 1));
        // EUR at 03-31: A1 1,000 - 600 + A2 200 - 50 unapplied = 550.
        let eur = engine.kpis(&query("EUR"));
        assert_eq!(eur.kpis.get("ar_total"), Some(Ok(dec("550"))));
        assert_eq!(eur.kpis.get("unapplied_cash"), Some(Ok(dec("-50"))));
        assert_eq!(info.latest, d("2026-03-21"), "the payments move the latest date");
        // Another payments file replaces the first.
        let info = engine
            .add_payments("p2.csv".into(), b"Ref;Date;Amount\nA2;2026-03-22;200\n", &ImportOptions::default())
            .unwrap();
        assert_eq!(info.payments.map(|p| p.matched.matched), Some(1));
        assert_eq!(engine.kpis(&query("EUR")).kpis.get("ar_total"), Some(Ok(dec("1000"))));
        // A payments file that cannot be read changes nothing.
        assert!(engine.add_payments("x.csv".into(), b"", &ImportOptions::default()).is_err());
        assert_eq!(engine.kpis(&query("EUR")).kpis.get("ar_total"), Some(Ok(dec("1000"))));
    }

    #[test]
    fn a_payment_dated_before_its_invoice_is_unapplied_cash_until_then() {
        // A1 (1,000, issued 10/03) settled 01/03 in the file: received before it was issued.
        let file = "Facture;Client;Date facture;Échéance;Montant;Date règlement\n\
                    A1;Alpha;10/03/2026;09/04/2026;1000,00;01/03/2026\n\
                    A2;Alpha;01/02/2026;03/03/2026;300,00;\n";
        let (mut engine, info) = Engine::load("a.csv".into(), file.as_bytes(), &ImportOptions::default()).unwrap();
        assert_eq!(info.advances, 1);
        let ar = |engine: &mut Engine, day: &str| {
            let q = KpiQuery { as_of: d(day), ..query("EUR") };
            let k = engine.kpis(&q).kpis;
            (k.get("ar_total"), k.get("unapplied_cash"))
        };
        assert_eq!(ar(&mut engine, "2026-02-28"), (Some(Ok(dec("300"))), Some(Ok(dec("0")))));
        // 300 - 1,000 received ahead.
        assert_eq!(ar(&mut engine, "2026-03-05"), (Some(Ok(dec("-700"))), Some(Ok(dec("-1000")))));
        // Issued: settled by the cash received.
        assert_eq!(ar(&mut engine, "2026-03-10"), (Some(Ok(dec("300"))), Some(Ok(dec("0")))));
    }

    /// A file with divisions and sales reps, in two currencies.
    const SELECTION_FILE: &str = "Facture;Client;Date facture;Échéance;Montant;Devise;Division;Commercial\n\
                                  A1;Alpha;01/03/2026;31/03/2026;1000,00;EUR;Nord;Zoé\n\
                                  A2;Alpha;02/03/2026;01/04/2026;200,00;EUR;Sud;Yves\n\
                                  B1;Beta;03/03/2026;02/04/2026;300,00;EUR;Nord;Yves\n\
                                  C1;Gamma;04/03/2026;03/04/2026;4000,00;USD;Nord;Zoé\n";

    #[test]
    fn every_figure_follows_the_selection() {
        let (mut engine, info) =
            Engine::load("s.csv".into(), SELECTION_FILE.as_bytes(), &ImportOptions::default()).unwrap();
        assert_eq!(info.divisions, vec!["Nord", "Sud"]);
        assert_eq!(info.sales_reps, vec!["Yves", "Zoé"]);
        assert_eq!(
            info.customers.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(),
            vec!["Alpha", "Beta", "Gamma"]
        );
        let ar = |engine: &mut Engine, sel: Selection| {
            let q = KpiQuery { selection: sel, ..query("EUR") };
            engine.kpis(&q).kpis.get("ar_total")
        };
        let eur = sel("EUR");
        assert_eq!(ar(&mut engine, eur.clone()), Some(Ok(dec("1500"))));
        let nord = Selection { division: Some("Nord".into()), ..eur.clone() };
        assert_eq!(ar(&mut engine, nord.clone()), Some(Ok(dec("1300"))), "A1 + B1");
        let nord_yves = Selection { sales_rep: Some("Yves".into()), ..nord.clone() };
        assert_eq!(ar(&mut engine, nord_yves), Some(Ok(dec("300"))), "B1");
        let alpha = Selection { customer: Some("Alpha".into()), ..eur.clone() };
        assert_eq!(ar(&mut engine, alpha), Some(Ok(dec("1200"))));
        let nord_usd = Selection { division: Some("Nord".into()), ..sel("USD") };
        assert_eq!(ar(&mut engine, nord_usd), Some(Ok(dec("4000"))));
        // A value the file does not hold selects nothing.
        let nowhere = Selection { division: Some("Est".into()), ..eur.clone() };
        assert_eq!(ar(&mut engine, nowhere), Some(Ok(dec("0"))));
        // The aged balance follows it too, and its rows sum to the selection's AR.
        let q = AgedQuery { selection: nord, ..aged_query("EUR") };
        let Ok(aged) = engine.aged(&q).aged else { panic!("an aged balance") };
        assert_eq!((aged.total, aged.n_rows), (dec("1300"), 2));
    }

    #[test]
    fn answers_are_cached_and_opening_a_row_reuses_the_balance() {
        let (mut engine, _) = engine();
        let first = engine.kpis(&query("EUR"));
        // Asked again: the same answer, from the cache.
        assert_eq!(engine.kpis(&query("EUR")).kpis, first.kpis);
        assert_eq!(engine.kpi_answers.len(), 1);
        let mut q = aged_query("EUR");
        engine.aged(&q);
        q.expanded = vec![Group::Customer(0)];
        q.rows = 1;
        engine.aged(&q);
        assert_eq!(engine.aged_balances.len(), 1, "one balance for both views");
        q.as_of = d("2026-03-30");
        engine.aged(&q);
        assert_eq!(engine.aged_balances.len(), 2);
        // A payments file makes a new ledger: nothing cached survives.
        engine
            .add_payments("p.csv".into(), b"Ref;Date;Amount\nA1;2026-03-20;100\n", &ImportOptions::default())
            .unwrap();
        assert!(engine.kpi_answers.is_empty() && engine.aged_balances.is_empty());
        assert_eq!(engine.kpis(&query("EUR")).kpis.get("ar_total"), Some(Ok(dec("1100"))));
    }

    #[test]
    fn the_first_figures_are_computed_ahead_with_their_time() {
        let (mut engine, info) = engine();
        let q = engine.first_kpi_query().unwrap();
        // What the page asks first: the latest date, 90 days, the main currency, default rates.
        assert_eq!(q.as_of, info.latest);
        assert_eq!(q.period, Period::default());
        assert_eq!(q.selection, Selection { currency: info.currencies[0].clone(), ..Selection::default() });
        let ahead = engine.kpis(&q);
        engine.note_compute_ms(&q, 42);
        let asked = engine.kpis(&q);
        assert_eq!((asked.kpis, asked.compute_ms), (ahead.kpis, 42), "answered from the cache, with its time");
        assert_eq!(engine.kpi_answers.len(), 1);
    }

    #[test]
    fn the_largest_overruns_are_sent_and_the_rest_counted() {
        let mut file = String::from("Client;Date facture;Montant;Limite de crédit\n");
        for i in 0..60 {
            file.push_str(&format!("C{i:02};01/03/2026;{},00;100\n", 200 + i));
        }
        let (mut engine, _) = Engine::load("l.csv".into(), file.as_bytes(), &ImportOptions::default()).unwrap();
        let a = engine.kpis(&query("EUR"));
        assert_eq!((a.over_limit.len(), a.over_limit_count), (LISTED_OVER_LIMIT, 60));
        assert_eq!(a.over_limit[0].customer_id, "C59", "the largest overrun first");
        assert_eq!(a.kpis.outstanding.map(|o| o.over_limit.len()), Ok(LISTED_OVER_LIMIT));
    }

    #[test]
    fn a_bad_file_is_an_answer_too() {
        let err = Engine::load("x.csv".into(), b"1,2\n3,4\n", &ImportOptions::default()).unwrap_err();
        let failed = Response::LoadFailed { generation: 3, error: err };
        let back: Response = decode_answer(&encode_answer(&failed)).unwrap();
        assert_eq!(back, failed);
    }

    #[test]
    fn a_message_that_cannot_be_read_is_answered_too() {
        // A bad period or bucket list is refused when the message is read.
        let bad_period = r#"{"Kpis":{"id":9,"query":{"as_of":"2026-03-31","period":45}}}"#;
        assert_eq!(decode::<Request>(bad_period), None);
        assert_eq!(bad_request(bad_period), Response::BadRequest { id: Some(9), generation: None });
        let bad_load = r#"{"Load":{"generation":4,"name":7}}"#;
        assert_eq!(bad_request(bad_load), Response::BadRequest { id: None, generation: Some(4) });
        assert_eq!(bad_request("not json"), Response::BadRequest { id: None, generation: None });
        let text = encode(&Request::Aged { id: 1, query: aged_query("EUR") }).replace("[0,30,60,90]", "[30,10]");
        assert_eq!(decode::<Request>(&text), None, "buckets are checked on the way in");
    }

    /// The first ten customers at the test date, by open amount.
    fn first_customers(selection: Selection) -> CustomersQuery {
        CustomersQuery {
            as_of: d("2026-03-31"),
            selection,
            thresholds: Default::default(),
            sort: (crate::engine::CustomerColumn::Open, true),
            search: String::new(),
            first: 0,
            rows: 10,
            delays_of: None,
        }
    }

    fn charts_query() -> ChartsQuery {
        ChartsQuery {
            as_of: d("2026-03-31"),
            period: Period::D90,
            selection: sel("EUR"),
            group_by: GroupBy::Customer,
            buckets: Buckets::default(),
            basis: AgeBasis::DueDate,
            top: 10,
        }
    }

    /// kpi.md "Currencies": the converted view, every question on it. The
    /// test file at 1 USD = 0.92 EUR on 2026-03-31: EUR A1 1,000 and A2 200
    /// open; USD B1 3,000 open -> 2,760.00 and B2 200 paid on 03-15 ->
    /// 184.00. AR 1,000 + 200 + 2,760 = 3,960.00; Sales(90) 3,960 + 184 =
    /// 4,144.00.
    #[test]
    fn the_converted_view_answers_every_question() {
        use crate::engine::{ExportQuery, ExportWhat, ForecastQuery, TableFormat};
        let (mut engine, _) = engine();
        let eur = Selection { rates: Some(vec![("USD".into(), dec("0.92"))]), ..sel("EUR") };
        let k = engine.kpis(&KpiQuery { selection: eur.clone(), ..query("EUR") }).kpis;
        assert_eq!(k.get("ar_total"), Some(Ok(dec("3960.00"))));
        assert_eq!(k.get("sales"), Some(Ok(dec("4144.00"))));
        // 3,960 / 4,144 x 90 days.
        assert_eq!(k.dso_standard, Ok(dec("3960") * dec("90") / dec("4144")));
        // The aged balance, the charts, the customers and the forecast agree.
        let Ok(aged) = engine.aged(&AgedQuery { selection: eur.clone(), ..aged_query("EUR") }).aged else {
            panic!("an aged balance")
        };
        assert_eq!((aged.total, aged.n_rows), (dec("3960.00"), 2));
        let charts = engine.charts(&ChartsQuery { selection: eur.clone(), ..charts_query() });
        assert_eq!(charts.aged.map(|a| a.total), Ok(dec("3960.00")));
        let customers = engine.customers(&first_customers(eur.clone()));
        assert_eq!((customers.company.open, customers.unavailable), (dec("3960.00"), None));
        let f = engine.forecast(&ForecastQuery {
            as_of: d("2026-03-31"),
            selection: eur.clone(),
            reduce_days: 0,
            plans: Default::default(),
        });
        assert_eq!(f.forecast.map(|f| f.open_total), Ok(dec("3960.00")));
        // An export says it is converted, and at which rates.
        let export = |engine: &mut Engine, selection: Selection, format| {
            engine.export(&ExportQuery {
                as_of: d("2026-03-31"),
                selection,
                what: ExportWhat::AgedBalance {
                    group_by: GroupBy::Customer,
                    buckets: Buckets::default(),
                    basis: AgeBasis::DueDate,
                },
                format,
                lang: crate::domain::lang::Lang::En,
            })
        };
        let file = export(&mut engine, eur.clone(), TableFormat::Csv).unwrap();
        assert_eq!(file.name, "aged-balance-2026-03-31-EUR-converted.csv");
        let text = String::from_utf8(file.bytes).unwrap();
        assert!(text.contains("Total (converted to EUR: 1 USD = 0.92 EUR)"), "{text}");
        assert!(text.contains("3960.00"), "{text}");
        // The per-currency view is still there beside it, and is the default.
        assert_eq!(engine.kpis(&query("EUR")).kpis.get("ar_total"), Some(Ok(dec("1200"))));
        assert_eq!(engine.kpis(&query("USD")).kpis.get("ar_total"), Some(Ok(dec("3000"))));
        // Into USD at 1 EUR = 1.087 USD: 1,087.00 + 217.40 + 3,000 = 4,304.40.
        let usd = Selection { rates: Some(vec![("EUR".into(), dec("1.087"))]), ..sel("USD") };
        let k = engine.kpis(&KpiQuery { selection: usd, ..query("USD") }).kpis;
        assert_eq!(k.get("ar_total"), Some(Ok(dec("4304.40"))));
        // A division or customer picked within the converted view.
        let alpha = Selection { customer: Some("Beta".into()), ..eur.clone() };
        let k = engine.kpis(&KpiQuery { selection: alpha, ..query("EUR") }).kpis;
        assert_eq!(k.get("ar_total"), Some(Ok(dec("2760.00"))));
    }

    /// Without a rate for every currency of the file, the converted view
    /// is unavailable with the reason, in every answer; never a mix.
    #[test]
    fn a_missing_rate_makes_the_converted_view_unavailable() {
        use crate::domain::export::ExportError;
        use crate::engine::{ExportQuery, ExportWhat, ForecastQuery, TableFormat};
        let (mut engine, _) = engine();
        let no_rate = Unavailable::NoRate(Currency::new("USD").unwrap());
        let eur = Selection { rates: Some(vec![("GBP".into(), dec("1.17"))]), ..sel("EUR") };
        let k = engine.kpis(&KpiQuery { selection: eur.clone(), ..query("EUR") }).kpis;
        for (name, figure, _) in k.figures() {
            assert_eq!(figure, Err(no_rate), "{name}");
        }
        assert_eq!(engine.aged(&AgedQuery { selection: eur.clone(), ..aged_query("EUR") }).aged, Err(no_rate));
        let charts = engine.charts(&ChartsQuery { selection: eur.clone(), ..charts_query() });
        assert_eq!((charts.flows.err(), charts.aged.err()), (Some(no_rate), Some(no_rate)));
        let customers = engine.customers(&first_customers(eur.clone()));
        assert_eq!((customers.unavailable, customers.rows.len()), (Some(no_rate), 0));
        let f = engine.forecast(&ForecastQuery {
            as_of: d("2026-03-31"),
            selection: eur.clone(),
            reduce_days: 0,
            plans: Default::default(),
        });
        assert_eq!(f.forecast.err(), Some(no_rate));
        let export = engine.export(&ExportQuery {
            as_of: d("2026-03-31"),
            selection: eur.clone(),
            what: ExportWhat::OpenInvoices { buckets: Buckets::default() },
            format: TableFormat::Csv,
            lang: crate::domain::lang::Lang::Fr,
        });
        assert_eq!(export.err(), Some(ExportError::Unavailable(no_rate)));
        // The rate typed: the same questions answer.
        let eur = Selection { rates: Some(vec![("USD".into(), dec("0.92"))]), ..sel("EUR") };
        let k = engine.kpis(&KpiQuery { selection: eur, ..query("EUR") }).kpis;
        assert_eq!(k.get("ar_total"), Some(Ok(dec("3960.00"))));
    }

    /// kpi.md "Open-items file" through the engine: the typed sales go with
    /// the figures' query, for the whole file only.
    #[test]
    fn typed_sales_for_an_open_items_file() {
        let file = "Client;Division;Date facture;Échéance;Solde
                    Alpha;Nord;15/01/2026;14/02/2026;1000,00
                    Beta;Sud;10/03/2026;09/04/2026;2000,00
";
        let (mut engine, _) = Engine::load("o.csv".into(), file.as_bytes(), &ImportOptions::default()).unwrap();
        let k = engine.kpis(&query("EUR")).kpis;
        assert_eq!(k.get("ar_total"), Some(Ok(dec("3000"))));
        assert_eq!(k.dso_standard, Err(Unavailable::OpenItemsFile));
        // 9,000 typed for the 90 days: 3,000 / 9,000 x 90 = 30.
        let typed = KpiQuery { typed_sales: Some(dec("9000")), ..query("EUR") };
        let k = engine.kpis(&typed).kpis;
        assert_eq!((k.dso_standard, k.sales_typed), (Ok(dec("30")), true));
        let nord = Selection { division: Some("Nord".into()), ..sel("EUR") };
        let k = engine.kpis(&KpiQuery { selection: nord, ..typed.clone() }).kpis;
        assert_eq!(k.dso_standard, Err(Unavailable::TypedSalesWholeFile));
        // The calculators' figures: the year's sales typed, or unavailable.
        assert_eq!(engine.file_figures(None).err(), Some(Unavailable::OpenItemsFile));
        let f = engine.file_figures(Some(dec("36500"))).map(|(_, f)| (f.revenue, f.dso));
        assert_eq!(f, Ok((dec("36500"), Ok(dec("30")))));
    }
}
