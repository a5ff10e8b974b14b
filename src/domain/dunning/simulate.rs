//! A dunning simulation: the plans applied to the invoices open at the
//! as-of date, over a horizon. Each step of an invoice's plan falls on its
//! due date + the step's days (moved to the next working day if asked); a
//! step whose day had already passed at the as-of date is not replayed:
//! only the latest such step is done, on the first day ("catching up").
//! Invoices of one customer that reach the same step on the same day make
//! one action (one message).

use super::agreements::{agreements, open_sales};
pub use super::agreements::{
    planned_payments, step_key, step_key_of_v1, History, Idle, Promise, Schedule, ScheduleView,
};
use super::calendar::next_working_day;
use super::limits::{check, check_history, check_plans, thresholds, Limit, OutOfRange};
use super::penalties::{checked_interest, RECOVERY_INDEMNITY};
use super::plan::{Assignment, Channel, DunningPlan, Performer};
use super::render::{render, MessageData};
use crate::domain::analysis::behaviour::{behaviours, Rating, Thresholds};
use crate::domain::lang::Lang;
use crate::domain::ledger::View;
use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// The choices a simulation is made with.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Settings {
    /// Annual penalty rate, in percent.
    pub rate: Decimal,
    /// Days simulated after the as-of date (30, 60 or 90).
    pub horizon_days: u32,
    /// Actions falling on a weekend or a French public holiday move to the
    /// next working day.
    pub working_days_only: bool,
    pub thresholds: Thresholds,
    /// The signature and company name the messages end with.
    pub contact: String,
    pub company: String,
    pub lang: Lang,
}

/// One action: a step of a plan for one customer's invoices on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub date: NaiveDate,
    pub customer: u32,
    /// Index in the plans given, and of the step in its plan.
    pub plan: u32,
    pub step: u32,
    pub channel: Channel,
    pub performer: Performer,
    pub minutes: u32,
    /// The invoices (ledger indexes).
    pub invoices: Vec<u32>,
    /// Their open amount at the as-of date.
    pub amount: Decimal,
    /// The most days late among them on the action's day (negative before due).
    pub days_late: i64,
    /// Interest accrued on them by the action's day, and the indemnities.
    pub penalties: Decimal,
    pub indemnity: Decimal,
    /// A step whose day had passed at the as-of date.
    pub catch_up: bool,
    /// Marked done (on the as-of date): listed with the day's actions, not counted again.
    pub done: bool,
}

/// Count and minutes of actions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Load {
    pub actions: u32,
    pub minutes: u32,
}

impl Load {
    fn add(&mut self, minutes: u32) {
        self.actions += 1;
        self.minutes += minutes;
    }
}

/// The workload of one week (Monday to Sunday).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekLoad {
    pub monday: NaiveDate,
    pub by_channel: Vec<(Channel, Load)>,
    pub by_performer: Vec<(Performer, Load)>,
    pub total: Load,
}

/// Invoices open at the as-of date that no step reaches, and why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Left {
    /// Their customer has no plan (no rule gives one).
    pub no_plan: u32,
    /// A step was skipped: the invoice is disputed, under the step's
    /// minimum amount, or its customer's rating is not the step's.
    pub disputed: u32,
    pub below_minimum: u32,
    pub other_rating: u32,
}

/// Days after a step its payment is expected.
pub const RESPONSE_DAYS: u64 = 5;

/// What the plans are expected to change over the horizon (kpi.md
/// "Forecast of collections" is the model without them): each open invoice
/// is paid at its due date + its customer's usual days late; with a plan,
/// each step before that gets its response rate of what is still open
/// paid `RESPONSE_DAYS` later.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Effect {
    /// Expected collections in (t, t + horizon], without and with the plans.
    pub without_plan: Decimal,
    pub with_plan: Decimal,
    /// What the plans add: with - without.
    #[serde(default)]
    pub extra: Decimal,
    /// Average sales per day over the 90 days to t; `None` without sales.
    pub daily_sales: Option<Decimal>,
    /// The DSO change the extra cash makes: minus extra cash / daily sales.
    pub dso_change: Option<Decimal>,
    /// The company-wide days late used for customers with little history.
    pub company_days_late: i64,
}

/// What a simulation gives.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Simulation {
    /// In date order, then customer, then step.
    pub actions: Vec<Action>,
    /// Actions of the as-of date already marked done.
    pub done_today: Vec<Action>,
    pub weeks: Vec<WeekLoad>,
    /// Invoices open at the as-of date, customers with a plan.
    pub open_invoices: u32,
    pub customers_with_plan: u32,
    pub left: Left,
    /// Each customer's rating (by customer index).
    pub ratings: Vec<Option<Rating>>,
    pub effect: Effect,
    /// The schedules covering invoices open at the as-of date, and the
    /// others (their place in `History::schedules`) with why they pay nothing.
    pub schedules: Vec<ScheduleView>,
    pub idle_schedules: Vec<(u32, Idle)>,
}

