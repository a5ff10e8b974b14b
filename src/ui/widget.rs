//! The embeddable calculator page (`widget.html`): the savings calculator,
//! the DSO calculator, or both, with the host's options from the query
//! string (`lang`, `currency`, `color`, `calculator`, and any input's
//! kpi.md name). It loads neither the analysis code nor charts, and tells
//! its host page its height so the host's frame can fit it.

use crate::i18n::{calc_tr, Locale};
use crate::ui::components::{dso_calculator::DsoCalculator, savings_calculator::SavingsCalculator};
use crate::ui::state::{query_pairs, AppState};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Which calculators the widget shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Savings,
    Dso,
    Both,
}

impl Which {
    pub fn from_param(s: &str) -> Which {
        match s {
            "dso" => Which::Dso,
            "both" => Which::Both,
            _ => Which::Savings,
        }
    }
}

/// A colour given as "#0f4c5c" or "0f4c5c", if it is one.
pub fn parse_color(s: &str) -> Option<String> {
    let h = s.trim().trim_start_matches('#');
    ((h.len() == 6 || h.len() == 3) && h.chars().all(|c| c.is_ascii_hexdigit())).then(|| format!("#{h}"))
}

/// Posts the document's height to the host page whenever it changes.
fn report_height() {
    let Some(parent) = window().parent().ok().flatten() else { return };
    if parent == window() {
        return;
    }
    let Some(root) = document().document_element() else { return };
    let post = move || {
        let Some(root) = document().document_element() else { return };
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &"type".into(), &"encours-widget:height".into());
        let _ = js_sys::Reflect::set(&msg, &"height".into(), &JsValue::from(root.scroll_height()));
        if let Ok(Some(p)) = window().parent() {
            let _ = p.post_message(&msg, "*");
        }
    };
    post();
    let cb = Closure::<dyn FnMut()>::new(post);
    if let Ok(observer) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
        observer.observe(&root);
        if let Some(body) = document().body() {
            observer.observe(&body);
        }
    }
    // The observer lives as long as the page.
    cb.forget();
}

#[component]
pub fn Widget() -> impl IntoView {
    let q = query_pairs();
    let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let locale = get("lang").and_then(|l| Locale::from_code(&l)).unwrap_or_default();
    let state = AppState::new(locale);
    provide_context(state);
    let which = Which::from_param(&get("calculator").unwrap_or_default());
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("lang", locale.code());
        if let Some(c) = get("color").as_deref().and_then(parse_color) {
            let _ = html.unchecked_ref::<web_sys::HtmlElement>().style().set_property("--brand", &c);
        }
    }
    request_animation_frame(report_height);
    view! {
        <main class="widget-main">
            {matches!(which, Which::Savings | Which::Both).then(|| view! { <SavingsCalculator id_prefix="ws" /> })}
            {matches!(which, Which::Dso | Which::Both).then(|| view! { <DsoCalculator id_prefix="wd" /> })}
            <p class="credit">{move || calc_tr(state.locale.get()).widget_credit}</p>
        </main>
    }
}
