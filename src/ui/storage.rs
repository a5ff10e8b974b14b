//! Local storage of what the user chose (never their data). Keys are
//! versioned; a value that cannot be read is kept aside under a backup key
//! and the default is used instead.

use crate::domain::dunning::store::{self, Store, StoreProblem};
use crate::domain::import::{ImportOptions, SavedMapping};
use crate::i18n::Locale;
use gloo_storage::{LocalStorage, Storage};

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
    let Ok(raw) = LocalStorage::get::<serde_json::Value>(MAPPINGS_KEY) else { return Vec::new() };
    match serde_json::from_value::<Vec<SavedMapping>>(raw.clone()) {
        Ok(m) => m,
        Err(_) => {
            let _ = LocalStorage::set(format!("{MAPPINGS_KEY}.backup"), &raw);
            LocalStorage::delete(MAPPINGS_KEY);
            Vec::new()
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
    let Ok(raw) = LocalStorage::get::<serde_json::Value>(IMPORT_KEY) else { return ImportOptions::default() };
    match serde_json::from_value::<ImportOptions>(raw.clone()) {
        Ok(o) => o,
        Err(_) => {
            let _ = LocalStorage::set(format!("{IMPORT_KEY}.backup"), &raw);
            LocalStorage::delete(IMPORT_KEY);
            ImportOptions::default()
        }
    }
}

/// Keeps the import options for the next visit (never a file's mapping:
/// those are kept by header layout).
pub fn save_import_options(options: &ImportOptions) {
    let kept = ImportOptions { mapping: None, saved_mappings: Vec::new(), ..options.clone() };
    let _ = LocalStorage::set(IMPORT_KEY, &kept);
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
