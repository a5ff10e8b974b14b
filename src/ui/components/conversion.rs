//! The reporting currency (kpi.md "Currencies"): the user may see every
//! figure converted into one currency at rates they type (never fetched),
//! one per other currency of the file ("1 USD = 0,92 EUR"). The rates are
//! remembered in this browser by pair; the per-currency view stays the
//! default (the choice itself is not remembered). The conversion is the
//! engine's: this only gathers the rates, and says where figures are shown
//! that they are converted, at which rates.

use crate::domain::analysis::convert::rates_text;
use crate::engine::Selection;
use crate::i18n::fig_tr;
use crate::ui::format;
use crate::ui::state::AppState;
use crate::ui::storage;
use leptos::prelude::*;
use rust_decimal::Decimal;

/// Currencies offered as reporting currency besides the file's own.
const COMMON: [&str; 4] = ["EUR", "USD", "GBP", "CHF"];

#[component]
pub fn Conversion(
    /// The file's currencies.
    currencies: Vec<String>,
    /// The reporting currency (`None`: one currency at a time).
    reporting: RwSignal<Option<String>>,
    /// The rates typed that read as rates, into `reporting`: (currency, rate).
    rates: RwSignal<Vec<(String, Decimal)>>,
) -> impl IntoView {
    let state = AppState::expect();
    let f = move || fig_tr(state.locale.get());
    let mut offered = currencies.clone();
    offered.extend(COMMON.iter().map(|c| c.to_string()).filter(|c| !currencies.contains(c)));
    // What is typed in each rate field, by currency (kept as typed).
    let typed = RwSignal::new(Vec::<(String, String)>::new());
    let others = StoredValue::new(currencies);
    // A new reporting currency: the rates typed before into it.
    Effect::new(move |_| {
        let Some(to) = reporting.get() else {
            rates.set(Vec::new());
            return;
        };
        let stored: Vec<(String, Option<Decimal>)> = others
            .get_value()
            .into_iter()
            .filter(|c| *c != to)
            .map(|c| {
                let r = storage::load_rate(&c, &to);
                (c, r)
            })
            .collect();
        typed.set(
            stored.iter().map(|(c, r)| (c.clone(), r.map(|r| r.normalize().to_string()).unwrap_or_default())).collect(),
        );
        rates.set(stored.into_iter().filter_map(|(c, r)| r.map(|r| (c, r))).collect());
    });
    let on_rate = move |from: String, text: String| {
        let Some(to) = reporting.get_untracked() else { return };
        typed.update(|t| {
            if let Some(slot) = t.iter_mut().find(|(c, _)| *c == from) {
                slot.1 = text.clone();
            }
        });
        let rate = format::parse_number(&text).filter(|r| *r > Decimal::ZERO);
        if rate.is_some() || text.trim().is_empty() {
            storage::save_rate(&from, &to, rate);
        }
        rates.update(|rs| {
            rs.retain(|(c, _)| *c != from);
            if let Some(r) = rate {
                rs.push((from.clone(), r));
            }
        });
    };
    let invalid = move |from: &str| {
        typed.with(|t| {
            t.iter().any(|(c, text)| {
                c == from && !text.trim().is_empty() && format::parse_number(text).is_none_or(|r| r <= Decimal::ZERO)
            })
        })
    };
    let missing = move || {
        let have = rates.get();
        let codes: Vec<String> =
            typed.with(|t| t.iter().map(|(c, _)| c.clone()).filter(|c| !have.iter().any(|(h, _)| h == c)).collect());
        (!codes.is_empty()).then(|| codes.join(", "))
    };
    let fields = move || {
        let to = reporting.get()?;
        let froms: Vec<String> = typed.with(|t| t.iter().map(|(c, _)| c.clone()).collect());
        Some(view! {
            <div class="rates">
                {froms
                    .into_iter()
                    .map(|from| {
                        let to = to.clone();
                        let id = from.clone();
                        let shown = from.clone();
                        let value = {
                            let from = from.clone();
                            move || typed.with(|t| t.iter().find(|(c, _)| *c == from).map(|(_, v)| v.clone()).unwrap_or_default())
                        };
                        let bad = {
                            let from = from.clone();
                            move || invalid(&from)
                        };
                        let aria = (f().rate_aria)(&from, &to);
                        view! {
                            <label class="rate">
                                <span>{format!("1 {shown} =")}</span>
                                <input
                                    type="text"
                                    inputmode="decimal"
                                    autocomplete="off"
                                    data-testid=format!("rate-{id}")
                                    aria-label=aria
                                    aria-invalid=move || bad().to_string()
                                    prop:value=value
                                    on:input=move |ev| on_rate(from.clone(), event_target_value(&ev))
                                />
                                <span>{to.clone()}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        })
    };
    view! {
        <div class="conversion" data-testid="conversion">
            <label class="field">
                <span>{move || f().reporting_label}</span>
                <select
                    data-testid="reporting-currency"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        reporting.set((!v.is_empty()).then_some(v));
                    }
                >
                    <option value="" selected=move || reporting.with(Option::is_none)>{move || f().reporting_none}</option>
                    {offered
                        .into_iter()
                        .map(|c| {
                            let c2 = c.clone();
                            view! { <option value=c.clone() selected=move || reporting.with(|r| r.as_deref() == Some(c2.as_str()))>{c.clone()}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            {fields}
            {move || {
                reporting.with(Option::is_some).then(|| {
                    let any_invalid = typed.with(|t| t.iter().any(|(c, _)| invalid(c)));
                    view! {
                        <p class="muted small rates-hint">{f().rates_hint}</p>
                        {any_invalid.then(|| view! { <p class="error" role="alert" data-testid="rate-error">{f().rate_invalid}</p> })}
                        {missing().map(|codes| view! { <p class="warn" role="status" data-testid="rates-missing">{(f().rates_missing)(&codes)}</p> })}
                    }
                })
            }}
        </div>
    }
}

/// Where converted figures are shown: "Converted to EUR at 1 USD = 0.92
/// EUR, ..." (nothing for the per-currency view).
#[component]
pub fn ConvertedNote(
    /// The selection the figures beside follow.
    #[prop(into)]
    selection: Signal<Selection>,
) -> impl IntoView {
    let state = AppState::expect();
    move || {
        let l = state.locale.get();
        selection.with(|s| {
            s.rates.as_ref().map(|r| {
                let text = (fig_tr(l).converted_note)(&s.currency, &rates_text(&s.currency, r, l.into()));
                view! { <p class="converted-note" data-testid="converted-note">{text}</p> }
            })
        })
    }
}