/// What makes one action: its day, the customer, the plan and the step.
type ActionKey = (NaiveDate, u32, u32, u32);

/// The plans of `plans` applied to the open invoices of `view` at `t`.
/// Numbers out of their bounds (`limits`: a rate of 1e25 %, a horizon of
/// ten million days) are refused, never computed.
pub fn simulate<'a>(
    view: impl Into<View<'a>>,
    t: NaiveDate,
    plans: &[DunningPlan],
    assignment: &Assignment,
    settings: &Settings,
    history: &History,
) -> Result<Simulation, OutOfRange> {
    settings.check()?;
    check_plans(plans)?;
    check_history(history)?;
    let view = view.into();
    let done: FxHashMap<&str, NaiveDate> = history.done.iter().map(|(k, d)| (k.as_str(), *d)).collect();
    let ledger = view.ledger();
    let all_behaviours = behaviours(view, t, &settings.thresholds);
    let ratings: Vec<Option<Rating>> = all_behaviours.iter().map(|b| b.rating).collect();
    // Days late each customer usually pays: the forecast's behaviour model
    // (kpi.md "Forecast of collections"), the same L as the forecast page.
    let lags = crate::domain::analysis::forecast::lags(&all_behaviours);
    let company = lags.company.days;
    let mut effect = Effect { company_days_late: company, ..Effect::default() };
    let end = t.checked_add_days(Days::new(u64::from(settings.horizon_days))).unwrap_or(t);
    // The open invoices, by customer, and each customer's open amount.
    let open = open_sales(view, t);
    let mut owed: FxHashMap<u32, Decimal> = FxHashMap::default();
    for &(ix, o) in &open {
        *owed.entry(ledger.invoices[ix as usize].customer).or_default() += o;
    }
    let plan_of = |customer: u32| -> Option<usize> {
        let c = ledger.customers.get(customer as usize)?;
        let rating = ratings.get(customer as usize).copied().flatten();
        let (id, _) = assignment.plan_for(&c.id, owed.get(&customer).copied().unwrap_or_default(), rating)?;
        plans.iter().position(|p| p.id == id)
    };
    let plan_by_customer: FxHashMap<u32, Option<usize>> = owed.keys().map(|&c| (c, plan_of(c))).collect();
    // The payments customers agreed (schedules, promises): on their days,
    // with or without the plans; the steps of what they cover held.
    let agreed = agreements(view, t, history);

    let mut sim = Simulation {
        open_invoices: open.len() as u32,
        customers_with_plan: plan_by_customer.values().filter(|p| p.is_some()).count() as u32,
        ..Simulation::default()
    };
    // (date, customer, plan, step) -> (catch-up, invoices); the same for
    // the steps of the as-of date already done.
    let mut groups: FxHashMap<ActionKey, (bool, Vec<u32>)> = FxHashMap::default();
    let mut done_groups: FxHashMap<ActionKey, (bool, Vec<u32>)> = FxHashMap::default();
    for &(ix, o) in &open {
        let inv = &ledger.invoices[ix as usize];
        // Expected payment without a plan: due + the customer's usual days
        // late (a promise's date if any), not before t + 1.
        let usual = lags.of(inv.customer).days;
        let after_t = |d: NaiveDate| d.max(t.succ_opt().unwrap_or(t));
        let customer_id = ledger.customers.get(inv.customer as usize).map_or("", |c| c.id.as_str());
        // A schedule's last instalment, or a promise of all it owes.
        let promise = agreed.hold.get(&ix).copied();
        // What is agreed comes on its days, plan or not; the rest is
        // expected at due + the customer's usual days late.
        let mut rest = o;
        for &(date, amount) in agreed.planned.covered.get(&ix).into_iter().flatten() {
            rest -= amount;
            if after_t(date) <= end {
                effect.without_plan += amount;
                effect.with_plan += amount;
            }
        }
        let base = after_t(add_days(inv.due_date, usual));
        if base <= end {
            effect.without_plan += rest;
        }
        let Some(p) = plan_by_customer.get(&inv.customer).copied().flatten() else {
            sim.left.no_plan += 1;
            if base <= end {
                effect.with_plan += rest;
            }
            continue;
        };
        let rating = ratings.get(inv.customer as usize).copied().flatten();
        // The days this invoice's steps fall on (for the expected effect), with their response.
        let mut effect_steps: Vec<(NaiveDate, Decimal)> = Vec::new();
        let mut passed: Option<(NaiveDate, usize)> = None;
        let mut reached = false;
        let mut why = None;
        for (j, step) in plans[p].steps.iter().enumerate() {
            let c = &step.conditions;
            if c.skip_disputed && inv.disputed {
                why = Some(0);
                continue;
            }
            if c.min_amount.is_some_and(|m| o < m) {
                why = why.or(Some(1));
                continue;
            }
            if !c.ratings.is_empty() && !rating.is_some_and(|r| c.ratings.contains(&r)) {
                why = why.or(Some(2));
                continue;
            }
            let day = if step.offset_days >= 0 {
                inv.due_date.checked_add_days(Days::new(step.offset_days.unsigned_abs().into()))
            } else {
                inv.due_date.checked_sub_days(Days::new(step.offset_days.unsigned_abs().into()))
            };
            let Some(day) = day else { continue };
            let key = step_key(customer_id, &inv.id, &plans[p].id, j);
            if day > t && done.contains_key(key.as_str()) {
                continue;
            }
            // A promise to pay holds the steps until its date.
            if day > t && promise.is_some_and(|p| day <= p) {
                reached = true;
                continue;
            }
            if day <= t {
                if passed.is_none_or(|(d, _)| day >= d) {
                    passed = Some((day, j));
                }
            } else if day <= end {
                let day = if settings.working_days_only { next_working_day(day) } else { day };
                groups.entry((day, inv.customer, p as u32, j as u32)).or_default().1.push(ix);
                effect_steps.push((day, step.response()));
                reached = true;
            }
        }
        if let Some((_, j)) = passed {
            let day = if settings.working_days_only { next_working_day(t) } else { t };
            // Done already: not again; shown with the day's actions when done that day.
            let key = step_key(customer_id, &inv.id, &plans[p].id, j);
            let target = match done.get(key.as_str()) {
                Some(on) if *on == t => Some(&mut done_groups),
                Some(_) => None,
                // Promised for a later day: nothing to catch up now.
                None if promise.is_some_and(|p| p >= t) => None,
                None => Some(&mut groups),
            };
            if let Some(target) = target {
                let g = target.entry((day, inv.customer, p as u32, j as u32)).or_default();
                g.0 = true;
                g.1.push(ix);
                effect_steps.push((day, plans[p].steps[j].response()));
            }
            reached = true;
        }
        // With the plan, each step before the expected payment (`base`) gets
        // its share of what is still open paid a few days later.
        effect_steps.sort_by_key(|(d, _)| *d);
        let mut left = rest;
        for (day, rate) in effect_steps {
            let paid_on = after_t(add_days(day, RESPONSE_DAYS as i64)).min(base);
            if day >= base || paid_on >= base {
                break;
            }
            let part = (left * rate / Decimal::ONE_HUNDRED).round_dp(4);
            if paid_on <= end {
                effect.with_plan += part;
            }
            left -= part;
        }
        if base <= end {
            effect.with_plan += left;
        }
        if !reached {
            match why {
                Some(0) => sim.left.disputed += 1,
                Some(1) => sim.left.below_minimum += 1,
                Some(_) => sim.left.other_rating += 1,
                None => {}
            }
        }
    }
    let open_at: FxHashMap<u32, Decimal> = open.iter().copied().collect();
    let make = |((date, customer, plan, step), (catch_up, invoices)): (ActionKey, (bool, Vec<u32>)),
                done: bool|
     -> Result<Action, OutOfRange> {
        let s = &plans[plan as usize].steps[step as usize];
        let (mut amount, mut penalties, mut late, mut days_late) = (Decimal::ZERO, Decimal::ZERO, 0u64, i64::MIN);
        for ix in &invoices {
            let inv = &ledger.invoices[*ix as usize];
            let o = open_at.get(ix).copied().unwrap_or_default();
            let days = (date - inv.due_date).num_days();
            amount += o;
            days_late = days_late.max(days);
            if days > 0 {
                penalties += checked_interest(o, settings.rate, days)?;
                late += 1;
            }
        }
        Ok(Action {
            date,
            customer,
            plan,
            step,
            channel: s.channel,
            performer: s.performer,
            minutes: s.minutes,
            invoices,
            amount,
            days_late,
            penalties,
            indemnity: RECOVERY_INDEMNITY * Decimal::from(late),
            catch_up,
            done,
        })
    };
    sim.actions = groups.into_iter().map(|g| make(g, false)).collect::<Result<_, _>>()?;
    sim.actions.sort_by_key(|a| (a.date, a.customer, a.plan, a.step));
    sim.done_today = done_groups.into_iter().map(|g| make(g, true)).collect::<Result<_, _>>()?;
    sim.done_today.sort_by_key(|a| (a.customer, a.plan, a.step));
    sim.weeks = weeks(&sim.actions, t, end);
    sim.ratings = ratings;
    sim.schedules = agreed.schedules;
    sim.idle_schedules = agreed.idle;
    let start = t.checked_sub_days(Days::new(90)).unwrap_or(NaiveDate::MIN);
    let sales: Decimal =
        view.items().filter(|i| i.is_sale() && i.sold_between(start, t)).map(|i| i.amount.to_decimal()).sum();
    effect.daily_sales = (sales > Decimal::ZERO).then(|| sales / Decimal::from(90));
    effect.dso_change = effect.daily_sales.map(|d| -(effect.with_plan - effect.without_plan) / d);
    effect.with_plan = effect.with_plan.round_dp(2);
    effect.without_plan = effect.without_plan.round_dp(2);
    effect.extra = effect.with_plan - effect.without_plan;
    sim.effect = effect;
    Ok(sim)
}

