//! The embeddable calculator page (`widget.html`): the savings calculator,
//! the DSO calculator, or both, with the host's options from the query
//! string (`lang`, `currency`, `color`, `calculator`, and any input's
//! kpi.md name). It loads neither the analysis code nor charts, and tells
//! its host page its height so the host's frame can fit it.

use crate::domain::calculators::{CalculatorInputs, DsoInputs, SavingsInputs};
use crate::i18n::{calc_tr, Locale};
use crate::ui::calc_dom::{Calculator, Context, Inputs};
use crate::ui::state::{query_currency, query_pairs};
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
    let Some(window) = web_sys::window() else { return };
    let Some(parent) = window.parent().ok().flatten() else { return };
    if parent == window {
        return;
    }
    let Some(document) = window.document() else { return };
    let Some(root) = document.document_element() else { return };
    let post = move || {
        let Some(root) = document.document_element() else { return };
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &"type".into(), &"encours-widget:height".into());
        let _ = js_sys::Reflect::set(&msg, &"height".into(), &JsValue::from(root.scroll_height()));
        let _ = js_sys::Reflect::set(&msg, &"title".into(), &JsValue::from(document.title()));
        if let Some(Ok(Some(p))) = web_sys::window().map(|w| w.parent()) {
            let _ = p.post_message(&msg, "*");
        }
    };
    post();
    let cb = Closure::<dyn FnMut()>::new(post);
    if let Ok(observer) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
        observer.observe(&root);
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            observer.observe(&body);
        }
    }
    // The observer lives as long as the page.
    cb.forget();
}

/// Builds the widget into the page's body (the `widget` binary's start).
pub fn start() {
    let q = query_pairs();
    let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let pairs = || q.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let locale = get("lang").and_then(|l| Locale::from_code(&l)).unwrap_or_default();
    let currency = query_currency(&q);
    let which = Which::from_param(&get("calculator").unwrap_or_default());
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(html) = document.document_element() {
        let _ = html.set_attribute("lang", locale.code());
        if let Some(c) = get("color").as_deref().and_then(parse_color) {
            let _ = html.unchecked_ref::<web_sys::HtmlElement>().style().set_property("--brand", &c);
        }
    }
    // The tab's (and the host's frame's) title, in the widget's language.
    let t = calc_tr(locale);
    document.set_title(&match which {
        Which::Savings => t.savings_title.to_string(),
        Which::Dso => t.dso_calc_title.to_string(),
        Which::Both => format!("{} · {}", t.savings_title, t.dso_calc_title),
    });
    let (Some(body), Ok(main)) = (document.body(), document.create_element("main")) else { return };
    main.set_class_name("widget-main");
    let context = Context { locale, currency };
    let mut calculators = Vec::new();
    if matches!(which, Which::Savings | Which::Both) {
        let inputs = Inputs::Savings(SavingsInputs::from_query(pairs()));
        calculators.extend(Calculator::mount(&main, "ws", inputs, context.clone()));
    }
    if matches!(which, Which::Dso | Which::Both) {
        let inputs = Inputs::Dso(DsoInputs::from_query(pairs()));
        calculators.extend(Calculator::mount(&main, "wd", inputs, context.clone()));
    }
    if let Ok(credit) = document.create_element("p") {
        credit.set_class_name("credit");
        credit.set_text_content(Some(t.widget_credit));
        let _ = main.append_child(&credit);
    }
    let _ = body.append_child(&main);
    // The calculators live as long as the page.
    std::mem::forget(calculators);
    report_height();
}
