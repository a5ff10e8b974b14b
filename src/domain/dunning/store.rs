//! What the dunning pages keep in the browser (plans, assignment rules,
//! settings), as one versioned document: the same text is stored and is
//! the JSON file a user exports and imports.

use super::plan::{Assignment, DunningPlan};
use crate::domain::behaviour::Thresholds;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The version this build writes.
pub const VERSION: u32 = 1;

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

/// The stored document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Store {
    pub version: u32,
    pub plans: Vec<DunningPlan>,
    #[serde(default)]
    pub assignment: Assignment,
    #[serde(default)]
    pub settings: DunningSettings,
}

/// Why a stored or imported text was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoreProblem {
    /// Not a dunning document (damaged, or another file).
    Unreadable,
    /// Written by a newer version of the app.
    Newer(u32),
}

/// Reads a stored or exported document, bringing an older version up to
/// this one.
pub fn read(text: &str) -> Result<Store, StoreProblem> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| StoreProblem::Unreadable)?;
    let version = value.get("version").and_then(serde_json::Value::as_u64).ok_or(StoreProblem::Unreadable)?;
    let version = u32::try_from(version).map_err(|_| StoreProblem::Unreadable)?;
    if version > VERSION {
        return Err(StoreProblem::Newer(version));
    }
    // Version 1 is the first: later versions bring older documents up here.
    let mut store: Store = serde_json::from_value(value).map_err(|_| StoreProblem::Unreadable)?;
    store.version = VERSION;
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

#[cfg(test)]
mod tests {
    use super::super::templates::{template, Lang, Template};
    use super::*;

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
        };
        assert_eq!(read(&write(&store)), Ok(store.clone()));
        assert_eq!(read("{\"version\": 7, \"plans\": []}"), Err(StoreProblem::Newer(7)));
        assert_eq!(read("not json"), Err(StoreProblem::Unreadable));
        assert_eq!(read("{\"plans\": []}"), Err(StoreProblem::Unreadable), "no version");
        assert_eq!(read("{\"version\": 1, \"plans\": [{\"id\": 3}]}"), Err(StoreProblem::Unreadable));
        // Settings left out take their defaults.
        let minimal = read("{\"version\": 1, \"plans\": []}").unwrap();
        assert_eq!((minimal.settings.horizon_days, minimal.settings.working_days_only), (30, true));
        assert_eq!(free_id(&store.plans, "standard"), "standard-2");
        assert_eq!(free_id(&store.plans, "gentle"), "gentle");
    }
}
