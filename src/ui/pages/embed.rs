//! The Embed area: options for the widget, the snippet to copy (a script
//! loader that fits the frame to its content, or a plain iframe), and a live
//! preview of exactly what the snippet shows.

use crate::domain::calculators::CalculatorInputs;
use crate::i18n::{tr, Locale};
use crate::ui::clipboard::copy_text;
use crate::ui::state::{to_query_string, AppState};
use crate::ui::widget::parse_color;
use leptos::prelude::*;
use leptos::task::spawn_local;

const CURRENCIES: [&str; 6] = ["EUR", "USD", "GBP", "CHF", "CAD", "XOF"];

/// Where the app is served from, with a trailing slash: the widget and the
/// loader are beside it.
fn app_base() -> String {
    let loc = window().location();
    let path = loc.pathname().unwrap_or_default();
    let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    format!("{}{}", loc.origin().unwrap_or_default(), dir)
}

#[component]
pub fn EmbedPage() -> impl IntoView {
    let state = AppState::expect();
    let t = move || tr(state.locale.get());
    let lang = RwSignal::new(state.locale.get_untracked());
    let currency = RwSignal::new(state.currency.get_untracked());
    let color = RwSignal::new("#0f4c5c".to_string());
    let which = RwSignal::new("savings".to_string());
    let copied = RwSignal::new(None::<(usize, bool)>);

    // The widget's options as pairs: only what differs from its defaults.
    let options = Memo::new(move |_| {
        let mut pairs: Vec<(&'static str, String)> = vec![("lang", lang.get().code().to_string())];
        if currency.get() != "EUR" {
            pairs.push(("currency", currency.get()));
        }
        if color.get() != "#0f4c5c" {
            pairs.push(("color", color.get().trim_start_matches('#').to_string()));
        }
        if which.get() != "savings" {
            pairs.push(("calculator", which.get()));
        }
        pairs.extend(state.savings.with(|s| s.to_query()));
        pairs.extend(state.dso.with(|d| d.to_query()));
        pairs
    });
    let widget_src = move || format!("{}widget/index.html?{}", app_base(), to_query_string(options.get()));
    let script_snippet = move || {
        let attrs: String =
            options.get().into_iter().map(|(k, v)| format!(" data-{}=\"{}\"", k.replace('_', "-"), v)).collect();
        format!("<script src=\"{}public/embed.js\"{attrs} async></script>", app_base())
    };
    let iframe_snippet = move || {
        format!(
            "<iframe src=\"{}\" title=\"{}\" style=\"width:100%;max-width:960px;height:1100px;border:0\" loading=\"lazy\"></iframe>",
            widget_src(),
            t().calc.savings_title
        )
    };
    let preview = NodeRef::<leptos::html::Iframe>::new();
    // Fit the preview to its content, as the loader does on a host page.
    let listener = window_event_listener(leptos::ev::message, move |ev| {
        let Some(frame) = preview.try_get_untracked().flatten() else { return };
        // Compared as values: the frame's window is of another realm, so no
        // instanceof check can type it.
        let from_preview = frame.content_window().is_some_and(|w| {
            ev.source().is_some_and(|s| wasm_bindgen::JsValue::from(s) == wasm_bindgen::JsValue::from(w))
        });
        let data = ev.data();
        let kind = js_sys::Reflect::get(&data, &"type".into()).ok().and_then(|v| v.as_string());
        let height = js_sys::Reflect::get(&data, &"height".into()).ok().and_then(|v| v.as_f64());
        if let (true, Some("encours-widget:height"), Some(h)) = (from_preview, kind.as_deref(), height) {
            let el: &web_sys::HtmlElement = &frame;
            let _ = el.style().set_property("height", &format!("{}px", h.ceil()));
        }
    });
    // The listener is the window's: it goes with the page, not after it.
    on_cleanup(move || listener.remove());
    let copy = move |ix: usize, text: String| {
        spawn_local(async move {
            let _ = copied.try_set(Some((ix, copy_text(text).await)));
        });
    };
    let status = move |ix: usize| {
        move || match copied.get() {
            Some((i, true)) if i == ix => t().copied,
            Some((i, false)) if i == ix => t().copy_failed,
            _ => "",
        }
    };

    view! {
        <section class="page embed">
            <h1>{move || t().embed_title}</h1>
            <p class="lead">{move || t().embed_intro}</p>
            <div class="card embed-options">
                <h2>{move || t().embed_options}</h2>
                <div class="controls">
                    <label class="field">
                        <span>{move || t().opt_language}</span>
                        <select data-testid="embed-lang" on:change=move |ev| lang.set(Locale::from_code(&event_target_value(&ev)).unwrap_or_default())>
                            <option value="fr" selected=move || lang.get() == Locale::Fr>"Français"</option>
                            <option value="en" selected=move || lang.get() == Locale::En>"English"</option>
                        </select>
                    </label>
                    <label class="field">
                        <span>{move || t().opt_currency}</span>
                        <select data-testid="embed-currency" on:change=move |ev| currency.set(event_target_value(&ev))>
                            {CURRENCIES.map(|c| view! { <option value=c selected=move || currency.get() == c>{c}</option> }).collect_view()}
                        </select>
                    </label>
                    <label class="field">
                        <span>{move || t().opt_color}</span>
                        <input
                            type="color"
                            data-testid="embed-color"
                            prop:value=move || color.get()
                            on:input=move |ev| {
                                if let Some(c) = parse_color(&event_target_value(&ev)) {
                                    color.set(c)
                                }
                            }
                        />
                    </label>
                    <label class="field">
                        <span>{move || t().opt_calculator}</span>
                        <select data-testid="embed-calculator" on:change=move |ev| which.set(event_target_value(&ev))>
                            <option value="savings" selected=move || which.get() == "savings">{move || t().opt_calc_savings}</option>
                            <option value="dso" selected=move || which.get() == "dso">{move || t().opt_calc_dso}</option>
                            <option value="both" selected=move || which.get() == "both">{move || t().opt_calc_both}</option>
                        </select>
                    </label>
                </div>
                <p class="muted"><a href="#/calculators">{move || t().opt_defaults}</a></p>
            </div>
            <div class="card snippet">
                <h2>{move || t().snippet_script}</h2>
                <p class="muted">{move || t().snippet_script_help}</p>
                <textarea readonly rows="4" data-testid="embed-snippet" aria-label=move || t().snippet_script prop:value=script_snippet></textarea>
                <div class="share-row">
                    <button type="button" class="btn primary" data-testid="copy-snippet" on:click=move |_| copy(0, script_snippet())>
                        {move || t().copy_snippet}
                    </button>
                    <span class="muted" role="status">{status(0)}</span>
                </div>
                <h2>{move || t().snippet_iframe}</h2>
                <p class="muted">{move || t().snippet_iframe_help}</p>
                <textarea readonly rows="3" data-testid="embed-iframe" aria-label=move || t().snippet_iframe prop:value=iframe_snippet></textarea>
                <div class="share-row">
                    <button type="button" class="btn" on:click=move |_| copy(1, iframe_snippet())>{move || t().copy_snippet}</button>
                    <span class="muted" role="status">{status(1)}</span>
                </div>
            </div>
            <h2>{move || t().preview}</h2>
            <div class="preview">
                <iframe node_ref=preview data-testid="embed-preview" title=move || t().preview src=widget_src></iframe>
            </div>
        </section>
    }
}
