//! Local storage of what the user chose (never their data). Keys are
//! versioned; a value that cannot be read is kept aside under a dated
//! backup key (`{key}.backup.{time}`, the latest `BACKUPS` of each key
//! kept) and the default is used instead. When the browser refuses the
//! copy, the value is left where it is and nothing is stored over it for
//! the rest of the visit: what could not be backed up is never overwritten.

use crate::domain::dunning::limits::OutOfRange;
use crate::domain::dunning::store::{self, Store, StoreProblem};
use crate::domain::import::{ImportOptions, SavedMapping};
use crate::i18n::Locale;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

/// Backups kept of each key: a newer one pushes the oldest out.
const BACKUPS: usize = 5;

thread_local! {
    /// Keys whose unreadable value could not be kept aside: never written.
    static PROTECTED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    /// What the latest reading of the dunning document found wrong (the
    /// dunning page says it, even when another page read it first).
    static DUNNING_NOTICE: RefCell<Option<DunningNotice>> = const { RefCell::new(None) };
}

fn protected(key: &str) -> bool {
    PROTECTED.with(|p| p.borrow().iter().any(|k| k == key))
}

/// The text stored under `key`, if any.
fn raw(key: &str) -> Option<String> {
    local()?.get_item(key).ok().flatten()
}

/// Stores `value` as JSON under `key`, unless `key` is protected; false
/// when it was not stored.
fn write<T: Serialize + ?Sized>(key: &str, value: &T) -> bool {
    if protected(key) {
        return false;
    }
    let Ok(text) = serde_json::to_string(value) else { return false };
    local().is_some_and(|s| s.set_item(key, &text).is_ok())
}

/// The backup keys of `key`, the oldest first (the undated key of earlier
/// versions first of all).
pub fn backups_of(key: &str) -> Vec<String> {
    let prefix = format!("{key}.backup");
    app_keys().into_iter().filter(|k| k.starts_with(&prefix)).collect()
}

/// Keeps `text`, the unreadable value of `key`, aside under a dated backup
/// key, then removes it from `key`; the backup key, or `None` when the
/// browser refused the copy (then `key` is left as it is and protected).
fn set_aside(key: &str, text: &str) -> Option<String> {
    let s = local()?;
    let stamp = String::from(js_sys::Date::new_0().to_iso_string()).replace(':', "-");
    let base = format!("{key}.backup.{stamp}");
    let backup = (1..)
        .map(|n| if n == 1 { base.clone() } else { format!("{base}-{n}") })
        .find(|k| s.get_item(k).ok().flatten().is_none())
        .unwrap_or(base);
    let kept = s.set_item(&backup, text).is_ok() && s.get_item(&backup).ok().flatten().as_deref() == Some(text);
    if !kept {
        PROTECTED.with(|p| p.borrow_mut().push(key.to_string()));
        return None;
    }
    let _ = s.remove_item(key);
    let all = backups_of(key);
    for old in all.iter().take(all.len().saturating_sub(BACKUPS)) {
        let _ = s.remove_item(old);
    }
    Some(backup)
}

/// The value stored under `key` as JSON: `None` when there is none, or it
/// cannot be read (then kept aside).
fn read_json<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = raw(key)?;
    match serde_json::from_str(&text) {
        Ok(v) => Some(v),
        Err(_) => {
            let _ = set_aside(key, &text);
            None
        }
    }
}

const LOCALE_KEY: &str = "encours.v1.locale";

/// The locale asked for in the URL (`?lang=en`), else the stored one, else French.
pub fn initial_locale() -> Locale {
    let search = leptos::prelude::window().location().search().unwrap_or_default();
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()
        .and_then(|p| p.get("lang"))
        .and_then(|l| Locale::from_code(&l))
        .or_else(load_locale)
        .unwrap_or_default()
}

/// The stored locale, if any and readable.
pub fn load_locale() -> Option<Locale> {
    let code: String = read_json(LOCALE_KEY)?;
    let locale = Locale::from_code(&code);
    if locale.is_none() {
        let _ = set_aside(LOCALE_KEY, &raw(LOCALE_KEY).unwrap_or_default());
    }
    locale
}

pub fn save_locale(l: Locale) {
    let _ = write(LOCALE_KEY, l.code());
}

const MAPPINGS_KEY: &str = "encours.v1.mappings";

/// The column mappings the user chose, by header layout. A stored value
/// that cannot be read is kept aside and an empty list used.
pub fn load_mappings() -> Vec<SavedMapping> {
    read_json(MAPPINGS_KEY).unwrap_or_default()
}

