//! The engine's forecast and customers answers: the collections forecast
//! with its range, what-if and backtest, and one page of the customers
//! table (sorted, searched and cut here, so the page receives only the rows
//! it shows). The behaviours, backtest and table are kept until the date or
//! the selection changes, so that moving the what-if slider or turning a
//! page costs one pass or none.

use super::{Engine, Selection};
use crate::domain::analysis::behaviour::Thresholds;
use crate::domain::analysis::behaviour::{
    behaviours, customer_rows, payment_delays, CustomerRow, CustomerTable, DelayPoint,
};
use crate::domain::analysis::forecast::{
    backtest, expected_payments, forecast_with, lags, Backtest, ExpectedLine, Forecast, Lags,
};
use crate::domain::analysis::kpi::{is_open_items, sales, Period, Unavailable};
use crate::domain::dunning::simulate::{planned_payments, History};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// The forecast's inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastQuery {
    pub as_of: NaiveDate,
    pub selection: Selection,
    /// The what-if: every customer's days late reduced by this many days.
    pub reduce_days: u32,
    /// The promises and instalment schedules recorded on the Dunning page:
    /// the invoices they cover are expected on the agreed dates.
    #[serde(default)]
    pub plans: History,
}

/// The forecast page's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastAnswer {
    /// The selection's currency.
    pub currency: String,
    /// Weeks (with range and uncertain part), later, months, credit notes,
    /// and how many customers fell back on the company's figure.
    pub forecast: Result<Forecast, Unavailable>,
    /// The forecast without the what-if, to compare with (same as
    /// `forecast` when `reduce_days` is 0).
    pub baseline: Result<Forecast, Unavailable>,
    pub backtest: Backtest,
    /// The company-wide L (whole days, halves up), and the exact average
    /// and spread it comes from (`None`: nothing settled in the year).
    pub company_lag: i64,
    pub company_days_late: Option<Decimal>,
    pub company_spread: Option<Decimal>,
    /// Sales(365) of the selection, and the cash freed by paying
    /// `reduce_days` days sooner (kpi.md "Savings calculator": cash balance
    /// increase = R / 365 × D with R = Sales(365)); unavailable without
    /// sales, and on an open-items file (its invoices are not its sales).
    pub sales_365: Decimal,
    pub cash_freed: Result<Decimal, Unavailable>,
    pub compute_ms: u64,
}

/// A column of the customers table, to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CustomerColumn {
    Customer,
    Open,
    Overdue,
    AvgDaysLate,
    MedianDaysLate,
    Spread,
    OnTimeRate,
    Adp,
    Trend,
    Rating,
    CreditLimit,
    Overrun,
    OpenInvoices,
    IssuedInYear,
}

/// The customers table's inputs: which rows of it to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomersQuery {
    pub as_of: NaiveDate,
    pub selection: Selection,
    pub thresholds: Thresholds,
    /// The column and whether the largest comes first.
    pub sort: (CustomerColumn, bool),
    /// Kept: the rows whose code or label holds this (any case); empty: all.
    pub search: String,
    /// Rows sent: from `first`, at most `rows`.
    pub first: usize,
    pub rows: usize,
    /// A customer (code) whose payment delays over the last 12 months are
    /// sent too, for its chart.
    #[serde(default)]
    pub delays_of: Option<String>,
}

/// A customer's row as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerLine {
    pub customer_id: String,
    pub label: String,
    pub row: CustomerRow,
}

/// One page of the customers table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomersAnswer {
    pub currency: String,
    /// The page asked, sorted and searched.
    pub rows: Vec<CustomerLine>,
    /// Rows that match the search (all pages).
    pub total_rows: usize,
    /// The 20 customers with the largest overdue amount (search aside).
    pub top20_overdue: Vec<CustomerLine>,
    /// Customers over their credit limit.
    pub over_limit_count: usize,
    /// Every customer of the selection together.
    pub company: CustomerRow,
    /// The payment delays of `delays_of`, oldest month first.
    pub delays: Option<Vec<DelayPoint>>,
    /// Why there is no table (a converted view without a rate).
    #[serde(default)]
    pub unavailable: Option<Unavailable>,
    pub compute_ms: u64,
}

