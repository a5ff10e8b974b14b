//! "Your data stays on your computer": what the app guarantees, what it
//! keeps in this browser (read from the browser's storage itself, so the
//! list is never out of date), and a button that erases all of it.

use crate::i18n::tr;
use crate::ui::components::history_list::HistoryList;
use crate::ui::state::AppState;
use crate::ui::storage;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn PrivacyPage(
    /// The page was reached right after erasing: say it was done.
    erased: bool,
) -> impl IntoView {
    let state = AppState::expect();
    let t = move || tr(state.locale.get());
    let confirming = RwSignal::new(false);
    let failed = RwSignal::new(false);
    // Read once the page is shown (the shell stores the language just
    // before), and again when the language changes, which stores it anew.
    let shown = RwSignal::new(false);
    Effect::new(move |_| shown.set(true));
    let stored = move || {
        shown.track();
        state.locale.track();
        storage::app_keys()
    };
    // The histories of exports (IndexedDB) first, then local storage.
    let erase_local = move |histories_erased: bool| {
        let l = state.locale.get_untracked();
        if storage::erase_all() && histories_erased {
            // The page is loaded again: the analysis in memory goes too.
            let url = format!("./?lang={}#/privacy/erased", l.code());
            if let Some(w) = web_sys::window() {
                if let Ok(history) = w.history() {
                    let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
                }
                let _ = w.location().reload();
            }
        } else {
            let _ = failed.try_set(true);
            let _ = confirming.try_set(false);
        }
    };
    let erase = move |_| spawn_local(async move { erase_local(crate::ui::history_store::erase_all().await) });
    view! {
        <section class="page privacy" data-testid="privacy-page">
            <h1>{move || t().privacy_title}</h1>
            <p class="lead">{move || t().privacy_intro}</p>
            {erased.then(|| view! { <p class="card ok" role="status" data-testid="erased">{move || t().privacy_erased}</p> })}
            <ul class="card points">
                {move || t().privacy_points.iter().map(|p| view! { <li>{*p}</li> }).collect_view()}
            </ul>
            <div class="card">
                <h2>{move || t().privacy_stored_title}</h2>
                <p class="muted">{move || t().privacy_stored_intro}</p>
                {move || {
                    let keys = stored();
                    if keys.is_empty() {
                        view! { <p data-testid="stored-none">{t().privacy_nothing_stored}</p> }.into_any()
                    } else {
                        view! {
                            <table class="stored" data-testid="stored-items">
                                <thead>
                                    <tr>
                                        <th scope="col">{t().privacy_item}</th>
                                        <th scope="col">{t().privacy_key_name}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {keys
                                        .into_iter()
                                        .map(|k| {
                                            let what = (t().privacy_key)(&k);
                                            view! {
                                                <tr data-key=k.clone()>
                                                    <td>{what}</td>
                                                    <td><code>{k.clone()}</code></td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                        .into_any()
                    }
                }}
            </div>
            <HistoryList />
            <div class="card erase">
                <h2>{move || t().privacy_erase_title}</h2>
                {move || {
                    if confirming.get() {
                        view! {
                            <div role="alertdialog" aria-labelledby="erase-question" class="confirm">
                                <p id="erase-question">{t().privacy_erase_confirm_text}</p>
                                <button type="button" class="btn danger" data-testid="erase-confirm" on:click=erase>
                                    {t().privacy_erase_confirm}
                                </button>
                                <button type="button" class="btn" data-testid="erase-cancel" on:click=move |_| confirming.set(false)>
                                    {t().privacy_cancel}
                                </button>
                            </div>
                        }
                        .into_any()
                    } else {
                        view! {
                            <button type="button" class="btn" data-testid="erase" on:click=move |_| confirming.set(true)>
                                {t().privacy_erase}
                            </button>
                        }
                        .into_any()
                    }
                }}
                {move || failed.get().then(|| view! { <p class="warn" role="alert">{t().privacy_erase_failed}</p> })}
            </div>
        </section>
    }
}
