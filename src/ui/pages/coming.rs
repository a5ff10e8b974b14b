//! An area that is not built yet says so plainly.

use crate::i18n::tr;
use crate::ui::state::AppState;
use leptos::prelude::*;

#[component]
pub fn ComingSoon(
    /// The area's name, in the reader's language.
    #[prop(into)]
    area: Signal<&'static str>,
    /// What is missing, in the reader's language.
    #[prop(into)]
    text: Signal<&'static str>,
) -> impl IntoView {
    let state = AppState::expect();
    view! {
        <section class="page coming" data-testid="coming-soon">
            <h1>{move || area.get()}</h1>
            <p class="badge">{move || tr(state.locale.get()).coming_title}</p>
            <p>{move || text.get()}</p>
        </section>
    }
}