/// `d` + `days` (negative: before).
fn add_days(d: NaiveDate, days: i64) -> NaiveDate {
    let n = Days::new(days.unsigned_abs());
    let moved = if days >= 0 { d.checked_add_days(n) } else { d.checked_sub_days(n) };
    moved.unwrap_or(d)
}

/// The workload per week from the week of `t` to that of `end`.
fn weeks(actions: &[Action], t: NaiveDate, end: NaiveDate) -> Vec<WeekLoad> {
    let monday =
        |d: NaiveDate| d.checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday()))).unwrap_or(d);
    let mut out: Vec<WeekLoad> = Vec::new();
    let mut week = monday(t);
    let last = actions.iter().map(|a| a.date).max().map_or(end, |d| d.max(end));
    while week <= last {
        out.push(WeekLoad { monday: week, by_channel: Vec::new(), by_performer: Vec::new(), total: Load::default() });
        week = match week.checked_add_days(Days::new(7)) {
            Some(w) => w,
            None => break,
        };
    }
    for a in actions {
        let Some(w) = out.iter_mut().find(|w| w.monday == monday(a.date)) else { continue };
        w.total.add(a.minutes);
        match w.by_channel.iter_mut().find(|(c, _)| *c == a.channel) {
            Some((_, l)) => l.add(a.minutes),
            None => w.by_channel.push((a.channel, Load { actions: 1, minutes: a.minutes })),
        }
        match w.by_performer.iter_mut().find(|(p, _)| *p == a.performer) {
            Some((_, l)) => l.add(a.minutes),
            None => w.by_performer.push((a.performer, Load { actions: 1, minutes: a.minutes })),
        }
    }
    for w in &mut out {
        w.by_channel.sort_by_key(|(c, _)| *c);
        w.by_performer.sort_by_key(|(p, _)| *p);
    }
    out
}

