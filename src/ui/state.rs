//! The app-wide state, provided once by `App`: the locale, what the page
//! knows of the analysed file (the ledger itself stays in the worker, in
//! memory only, never stored), and the calculators' inputs.

use crate::domain::calculators::{CalculatorInputs, DsoInputs, SavingsInputs};
use crate::engine::LoadedInfo;
use crate::i18n::Locale;
use leptos::prelude::*;
use std::sync::Arc;

/// A shared, immutable value whose equality is identity: comparing two
/// ledgers of a million invoices field by field would defeat memos.
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// The app-wide signals.
#[derive(Clone, Copy)]
pub struct AppState {
    pub locale: RwSignal<Locale>,
    /// The file the worker holds, as the page shows it.
    pub analysis: RwSignal<Option<Shared<LoadedInfo>>>,
    /// The calculators' inputs (shared by the Calculators and Embed pages).
    pub savings: RwSignal<SavingsInputs>,
    pub dso: RwSignal<DsoInputs>,
    /// The calculators' currency (ISO code).
    pub currency: RwSignal<String>,
    /// The as-of date and currency the analysed file is looked at in
    /// (shared by the Analyse and Dunning pages; set to the file's latest
    /// date and main currency when a file is analysed).
    pub as_of: RwSignal<chrono::NaiveDate>,
    pub file_currency: RwSignal<String>,
}

impl AppState {
    /// The state at start: the calculators' inputs come from the URL's
    /// query string, so a shared link reproduces a calculation.
    pub fn new(locale: Locale) -> Self {
        let q = query_pairs();
        let pairs = || q.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        let currency = query_currency(&q);
        AppState {
            locale: RwSignal::new(locale),
            analysis: RwSignal::new(None),
            savings: RwSignal::new(SavingsInputs::from_query(pairs())),
            dso: RwSignal::new(DsoInputs::from_query(pairs())),
            currency: RwSignal::new(currency),
            as_of: RwSignal::new(chrono::NaiveDate::MIN),
            file_currency: RwSignal::new("EUR".to_string()),
        }
    }

    /// A file was analysed (or its payments added): figures are looked at
    /// on its latest date, in its main currency.
    pub fn analysed(&self, info: LoadedInfo) {
        self.as_of.set(info.latest);
        self.file_currency
            .set(info.currencies.first().cloned().unwrap_or_else(|| info.report.default_currency.clone()));
        self.analysis.set(Some(Shared(Arc::new(info))));
    }

    /// The state `App` provided; every page and component reads it this way.
    pub fn expect() -> Self {
        expect_context::<AppState>()
    }
}

/// The calculators' currency a query asks for (`currency=USD`), else EUR.
pub fn query_currency(q: &[(String, String)]) -> String {
    q.iter()
        .find(|(k, _)| k == "currency")
        .and_then(|(_, v)| crate::domain::ledger::Currency::new(v))
        .map_or_else(|| "EUR".to_string(), |c| c.to_string())
}

/// The page URL's query string as decoded (name, value) pairs; a query
/// written inside the hash ("#/calculators?revenue=...") counts too.
pub fn query_pairs() -> Vec<(String, String)> {
    let Some(loc) = web_sys::window().map(|w| w.location()) else { return Vec::new() };
    let hash = loc.hash().unwrap_or_default();
    let in_hash = hash.split_once('?').map_or("", |(_, q)| q);
    let search = format!("{}&{in_hash}", loc.search().unwrap_or_default().trim_start_matches('?'));
    let decode = |s: &str| {
        let s = s.replace('+', " ");
        js_sys::decode_uri_component(&s).ok().and_then(|v| v.as_string()).unwrap_or(s)
    };
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Pairs as a query string ("a=1&b=2"), values encoded.
pub fn to_query_string<'a>(pairs: impl IntoIterator<Item = (&'a str, String)>) -> String {
    pairs
        .into_iter()
        .map(|(k, v)| format!("{k}={}", String::from(js_sys::encode_uri_component(&v))))
        .collect::<Vec<_>>()
        .join("&")
}