/// Remembers `mapping` for its header layout (replacing an older choice);
/// the 50 most recent layouts are kept.
pub fn save_mapping(mapping: SavedMapping) {
    let mut all = load_mappings();
    all.retain(|m| m.signature != mapping.signature);
    all.insert(0, mapping);
    all.truncate(50);
    let _ = write(MAPPINGS_KEY, &all);
}

const IMPORT_KEY: &str = "encours.v1.import";

/// The import options the user chose (default currency, decimal
/// separator, date order, payment terms), or the defaults.
pub fn load_import_options() -> ImportOptions {
    read_json(IMPORT_KEY).unwrap_or_default()
}

/// Keeps the import options for the next visit (never a file's mapping:
/// those are kept by header layout).
pub fn save_import_options(options: &ImportOptions) {
    let kept = ImportOptions { mapping: None, saved_mappings: Vec::new(), ..options.clone() };
    let _ = write(IMPORT_KEY, &kept);
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
    read_json::<Vec<TypedSalesEntry>>(PERIOD_SALES_KEY)
        .unwrap_or_default()
        .into_iter()
        .find(|e| e.key == *key)
        .map(|e| e.amount)
}

/// Remembers the sales typed for `key` (`None` forgets them); the 100 most
/// recent are kept.
pub fn save_period_sales(key: &TypedSalesKey, amount: Option<Decimal>) {
    let mut all: Vec<TypedSalesEntry> = read_json(PERIOD_SALES_KEY).unwrap_or_default();
    all.retain(|e| e.key != *key);
    if let Some(amount) = amount {
        all.insert(0, TypedSalesEntry { key: key.clone(), amount });
    }
    all.truncate(100);
    let _ = write(PERIOD_SALES_KEY, &all);
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
    read_json::<Vec<RateEntry>>(RATES_KEY)
        .unwrap_or_default()
        .into_iter()
        .find(|e| e.from == from && e.to == to)
        .map(|e| e.rate)
}

/// Remembers the rate from `from` into `to` (`None` forgets it).
pub fn save_rate(from: &str, to: &str, rate: Option<Decimal>) {
    let mut all: Vec<RateEntry> = read_json(RATES_KEY).unwrap_or_default();
    all.retain(|e| !(e.from == from && e.to == to));
    if let Some(rate) = rate {
        all.insert(0, RateEntry { from: from.to_string(), to: to.to_string(), rate });
    }
    all.truncate(200);
    let _ = write(RATES_KEY, &all);
}

const DUNNING_KEY: &str = "encours.dunning";

/// Why the stored dunning document was not used (it is kept under `key`),
/// or that a change could not be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DunningNotice {
    Unreadable {
        key: String,
    },
    Newer {
        version: u32,
        key: String,
    },
    /// A number out of its bounds.
    OutOfRange {
        refused: OutOfRange,
        key: String,
    },
    /// Unreadable, and the browser refused to keep a copy: left in place,
    /// and nothing is stored over it.
    NotKept,
    Full,
}

/// The stored plans, rules and settings; a stored value that cannot be
/// read (damaged, from a newer version, or with a number out of bounds) is
/// kept aside, never lost, and the user told (on the dunning page, even
/// when another page read it first).
pub fn load_dunning() -> (Store, Option<DunningNotice>) {
    let fresh = Store { version: store::VERSION, ..Store::default() };
    let pending = || DUNNING_NOTICE.with(|n| n.borrow().clone());
    let Some(text) = raw(DUNNING_KEY) else { return (fresh, pending()) };
    match store::read(&text) {
        Ok(s) => (s, None),
        Err(problem) => {
            let notice = match set_aside(DUNNING_KEY, &text) {
                None => DunningNotice::NotKept,
                Some(key) => match problem {
                    StoreProblem::Unreadable => DunningNotice::Unreadable { key },
                    StoreProblem::Newer(version) => DunningNotice::Newer { version, key },
                    StoreProblem::OutOfRange(refused) => DunningNotice::OutOfRange { refused, key },
                },
            };
            DUNNING_NOTICE.with(|n| *n.borrow_mut() = Some(notice.clone()));
            (fresh, Some(notice))
        }
    }
}

/// Stores the plans, rules and settings; `Full` when the browser refused,
/// `NotKept` when an unreadable document that could not be backed up is
/// in the way.
pub fn save_dunning(s: &Store) -> Result<(), DunningNotice> {
    if protected(DUNNING_KEY) {
        return Err(DunningNotice::NotKept);
    }
    match local().map(|l| l.set_item(DUNNING_KEY, &store::write(s))) {
        Some(Ok(())) => {
            DUNNING_NOTICE.with(|n| *n.borrow_mut() = None);
            Ok(())
        }
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
