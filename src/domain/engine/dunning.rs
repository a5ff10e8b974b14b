//! The engine's dunning answers: the penalties at the as-of date and the
//! plans simulated on the selection, kept until the query changes so that
//! turning a page of actions costs nothing.

use super::{Engine, Selection};
use crate::domain::behaviour::Rating;
use crate::domain::dunning::export::ActionLine;
use crate::domain::dunning::penalties::{penalties_at, Penalties};
use crate::domain::dunning::plan::{Assignment, DunningPlan};
use crate::domain::dunning::simulate::{
    message, simulate, step_key, Action, Effect, History, Left, Settings, Simulation, WeekLoad,
};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The day's actions sent at most: an old file can put thousands on the
/// first day (each with its message); the rest are in the calendar.
pub const TODAY_ROWS: usize = 200;

/// The plans applied at `as_of` to the selection, and which part of the
/// result to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DunningQuery {
    pub as_of: NaiveDate,
    pub selection: Selection,
    pub plans: Vec<DunningPlan>,
    pub assignment: Assignment,
    pub settings: Settings,
    /// Steps done and promises to pay, as the user noted them.
    #[serde(default)]
    pub history: History,
    /// Actions listed: from `first`, at most `rows`.
    pub first: usize,
    pub rows: usize,
    /// Late invoices listed, the largest interest first.
    pub late_rows: usize,
}

/// The kept result of the latest query.
#[derive(Debug)]
pub(super) struct Kept {
    /// The query it answers, without which lines to send (they make no
    /// other simulation).
    key: DunningQuery,
    simulation: Simulation,
    penalties: Penalties,
}

/// A late invoice as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateLine {
    pub invoice: String,
    pub customer: String,
    pub due_date: NaiveDate,
    pub days_late: i64,
    pub open: Decimal,
    pub interest: Decimal,
}

/// A customer's instalment schedule as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleLine {
    pub customer_id: String,
    pub customer: String,
    /// One invoice only, or all of the customer's.
    pub invoice: Option<String>,
    pub instalments: Vec<(NaiveDate, Decimal)>,
}

/// The dunning page's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DunningAnswer {
    /// The selection's currency.
    pub currency: String,
    pub penalties_due: Decimal,
    pub recovery_indemnities: Decimal,
    pub late_count: usize,
    pub late: Vec<LateLine>,
    pub actions_total: usize,
    pub actions: Vec<ActionLine>,
    /// The actions of the as-of date (at most `TODAY_ROWS`, the ones done
    /// first), and how many there are.
    pub today: Vec<ActionLine>,
    pub today_total: usize,
    pub weeks: Vec<WeekLoad>,
    pub open_invoices: u32,
    pub customers_with_plan: u32,
    pub left: Left,
    /// Customers with open invoices rated A, B, C, D, and not rated.
    pub rated: [u32; 5],
    /// Expected collections and DSO with the plans against without them.
    pub effect: Effect,
    /// The instalment schedules of customers owing something.
    pub schedules: Vec<ScheduleLine>,
    pub compute_ms: u64,
}

impl Engine {
    /// The result for `q`, taken out of the engine (kept when the query
    /// is the same as the latest, else made); the caller puts it back.
    fn take_kept(&mut self, q: &DunningQuery) -> Box<Kept> {
        let key = DunningQuery { first: 0, rows: 0, late_rows: 0, ..q.clone() };
        match self.dunning.take() {
            Some(kept) if kept.key == key => kept,
            _ => {
                let view = self.own_view(&q.selection);
                let simulation = simulate(view, q.as_of, &q.plans, &q.assignment, &q.settings, &q.history);
                let penalties = penalties_at(view, q.as_of, q.settings.rate);
                Box::new(Kept { key, simulation, penalties })
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
            keys: ids.iter().map(|id| step_key(id, plan_id, a.step as usize)).collect(),
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

    /// The penalties and the simulation for `q`.
    pub fn dunning(&mut self, q: &DunningQuery) -> DunningAnswer {
        let kept = self.take_kept(q);
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
                        customer_id: customer.id.clone(),
                        customer: customer.label(),
                        invoice: v.invoice.clone(),
                        instalments: v.instalments.clone(),
                    })
                })
                .collect(),
            compute_ms: 0,
        };
        self.dunning = Some(kept);
        answer
    }

    /// Every action of `q`, as listed (for an export).
    pub fn dunning_lines(&mut self, q: &DunningQuery) -> Vec<ActionLine> {
        let kept = self.take_kept(q);
        let lines = kept.simulation.actions.iter().map(|a| self.line(a, q)).collect();
        self.dunning = Some(kept);
        lines
    }
}
