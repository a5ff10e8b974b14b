//! Local storage of what the user chose (never their data). Keys are
//! versioned; a value that cannot be read is kept aside under a backup key
//! and the default is used instead.

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
