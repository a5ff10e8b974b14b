//! The engine's dunning answers: the penalties at the as-of date and the
//! plans simulated on the selection, kept until the query changes so that
//! turning a page of actions costs nothing.

use super::protocol::{DunningAnswer, DunningQuery, LateLine, ScheduleLine, TODAY_ROWS};
use super::Engine;
use crate::domain::analysis::behaviour::Rating;
use crate::domain::dunning::limits::OutOfRange;
use crate::domain::dunning::penalties::{penalties_at, Penalties};
use crate::domain::dunning::simulate::{message, simulate, step_key, Action, Simulation};
use crate::domain::export::dunning::ActionLine;

/// The kept result of the latest query.
#[derive(Debug)]
pub(super) struct Kept {
    /// The query it answers, without which lines to send (they make no
    /// other simulation).
    key: DunningQuery,
    simulation: Simulation,
    penalties: Penalties,
}

impl Engine {
    /// The result for `q`, taken out of the engine (kept when the query
    /// is the same as the latest, else made); the caller puts it back. A
    /// number out of its bounds is refused (`limits`), never computed.
    fn take_kept(&mut self, q: &DunningQuery) -> Result<Box<Kept>, OutOfRange> {
        let key = DunningQuery { first: 0, rows: 0, late_rows: 0, ..q.clone() };
        match self.dunning.take() {
            Some(kept) if kept.key == key => Ok(kept),
            _ => {
                let view = self.own_view(&q.selection);
                let simulation = simulate(view, q.as_of, &q.plans, &q.assignment, &q.settings, &q.history)?;
                let penalties = penalties_at(view, q.as_of, q.settings.rate)?;
                Ok(Box::new(Kept { key, simulation, penalties }))
            }
        }
    }

    /// An action as listed, its message rendered.
    fn line(&self, a: &Action, q: &DunningQuery) -> ActionLine {
        let l = &self.ledger;
        let customer = l.customers.get(a.customer as usize);
        let (subject, body) = message(&self.ledger, a, &q.plans, &q.settings);
        let plan_id = q.plans.get(a.plan as usize).map_or("", |p| p.id.as_str());
        let ids: Vec<String> =
            a.invoices.iter().filter_map(|&i| l.invoices.get(i as usize)).map(|i| i.id.to_string()).collect();
        ActionLine {
            date: a.date,
            customer_id: customer.map(|c| c.id.clone()).unwrap_or_default(),
            customer: customer.map(|c| c.label()).unwrap_or_default(),
            email: customer.and_then(|c| c.email.clone()),
            phone: customer.and_then(|c| c.phone.clone()),
            plan: q.plans.get(a.plan as usize).map(|p| p.name.clone()).unwrap_or_default(),
            step: a.step + 1,
            channel: a.channel,
            performer: a.performer,
            minutes: a.minutes,
            keys: ids
                .iter()
                .map(|id| step_key(customer.map_or("", |c| c.id.as_str()), id, plan_id, a.step as usize))
                .collect(),
            invoices: ids,
            amount: a.amount,
            currency: q.selection.currency.clone(),
            days_late: a.days_late,
            penalties: a.penalties,
            indemnity: a.indemnity,
            catch_up: a.catch_up,
            done: a.done,
            subject,
            body,
        }
    }

