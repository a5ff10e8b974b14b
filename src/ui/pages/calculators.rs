//! The Calculators area: the savings calculator and the DSO calculator,
//! "Use my figures" from the analysed file, and a shareable link (the
//! inputs live in the query string).

use crate::domain::calculators::CalculatorInputs;
use crate::engine::{Request, Response};
use crate::i18n::tr;
use crate::ui::calc_dom::Kind;
use crate::ui::clipboard::copy_text;
use crate::ui::components::calculator_host::CalculatorHost;
use crate::ui::engine;
use crate::ui::state::{to_query_string, AppState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

/// The calculators' state as a query string (only what differs from the
/// defaults, plus the language).
pub fn calculators_query(state: AppState) -> String {
    let mut pairs = state.savings.with(|s| s.to_query());
    pairs.extend(state.dso.with(|d| d.to_query()));
    let currency = state.currency.get();
    if currency != "EUR" {
        pairs.push(("currency", currency));
    }
    pairs.push(("lang", state.locale.get().code().to_string()));
    to_query_string(pairs)
}

#[component]
pub fn CalculatorsPage() -> impl IntoView {
    let state = AppState::expect();
    let t = move || tr(state.locale.get());
    let used = RwSignal::new(None::<String>);
    // Why the file's figures could not be used.
    let refused = RwSignal::new(None::<crate::domain::analysis::kpi::Unavailable>);
    let copied = RwSignal::new(None::<bool>);

    // Keep the address bar in step with the inputs, without adding history.
    let share_url = Memo::new(move |_| {
        let loc = window().location();
        let base = format!("{}{}", loc.origin().unwrap_or_default(), loc.pathname().unwrap_or_default());
        format!("{base}?{}#/calculators", calculators_query(state))
    });
    Effect::new(move |_| {
        let url = share_url.get();
        if let Ok(h) = window().history() {
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
        copied.set(None);
    });

    // The file's figures come from the worker that holds the ledger.
    let use_mine = move |_| {
        let Some(a) = state.analysis.get_untracked() else { return };
        let file_name = a.file_name.clone();
        let typed_sales = crate::ui::components::period_sales::typed_year_sales(&a);
        let _ = engine::ask(
            move |id| Request::FileFigures { id, typed_sales },
            move |response| match response {
                Response::FileFigures { figures: Ok((code, f)), .. } => {
                    state.savings.update(|s| s.apply(&f));
                    state.dso.update(|d| d.apply(&f));
                    state.currency.set(code);
                    // The page may have been left meanwhile.
                    let _ = refused.try_set(None);
                    let _ = used.try_set(Some(file_name));
                }
                Response::FileFigures { figures: Err(u), .. } => {
                    let _ = used.try_set(None);
                    let _ = refused.try_set(Some(u));
                }
                _ => {}
            },
        );
    };
    let copy = move |_| {
        let url = share_url.get_untracked();
        spawn_local(async move {
            let _ = copied.try_set(Some(copy_text(url).await));
        });
    };
    let has_file = move || state.analysis.with(Option::is_some);

    view! {
        <section class="page calculators">
            <h1>{move || t().calc_title}</h1>
            <p class="lead">{move || t().calc_intro}</p>
            <div class="card use-mine">
                <button type="button" class="btn primary" data-testid="use-my-figures" disabled=move || !has_file() on:click=use_mine>
                    {move || t().use_my_figures}
                </button>
                {move || {
                    refused
                        .get()
                        .map(|u| {
                            let l = state.locale.get();
                            let text = match u {
                                crate::domain::analysis::kpi::Unavailable::OpenItemsFile => crate::i18n::fig_tr(l).use_mine_open_items.to_string(),
                                u => {
                                    let date = move |day| crate::ui::format::date(l, day);
                                    format!("{}{}{}", tr(l).unavailable, l.colon(), (tr(l).unavailable_reason)(&u, &date))
                                }
                            };
                            view! { <p class="warn" role="status" data-testid="use-my-figures-refused">{text}</p> }
                        })
                }}
                <span class="muted">
                    {move || match used.get() {
                        Some(f) => (t().used_my_figures)(&f),
                        None if has_file() => t().use_my_figures_hint.to_string(),
                        None => t().use_my_figures_none.to_string(),
                    }}
                </span>
            </div>
            <CalculatorHost kind=Kind::Savings prefix="s" />
            <CalculatorHost kind=Kind::Dso prefix="d" />
            <div class="card share">
                <h2>{move || t().share_title}</h2>
                <div class="share-row">
                    <input type="text" readonly class="share-url" data-testid="share-url" aria-label=move || t().share_title prop:value=move || share_url.get() />
                    <button type="button" class="btn primary" data-testid="copy-link" on:click=copy>{move || t().copy_link}</button>
                    <button
                        type="button"
                        class="btn"
                        data-testid="reset"
                        on:click=move |_| {
                            state.savings.set(Default::default());
                            state.dso.set(Default::default());
                        }
                    >
                        {move || t().reset}
                    </button>
                </div>
                <p class="muted" role="status" data-testid="copy-status">
                    {move || match copied.get() {
                        Some(true) => t().copied,
                        Some(false) => t().copy_failed,
                        None => "",
                    }}
                </p>
            </div>
        </section>
    }
}