/// Top customers by overdue amount sent.
pub const TOP_OVERDUE: usize = 20;

/// What is kept between queries.
#[derive(Debug, Default)]
pub(super) struct Kept {
    /// The lags and backtest of a date and selection.
    forecast: Option<(NaiveDate, Selection, Lags, Backtest)>,
    /// The customers table of a date, selection and thresholds.
    customers: Option<(NaiveDate, Selection, Thresholds, CustomerTable)>,
}

impl Engine {
    /// The lags and backtest for `q` (kept when the date and selection are
    /// the latest's), the selection made current.
    fn forecast_basis(&mut self, as_of: NaiveDate, selection: &Selection) -> Result<(Lags, Backtest), Unavailable> {
        self.select(selection);
        match self.forecast.forecast.take() {
            Some((t, s, l, b)) if t == as_of && s == *selection => {
                self.forecast.forecast = Some((t, s, l.clone(), b.clone()));
                Ok((l, b))
            }
            _ => {
                let view = self.view()?;
                let l = lags(&behaviours(view, as_of, &Thresholds::default()));
                let b = backtest(view, as_of);
                self.forecast.forecast = Some((as_of, selection.clone(), l.clone(), b.clone()));
                Ok((l, b))
            }
        }
    }

    /// The forecast, its what-if and its backtest for `q`.
    pub fn forecast(&mut self, q: &ForecastQuery) -> ForecastAnswer {
        let basis = self.forecast_basis(q.as_of, &q.selection);
        let ((l, backtest), view) = match basis.and_then(|b| Ok((b, self.view()?))) {
            Ok(x) => x,
            Err(e) => {
                return ForecastAnswer {
                    currency: q.selection.currency.clone(),
                    forecast: Err(e),
                    baseline: Err(e),
                    backtest: Backtest::default(),
                    company_lag: 0,
                    company_days_late: None,
                    company_spread: None,
                    sales_365: Decimal::ZERO,
                    cash_freed: Err(e),
                    compute_ms: 0,
                }
            }
        };
        let planned = planned_payments(view, q.as_of, &q.plans);
        let with_what_if = forecast_with(view, q.as_of, &l, q.reduce_days, &planned);
        let baseline =
            if q.reduce_days == 0 { with_what_if.clone() } else { forecast_with(view, q.as_of, &l, 0, &planned) };
        let sales_365 = sales(view, q.as_of, Period::D365);
        let cash_freed = if is_open_items(view.ledger()) {
            Err(Unavailable::OpenItemsFile)
        } else if sales_365 > Decimal::ZERO {
            Ok(sales_365 * Decimal::from(q.reduce_days) / Decimal::from(365))
        } else {
            Err(Unavailable::NoSalesInPeriod)
        };
        ForecastAnswer {
            currency: q.selection.currency.clone(),
            forecast: with_what_if,
            baseline,
            backtest,
            company_lag: l.company.days,
            company_days_late: l.company_days_late,
            company_spread: l.company_spread,
            sales_365,
            cash_freed,
            compute_ms: 0,
        }
    }

    /// Every open invoice of `q` with its expected payment date (the
    /// what-if applied), in the ledger's order, for an export; an invoice
    /// under an agreement once per agreed payment, as the forecast counts it.
    pub fn forecast_lines(&mut self, q: &ForecastQuery) -> Result<Vec<ExpectedLine>, Unavailable> {
        let (l, _) = self.forecast_basis(q.as_of, &q.selection)?;
        let view = self.view()?;
        let ledger = view.ledger();
        let planned = planned_payments(view, q.as_of, &q.plans);
        Ok(expected_payments(view, q.as_of, &l, q.reduce_days, &planned)
            .into_iter()
            .filter_map(|e| {
                let inv = ledger.invoices.get(e.index as usize)?;
                let customer = ledger.customers.get(inv.customer as usize);
                Some(ExpectedLine {
                    invoice: inv.id.to_string(),
                    customer_id: customer.map(|c| c.id.clone()).unwrap_or_default(),
                    customer: customer.map(|c| c.label()).unwrap_or_default(),
                    due_date: inv.due_date,
                    open: e.open,
                    expected: e.expected,
                    uncertain: e.uncertain,
                    agreed: e.agreed,
                })
            })
            .collect())
    }

