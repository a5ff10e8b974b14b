//! One figure: its label, its value in the reader's format (carrying
//! `data-kpi` and the raw `data-value`), and how it is computed.

use crate::domain::kpi::{Figure, Unit};
use crate::domain::money::raw;
use crate::i18n::{dash_tr, tr};
use crate::ui::format;
use crate::ui::state::AppState;
use leptos::prelude::*;

#[component]
pub fn KpiCard(
    /// The kpi.md name ("dso_standard").
    name: &'static str,
    /// The figure or why it is unavailable.
    #[prop(into)]
    figure: Signal<Figure>,
    unit: Unit,
    /// The currency of money figures.
    #[prop(into)]
    currency: Signal<String>,
    /// The formula with the user's numbers ("how it is computed").
    #[prop(optional, into)]
    workings: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let state = AppState::expect();
    let t = move || tr(state.locale.get());
    let shown = move || {
        let l = state.locale.get();
        match figure.get() {
            Ok(v) => format::figure(l, v, unit, &currency.get()),
            Err(_) => "—".to_string(),
        }
    };
    let reason = move || {
        let l = state.locale.get();
        figure.get().err().map(|u| {
            let date = move |d| format::date(l, d);
            format!("{}{}{}", t().unavailable, l.colon(), (t().unavailable_reason)(&u, &date))
        })
    };
    view! {
        <div class="kpi" class:unavailable=move || figure.get().is_err()>
            <div class="kpi-label">{move || (t().kpi)(name).0}</div>
            <div
                class="kpi-value"
                data-kpi=name
                data-value=move || figure.get().map(raw).unwrap_or_default()
            >
                {shown}
            </div>
            {move || reason().map(|r| view! { <div class="kpi-reason">{r}</div> })}
            <div class="kpi-help">{move || (t().kpi)(name).1}</div>
            <details class="kpi-how" data-testid=format!("how-{name}")>
                <summary>{move || dash_tr(state.locale.get()).how_computed}</summary>
                <p class="formula">{move || (dash_tr(state.locale.get()).formula)(name)}</p>
                {move || {
                    workings
                        .and_then(|w| w.get())
                        .map(|text| {
                            view! {
                                <p class="workings">
                                    <span class="muted">{dash_tr(state.locale.get()).with_your_numbers}{state.locale.get().colon()}</span>
                                    <span data-testid=format!("workings-{name}")>{text}</span>
                                </p>
                            }
                        })
                }}
            </details>
        </div>
    }
}