    /// The penalties and the simulation for `q`, or the number refused.
    pub fn dunning(&mut self, q: &DunningQuery) -> Result<DunningAnswer, OutOfRange> {
        let kept = self.take_kept(q)?;
        let (s, p) = (&kept.simulation, &kept.penalties);
        let late = p
            .invoices
            .iter()
            .take(q.late_rows)
            .filter_map(|x| {
                let inv = self.ledger.invoices.get(x.index as usize)?;
                Some(LateLine {
                    invoice: inv.id.to_string(),
                    customer: self.ledger.customers.get(inv.customer as usize).map(|c| c.label()).unwrap_or_default(),
                    due_date: inv.due_date,
                    days_late: x.days_late,
                    open: x.open,
                    interest: x.interest,
                })
            })
            .collect();
        let mut rated = [0u32; 5];
        let mut owing: Vec<u32> = s.actions.iter().map(|a| a.customer).collect();
        owing.sort_unstable();
        owing.dedup();
        for c in owing {
            rated[s.ratings.get(c as usize).copied().flatten().map_or(4, |r: Rating| r as usize)] += 1;
        }
        let answer = DunningAnswer {
            currency: q.selection.currency.clone(),
            penalties_due: p.penalties_due,
            recovery_indemnities: p.recovery_indemnities,
            late_count: p.invoices.len(),
            late,
            actions_total: s.actions.len(),
            actions: s.actions.iter().skip(q.first).take(q.rows).map(|a| self.line(a, q)).collect(),
            today: s
                .actions
                .iter()
                .filter(|a| a.date == q.as_of)
                .chain(&s.done_today)
                .take(TODAY_ROWS)
                .map(|a| self.line(a, q))
                .collect(),
            today_total: s.done_today.len() + s.actions.iter().filter(|a| a.date == q.as_of).count(),
            weeks: s.weeks.clone(),
            open_invoices: s.open_invoices,
            customers_with_plan: s.customers_with_plan,
            left: s.left,
            rated,
            effect: s.effect.clone(),
            schedules: s
                .schedules
                .iter()
                .filter_map(|v| {
                    let customer = self.ledger.customers.get(v.customer as usize)?;
                    Some(ScheduleLine {
                        index: v.index,
                        customer_id: customer.id.clone(),
                        customer: customer.label(),
                        invoice: v.invoice.clone(),
                        instalments: v.instalments.clone(),
                    })
                })
                .collect(),
            idle_schedules: s.idle_schedules.clone(),
            compute_ms: 0,
        };
        self.dunning = Some(kept);
        Ok(answer)
    }

