//! The provision rates (kpi.md "Provisions"): one editable rate per band of
//! days past due, each band's open amount and provision beside it. The
//! rates go into the figures' query, so `provision_total` follows them.

use crate::domain::analysis::kpi::provisions::ProvisionRates;
use crate::domain::analysis::kpi::Workings;
use crate::domain::ledger::money::raw;
use crate::i18n::{dash_tr, tr};
use crate::ui::components::aged_balance_table::bucket_labels;
use crate::ui::format;
use crate::ui::state::AppState;
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;

#[component]
pub fn ProvisionsEditor(
    /// The rates the figures use.
    rates: RwSignal<ProvisionRates>,
    /// The workings of the latest figures: each band's open amount.
    #[prop(into)]
    kpis: Signal<Option<Workings>>,
    #[prop(into)] currency: Signal<String>,
) -> impl IntoView {
    let state = AppState::expect();
    let d = move || dash_tr(state.locale.get());
    let invalid = RwSignal::new(false);
    let set_rate = move |band: usize, text: String| {
        let typed = text.trim().replace(',', ".").replace('%', "");
        let value = Decimal::from_str(typed.trim()).ok();
        let current = rates.get_untracked();
        let mut values = current.rates.clone();
        let ok = match (value, values.get_mut(band)) {
            (Some(v), Some(slot)) => {
                *slot = v;
                true
            }
            _ => false,
        };
        match ProvisionRates::new(current.buckets.clone(), values).filter(|_| ok) {
            Some(r) => {
                invalid.set(false);
                rates.set(r);
            }
            None => invalid.set(true),
        }
    };
    view! {
        <h3 class="subsection" id="provisions">{move || d().provisions_title}</h3>
        <p class="muted">{move || d().provisions_intro}</p>
        {move || invalid.get().then(|| view! { <p class="error" role="alert" data-testid="provision-rate-error">{d().provision_rate_invalid}</p> })}
        <div class="table-wrap">
            <table class="provisions" data-testid="provisions">
                <thead>
                    <tr>
                        <th scope="col">{move || d().provision_band}</th>
                        <th scope="col" class="num">{move || d().provision_rate}</th>
                        <th scope="col" class="num">{move || d().provision_open}</th>
                        <th scope="col" class="num">{move || d().provision_amount}</th>
                    </tr>
                </thead>
                <tbody>
                    // One row per band, made once: the rate fields stay the
                    // same elements while figures arrive (what is being typed
                    // is never replaced); only their texts follow.
                    {(0..rates.with_untracked(|r| r.rates.len()))
                        .map(|i| {
                            let label = move || {
                                let l = state.locale.get();
                                rates.with(|r| bucket_labels(tr(l), &r.buckets).get(i).cloned().unwrap_or_default())
                            };
                            let rate = move || rates.with(|r| r.rates.get(i).copied().unwrap_or_default());
                            let open = move || kpis.with(|w| w.as_ref().and_then(|w| w.provision_bands.get(i).map(|(o, _)| *o)));
                            let provision = move || open().map(|o| o * rate() / Decimal::ONE_HUNDRED);
                            let money = move |v: Option<Decimal>| {
                                v.map(|v| format::money(state.locale.get(), v, &currency.get())).unwrap_or_default()
                            };
                            view! {
                                <tr>
                                    <th scope="row">{label}</th>
                                    <td class="num">
                                        <input
                                            type="number"
                                            class="rate"
                                            min="0"
                                            max="100"
                                            step="any"
                                            data-testid=format!("provision-rate-{i}")
                                            aria-label=move || format!("{} {}", d().provision_rate, label())
                                            prop:value=move || rate().to_string()
                                            on:change=move |ev| set_rate(i, event_target_value(&ev))
                                        />
                                    </td>
                                    <td class="num" data-value=move || open().map(raw).unwrap_or_default()>{move || money(open())}</td>
                                    <td class="num" data-value=move || provision().map(raw).unwrap_or_default()>{move || money(provision())}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <button type="button" class="btn small" data-testid="provisions-reset" on:click=move |_| {
            invalid.set(false);
            rates.set(ProvisionRates::default());
        }>{move || d().provisions_reset}</button>
    }
}
