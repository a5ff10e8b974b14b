//! What the dunning pages keep in the browser (plans, assignment rules,
//! settings), as one versioned document: the same text is stored and is
//! the JSON file a user exports and imports.

use super::agreements::{step_key_of_v1, History, Promise, Schedule};
use super::limits::{check, check_history, check_plans, thresholds, Limit, OutOfRange};
use super::plan::{Assignment, DunningPlan};
use crate::domain::analysis::behaviour::Thresholds;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The version this build writes. 2: the steps marked done are keyed by
/// customer and invoice (`simulate::step_key`), not by invoice alone.
pub const VERSION: u32 = 2;

/// The user's settings for penalties, simulations and messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DunningSettings {
    /// The annual penalty rate in percent; `None`: the default (ECB + 10 points).
    #[serde(default)]
    pub rate: Option<Decimal>,
    #[serde(default = "default_horizon")]
    pub horizon_days: u32,
    #[serde(default = "yes")]
    pub working_days_only: bool,
    #[serde(default)]
    pub thresholds: Thresholds,
    /// The signature messages end with, and the company's name.
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub company: String,
}

fn default_horizon() -> u32 {
    30
}

fn yes() -> bool {
    true
}

impl Default for DunningSettings {
    fn default() -> Self {
        DunningSettings {
            rate: None,
            horizon_days: default_horizon(),
            working_days_only: true,
            thresholds: Thresholds::default(),
            contact: String::new(),
            company: String::new(),
        }
    }
}

/// An action marked done, with what the customer said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// Its steps (`simulate::step_key`, one per invoice).
    pub keys: Vec<String>,
    pub customer: String,
    pub invoices: Vec<String>,
    pub done_on: NaiveDate,
    #[serde(default)]
    pub note: String,
    /// A promise to pay: date and amount.
    #[serde(default)]
    pub promise: Option<(NaiveDate, Option<Decimal>)>,
}

/// The stored document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Store {
    pub version: u32,
    pub plans: Vec<DunningPlan>,
    #[serde(default)]
    pub assignment: Assignment,
    #[serde(default)]
    pub settings: DunningSettings,
    /// Actions marked done, the latest last.
    #[serde(default)]
    pub marks: Vec<Mark>,
    /// Instalment schedules agreed with customers.
    #[serde(default)]
    pub schedules: Vec<Schedule>,
}

impl Store {
    /// What the marks say happened, as the simulation reads it.
    /// Each promise keeps its customer and its amount.
    pub fn history(&self) -> History {
        History {
            done: self.marks.iter().flat_map(|m| m.keys.iter().map(|k| (k.clone(), m.done_on))).collect(),
            promises: self
                .marks
                .iter()
                .filter_map(|m| {
                    let (date, amount) = m.promise?;
                    Some(Promise { customer: m.customer.clone(), invoices: m.invoices.clone(), date, amount })
                })
                .collect(),
            schedules: self.schedules.clone(),
        }
    }

    /// The mark recording `keys`, if any.
    pub fn mark_of(&self, keys: &[String]) -> Option<&Mark> {
        self.marks.iter().rev().find(|m| !keys.is_empty() && keys.iter().all(|k| m.keys.contains(k)))
    }
}

/// Why a stored or imported text was not taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoreProblem {
    /// Not a dunning document (damaged, or another file).
    Unreadable,
    /// Written by a newer version of the app.
    Newer(u32),
    /// A number out of its bounds (a rate of 1e25 %, a horizon of ten
    /// million days): which, and where.
    OutOfRange(OutOfRange),
}

/// Reads a stored or exported document, bringing an older version up to
/// this one; its numbers are checked (`limits`): a document is trusted
/// no more than a file.
pub fn read(text: &str) -> Result<Store, StoreProblem> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| StoreProblem::Unreadable)?;
    let version = value.get("version").and_then(serde_json::Value::as_u64).ok_or(StoreProblem::Unreadable)?;
    let version = u32::try_from(version).map_err(|_| StoreProblem::Unreadable)?;
    if version > VERSION {
        return Err(StoreProblem::Newer(version));
    }
    let mut store: Store = serde_json::from_value(value).map_err(|_| StoreProblem::Unreadable)?;
    if version < 2 {
        // Version 1 keyed a step done by invoice alone ("F1|plan|2"): each
        // mark names its customer, so its keys become that customer's; a key
        // that is not one is kept as it is, never dropped.
        for m in &mut store.marks {
            for k in &mut m.keys {
                if let Some(key) = step_key_of_v1(&m.customer, k) {
                    *k = key;
                }
            }
        }
    }
    store.version = VERSION;
    store.check().map_err(StoreProblem::OutOfRange)?;
    Ok(store)
}