/// The subject and body of `action` with its placeholders filled.
pub fn message<'a>(
    view: impl Into<View<'a>>,
    action: &Action,
    plans: &[DunningPlan],
    settings: &Settings,
) -> (String, String) {
    let ledger = view.into().ledger();
    let Some(step) = plans.get(action.plan as usize).and_then(|p| p.steps.get(action.step as usize)) else {
        return (String::new(), String::new());
    };
    let invoices: Vec<_> = action.invoices.iter().filter_map(|&i| ledger.invoices.get(i as usize)).collect();
    let data = MessageData {
        customer: ledger
            .customers
            .get(action.customer as usize)
            .map(|c| c.name.clone().unwrap_or_else(|| c.id.clone()))
            .unwrap_or_default(),
        invoices: invoices.iter().map(|i| i.id.to_string()).collect(),
        amount: action.amount,
        due_dates: invoices.iter().map(|i| i.due_date).collect(),
        days_late: action.days_late,
        penalties: action.penalties,
        indemnity: action.indemnity,
        rate: settings.rate,
        currency: invoices.first().map_or_else(|| "EUR".to_string(), |i| i.currency.to_string()),
        contact: settings.contact.clone(),
        company: settings.company.clone(),
    };
    (render(&step.subject, &data, settings.lang), render(&step.body, &data, settings.lang))
}

impl Settings {
    /// The rate, the horizon and the thresholds within bounds.
    pub fn check(&self) -> Result<(), OutOfRange> {
        check(Limit::PenaltyRate, self.rate)?;
        check(Limit::Horizon, Decimal::from(self.horizon_days))?;
        thresholds(&self.thresholds)
    }
}

#[cfg(test)]
mod tests {
    use super::super::plan::{Conditions, Step};
    use super::super::templates::{template, Template};
    use super::*;
    use crate::domain::ledger::tests::{d, dec, inv, ledger};

    fn settings() -> Settings {
        Settings {
            rate: dec("14.76"),
            horizon_days: 30,
            working_days_only: false,
            thresholds: Thresholds::default(),
            contact: "Marie".into(),
            company: "Acme".into(),
            lang: Lang::Fr,
        }
    }

