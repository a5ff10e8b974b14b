//! Local storage of what the user chose (never their data). Keys are
//! versioned; a value that cannot be read is kept aside under a backup key
//! and the default is used instead.

use crate::domain::dunning::store::{self, Store, StoreProblem};
use crate::domain::import::{ImportOptions, SavedMapping};
use crate::i18n::Locale;
use chrono::NaiveDate;
use gloo_storage::{LocalStorage, Storage};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

const LOCALE_KEY: &str = "encours.v1.locale";

/// The stored locale, if any and readable.
pub fn load_locale() -> Option<Locale> {
    let raw: String = LocalStorage::get(LOCALE_KEY).ok()?;
    match Locale::from_code(&raw) {
        Some(l) => Some(l),
        None => {
            let _ = LocalStorage::set(format!("{LOCALE_KEY}.backup"), &raw);
            LocalStorage::delete(LOCALE_KEY);
            None
        }
    }
}

pub fn save_locale(l: Locale) {
    let _ = LocalStorage::set(LOCALE_KEY, l.code());
}

const MAPPINGS_KEY: &str = "encours.v1.mappings";

/// The column mappings the user chose, by header layout. A stored value
/// that cannot be read is kept aside and an empty list used.
pub fn load_mappings() -> Vec<SavedMapping> {
    load_json(MAPPINGS_KEY)
}

/// The value stored under `key`, or the default when there is none; a
/// stored value that cannot be read is kept aside under a backup key (never
/// lost) and the default used instead.
fn load_json<T: serde::de::DeserializeOwned + Default>(key: &str) -> T {
    let Ok(raw) = LocalStorage::get::<serde_json::Value>(key) else { return T::default() };
    match serde_json::from_value::<T>(raw.clone()) {
        Ok(v) => v,
        Err(_) => {
            let _ = LocalStorage::set(format!("{key}.backup"), &raw);
            LocalStorage::delete(key);
            T::default()
        }
    }
}

/// Remembers `mapping` for its header layout (replacing an older choice);
/// the 50 most recent layouts are kept.
pub fn save_mapping(mapping: SavedMapping) {
    let mut all = load_mappings();
    all.retain(|m| m.signature != mapping.signature);
    all.insert(0, mapping);
    all.truncate(50);
    let _ = LocalStorage::set(MAPPINGS_KEY, &all);
}

const IMPORT_KEY: &str = "encours.v1.import";

/// The import options the user chose (default currency, decimal
/// separator, date order, payment terms), or the defaults.
pub fn load_import_options() -> ImportOptions {
    load_json(IMPORT_KEY)
}

/// Keeps the import options for the next visit (never a file's mapping:
/// those are kept by header layout).
pub fn save_import_options(options: &ImportOptions) {
    let kept = ImportOptions { mapping: None, saved_mappings: Vec::new(), ..options.clone() };
    let _ = LocalStorage::set(IMPORT_KEY, &kept);
}

const PERIOD_SALES_KEY: &str = "encours.v1.period_sales";

/// The sales typed for an open-items file (kpi.md "Open-items file"): for
/// one header layout, currency (the reporting one for a converted view)
/// and window (period and as-of date), so that they never stand for
/// another period's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypedSalesKey {
    pub layout: String,
    pub currency: String,
    pub period: u32,
    pub as_of: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct TypedSalesEntry {
    key: TypedSalesKey,
    amount: Decimal,
}

/// The sales typed before for `key`, if any.
pub fn load_period_sales(key: &TypedSalesKey) -> Option<Decimal> {
    load_json::<Vec<TypedSalesEntry>>(PERIOD_SALES_KEY).into_iter().find(|e| e.key == *key).map(|e| e.amount)
}

