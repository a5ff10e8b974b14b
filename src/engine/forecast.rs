//! The forecast's question: the collections forecast with its range,
//! what-if and backtest, and the expected payment of each open invoice.
//! The lags and backtest are kept until the date or the selection
//! changes, so that moving the what-if slider costs one pass.

use super::protocol::{ForecastAnswer, ForecastQuery, Selection};
use super::Engine;
use crate::domain::analysis::behaviour::{behaviours, Thresholds};
use crate::domain::analysis::forecast::{
    backtest, expected_payments, forecast_with, lags, Backtest, ExpectedLine, Lags,
};
use crate::domain::analysis::kpi::{is_open_items, sales, Period, Unavailable};
use crate::domain::dunning::simulate::planned_payments;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// What is kept between queries.
#[derive(Debug, Default)]
pub(super) struct Kept {
    /// The lags and backtest of a date and selection.
    forecast: Option<(NaiveDate, Selection, Lags, Backtest)>,
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
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::domain::dunning::simulate::History;
    use crate::domain::import::ImportOptions;
    use crate::domain::ledger::tests::{d, dec};
    use crate::engine::protocol::*;

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

    pub(crate) fn engine() -> Engine {
        Engine::load("f.csv".into(), FILE.as_bytes(), &ImportOptions::default()).expect("the test file reads").0
    }

    pub(crate) fn eur() -> Selection {
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
        let Some(Response::Forecast { id: 4, answer: a }) = decode_answer(&encode_answer(&answer)) else {
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
}
