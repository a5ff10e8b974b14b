//! The drop zone: a file picked or dropped is handed to `on_file`; the
//! sample button asks for the shipped sample.

use crate::i18n::tr;
use crate::ui::state::AppState;
use leptos::prelude::*;
use web_sys::{DragEvent, File, HtmlInputElement};

#[component]
pub fn FileDrop(
    /// Called with the file the user chose or dropped.
    on_file: Callback<File>,
    /// Called when the user asks for the sample data.
    on_sample: Callback<()>,
    /// True once a file is analysed: the zone shrinks to one line.
    #[prop(into)]
    compact: Signal<bool>,
) -> impl IntoView {
    let state = AppState::expect();
    let t = move || tr(state.locale.get());
    let dragging = RwSignal::new(false);
    let on_change = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        if let Some(f) = input.files().and_then(|fs| fs.get(0)) {
            on_file.run(f);
        }
        // Choosing the same file again must fire `change` again.
        input.set_value("");
    };
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(f) = ev.data_transfer().and_then(|d| d.files()).and_then(|fs| fs.get(0)) {
            on_file.run(f);
        }
    };
    view! {
        <div
            class="drop"
            class:dragging=move || dragging.get()
            class:compact=move || compact.get()
            on:dragover=move |ev: DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <div class="drop-text">
                <strong>{move || if compact.get() { t().replace_file } else { t().drop_prompt }}</strong>
                <span class="muted">{move || t().drop_formats}</span>
            </div>
            <div class="drop-actions">
                <label class="btn primary">
                    {move || t().choose_file}
                    <input
                        type="file"
                        class="visually-hidden"
                        data-testid="import-file"
                        accept=".csv,.txt,.tsv,.xlsx,.xlsm,.xlsb,.xls,.ods,text/csv,text/plain"
                        on:change=on_change
                    />
                </label>
                <button type="button" class="btn" data-testid="load-sample" on:click=move |_| on_sample.run(())>
                    {move || t().try_sample}
                </button>
            </div>
        </div>
    }
}
