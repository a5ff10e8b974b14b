//! A dunning plan ("plan de relance"): named, ordered steps, each an action
//! on a day counted from the invoice's due date.

use crate::domain::analysis::behaviour::Rating;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How a step reaches the customer, or the internal task it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Channel {
    Email,
    Sms,
    Call,
    Letter,
    /// Registered letter with acknowledgement of receipt: the formal notice.
    FormalNotice,
    /// Internal: hand the account to the sales rep.
    HandToSales,
    /// Internal: review the dispute.
    DisputeReview,
    /// Internal: hand to a collection agency.
    CollectionAgency,
    /// Internal: file for an order for payment ("injonction de payer").
    Injunction,
}

impl Channel {
    pub const ALL: [Channel; 9] = [
        Channel::Email,
        Channel::Sms,
        Channel::Call,
        Channel::Letter,
        Channel::FormalNotice,
        Channel::HandToSales,
        Channel::DisputeReview,
        Channel::CollectionAgency,
        Channel::Injunction,
    ];

    /// A message goes to the customer (its text is written in the step).
    pub fn is_message(self) -> bool {
        matches!(self, Channel::Email | Channel::Sms | Channel::Letter | Channel::FormalNotice)
    }

    /// The share of what is still open that a step of this kind gets paid
    /// (percent), assumed when the step does not say: the file holds no
    /// history of reminders to learn it from.
    pub fn default_response(self) -> Decimal {
        Decimal::from(match self {
            Channel::Email | Channel::Letter => 10,
            Channel::Sms | Channel::HandToSales => 8,
            Channel::Call => 25,
            Channel::FormalNotice | Channel::Injunction => 30,
            Channel::CollectionAgency => 20,
            Channel::DisputeReview => 5,
        })
    }
}

/// Who performs a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Performer {
    /// The credit controller ("chargé de recouvrement").
    CreditController,
    SalesRep,
    /// The credit manager or CFO.
    CreditManager,
    /// Legal counsel or an outside agency.
    Legal,
}

impl Performer {
    pub const ALL: [Performer; 4] =
        [Performer::CreditController, Performer::SalesRep, Performer::CreditManager, Performer::Legal];
}

/// When a step applies to an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conditions {
    /// The invoice's open amount is at least this.
    #[serde(default)]
    pub min_amount: Option<Decimal>,
    /// Disputed invoices are left to the dispute's resolution.
    #[serde(default)]
    pub skip_disputed: bool,
    /// Only when the customer has one of these ratings (none listed: any,
    /// not rated included).
    #[serde(default)]
    pub ratings: Vec<Rating>,
}

impl Default for Conditions {
    fn default() -> Self {
        Conditions { min_amount: None, skip_disputed: true, ratings: Vec::new() }
    }
}

/// One action of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// Days from the due date: negative before it.
    pub offset_days: i32,
    pub channel: Channel,
    /// The message (for a call or a task: what to say or do); placeholders
    /// in braces (`render::PLACEHOLDERS`).
    pub subject: String,
    pub body: String,
    #[serde(default)]
    pub conditions: Conditions,
    pub performer: Performer,
    /// Time the step takes, in minutes.
    pub minutes: u32,
    /// The share of the open amount it gets paid, in percent (`None`: the
    /// channel's default).
    #[serde(default)]
    pub response_rate: Option<Decimal>,
}

impl Step {
    /// The share it gets paid, in percent.
    pub fn response(&self) -> Decimal {
        self.response_rate.unwrap_or_else(|| self.channel.default_response()).clamp(Decimal::ZERO, Decimal::ONE_HUNDRED)
    }
}

/// A named plan; steps in the order the user set (their days say when).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DunningPlan {
    pub id: String,
    pub name: String,
    pub steps: Vec<Step>,
}

/// Offsets a step may have: a year before or after the due date.
pub const MAX_OFFSET: i32 = 365;

