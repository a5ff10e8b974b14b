//! The ranges the numbers of the dunning pages may take, checked wherever
//! they come from: a stored document, an imported plans file, a query the
//! page sends the worker. A rate of 1e25 % or a horizon of ten million
//! days is refused with what was refused, never computed (it would
//! overflow a `Decimal` or allocate millions of weeks).

use super::agreements::{History, MAX_EVERY_DAYS, MAX_INSTALMENTS};
use super::plan::DunningPlan;
use crate::domain::analysis::behaviour::Thresholds;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A number of the dunning pages that has bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Limit {
    /// The annual penalty rate, in percent.
    PenaltyRate,
    /// Days simulated after the as-of date.
    Horizon,
    /// How many plans, and steps in a plan.
    Plans,
    Steps,
    /// A step's days from the due date.
    Offset,
    /// A step's minutes.
    Minutes,
    /// A step's response rate, in percent.
    ResponseRate,
    /// A step's minimum open amount.
    MinAmount,
    /// The large accounts' threshold.
    LargeAccounts,
    /// The rating thresholds A, B, C (days late, increasing).
    Thresholds,
    /// A schedule's instalments, and days between two.
    Instalments,
    InstalmentDays,
    /// An amount promised.
    PromiseAmount,
}

/// Amounts typed in the dunning pages: up to a thousand billion.
const MAX_AMOUNT: i64 = 1_000_000_000_000;

impl Limit {
    /// The smallest and largest value allowed.
    pub fn bounds(self) -> (Decimal, Decimal) {
        let (min, max): (i64, i64) = match self {
            Limit::PenaltyRate | Limit::ResponseRate => (0, 100),
            Limit::Horizon => (1, 366),
            Limit::Plans => (0, 200),
            Limit::Steps => (0, 100),
            Limit::Offset => (-3650, 3650),
            Limit::Minutes => (0, 600),
            Limit::MinAmount | Limit::LargeAccounts => (0, MAX_AMOUNT),
            Limit::Thresholds => (0, 3650),
            Limit::Instalments => (1, i64::from(MAX_INSTALMENTS)),
            Limit::InstalmentDays => (1, i64::from(MAX_EVERY_DAYS)),
            Limit::PromiseAmount => return (Decimal::new(1, 2), Decimal::from(MAX_AMOUNT)),
        };
        (Decimal::from(min), Decimal::from(max))
    }

    /// Whether `v` is within the bounds.
    pub fn allows(self, v: Decimal) -> bool {
        let (min, max) = self.bounds();
        v >= min && v <= max
    }
}

/// A number outside its bounds: which, the value as read, and where (the
/// plan's name and the step, 1-based, for a step's number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutOfRange {
    pub limit: Limit,
    pub value: String,
    pub plan: Option<String>,
    pub step: Option<u32>,
}

/// `Err` when `v` is outside `limit`'s bounds.
pub(super) fn check(limit: Limit, v: Decimal) -> Result<(), OutOfRange> {
    if limit.allows(v) {
        Ok(())
    } else {
        Err(OutOfRange { limit, value: v.normalize().to_string(), plan: None, step: None })
    }
}

fn count(limit: Limit, n: usize) -> Result<(), OutOfRange> {
    check(limit, Decimal::from(n as u64))
}

/// The thresholds: each within bounds, A <= B <= C.
pub(super) fn thresholds(t: &Thresholds) -> Result<(), OutOfRange> {
    let ordered = t.a <= t.b && t.b <= t.c;
    if ordered && Limit::Thresholds.allows(t.a) && Limit::Thresholds.allows(t.c) {
        return Ok(());
    }
    let value = [t.a, t.b, t.c].map(|v| v.normalize().to_string()).join(" / ");
    Err(OutOfRange { limit: Limit::Thresholds, value, plan: None, step: None })
}

/// The plans: how many, and each step's numbers.
pub fn check_plans(plans: &[DunningPlan]) -> Result<(), OutOfRange> {
    count(Limit::Plans, plans.len())?;
    for p in plans {
        let place = |e: OutOfRange, step: Option<usize>| OutOfRange {
            plan: Some(p.name.clone()),
            step: step.map(|s| s as u32 + 1),
            ..e
        };
        count(Limit::Steps, p.steps.len()).map_err(|e| place(e, None))?;
        for (i, s) in p.steps.iter().enumerate() {
            let numbers = [
                Some((Limit::Offset, Decimal::from(s.offset_days))),
                Some((Limit::Minutes, Decimal::from(s.minutes))),
                s.response_rate.map(|r| (Limit::ResponseRate, r)),
                s.conditions.min_amount.map(|m| (Limit::MinAmount, m)),
            ];
            for (limit, v) in numbers.into_iter().flatten() {
                check(limit, v).map_err(|e| place(e, Some(i)))?;
            }
        }
    }
    Ok(())
}

/// The promises' amounts and the schedules' numbers.
pub fn check_history(h: &History) -> Result<(), OutOfRange> {
    for p in &h.promises {
        if let Some(a) = p.amount {
            check(Limit::PromiseAmount, a)?;
        }
    }
    for s in &h.schedules {
        check(Limit::Instalments, Decimal::from(s.instalments))?;
        check(Limit::InstalmentDays, Decimal::from(s.every_days))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::tests::dec;

    #[test]
    fn bounds_and_what_is_said() {
        assert!(Limit::PenaltyRate.allows(dec("14.76")) && !Limit::PenaltyRate.allows(dec("100.01")));
        assert!(!Limit::Horizon.allows(dec("0")) && Limit::Horizon.allows(dec("90")));
        assert!(!Limit::PromiseAmount.allows(dec("0")) && Limit::PromiseAmount.allows(dec("0.01")));
        assert_eq!(
            check(Limit::PenaltyRate, dec("10000000000000000000000000")),
            Err(OutOfRange {
                limit: Limit::PenaltyRate,
                value: "10000000000000000000000000".into(),
                plan: None,
                step: None
            })
        );
        let bad = Thresholds { a: dec("15"), b: dec("5"), c: dec("45") };
        assert_eq!(thresholds(&bad).map_err(|e| e.value), Err("15 / 5 / 45".to_string()));
    }
}
