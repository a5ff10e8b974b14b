//! The figures panel's questions: the KPIs of kpi.md for a date, period
//! and selection (the latest answers kept, so that going back to a date
//! costs nothing), the first figures computed ahead, and the file's
//! figures for the calculators.

use super::protocol::{KpiAnswer, KpiQuery, OverLimit, Selection};
use super::{remember, Engine};
use crate::domain::analysis::kpi::provisions::ProvisionRates;
use crate::domain::analysis::kpi::{kpis_with_sales, KpiSet, Period, Unavailable};
use crate::domain::calculators::{file_figures, FileFigures};
use rust_decimal::Decimal;

impl Engine {
    /// The figures for a query (from the latest answers when asked before).
    pub fn kpis(&mut self, q: &KpiQuery) -> KpiAnswer {
        if let Some((_, a)) = self.kpi_answers.iter().find(|(k, _)| k == q) {
            // Kept with the time it took (`note_compute_ms`).
            return a.clone();
        }
        self.select(&q.selection);
        let view = match self.view() {
            Ok(view) => view,
            Err(e) => {
                let kpis = KpiSet::unavailable(q.as_of, q.period, e);
                return KpiAnswer { kpis, over_limit: Vec::new(), over_limit_count: 0, compute_ms: 0 };
            }
        };
        let mut set = kpis_with_sales(view, q.as_of, q.period, &q.provisions, q.typed());
        let over_limit_count = set.outstanding.as_ref().map_or(0, |o| o.over_limit.len());
        let over_limit = set
            .outstanding
            .as_ref()
            .map(|o| {
                o.over_limit
                    .iter()
                    .take(LISTED_OVER_LIMIT)
                    .map(|(c, overrun)| {
                        let customer = view.customer(*c);
                        OverLimit {
                            customer_id: customer.id.clone(),
                            label: customer.label(),
                            limit: customer.credit_limit.unwrap_or_default(),
                            overrun: *overrun,
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        // The page lists the largest overruns: the rest is counted, not sent.
        if let Ok(o) = set.outstanding.as_mut() {
            o.over_limit.truncate(LISTED_OVER_LIMIT);
        }
        let answer = KpiAnswer { kpis: set, over_limit, over_limit_count, compute_ms: 0 };
        remember(&mut self.kpi_answers, q.clone(), answer.clone());
        answer
    }

    /// The figures the page asks for first: at the file's latest date, over
    /// the default period, in its main currency (as the page starts), with
    /// the default provision rates. `None` before a file is read.
    pub fn first_kpi_query(&self) -> Option<KpiQuery> {
        let info = self.info.as_ref()?;
        let currency = info.currencies.first().cloned().unwrap_or_else(|| info.report.default_currency.clone());
        Some(KpiQuery {
            as_of: info.latest,
            period: Period::default(),
            selection: Selection { currency, ..Selection::default() },
            provisions: ProvisionRates::default(),
            typed_sales: None,
        })
    }

    /// Keeps with the answer to `q` the time it took to compute (measured
    /// by the worker), which a later identical question is answered with.
    pub fn note_compute_ms(&mut self, q: &KpiQuery, ms: u64) {
        if let Some((_, a)) = self.kpi_answers.iter_mut().find(|(k, _)| k == q) {
            a.compute_ms = ms;
        }
    }

    /// The file's figures for the calculators, in its main currency (on
    /// an open-items file, with the year's sales the user typed).
    pub fn file_figures(&mut self, typed_sales: Option<Decimal>) -> Result<(String, FileFigures), Unavailable> {
        let t = self.ledger.latest_event_date().ok_or(Unavailable::NothingToAverage)?;
        let currency = self.ledger.currencies_by_open(t).into_iter().next().ok_or(Unavailable::NothingToAverage)?;
        self.select(&Selection { currency: currency.clone(), ..Selection::default() });
        let figures = file_figures(self.view()?, t, typed_sales)?;
        Ok((currency, figures))
    }
}

/// Customers over their credit limit sent to the page.
pub const LISTED_OVER_LIMIT: usize = 50;