impl DunningPlan {
    /// What is wrong with the plan, if anything: no name, no step, a day
    /// out of range, an empty message.
    pub fn problems(&self) -> Vec<PlanProblem> {
        let mut out = Vec::new();
        if self.name.trim().is_empty() {
            out.push(PlanProblem::NoName);
        }
        if self.steps.is_empty() {
            out.push(PlanProblem::NoStep);
        }
        for (i, s) in self.steps.iter().enumerate() {
            if s.offset_days.abs() > MAX_OFFSET {
                out.push(PlanProblem::OffsetOutOfRange(i));
            }
            if s.channel.is_message() && s.body.trim().is_empty() {
                out.push(PlanProblem::EmptyMessage(i));
            }
        }
        out
    }
}

/// Why a plan cannot be used as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanProblem {
    NoName,
    NoStep,
    /// Step index.
    OffsetOutOfRange(usize),
    EmptyMessage(usize),
}

/// Which plan each customer follows: a manual choice first, then a plan
/// for customers whose open amount is at least a threshold, then one per
/// rating, then the default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// Plan id for customers rated A, B, C, D, and not rated.
    #[serde(default)]
    pub by_rating: [Option<String>; 5],
    /// (threshold, plan id): customers owing at least this much.
    #[serde(default)]
    pub large_accounts: Option<(Decimal, String)>,
    /// (customer code, plan id).
    #[serde(default)]
    pub manual: Vec<(String, String)>,
    /// For everyone else.
    #[serde(default)]
    pub default_plan: Option<String>,
}

/// How a customer's plan was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssignedBy {
    Manual,
    LargeAccount,
    Rating,
    Default,
}

impl Assignment {
    /// The plan id of a customer, and why; `None`: no plan applies.
    pub fn plan_for<'a>(
        &'a self,
        customer: &str,
        open: Decimal,
        rating: Option<Rating>,
    ) -> Option<(&'a str, AssignedBy)> {
        if let Some((_, p)) = self.manual.iter().find(|(c, _)| c == customer) {
            return Some((p, AssignedBy::Manual));
        }
        if let Some((threshold, p)) = &self.large_accounts {
            if open >= *threshold {
                return Some((p, AssignedBy::LargeAccount));
            }
        }
        let slot = rating.map_or(4, |r| r as usize);
        if let Some(p) = &self.by_rating[slot] {
            return Some((p, AssignedBy::Rating));
        }
        self.default_plan.as_deref().map(|p| (p, AssignedBy::Default))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::tests::dec;

    #[test]
    fn assignment_order() {
        let a = Assignment {
            by_rating: [Some("doux".into()), None, None, Some("ferme".into()), None],
            large_accounts: Some((dec("10000"), "grands".into())),
            manual: vec![("C9".into(), "manuel".into())],
            default_plan: Some("standard".into()),
        };
        assert_eq!(a.plan_for("C9", dec("50000"), Some(Rating::A)), Some(("manuel", AssignedBy::Manual)));
        assert_eq!(a.plan_for("C1", dec("10000"), Some(Rating::A)), Some(("grands", AssignedBy::LargeAccount)));
        assert_eq!(a.plan_for("C1", dec("100"), Some(Rating::A)), Some(("doux", AssignedBy::Rating)));
        assert_eq!(a.plan_for("C1", dec("100"), Some(Rating::D)), Some(("ferme", AssignedBy::Rating)));
        assert_eq!(a.plan_for("C1", dec("100"), None), Some(("standard", AssignedBy::Default)));
        assert_eq!(Assignment::default().plan_for("C1", dec("1"), None), None);
    }

    #[test]
    fn problems_are_listed() {
        let step = Step {
            offset_days: 400,
            channel: Channel::Email,
            subject: String::new(),
            body: " ".into(),
            conditions: Conditions::default(),
            performer: Performer::CreditController,
            minutes: 5,
            response_rate: None,
        };
        let plan = DunningPlan { id: "p".into(), name: " ".into(), steps: vec![step] };
        assert_eq!(
            plan.problems(),
            [PlanProblem::NoName, PlanProblem::OffsetOutOfRange(0), PlanProblem::EmptyMessage(0)]
        );
    }
}