    /// Every action of `q`, as listed (for an export), or the number refused.
    pub fn dunning_lines(&mut self, q: &DunningQuery) -> Result<Vec<ActionLine>, OutOfRange> {
        let kept = self.take_kept(q)?;
        let lines = kept.simulation.actions.iter().map(|a| self.line(a, q)).collect();
        self.dunning = Some(kept);
        Ok(lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::analysis::behaviour::Thresholds;
    use crate::domain::dunning::plan::Assignment;
    use crate::domain::dunning::simulate::Settings;
    use crate::domain::dunning::store::{Mark, Store};
    use crate::domain::dunning::templates::{template, Template};
    use crate::domain::lang::Lang;
    use crate::domain::ledger::tests::{d, dec, inv, ledger};
    use crate::engine::protocol::*;

    /// Two customers, each with an invoice numbered "F1", due 20 March.
    fn two_f1() -> Engine {
        let mut l = ledger(vec![
            inv(0, "2026-02-18", "2026-03-20", "3000", None),
            inv(1, "2026-02-18", "2026-03-20", "500", None),
        ]);
        for i in &mut l.invoices {
            i.id = "F1".into();
        }
        Engine::of("f.csv".into(), 0, l, Default::default()).0
    }

    fn query(store: &Store) -> DunningQuery {
        DunningQuery {
            as_of: d("2026-03-31"),
            selection: Selection { currency: "EUR".into(), ..Selection::default() },
            plans: store.plans.clone(),
            assignment: store.assignment.clone(),
            settings: Settings {
                rate: dec("12.15"),
                horizon_days: 30,
                working_days_only: false,
                thresholds: Thresholds::default(),
                contact: String::new(),
                company: String::new(),
                lang: Lang::Fr,
            },
            history: store.history(),
            first: 0,
            rows: 100,
            late_rows: 10,
        }
    }

    /// A step marked done, or a promise, for one customer's "F1" is not the
    /// other customer's.
    #[test]
    fn marks_and_promises_are_each_customers_own() {
        let mut engine = two_f1();
        let t = d("2026-03-31");
        let mut store = Store {
            plans: vec![template(Template::Standard, Lang::Fr)],
            assignment: Assignment { default_plan: Some("standard".into()), ..Assignment::default() },
            ..Store::default()
        };
        let lines = engine.dunning_lines(&query(&store)).unwrap();
        let today: Vec<&ActionLine> = lines.iter().filter(|l| l.date == t).collect();
        assert_eq!(today.len(), 2, "each customer's +8 step, caught up");
        assert_ne!(today[0].keys, today[1].keys);
        let c0 = today.iter().find(|l| l.customer_id == "C0").unwrap();
        store.marks.push(Mark {
            keys: c0.keys.clone(),
            customer: "C0".into(),
            invoices: vec!["F1".into()],
            done_on: t,
            note: String::new(),
            promise: None,
        });
        let a = engine.dunning(&query(&store)).unwrap();
        let done: Vec<(&str, bool)> = a.today.iter().map(|l| (l.customer_id.as_str(), l.done)).collect();
        assert!(done.contains(&("C0", true)) && done.contains(&("C1", false)), "{done:?}");
        // C0 promised everything for 20 April: its steps wait, C1's do not.
        store.marks = vec![Mark {
            keys: vec![],
            customer: "C0".into(),
            invoices: vec!["F1".into()],
            done_on: t,
            note: String::new(),
            promise: Some((d("2026-04-20"), None)),
        }];
        let lines = engine.dunning_lines(&query(&store)).unwrap();
        assert!(lines.iter().any(|l| l.customer_id == "C1" && l.date == t), "C1 is not held");
        assert!(!lines.iter().any(|l| l.customer_id == "C0" && l.date <= d("2026-04-20")));
    }
}

#[cfg(test)]
mod limits_tests {
    use super::*;
    use crate::domain::analysis::behaviour::Thresholds;
    use crate::domain::dunning::limits::Limit;
    use crate::domain::dunning::plan::Assignment;
    use crate::domain::dunning::simulate::History;
    use crate::domain::dunning::simulate::Settings;
    use crate::domain::dunning::templates::{template, Template};
    use crate::domain::lang::Lang;
    use crate::domain::ledger::tests::{d, dec, inv, ledger};
    use crate::engine::protocol::*;

    /// A query with a rate of 1e25 % (open 100,000: the interest
    /// overflowed, a panic in the worker) or a horizon of ten million days
    /// is answered with what was refused; the engine answers the next one.
    #[test]
    fn absurd_queries_are_answered_with_what_was_refused() {
        let l = ledger(vec![inv(0, "2026-02-18", "2026-03-20", "100000", None)]);
        let mut engine = Engine::of("f.csv".into(), 0, l, Default::default()).0;
        let q = |rate: &str, horizon_days: u32| DunningQuery {
            as_of: d("2026-03-31"),
            selection: Selection { currency: "EUR".into(), ..Selection::default() },
            plans: vec![template(Template::Standard, Lang::Fr)],
            assignment: Assignment { default_plan: Some("standard".into()), ..Assignment::default() },
            settings: Settings {
                rate: dec(rate),
                horizon_days,
                working_days_only: false,
                thresholds: Thresholds::default(),
                contact: String::new(),
                company: String::new(),
                lang: Lang::Fr,
            },
            history: History::default(),
            first: 0,
            rows: 10,
            late_rows: 10,
        };
        let refused = engine.dunning(&q("10000000000000000000000000", 30)).unwrap_err();
        assert_eq!(refused.limit, Limit::PenaltyRate);
        // Through postcard, as the worker sends it.
        let response = Response::Dunning { id: 3, answer: Err(refused) };
        assert_eq!(decode_answer(&encode_answer(&response)), Some(response));
        assert_eq!(engine.dunning(&q("12", 10_000_000)).unwrap_err().limit, Limit::Horizon);
        assert_eq!(engine.dunning_lines(&q("12", 10_000_000)).unwrap_err().limit, Limit::Horizon);
        let a = engine.dunning(&q("12", 30)).unwrap();
        assert_eq!(a.late_count, 1);
        assert!(a.weeks.len() <= 6, "{} weeks", a.weeks.len());
    }
}