/// The document as text.
pub fn write(store: &Store) -> String {
    serde_json::to_string_pretty(&Store { version: VERSION, ..store.clone() }).unwrap_or_default()
}

/// A plan id not used by `plans`, from `base`.
pub fn free_id(plans: &[DunningPlan], base: &str) -> String {
    let taken = |id: &str| plans.iter().any(|p| p.id == id);
    if !taken(base) {
        return base.to_string();
    }
    (2..).map(|n| format!("{base}-{n}")).find(|id| !taken(id)).unwrap_or_else(|| base.to_string())
}

impl Store {
    /// Every number of the document within bounds (the first one that is
    /// not is the error).
    pub fn check(&self) -> Result<(), OutOfRange> {
        check_plans(&self.plans)?;
        if let Some((threshold, _)) = &self.assignment.large_accounts {
            check(Limit::LargeAccounts, *threshold)?;
        }
        let s = &self.settings;
        if let Some(rate) = s.rate {
            check(Limit::PenaltyRate, rate)?;
        }
        check(Limit::Horizon, Decimal::from(s.horizon_days))?;
        thresholds(&s.thresholds)?;
        check_history(&self.history())
    }
}

#[cfg(test)]
mod tests {
    use super::super::templates::{template, Template};
    use super::*;
    use crate::domain::lang::Lang;

    #[test]
    fn round_trip_and_what_is_refused() {
        let store = Store {
            version: VERSION,
            plans: vec![template(Template::Standard, Lang::Fr), template(Template::Firm, Lang::En)],
            assignment: Assignment { default_plan: Some("standard".into()), ..Assignment::default() },
            settings: DunningSettings {
                rate: Some("14.76".parse().unwrap()),
                contact: "<b>Marie</b>".into(),
                ..DunningSettings::default()
            },
            marks: vec![Mark {
                keys: vec!["C1|F1|standard|2".into(), "C1|F2|standard|2".into()],
                customer: "C1".into(),
                invoices: vec!["F1".into(), "F2".into()],
                done_on: "2026-03-31".parse().unwrap(),
                note: "Promet de payer".into(),
                promise: Some(("2026-04-10".parse().unwrap(), Some("1500".parse().unwrap()))),
            }],
            schedules: vec![],
        };
        assert_eq!(read(&write(&store)), Ok(store.clone()));
        assert_eq!(read("{\"version\": 7, \"plans\": []}"), Err(StoreProblem::Newer(7)));
        assert_eq!(read("{\"version\": 2, \"plans\": []}").map(|s| s.version), Ok(VERSION));
        assert_eq!(read("not json"), Err(StoreProblem::Unreadable));
        assert_eq!(read("{\"plans\": []}"), Err(StoreProblem::Unreadable), "no version");
        assert_eq!(read("{\"version\": 1, \"plans\": [{\"id\": 3}]}"), Err(StoreProblem::Unreadable));
        // Settings left out take their defaults.
        let minimal = read("{\"version\": 1, \"plans\": []}").unwrap();
        assert_eq!((minimal.settings.horizon_days, minimal.settings.working_days_only), (30, true));
        assert_eq!(free_id(&store.plans, "standard"), "standard-2");
        assert_eq!(free_id(&store.plans, "gentle"), "gentle");
        // The marks as the simulation reads them.
        let h = store.history();
        assert_eq!(h.done.len(), 2);
        // The promise with its customer and its amount (it used to lose both).
        assert_eq!(
            h.promises,
            [Promise {
                customer: "C1".into(),
                invoices: vec!["F1".into(), "F2".into()],
                date: "2026-04-10".parse().unwrap(),
                amount: Some("1500".parse().unwrap()),
            }]
        );
        assert!(
            store.mark_of(&["C1|F2|standard|2".into()]).is_some()
                && store.mark_of(&["C1|F3|standard|2".into()]).is_none()
        );
    }

