//! "CSV" and "Excel" buttons for one table: the worker makes the file
//! (the French Excel dialect or English CSV, or a real .xlsx workbook) and
//! the page hands its bytes to the browser's downloads. Nothing is sent
//! anywhere.

use crate::domain::lang::Lang;
use crate::engine::{ExportQuery, ExportWhat, Request, Response, Selection, TableFormat};
use crate::i18n::{dash_tr, DashTexts};
use crate::ui::engine;
use crate::ui::state::AppState;
use chrono::NaiveDate;
use leptos::prelude::*;

#[component]
pub fn ExportButtons(
    /// Names the buttons: `export-{name}-csv`, `export-{name}-xlsx`.
    name: &'static str,
    /// What to export, as of the page's date and selection.
    #[prop(into)]
    what: Signal<ExportWhat>,
    #[prop(into)] as_of: Signal<NaiveDate>,
    #[prop(into)] selection: Signal<Selection>,
    /// What the buttons export, said before them ("Exporter la balance âgée").
    label: fn(&DashTexts) -> &'static str,
) -> impl IntoView {
    let state = AppState::expect();
    let d = move || dash_tr(state.locale.get());
    // (is an error, text) of the latest export.
    let status = RwSignal::new(None::<(bool, &'static str)>);
    let busy = RwSignal::new(false);
    let export = move |format: TableFormat| {
        let query = ExportQuery {
            as_of: as_of.get_untracked(),
            selection: selection.get_untracked(),
            what: what.get_untracked(),
            format,
            lang: Lang::from(state.locale.get_untracked()),
        };
        busy.set(true);
        status.set(None);
        let sent = engine::ask(
            move |id| Request::Export { id, query },
            move |response| {
                let _ = busy.try_set(false);
                let texts = dash_tr(state.locale.get_untracked());
                let outcome = match response {
                    Response::File { name, mime, bytes, .. } => {
                        let array = js_sys::Uint8Array::from(&bytes[..]);
                        match crate::ui::download::download_bytes(&name, &mime, &array) {
                            Ok(()) => None,
                            Err(_) => Some((true, texts.export_failed)),
                        }
                    }
                    _ => Some((true, texts.export_failed)),
                };
                let _ = status.try_set(outcome);
            },
        );
        if sent.is_err() {
            busy.set(false);
            status.set(Some((true, dash_tr(state.locale.get_untracked()).export_failed)));
        }
    };
    view! {
        <div class="exports" role="group" aria-label=move || label(d())>
            <span class="muted">{move || label(d())}</span>
            <button type="button" class="btn small" data-testid=format!("export-{name}-csv") disabled=move || busy.get() on:click=move |_| export(TableFormat::Csv)>
                "CSV"
            </button>
            <button type="button" class="btn small" data-testid=format!("export-{name}-xlsx") disabled=move || busy.get() on:click=move |_| export(TableFormat::Xlsx)>
                {move || d().export_xlsx}
            </button>
            {move || status.get().map(|(_, text)| view! { <span class="error" role="alert">{text}</span> })}
        </div>
    }
}