    /// One page of the customers table for `q`.
    pub fn customers(&mut self, q: &CustomersQuery) -> CustomersAnswer {
        self.select(&q.selection);
        let kept = self.forecast.customers.take();
        let view = match self.view() {
            Ok(view) => view,
            Err(e) => {
                return CustomersAnswer {
                    currency: q.selection.currency.clone(),
                    rows: Vec::new(),
                    total_rows: 0,
                    top20_overdue: Vec::new(),
                    over_limit_count: 0,
                    company: CustomerRow::default(),
                    delays: None,
                    unavailable: Some(e),
                    compute_ms: 0,
                }
            }
        };
        let table = match kept {
            Some((t, s, th, table)) if t == q.as_of && s == q.selection && th == q.thresholds => table,
            _ => customer_rows(view, q.as_of, &q.thresholds),
        };
        let ledger = view.ledger();
        let label =
            |row: &CustomerRow| ledger.customers.get(row.customer as usize).map(|c| c.label()).unwrap_or_default();
        let line = |row: &CustomerRow| CustomerLine {
            customer_id: ledger.customers.get(row.customer as usize).map(|c| c.id.clone()).unwrap_or_default(),
            label: label(row),
            row: row.clone(),
        };
        let needle = q.search.trim().to_lowercase();
        let mut picked: Vec<Listed> = table
            .rows
            .iter()
            .map(|r| {
                let l = label(r);
                let lower = l.to_lowercase();
                (r, l, lower)
            })
            .filter(|(r, _, lower)| {
                needle.is_empty()
                    || lower.contains(&needle)
                    || ledger.customers.get(r.customer as usize).is_some_and(|c| c.id.to_lowercase().contains(&needle))
            })
            .collect();
        let (column, descending) = q.sort;
        picked.sort_by(|a, b| compare(a, b, column, descending));
        let mut by_overdue: Vec<&CustomerRow> = table.rows.iter().filter(|r| r.overdue > Decimal::ZERO).collect();
        by_overdue.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.customer.cmp(&b.customer)));
        let delays = q.delays_of.as_ref().map(|code| {
            match ledger.customers.iter().position(|c| c.id == *code || c.label() == *code) {
                Some(ix) => payment_delays(view, ix as u32, q.as_of),
                None => Vec::new(),
            }
        });
        let answer = CustomersAnswer {
            currency: q.selection.currency.clone(),
            rows: picked.iter().skip(q.first).take(q.rows).map(|(r, _, _)| line(r)).collect(),
            total_rows: picked.len(),
            top20_overdue: by_overdue.into_iter().take(TOP_OVERDUE).map(line).collect(),
            over_limit_count: table.rows.iter().filter(|r| r.overrun.is_some()).count(),
            company: table.company.clone(),
            delays,
            unavailable: None,
            compute_ms: 0,
        };
        self.forecast.customers = Some((q.as_of, q.selection.clone(), q.thresholds.clone(), table));
        answer
    }
}

/// A row being listed: the row, its label and the label in lower case.
type Listed<'a> = (&'a CustomerRow, String, String);