/// Remembers the sales typed for `key` (`None` forgets them); the 100 most
/// recent are kept.
pub fn save_period_sales(key: &TypedSalesKey, amount: Option<Decimal>) {
    let mut all: Vec<TypedSalesEntry> = load_json(PERIOD_SALES_KEY);
    all.retain(|e| e.key != *key);
    if let Some(amount) = amount {
        all.insert(0, TypedSalesEntry { key: key.clone(), amount });
    }
    all.truncate(100);
    let _ = LocalStorage::set(PERIOD_SALES_KEY, &all);
}

const RATES_KEY: &str = "encours.v1.rates";

/// A conversion rate the user typed: 1 `from` = `rate` `to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct RateEntry {
    from: String,
    to: String,
    rate: Decimal,
}

/// The rate typed before from `from` into `to`, if any.
pub fn load_rate(from: &str, to: &str) -> Option<Decimal> {
    load_json::<Vec<RateEntry>>(RATES_KEY).into_iter().find(|e| e.from == from && e.to == to).map(|e| e.rate)
}

/// Remembers the rate from `from` into `to` (`None` forgets it).
pub fn save_rate(from: &str, to: &str, rate: Option<Decimal>) {
    let mut all: Vec<RateEntry> = load_json(RATES_KEY);
    all.retain(|e| !(e.from == from && e.to == to));
    if let Some(rate) = rate {
        all.insert(0, RateEntry { from: from.to_string(), to: to.to_string(), rate });
    }
    all.truncate(200);
    let _ = LocalStorage::set(RATES_KEY, &all);
}

const DUNNING_KEY: &str = "encours.dunning";

/// Why the stored dunning document was not used (it is kept under `key`),
/// or that a change could not be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DunningNotice {
    Unreadable { key: String },
    Newer { version: u32, key: String },
    Full,
}

/// The stored plans, rules and settings; a stored value that cannot be
/// read (damaged, or from a newer version) is kept aside, never lost, and
/// the user told.
pub fn load_dunning() -> (Store, Option<DunningNotice>) {
    let fresh = Store { version: store::VERSION, ..Store::default() };
    let Some(text) = local().and_then(|s| s.get_item(DUNNING_KEY).ok().flatten()) else { return (fresh, None) };
    match store::read(&text) {
        Ok(s) => (s, None),
        Err(problem) => {
            let key = format!("{DUNNING_KEY}.backup");
            if let Some(s) = local() {
                if s.set_item(&key, &text).is_ok() {
                    let _ = s.remove_item(DUNNING_KEY);
                }
            }
            let notice = match problem {
                StoreProblem::Unreadable => DunningNotice::Unreadable { key },
                StoreProblem::Newer(version) => DunningNotice::Newer { version, key },
            };
            (fresh, Some(notice))
        }
    }
}

/// Stores the plans, rules and settings; `Full` when the browser refused.
pub fn save_dunning(s: &Store) -> Result<(), DunningNotice> {
    let stored = local().map(|l| l.set_item(DUNNING_KEY, &store::write(s)));
    match stored {
        Some(Ok(())) => Ok(()),
        _ => Err(DunningNotice::Full),
    }
}

/// Every key the app stores starts so.
const PREFIX: &str = "encours.";

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The keys the app has in this browser's local storage.
pub fn app_keys() -> Vec<String> {
    let Some(store) = local() else { return Vec::new() };
    let n = store.length().unwrap_or(0);
    let mut keys: Vec<String> =
        (0..n).filter_map(|i| store.key(i).ok().flatten()).filter(|k| k.starts_with(PREFIX)).collect();
    keys.sort();
    keys
}

/// Erases every key the app stored (local and session storage); false
/// when the browser refused.
pub fn erase_all() -> bool {
    let Some(store) = local() else { return false };
    let ok = app_keys().iter().all(|k| store.remove_item(k).is_ok());
    if let Some(session) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let n = session.length().unwrap_or(0);
        let keys: Vec<String> =
            (0..n).filter_map(|i| session.key(i).ok().flatten()).filter(|k| k.starts_with(PREFIX)).collect();
        for k in keys {
            let _ = session.remove_item(&k);
        }
    }
    ok && app_keys().is_empty()
}
