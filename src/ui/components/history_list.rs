//! The histories of exports this browser keeps, on the privacy page: each
//! with its exports, their period and its size, to export or erase; the
//! records kept aside (unreadable), to erase; and a history file to import.

use crate::domain::analysis::history::document;
use crate::i18n::{hist_tr, Locale};
use crate::ui::format;
use crate::ui::history_store::{self, ImportFailure, StoreError, Stored, StoredHistory};
use crate::ui::state::AppState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

/// A record's size as a person reads it: "12,4 Ko", "1,2 Mo".
pub fn size(l: Locale, bytes: usize) -> String {
    let unit = |fr: &'static str, en: &'static str| if l == Locale::Fr { fr } else { en };
    if bytes < 1_000_000 {
        format!("{}\u{a0}{}", format::decimal(l, bytes as f64 / 1e3, 1), unit("Ko", "KB"))
    } else {
        format::bytes(l, bytes as u64)
    }
}

/// A file name for a history's export: its name's letters and digits.
pub fn export_name(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!("encours-historique-{}.json", if safe.is_empty() { "export".to_string() } else { safe })
}

/// The file picked in a file input (the input emptied, so that the same
/// file can be picked again).
pub fn chosen_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = event_target(ev);
    let file = input.files().and_then(|f| f.get(0));
    input.set_value("");
    file
}

/// Takes a history file into the store: the history as now stored, if it
/// was taken, and what to say ((is an error, text)).
pub async fn import_file(file: web_sys::File, l: Locale) -> (Option<StoredHistory>, (bool, String)) {
    let text = JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string()).unwrap_or_default();
    let h = hist_tr(l);
    match history_store::import(&text).await {
        Ok((x, added, replaced)) => {
            let said = (false, (h.imported)(&x.history.name, added, replaced));
            (Some(x), said)
        }
        Err(ImportFailure::Read(p)) => (None, (true, (h.import_failed)(&p, &move |d| format::date(l, d)))),
        Err(ImportFailure::Store(_)) => (None, (true, h.save_failed.to_string())),
    }
}

