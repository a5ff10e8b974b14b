//! The crash screen: if the page's code ever panics (a bug), the reader
//! sees what happened and what to do, in their language, instead of a page
//! that stops answering; the details to report are shown beside it.

use crate::i18n::{tr, Locale};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Installs the hook (once, at start): the console gets the panic as
/// before, the page gets the crash screen.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show(&info.to_string());
    }));
}

/// Shows the crash screen over the page with `details`.
fn show(details: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = doc.body() else { return };
    // The page's language as the app last set it, else as it starts in.
    let locale = doc
        .document_element()
        .filter(|html| html.has_attribute("data-locale-set"))
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|l| Locale::from_code(&l))
        .unwrap_or_else(crate::ui::storage::initial_locale);
    let t = tr(locale);
    let el = |tag: &str, class: &str, text: &str| {
        let e = doc.create_element(tag).ok()?;
        if !class.is_empty() {
            e.set_class_name(class);
        }
        e.set_text_content(Some(text));
        Some(e)
    };
    let (Some(screen), Some(title), Some(text), Some(report), Some(pre), Some(reload)) = (
        el("div", "crash", ""),
        el("h1", "", t.crash_title),
        el("p", "", t.crash_text),
        el("p", "muted", t.crash_report),
        el("pre", "crash-details", details),
        el("button", "btn primary", t.crash_reload),
    ) else {
        return;
    };
    let _ = screen.set_attribute("role", "alertdialog");
    let _ = screen.set_attribute("aria-modal", "true");
    let _ = screen.set_attribute("data-testid", "crash");
    let _ = reload.set_attribute("type", "button");
    let on_reload = Closure::<dyn FnMut()>::new(|| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    let _ = reload.add_event_listener_with_callback("click", on_reload.as_ref().unchecked_ref());
    // The screen stays until the page is reloaded.
    on_reload.forget();
    for child in [&title, &text, &reload, &report, &pre] {
        let _ = screen.append_child(child);
    }
    let _ = body.append_child(&screen);
    if let Some(button) = reload.dyn_ref::<web_sys::HtmlElement>() {
        let _ = button.focus();
    }
}