    fn step(offset_days: i32, channel: Channel) -> Step {
        Step {
            offset_days,
            channel,
            subject: "{factures}".into(),
            body: "{client} doit {montant}".into(),
            conditions: Conditions::default(),
            performer: Performer::CreditController,
            minutes: 5,
            response_rate: None,
        }
    }

    fn plan() -> DunningPlan {
        DunningPlan {
            id: "p".into(),
            name: "P".into(),
            steps: vec![
                step(-5, Channel::Email),
                step(3, Channel::Email),
                step(10, Channel::Call),
                step(40, Channel::Letter),
            ],
        }
    }

    fn everyone(p: &str) -> Assignment {
        Assignment { default_plan: Some(p.into()), ..Assignment::default() }
    }

    #[test]
    fn steps_fall_on_their_days_and_invoices_of_a_day_are_grouped() {
        let t = d("2026-03-31");
        let l = ledger(vec![
            // Due 2 April, twice for customer 0: one action per step.
            inv(0, "2026-03-01", "2026-04-02", "100", None),
            inv(0, "2026-03-03", "2026-04-02", "50", None),
            // Due 20 March (11 days late at t): steps -5, 3 and 10 have passed: only the call, today.
            inv(1, "2026-02-18", "2026-03-20", "3000", None),
            // Paid: nothing.
            inv(1, "2026-02-18", "2026-03-20", "70", Some("2026-03-25")),
        ]);
        let s = simulate(&l, t, &[plan()], &everyone("p"), &settings(), &History::default()).unwrap();
        let got: Vec<(NaiveDate, u32, u32, usize, bool)> =
            s.actions.iter().map(|a| (a.date, a.customer, a.step, a.invoices.len(), a.catch_up)).collect();
        assert_eq!(
            got,
            [
                // The notice of the 2 April invoices was due on 28 March: done on the first day.
                (d("2026-03-31"), 0, 0, 2, true),
                (d("2026-03-31"), 1, 2, 1, true),
                (d("2026-04-05"), 0, 1, 2, false),
                (d("2026-04-12"), 0, 2, 2, false),
                // 20 March + 40 days, within the 30 days after t.
                (d("2026-04-29"), 1, 3, 1, false),
            ]
        );
        let call = &s.actions[1];
        // Penalties at the action's day: 3,000 x 14.76% x 11 / 365.
        assert_eq!(
            (call.amount, call.days_late, call.penalties, call.indemnity),
            (dec("3000"), 11, dec("13.34"), dec("40"))
        );
        assert_eq!(s.open_invoices, 3);
        // Workload: weeks from Monday 30 March.
        assert_eq!(s.weeks[0].monday, d("2026-03-30"));
        assert_eq!(s.weeks[0].total, Load { actions: 3, minutes: 15 });
        assert_eq!(s.weeks.iter().map(|w| w.total.actions).sum::<u32>(), 5);
        assert_eq!(
            s.weeks[0].by_channel,
            [(Channel::Email, Load { actions: 2, minutes: 10 }), (Channel::Call, Load { actions: 1, minutes: 5 })]
        );
        let (subject, body) = message(&l, &s.actions[2], &[plan()], &settings());
        assert!(subject.contains(", ") && body.ends_with("150,00\u{a0}€"), "{subject} / {body}");
    }

    #[test]
    fn conditions_weekends_and_plans_by_rating() {
        let t = d("2026-11-13");
        let mut disputed = inv(0, "2026-10-01", "2026-11-20", "500", None);
        disputed.disputed = true;
        let l = ledger(vec![
            // Due Friday 20 Nov: +3 is Monday 23; +10 Monday 30.
            inv(0, "2026-10-01", "2026-11-20", "80", None),
            disputed,
            // Customer 1 has no plan.
            inv(1, "2026-10-01", "2026-11-20", "80", None),
            // Due Wednesday 11 Nov 2026, a holiday: its +3 step is Saturday 14 -> Monday 16.
            inv(2, "2026-10-01", "2026-11-11", "1000", None),
        ]);
        let mut p = plan();
        p.steps[2].conditions.min_amount = Some(dec("100"));
        let a =
            Assignment { manual: vec![("C0".into(), "p".into()), ("C2".into(), "p".into())], ..Assignment::default() };
        let mut st = settings();
        st.working_days_only = true;
        let s = simulate(&l, t, std::slice::from_ref(&p), &a, &st, &History::default()).unwrap();
        let got: Vec<(NaiveDate, u32, u32)> = s.actions.iter().map(|x| (x.date, x.customer, x.step)).collect();
        assert_eq!(
            got,
            [
                // Customer 2's -5 step (6 Nov) has passed: caught up on Friday 13.
                (d("2026-11-13"), 2, 0),
                (d("2026-11-16"), 0, 0),
                (d("2026-11-16"), 2, 1),
                (d("2026-11-23"), 0, 1),
                (d("2026-11-23"), 2, 2),
            ],
            "Sunday 15 Nov moved to Monday 16; the call skips the 80 invoice (minimum 100)"
        );
        assert_eq!((s.left.no_plan, s.left.disputed, s.customers_with_plan), (1, 1, 2));
        // The same with the templates: a rating rule picks the plan.
        let plans = [template(Template::Gentle, Lang::Fr), template(Template::Firm, Lang::Fr)];
        let by_rating =
            Assignment { by_rating: [None, None, None, None, Some("firm".into())], ..Assignment::default() };
        let s = simulate(&l, t, &plans, &by_rating, &settings(), &History::default()).unwrap();
        assert!(s.actions.iter().all(|a| a.plan == 1), "not rated: the firm plan");
        assert_eq!(s.ratings, [None, None, None]);
    }