#[component]
pub fn HistoryList() -> impl IntoView {
    let state = AppState::expect();
    let h = move || hist_tr(state.locale.get());
    let stored = RwSignal::new(None::<Result<Stored, StoreError>>);
    let message = RwSignal::new(None::<(bool, String)>);
    // The key of the row whose erasing waits for a confirmation.
    let confirming = RwSignal::new(None::<String>);
    let reload = move || {
        spawn_local(async move {
            let s = history_store::load().await;
            let _ = stored.try_set(Some(s));
        });
    };
    reload();
    let erase = move |key: String, aside: bool, label: String| {
        confirming.set(None);
        spawn_local(async move {
            let done = if aside { history_store::erase_aside(&key).await } else { history_store::erase(&key).await };
            let h = hist_tr(state.locale.get_untracked());
            let _ = message.try_set(Some(match done {
                Ok(()) => (false, (h.erased)(&label)),
                Err(_) => (true, h.save_failed.to_string()),
            }));
            reload();
        });
    };
    let import = move |ev: leptos::ev::Event| {
        let Some(file) = chosen_file(&ev) else { return };
        spawn_local(async move {
            let (_, said) = import_file(file, state.locale.get_untracked()).await;
            let _ = message.try_set(Some(said));
            reload();
        });
    };
    let confirm = move |key: String, aside: bool, label: String, question: String| {
        move || {
            (confirming.get().as_deref() == Some(key.as_str())).then(|| {
                let (key, label) = (key.clone(), label.clone());
                view! {
                    <div role="alertdialog" class="confirm" aria-label=question.clone()>
                        <p>{question.clone()}</p>
                        <button type="button" class="btn danger" data-testid="history-row-erase-confirm" on:click=move |_| erase(key.clone(), aside, label.clone())>
                            {h().yes_erase}
                        </button>
                        <button type="button" class="btn" on:click=move |_| confirming.set(None)>{h().cancel}</button>
                    </div>
                }
            })
        }
    };
    let rows = move || {
        let l = state.locale.get();
        let h = hist_tr(l);
        stored.with(|s| match s {
            None => None,
            Some(Err(_)) => Some(view! { <p class="warn" data-testid="history-stored-unavailable">{h.store_unavailable}</p> }.into_any()),
            Some(Ok(s)) if s.histories.is_empty() && s.aside.is_empty() => {
                Some(view! { <p data-testid="history-stored-none">{h.stored_none}</p> }.into_any())
            }
            Some(Ok(s)) => {
                let histories = s
                    .histories
                    .iter()
                    .map(|x| {
                        let hx = x.history.clone();
                        let period = match (hx.exports.first(), hx.exports.last()) {
                            (Some(a), Some(b)) if a.as_of != b.as_of => {
                                format!("{} – {}", format::date(l, a.as_of), format::date(l, b.as_of))
                            }
                            (Some(a), _) => format::date(l, a.as_of),
                            _ => "—".to_string(),
                        };
                        let id = hx.id.clone();
                        let question = (h.erase_confirm)(&hx.name, hx.exports.len());
                        let export = {
                            let hx = hx.clone();
                            move |_| {
                                let _ =
                                    crate::ui::download::download(&export_name(&hx.name), "application/json", &document::write(&hx));
                            }
                        };
                        let ask = {
                            let id = id.clone();
                            move |_| confirming.set(Some(id.clone()))
                        };
                        view! {
                            <tr data-history=id.clone() data-bytes=x.bytes>
                                <td>{hx.name.clone()}</td>
                                <td class="num">{hx.exports.len()}</td>
                                <td>{period}</td>
                                <td class="num">{size(l, x.bytes)}</td>
                                <td class="row-actions">
                                    <button type="button" class="btn small" data-testid="history-row-export" on:click=export>{h.export}</button>
                                    <button type="button" class="btn small" data-testid="history-row-erase" on:click=ask>{h.erase}</button>
                                    {confirm(id.clone(), false, hx.name.clone(), question)}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view();
                let aside = s
                    .aside
                    .iter()
                    .map(|a| {
                        let key = a.key.clone();
                        let ask = {
                            let key = key.clone();
                            move |_| confirming.set(Some(key.clone()))
                        };
                        view! {
                            <tr data-aside=key.clone() data-bytes=a.bytes>
                                <td>{h.aside_item}" "<code>{key.clone()}</code></td>
                                <td class="num">"—"</td>
                                <td>"—"</td>
                                <td class="num">{size(l, a.bytes)}</td>
                                <td class="row-actions">
                                    <button type="button" class="btn small" data-testid="history-row-erase" on:click=ask>{h.erase}</button>
                                    {confirm(key.clone(), true, key.clone(), h.aside_item.to_string())}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view();
                Some(
                    view! {
                        <div class="table-wrap">
                            <table class="stored" data-testid="history-stored">
                                <thead>
                                    <tr>
                                        <th scope="col">{h.col_history}</th>
                                        <th scope="col" class="num">{h.col_exports}</th>
                                        <th scope="col">{h.col_period}</th>
                                        <th scope="col" class="num">{h.col_size}</th>
                                        <th scope="col"><span class="visually-hidden">{h.erase}</span></th>
                                    </tr>
                                </thead>
                                <tbody>{histories}{aside}</tbody>
                            </table>
                        </div>
                    }
                    .into_any(),
                )
            }
        })
    };
    view! {
        <div class="card" data-testid="history-list">
            <h2>{move || h().stored_title}</h2>
            <p class="muted">{move || h().stored_intro}</p>
            {rows}
            <div class="actions">
                <label class="btn small file-btn">
                    {move || h().import}
                    <input type="file" accept=".json,application/json" class="visually-hidden" data-testid="history-import" on:change=import />
                </label>
            </div>
            {move || message.get().map(|(error, text)| view! { <p class=if error { "warn" } else { "ok" } role="status" data-testid="history-list-status">{text}</p> })}
        </div>
    }
}