/// The order of two rows by `column`: missing figures last whichever the
/// direction, then by label, then by customer index (a stable page order).
fn compare(a: &Listed, b: &Listed, column: CustomerColumn, descending: bool) -> Ordering {
    let (ra, rb) = (a.0, b.0);
    let key = |f: fn(&CustomerRow) -> Option<Decimal>| missing_last(f(ra), f(rb), descending);
    let by = match column {
        CustomerColumn::Customer => directed(a.2.cmp(&b.2), descending),
        CustomerColumn::Rating => missing_last(ra.rating, rb.rating, descending),
        CustomerColumn::Open => key(|r| Some(r.open)),
        CustomerColumn::Overdue => key(|r| Some(r.overdue)),
        CustomerColumn::AvgDaysLate => key(|r| r.avg_days_late),
        CustomerColumn::MedianDaysLate => key(|r| r.median_days_late),
        CustomerColumn::Spread => key(|r| r.spread),
        CustomerColumn::OnTimeRate => key(|r| r.on_time_rate),
        CustomerColumn::Adp => key(|r| r.adp),
        CustomerColumn::Trend => key(|r| r.trend),
        CustomerColumn::CreditLimit => key(|r| r.credit_limit),
        CustomerColumn::Overrun => key(|r| r.overrun),
        CustomerColumn::OpenInvoices => key(|r| Some(Decimal::from(r.open_invoices))),
        CustomerColumn::IssuedInYear => key(|r| Some(Decimal::from(r.issued_in_year))),
    };
    by.then_with(|| a.2.cmp(&b.2)).then(ra.customer.cmp(&rb.customer))
}

fn directed(o: Ordering, descending: bool) -> Ordering {
    if descending {
        o.reverse()
    } else {
        o
    }
}

