//! The shell: header with the four areas and the FR/EN switch, the page of
//! the current route (kept in the URL's hash, so any static host serves it),
//! and the privacy note, which leads to the privacy page.

use super::pages::{
    analyse::AnalysePage, calculators::CalculatorsPage, dunning::DunningPage, embed::EmbedPage, privacy::PrivacyPage,
};
use super::state::AppState;
use super::storage;
use crate::i18n::{tr, Locale, Texts};
use leptos::prelude::*;

/// The areas of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Analyse,
    Calculators,
    Dunning,
    Embed,
    /// What the app keeps, and erasing it (reached from the footer).
    Privacy,
}

impl Route {
    /// The areas in the navigation.
    pub const ALL: [Route; 4] = [Route::Analyse, Route::Calculators, Route::Dunning, Route::Embed];

    pub fn slug(self) -> &'static str {
        match self {
            Route::Analyse => "analyse",
            Route::Calculators => "calculators",
            Route::Dunning => "dunning",
            Route::Embed => "embed",
            Route::Privacy => "privacy",
        }
    }

    fn label(self, t: &Texts) -> &'static str {
        match self {
            Route::Analyse => t.nav_analyse,
            Route::Calculators => t.nav_calculators,
            Route::Dunning => t.nav_dunning,
            Route::Embed => t.nav_embed,
            Route::Privacy => t.privacy_title,
        }
    }

    /// The route of a location hash ("#/calculators"); the analysis by default.
    pub fn from_hash(hash: &str) -> Route {
        let slug = hash.trim_start_matches('#').trim_start_matches('/');
        let slug = slug.split(['?', '/']).next().unwrap_or("");
        Route::ALL.into_iter().chain([Route::Privacy]).find(|r| r.slug() == slug).unwrap_or(Route::Analyse)
    }
}

/// The privacy page was reached right after erasing (`#/privacy/erased`).
fn erased_now() -> bool {
    window().location().hash().unwrap_or_default().trim_start_matches('#').trim_start_matches('/') == "privacy/erased"
}

/// The route of the URL: its hash, or the calculators when a shared
/// calculation's link has inputs in its query string and no hash.
fn current_route() -> Route {
    let hash = window().location().hash().unwrap_or_default();
    if hash.trim_start_matches('#').is_empty() {
        let q = super::state::query_pairs();
        if q.iter().any(|(k, _)| crate::domain::calculators::param(k).is_some()) {
            return Route::Calculators;
        }
    }
    Route::from_hash(&hash)
}

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(storage::initial_locale());
    provide_context(state);
    // A deliberate failure, to check the crash screen (`#/diagnostics/panic`).
    if window().location().hash().unwrap_or_default() == "#/diagnostics/panic" {
        panic!("diagnostics: a deliberate failure, to check the crash screen");
    }
    let route = RwSignal::new(current_route());
    let _listener = window_event_listener(leptos::ev::hashchange, move |_| route.set(current_route()));

    Effect::new(move |_| {
        let l = state.locale.get();
        storage::save_locale(l);
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", l.code());
            let _ = html.set_attribute("data-locale-set", "");
        }
    });
    // The tab's title names the page, in the reader's language.
    Effect::new(move |_| {
        let t = tr(state.locale.get());
        document().set_title(&(t.doc_title)(route.get().label(t)));
    });

    // Offline use, and a newer version offered when one is ready.
    let update_ready = RwSignal::new(false);
    super::offline::register(update_ready);

    let t = move || tr(state.locale.get());
    let lang_button = move |l: Locale, label: &'static str| {
        view! {
            <button
                type="button"
                class="lang-btn"
                data-testid=format!("lang-{}", l.code())
                aria-pressed=move || (state.locale.get() == l).to_string()
                on:click=move |_| state.locale.set(l)
            >
                {label}
            </button>
        }
    };

    view! {
        <header class="topbar">
            <a class="brand" href="#/analyse">
                <span class="brand-mark" aria-hidden="true">"€"</span>
                <span class="brand-name">"encours"</span>
                <span class="brand-tagline">{move || t().tagline}</span>
            </a>
            <nav class="nav" aria-label=move || t().nav_label>
                {Route::ALL
                    .into_iter()
                    .map(|r| {
                        view! {
                            <a
                                href=format!("#/{}", r.slug())
                                data-testid=format!("nav-{}", r.slug())
                                class:active=move || route.get() == r
                                aria-current=move || (route.get() == r).then_some("page")
                            >
                                {move || r.label(t())}
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
            <div class="lang" role="group" aria-label=move || t().language>
                {lang_button(Locale::Fr, "FR")}
                {lang_button(Locale::En, "EN")}
            </div>
        </header>
        {move || {
            update_ready.get().then(|| {
                view! {
                    <div class="update-ready" role="status" data-testid="update-ready">
                        <span>{t().update_ready}</span>
                        <button type="button" class="btn" data-testid="update-reload" on:click=move |_| super::offline::apply_update()>
                            {t().update_reload}
                        </button>
                    </div>
                }
            })
        }}
        <main class="main">
            {move || match route.get() {
                Route::Analyse => view! { <AnalysePage /> }.into_any(),
                Route::Calculators => view! { <CalculatorsPage /> }.into_any(),
                Route::Dunning => view! { <DunningPage /> }.into_any(),
                Route::Embed => view! { <EmbedPage /> }.into_any(),
                Route::Privacy => view! { <PrivacyPage erased=erased_now() /> }.into_any(),
            }}
        </main>
        <footer class="footer">
            <svg class="lock" viewBox="0 0 16 16" aria-hidden="true">
                <path fill="currentColor" d="M8 1a3.5 3.5 0 0 0-3.5 3.5V7H4a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1h-.5V4.5A3.5 3.5 0 0 0 8 1Zm-2 6V4.5a2 2 0 1 1 4 0V7H6Z" />
            </svg>
            <span>{move || t().privacy}</span>
            " "
            <a href="#/privacy" data-testid="privacy-link">{move || t().privacy_link}</a>
        </footer>
    }
}