    #[test]
    fn done_steps_are_not_repeated_and_promises_hold_the_plan() {
        let l = ledger(vec![
            // Due 20 March: at 31 March its +10 call (30 March) is the step to catch up.
            inv(0, "2026-02-18", "2026-03-20", "3000", None),
            inv(1, "2026-02-18", "2026-03-20", "500", None),
        ]);
        let (id0, id1) = (l.invoices[0].id.to_string(), l.invoices[1].id.to_string());
        let t = d("2026-03-31");
        let call = step_key("C0", &id0, "p", 2);
        // The call made today: listed as done, not to do; the letter (+40, 29 April) still comes.
        let history = History { done: vec![(call.clone(), t)], promises: vec![], schedules: vec![] };
        let s = simulate(&l, t, &[plan()], &everyone("p"), &settings(), &history).unwrap();
        assert_eq!(s.done_today.iter().map(|a| (a.customer, a.step, a.done)).collect::<Vec<_>>(), [(0, 2, true)]);
        assert!(!s.actions.iter().any(|a| a.customer == 0 && a.date == t));
        assert!(s.actions.iter().any(|a| a.customer == 0 && a.step == 3));
        // The next day: the call is not caught up again, nor listed.
        let s = simulate(&l, d("2026-04-01"), &[plan()], &everyone("p"), &settings(), &history).unwrap();
        assert!(s.done_today.is_empty() && !s.actions.iter().any(|a| a.customer == 0 && a.step == 2));
        // Customer 1 promised to pay on 10 April: nothing until then; the letter (29 April) after.
        let promise = Promise { customer: "C1".into(), invoices: vec![id1], date: d("2026-04-10"), amount: None };
        let history = History { done: vec![], promises: vec![promise], schedules: vec![] };
        let s = simulate(&l, t, &[plan()], &everyone("p"), &settings(), &history).unwrap();
        let c1: Vec<(NaiveDate, u32)> =
            s.actions.iter().filter(|a| a.customer == 1).map(|a| (a.date, a.step)).collect();
        assert_eq!(c1, [(d("2026-04-29"), 3)]);
    }

    #[test]
    fn expected_cash_and_dso_with_the_plan_against_without() {
        let t = d("2026-03-31");
        let l = ledger(vec![
            // Customer 0 pays 20 days late (three invoices).
            inv(0, "2026-01-05", "2026-02-04", "100", Some("2026-02-24")),
            inv(0, "2026-01-20", "2026-02-19", "100", Some("2026-03-11")),
            inv(0, "2026-02-05", "2026-03-07", "100", Some("2026-03-27")),
            // Due 20 April: expected 10 May without a plan, after the 30 days.
            inv(0, "2026-03-20", "2026-04-20", "1000", None),
        ]);
        let s = simulate(&l, t, &[plan()], &everyone("p"), &settings(), &History::default()).unwrap();
        let e = &s.effect;
        // With the plan: the -5 email (15 April, 10%) paid 20 April: 100; the +3 email
        // (23 April, 10% of 900) paid 28 April: 90; the +10 call (30 April) pays in May.
        assert_eq!((e.without_plan, e.with_plan, e.company_days_late), (dec("0"), dec("190"), 20));
        assert_eq!(e.extra, dec("190"));
        let daily = dec("1300") / dec("90");
        assert_eq!(e.daily_sales, Some(daily));
        assert_eq!(e.dso_change, Some(-dec("190") / daily));
        // A step's response rate is the user's to set: none, nothing gained.
        let mut quiet = plan();
        quiet.steps.iter_mut().for_each(|st| st.response_rate = Some(dec("0")));
        let s = simulate(&l, t, &[quiet], &everyone("p"), &settings(), &History::default()).unwrap();
        assert_eq!((s.effect.with_plan, s.effect.dso_change), (dec("0"), Some(dec("0"))));
        // Without any plan, both are the same; a horizon of 60 days reaches 10 May.
        let long = Settings { horizon_days: 60, ..settings() };
        let s = simulate(&l, t, &[plan()], &Assignment::default(), &long, &History::default()).unwrap();
        assert_eq!((s.effect.with_plan, s.effect.without_plan), (dec("1000"), dec("1000")));
    }

