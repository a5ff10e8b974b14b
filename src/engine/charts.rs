//! The charts' question: the dashboard's chart series for a selection at
//! t (flows, aged balance bars, overdue evolution, payment days, the trend
//! of the figures). The latest charts answer is kept, so that coming back
//! to the same dashboard costs nothing.

use super::protocol::{ChartsAnswer, ChartsQuery};
use super::Engine;
use crate::domain::analysis::charts::{aged_bars, monthly_flows, overdue_evolution, payment_days};
use crate::domain::analysis::kpi::aging::aged_balance_by;
use crate::domain::analysis::kpi::trend::{trend, Trend};

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
}

#[cfg(test)]
mod tests {
    use crate::domain::analysis::kpi::aging::{AgeBasis, Buckets, GroupBy};
    use crate::domain::analysis::kpi::Period;
    use crate::domain::ledger::tests::{d, dec};
    use crate::engine::protocol::*;
    use crate::engine::tests::engine;

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
        let back: Response = decode_answer(&encode_answer(&response)).unwrap();
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
}