/// Compares two optional values in the asked direction, `None` last.
fn missing_last<T: Ord>(x: Option<T>, y: Option<T>, descending: bool) -> Ordering {
    match (x, y) {
        (Some(x), Some(y)) => directed(x.cmp(&y), descending),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{decode, encode, Request, Response};
    use super::*;
    use crate::domain::import::ImportOptions;
    use crate::domain::ledger::tests::{d, dec};

    /// Alpha pays 10 days late (three settled), Beta has no history, Gamma
    /// is over its limit; one line in USD.
    const FILE: &str = "Facture;Client;Date facture;Échéance;Montant;Devise;Date règlement;Limite de crédit\n\
                        A1;Alpha;01/01/2026;31/01/2026;100,00;EUR;10/02/2026;\n\
                        A2;Alpha;01/02/2026;28/02/2026;100,00;EUR;10/03/2026;\n\
                        A3;Alpha;01/03/2026;31/03/2026;100,00;EUR;10/04/2026;\n\
                        A4;Alpha;01/06/2026;01/07/2026;1000,00;EUR;;\n\
                        B1;Beta;01/06/2026;20/06/2026;400,00;EUR;;\n\
                        B2;Beta;02/06/2026;02/06/2026;-40,00;EUR;;\n\
                        G1;Gamma;01/05/2026;31/05/2026;700,00;EUR;;500\n\
                        U1;Ultra;01/05/2026;31/05/2026;900,00;USD;;\n";

    fn engine() -> Engine {
        Engine::load("f.csv".into(), FILE.as_bytes(), &ImportOptions::default()).expect("the test file reads").0
    }

    fn eur() -> Selection {
        Selection { currency: "EUR".into(), ..Selection::default() }
    }

    #[test]
    fn the_forecast_through_json() {
        let mut engine = engine();
        let query =
            ForecastQuery { as_of: d("2026-06-30"), selection: eur(), reduce_days: 0, plans: History::default() };
        let request = Request::Forecast { id: 4, query: Box::new(query.clone()) };
        let Some(Request::Forecast { id, query: q }) = decode::<Request>(&encode(&request)) else { panic!("decodes") };
        let answer = Response::Forecast { id, answer: Box::new(engine.forecast(&q)) };
        let Some(Response::Forecast { id: 4, answer: a }) = decode::<Response>(&encode(&answer)) else {
            panic!("decodes")
        };
        let f = a.forecast.as_ref().expect("a forecast");
        // A4 07-01 + 10 = 07-11 (week 2); B1 and G1 are late: week 1 (company L 10 + due <= t).
        assert_eq!(f.weeks[0].expected.amount, dec("1100"));
        assert_eq!(f.weeks[1].expected.amount, dec("1000"));
        assert_eq!((f.open_total, f.credit_notes, f.fell_back), (dec("2100"), dec("-40"), 2));
        assert_eq!((a.company_lag, a.company_days_late), (10, Some(dec("10"))));
        // Sales(365) 2,360: 10 days sooner frees 2,360 / 365 x 10.
        assert_eq!(a.sales_365, dec("2360"));
        let what_if = engine.forecast(&ForecastQuery { reduce_days: 10, ..query.clone() });
        assert_eq!(what_if.cash_freed.map(|c| c.round_dp(2)), Ok(dec("64.66")));
        assert_eq!(what_if.forecast.map(|f| f.weeks[0].expected.amount), Ok(dec("2100")), "A4 at 07-01");
        assert_eq!(what_if.baseline, a.forecast);
        assert_eq!(a.backtest.rows.len(), 11);
        let lines = engine.forecast_lines(&query).unwrap();
        assert_eq!(
            lines.iter().map(|l| (l.invoice.as_str(), l.expected)).collect::<Vec<_>>(),
            vec![("A4", d("2026-07-11")), ("B1", d("2026-07-01")), ("G1", d("2026-07-01"))]
        );
    }

    #[test]
    fn promises_and_schedules_are_followed() {
        use crate::domain::dunning::simulate::{Promise, Schedule};
        let mut engine = engine();
        // Gamma promised G1 for 08-20 (week 8); A4 paid in two instalments, 07-15 and 08-14.
        let plans = History {
            done: vec![],
            promises: vec![Promise {
                customer: "Gamma".into(),
                invoices: vec!["G1".into()],
                date: d("2026-08-20"),
                amount: None,
            }],
            schedules: vec![Schedule {
                customer: "Alpha".into(),
                invoice: Some("A4".into()),
                instalments: 2,
                first: d("2026-07-15"),
                every_days: 30,
            }],
        };
        let query = ForecastQuery { as_of: d("2026-06-30"), selection: eur(), reduce_days: 0, plans };
        let a = engine.forecast(&query);
        let f = a.forecast.expect("a forecast");
        let amount = |k: usize| f.weeks[k].expected.amount;
        // Week 1: B1 only (400); week 3 (07-15): 500; week 7 (08-14): 500; week 8 (08-20): G1 700.
        assert_eq!((amount(0), amount(2), amount(6), amount(7)), (dec("400"), dec("500"), dec("500"), dec("700")));
        let sum: Decimal = f.weeks.iter().map(|w| w.expected.amount).sum::<Decimal>() + f.later.amount;
        assert_eq!(sum, f.open_total, "the weeks still add up to the open amounts");
        // The what-if does not move agreed dates.
        let what_if = engine.forecast(&ForecastQuery { reduce_days: 30, ..query.clone() });
        assert_eq!(what_if.forecast.map(|f| f.weeks[7].expected.amount), Ok(dec("700")));
        // The export lists A4 on each instalment (it used to put all of it on the last one).
        let lines = engine.forecast_lines(&query).unwrap();
        let rows_of = |id: &str| {
            lines.iter().filter(|l| l.invoice == id).map(|l| (l.expected, l.open, l.agreed)).collect::<Vec<_>>()
        };
        assert_eq!(rows_of("A4"), [(d("2026-07-15"), dec("500"), true), (d("2026-08-14"), dec("500"), true)]);
        assert_eq!(rows_of("G1"), [(d("2026-08-20"), dec("700"), true)]);
    }

    /// The expected payments export spreads a scheduled invoice over its
    /// instalments as the forecast does: the same amounts on the same days.
    #[test]
    fn the_expected_payments_agree_with_the_forecast() {
        use crate::domain::dunning::simulate::Schedule;
        let mut engine = engine();
        let plans = History {
            schedules: vec![Schedule {
                customer: "Alpha".into(),
                invoice: Some("A4".into()),
                instalments: 4,
                first: d("2026-07-15"),
                every_days: 30,
            }],
            ..History::default()
        };
        let query = ForecastQuery { as_of: d("2026-06-30"), selection: eur(), reduce_days: 0, plans };
        let f = engine.forecast(&query).forecast.expect("a forecast");
        let lines = engine.forecast_lines(&query).unwrap();
        for (k, week) in f.weeks.iter().enumerate() {
            let start = d("2026-06-30") + chrono::Days::new(7 * k as u64);
            let listed: Decimal =
                lines.iter().filter(|l| l.expected > start && l.expected <= week.end).map(|l| l.open).sum();
            assert_eq!(listed, week.expected.amount, "week {}", k + 1);
        }
        let a4: Vec<(NaiveDate, Decimal)> =
            lines.iter().filter(|l| l.invoice == "A4").map(|l| (l.expected, l.open)).collect();
        assert_eq!(
            a4,
            [
                (d("2026-07-15"), dec("250")),
                (d("2026-08-14"), dec("250")),
                (d("2026-09-13"), dec("250")),
                (d("2026-10-13"), dec("250"))
            ]
        );
    }

    fn customers_query(sort: (CustomerColumn, bool), search: &str, first: usize, rows: usize) -> CustomersQuery {
        CustomersQuery {
            as_of: d("2026-06-30"),
            selection: eur(),
            thresholds: Thresholds::default(),
            sort,
            search: search.into(),
            first,
            rows,
            delays_of: None,
        }
    }

    #[test]
    fn customers_sorted_searched_and_paged_through_json() {
        let mut engine = engine();
        let q = customers_query((CustomerColumn::Open, true), "", 0, 2);
        let request = Request::Customers { id: 5, query: Box::new(q) };
        let Some(Request::Customers { id, query: q }) = decode::<Request>(&encode(&request)) else { panic!("decodes") };
        let answer = Response::Customers { id, answer: Box::new(engine.customers(&q)) };
        let Some(Response::Customers { id: 5, answer: a }) = decode::<Response>(&encode(&answer)) else {
            panic!("decodes")
        };
        let ids = |a: &CustomersAnswer| a.rows.iter().map(|l| l.customer_id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&a), vec!["Alpha", "Gamma"], "1,000, 700, then Beta 360 on the next page");
        assert_eq!((a.total_rows, a.over_limit_count, a.company.open), (3, 1, dec("2060")));
        assert_eq!(
            a.top20_overdue.iter().map(|l| (l.customer_id.as_str(), l.row.overdue)).collect::<Vec<_>>(),
            vec![("Gamma", dec("700")), ("Beta", dec("360"))]
        );
        let next = engine.customers(&customers_query((CustomerColumn::Open, true), "", 2, 2));
        assert_eq!(ids(&next), vec!["Beta"]);
        // Ascending by days late: Alpha's own 10; Beta and Gamma on the company's 10 too, by label.
        let by_late = engine.customers(&customers_query((CustomerColumn::AvgDaysLate, false), "", 0, 10));
        assert_eq!(ids(&by_late), vec!["Alpha", "Beta", "Gamma"]);
        assert!(by_late.rows[1].row.company_figures && !by_late.rows[0].row.company_figures);
        // Missing figures last both ways: only Gamma has an overrun.
        let by_overrun = engine.customers(&customers_query((CustomerColumn::Overrun, false), "", 0, 10));
        assert_eq!(ids(&by_overrun)[0], "Gamma");
        let by_rating = engine.customers(&customers_query((CustomerColumn::Rating, true), "", 0, 10));
        assert_eq!(ids(&by_rating), vec!["Alpha", "Beta", "Gamma"], "only Alpha is rated");
        let by_name = engine.customers(&customers_query((CustomerColumn::Customer, true), "", 0, 10));
        assert_eq!(ids(&by_name), vec!["Gamma", "Beta", "Alpha"]);
        // Search, any case, on the code or label.
        let found = engine.customers(&customers_query((CustomerColumn::Open, true), "GAM", 0, 10));
        assert_eq!((ids(&found), found.total_rows), (vec!["Gamma".to_string()], 1));
        // A customer's delays come with the page.
        let with_delays = engine.customers(&CustomersQuery {
            delays_of: Some("Alpha".into()),
            ..customers_query((CustomerColumn::Open, true), "", 0, 1)
        });
        let delays = with_delays.delays.expect("Alpha's delays");
        assert_eq!(delays.iter().filter_map(|p| p.days_late).collect::<Vec<_>>(), vec![dec("10"); 3]);
    }
}