    #[test]
    fn an_instalment_schedule_holds_the_plan_and_its_instalments_are_the_collections() {
        let t = d("2026-03-31");
        let l = ledger(vec![
            inv(0, "2026-02-18", "2026-03-20", "3000", None),
            inv(1, "2026-02-18", "2026-03-20", "500", None),
        ]);
        let schedule =
            Schedule { customer: "C0".into(), invoice: None, instalments: 3, first: d("2026-04-15"), every_days: 30 };
        assert_eq!(
            schedule.instalments_of(dec("3000")),
            [(d("2026-04-15"), dec("1000")), (d("2026-05-15"), dec("1000")), (d("2026-06-14"), dec("1000"))]
        );
        assert_eq!(
            schedule.instalments_of(dec("1000.01")).iter().map(|x| x.1).collect::<Vec<_>>(),
            [dec("333.34"), dec("333.34"), dec("333.33")]
        );
        let history = History { schedules: vec![schedule], ..History::default() };
        let s = simulate(&l, t, &[plan()], &everyone("p"), &settings(), &history).unwrap();
        // Customer 0: nothing until 14 June; customer 1: its call today.
        assert!(s.actions.iter().all(|a| a.customer == 1), "{:?}", s.actions);
        assert_eq!(s.schedules.len(), 1);
        // Collections in the 30 days: the first instalment (both ways) and customer 1's
        // 500 (company days late 0: due 20 March, expected the next day).
        assert_eq!(s.effect.without_plan, dec("1500"));
        assert_eq!(s.effect.with_plan, dec("1500"));
        // A schedule for one invoice: only that one waits.
        let one = l.invoices[1].id.to_string();
        let history = History {
            schedules: vec![Schedule {
                customer: String::new(),
                invoice: Some(one),
                instalments: 2,
                first: d("2026-04-15"),
                every_days: 15,
            }],
            ..History::default()
        };
        let s = simulate(&l, t, &[plan()], &everyone("p"), &settings(), &history).unwrap();
        assert!(s.actions.iter().all(|a| a.customer == 0));
        assert_eq!(s.schedules[0].instalments, [(d("2026-04-15"), dec("250")), (d("2026-04-30"), dec("250"))]);
    }

    /// A promise of part of what is owed: that part is expected on its date,
    /// the rest as usual, and the plan goes on for the rest.
    #[test]
    fn a_partial_promise_holds_and_forecasts_only_its_amount() {
        use super::super::store::{Mark, Store};
        let l = ledger(vec![inv(0, "2026-02-18", "2026-03-20", "3000", None)]);
        let t = d("2026-03-31");
        let mark = |amount: Option<&str>| Mark {
            keys: vec![],
            customer: "C0".into(),
            invoices: vec![l.invoices[0].id.to_string()],
            done_on: t,
            note: String::new(),
            promise: Some((d("2026-04-10"), amount.map(dec))),
        };
        let store = Store { marks: vec![mark(Some("500"))], ..Store::default() };
        // Five days: the rest (due 20 March, no history: expected 1 April) falls in, the promise not.
        let short = Settings { horizon_days: 5, ..settings() };
        let s = simulate(&l, t, &[plan()], &everyone("p"), &short, &store.history()).unwrap();
        assert_eq!(s.effect.without_plan, dec("2500"), "the 2,500 not promised, on its usual day");
        // The plan is not held: the call of 30 March is caught up today.
        assert!(s.actions.iter().any(|a| a.date == t && a.step == 2), "{:?}", s.actions);
        let planned = planned_payments(&l, t, &store.history());
        assert_eq!(planned.covered.get(&0).map(|p| p.iter().map(|(_, a)| *a).sum::<Decimal>()), Some(dec("500")));
        // The whole amount promised: held until the 10th, all of it expected then.
        let store = Store { marks: vec![mark(None)], ..Store::default() };
        let s = simulate(&l, t, &[plan()], &everyone("p"), &short, &store.history()).unwrap();
        assert_eq!(s.effect.without_plan, dec("0"));
        assert!(!s.actions.iter().any(|a| a.date <= d("2026-04-10")));
        let store = Store { marks: vec![mark(Some("3000"))], ..Store::default() };
        let s = simulate(&l, t, &[plan()], &everyone("p"), &settings(), &store.history()).unwrap();
        assert_eq!(s.effect.without_plan, dec("3000"));
        assert!(!s.actions.iter().any(|a| a.date <= d("2026-04-10")));
    }