    /// A plans file with a rate of 1e25 % or a horizon of ten million days
    /// is refused, saying which number and where; nothing of it is taken.
    #[test]
    fn numbers_out_of_range_are_refused_with_what_was_refused() {
        use super::super::limits::Limit;
        let with = |settings: &str| read(&format!(r#"{{"version": 2, "plans": [], "settings": {settings}}}"#));
        let limit = |r: Result<Store, StoreProblem>| match r {
            Err(StoreProblem::OutOfRange(e)) => Some((e.limit, e.value, e.plan, e.step)),
            _ => None,
        };
        assert_eq!(limit(with(r#"{"rate": "1e25"}"#)).map(|x| x.0), Some(Limit::PenaltyRate));
        // Decimals are written as text; a bare number is not this app's document.
        assert!(matches!(with(r#"{"rate": 1e25}"#), Err(StoreProblem::OutOfRange(_) | StoreProblem::Unreadable)));
        assert_eq!(limit(with(r#"{"rate": "-3"}"#)).map(|x| x.0), Some(Limit::PenaltyRate));
        assert_eq!(
            limit(with(r#"{"horizon_days": 10000000}"#)),
            Some((Limit::Horizon, "10000000".to_string(), None, None))
        );
        assert!(with(r#"{"rate": "14.76", "horizon_days": 90}"#).is_ok());
        let step = r#"{"version": 2, "plans": [{"id": "p", "name": "Ferme", "steps": [
            {"offset_days": 3, "channel": "Email", "subject": "", "body": "x", "performer": "CreditController", "minutes": 3},
            {"offset_days": 9, "channel": "Call", "subject": "", "body": "", "performer": "CreditController", "minutes": 3, "response_rate": "250"}
        ]}]}"#;
        assert_eq!(
            limit(read(step)),
            Some((Limit::ResponseRate, "250".to_string(), Some("Ferme".to_string()), Some(2)))
        );
        let schedule = r#"{"version": 2, "plans": [], "schedules": [{"customer": "C1", "instalments": 0, "first": "2026-04-01", "every_days": 30}]}"#;
        assert_eq!(limit(read(schedule)).map(|x| x.0), Some(Limit::Instalments));
        let promise = r#"{"version": 2, "plans": [], "marks": [{"keys": [], "customer": "C1", "invoices": ["F1"], "done_on": "2026-03-31", "promise": ["2026-04-10", "-5"]}]}"#;
        assert_eq!(limit(read(promise)).map(|x| x.0), Some(Limit::PromiseAmount));
        let large = r#"{"version": 2, "plans": [], "assignment": {"large_accounts": ["1e30", "p"]}}"#;
        assert!(matches!(read(large), Err(StoreProblem::OutOfRange(_)) | Err(StoreProblem::Unreadable)));
    }

    /// Version 1 keyed the steps marked done by invoice number alone: two
    /// customers' "F1" were one. Read now, each mark's keys name its customer
    /// (nothing dropped), and the document is written in the current version.
    #[test]
    fn version_1_marks_are_keyed_by_customer_and_invoice() {
        let v1 = r#"{"version": 1, "plans": [], "marks": [
            {"keys": ["F1|standard|2"], "customer": "C0", "invoices": ["F1"], "done_on": "2026-03-31"},
            {"keys": ["F1|standard|3", "odd"], "customer": "C1", "invoices": ["F1"], "done_on": "2026-03-31",
             "promise": ["2026-04-10", "500"]}
        ]}"#;
        let s = read(v1).unwrap();
        assert_eq!(s.marks[0].keys, ["C0|F1|standard|2"]);
        assert_eq!(s.marks[1].keys, ["C1|F1|standard|3", "odd"], "a key it cannot read is kept as it is");
        assert_eq!(s.marks[1].promise, Some(("2026-04-10".parse().unwrap(), Some("500".parse().unwrap()))));
        assert_eq!(read(&write(&s)), Ok(s.clone()), "not migrated twice");
        assert!(write(&s).contains(&format!("\"version\": {VERSION}")));
    }

    #[test]
    fn an_older_document_reads_with_what_it_lacked() {
        // As the first version of the Dunning page stored it: no marks, no
        // schedules, steps without conditions or response rates, settings
        // without thresholds.
        let old = r#"{
            "version": 1,
            "plans": [{"id": "p", "name": "Ancien", "steps": [
                {"offset_days": 3, "channel": "Email", "subject": "Rappel", "body": "Bonjour {client}", "performer": "CreditController", "minutes": 3}
            ]}],
            "assignment": {"default_plan": "p"},
            "settings": {"rate": "12.15", "horizon_days": 60}
        }"#;
        let s = read(old).unwrap();
        let step = &s.plans[0].steps[0];
        assert_eq!(
            (step.conditions.skip_disputed, step.response_rate, step.response()),
            (true, None, "10".parse().unwrap())
        );
        assert_eq!(
            (s.settings.horizon_days, s.settings.working_days_only, s.settings.thresholds.c),
            (60, true, "45".parse().unwrap())
        );
        assert!(s.marks.is_empty() && s.schedules.is_empty());
        assert_eq!(s.assignment.default_plan.as_deref(), Some("p"));
        // Written back, it is the current document.
        assert_eq!(read(&write(&s)), Ok(s));
    }
}