    /// An invoice under two schedules (one for it, one for all its
    /// customer owes) is paid by one of them, the latest agreed: its
    /// collections are counted once.
    #[test]
    fn an_invoice_under_two_schedules_counts_once() {
        let t = d("2026-03-31");
        let l = ledger(vec![
            inv(0, "2026-02-18", "2026-03-20", "3000", None),
            inv(0, "2026-02-25", "2026-03-25", "1000", None),
        ]);
        let all =
            Schedule { customer: "C0".into(), invoice: None, instalments: 3, first: d("2026-04-15"), every_days: 30 };
        let one = Schedule {
            customer: "C0".into(),
            invoice: Some(l.invoices[1].id.to_string()),
            instalments: 2,
            first: d("2026-04-10"),
            every_days: 10,
        };
        let history = History { schedules: vec![all, one], ..History::default() };
        let s = simulate(&l, t, &[plan()], &everyone("p"), &settings(), &history).unwrap();
        // The invoice's own schedule (the latest): 500 on 10 and 20 April; the other one
        // covers the 3,000 left: 1,000 on 15 April (then May and June).
        assert_eq!((s.effect.without_plan, s.effect.with_plan), (dec("2000"), dec("2000")));
        let listed: Decimal = s.schedules.iter().flat_map(|v| v.instalments.iter().map(|(_, a)| *a)).sum();
        assert_eq!(listed, dec("4000"), "each open invoice once");
        // The forecast's agreed payments are the same ones.
        let planned = planned_payments(&l, t, &history);
        let agreed: Decimal = planned.covered.values().flatten().map(|(_, a)| *a).sum();
        assert_eq!(agreed, dec("4000"));
    }

    #[test]
    fn step_keys_name_the_customer_and_escape_their_separator() {
        assert_eq!(step_key("C1", "F1", "standard", 2), "C1|F1|standard|2");
        // Parts holding the separator cannot be confused.
        assert_ne!(step_key("A|B", "F1", "p", 0), step_key("A", "B|F1", "p", 0));
        assert_eq!(step_key("A|B", "F\\1", "p", 0), "A\\|B|F\\\\1|p|0");
        // Version 1's keys: the invoice may hold a separator, the plan and step do not.
        assert_eq!(step_key_of_v1("C1", "F|1|standard|2").as_deref(), Some("C1|F\\|1|standard|2"));
        assert_eq!(step_key_of_v1("C1", "odd"), None);
    }

    /// A horizon of ten million days made 1.4 million weeks; a rate of
    /// 1e25 % overflowed: both refused, saying which.
    #[test]
    fn absurd_settings_are_refused() {
        use super::super::limits::Limit;
        let l = ledger(vec![inv(0, "2026-02-18", "2026-03-20", "100000", None)]);
        let t = d("2026-03-31");
        let run = |st: Settings| simulate(&l, t, &[plan()], &everyone("p"), &st, &History::default());
        let far = run(Settings { horizon_days: 10_000_000, ..settings() }).unwrap_err();
        assert_eq!((far.limit, far.value.as_str()), (Limit::Horizon, "10000000"));
        let rate = run(Settings { rate: dec("10000000000000000000000000"), ..settings() }).unwrap_err();
        assert_eq!(rate.limit, Limit::PenaltyRate);
        let mut long = plan();
        long.steps[1].minutes = 100_000;
        let step = simulate(&l, t, &[long], &everyone("p"), &settings(), &History::default()).unwrap_err();
        assert_eq!((step.limit, step.plan.as_deref(), step.step), (Limit::Minutes, Some("P"), Some(2)));
        assert!(run(Settings { horizon_days: 90, rate: dec("100"), ..settings() }).is_ok());
    }

    #[test]
    fn steps_across_month_and_year_ends() {
        // Due 31 January: +30 is 2 March (28 days in February 2026); -5 of 1 March is 24 February.
        assert_eq!(add_days(d("2026-01-31"), 30), d("2026-03-02"));
        assert_eq!(add_days(d("2026-03-01"), -5), d("2026-02-24"));
        assert_eq!(add_days(d("2028-02-28"), 1), d("2028-02-29"));
        // Due 28 December: the +3 email falls on 31 December, the +10 call on 7 January.
        let l = ledger(vec![inv(0, "2026-11-28", "2026-12-28", "100", None)]);
        let s = simulate(&l, d("2026-12-20"), &[plan()], &everyone("p"), &settings(), &History::default()).unwrap();
        let days: Vec<NaiveDate> = s.actions.iter().map(|a| a.date).collect();
        assert_eq!(days, [d("2026-12-23"), d("2026-12-31"), d("2027-01-07")]);
        assert_eq!(
            s.weeks.iter().filter(|w| w.total.actions > 0).map(|w| w.monday).collect::<Vec<_>>(),
            [d("2026-12-21"), d("2026-12-28"), d("2027-01-04")]
        );
    }
}
