//! The DSO calculator: the simple form (receivables, revenue, days; seed
//! 001's 12.4 days) and the countback form over the last months' revenue.

use super::param_input::param_inputs;
use crate::domain::calculators::ParamUnit;
use crate::domain::money::raw;
use crate::i18n::calc_tr;
use crate::ui::format;
use crate::ui::state::AppState;
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;

#[component]
pub fn DsoCalculator(
    /// Prefix of element ids, unique on the page.
    #[prop(default = "d")]
    id_prefix: &'static str,
) -> impl IntoView {
    let state = AppState::expect();
    let t = move || calc_tr(state.locale.get());
    let currency = state.currency;
    let inputs = param_inputs(state.dso, currency, id_prefix);
    let simple = Memo::new(move |_| state.dso.with(|d| d.dso_simple()));
    let countback = Memo::new(move |_| state.dso.with(|d| d.dso_countback()));
    let days = move |v: Decimal| format::param_value(state.locale.get(), v, ParamUnit::Days, "EUR");
    let unavailable = move |u| {
        let l = state.locale.get();
        let date = move |d| format::date(l, d);
        (t().unavailable_reason)(&u, &date)
    };
    let filled = move || {
        let l = state.locale.get();
        state.dso.with(|d| {
            format!(
                "{} ÷ {} × {}",
                format::money_whole(l, d.receivables, &currency.get()),
                format::money_whole(l, d.revenue, &currency.get()),
                days(d.days)
            )
        })
    };
    // Built once: re-creating the inputs on each keystroke would lose focus.
    let month_rows = {
        let n = state.dso.with_untracked(|d| d.months.len());
        (0..n)
            .map(|k| {
                let cell = move |sales: bool| {
                    state.dso.with(|d| {
                        d.months.get(k).map(|m| if sales { m.0 } else { m.1 }).unwrap_or_default().to_string()
                    })
                };
                let set = move |sales: bool, text: String| {
                    if let Ok(v) = Decimal::from_str(text.trim().replace(',', ".").as_str()) {
                        let v = v.max(Decimal::ZERO);
                        state.dso.update(|d| {
                            if let Some(m) = d.months.get_mut(k) {
                                if sales {
                                    m.0 = v
                                } else {
                                    m.1 = v.min(Decimal::from(31))
                                }
                            }
                        });
                    }
                };
                // One cell: the month's sales, or its days.
                let input = move |sales: bool| {
                    let (class, name) = if sales { ("number", "sales") } else { ("number days", "days") };
                    view! {
                        <td>
                            <input
                                type="number"
                                class=class
                                min=if sales { "0" } else { "1" }
                                max=(!sales).then_some("31")
                                step=if sales { "any" } else { "1" }
                                aria-label=move || {
                                    let what = if sales { t().countback_sales } else { t().countback_days };
                                    format!("{} — {}", (t().countback_month)(k), what)
                                }
                                data-testid=format!("countback-{name}-{k}")
                                prop:value=move || cell(sales)
                                on:input=move |ev| set(sales, event_target_value(&ev))
                            />
                        </td>
                    }
                };
                view! {
                    <tr>
                        <th scope="row">{move || (t().countback_month)(k)}</th>
                        {input(true)}
                        {input(false)}
                    </tr>
                }
            })
            .collect_view()
    };

    view! {
        <section class="calc dso" data-testid="dso-calculator" aria-labelledby=format!("{id_prefix}-title")>
            <h2 id=format!("{id_prefix}-title")>{move || t().dso_calc_title}</h2>
            <p class="muted">{move || t().dso_calc_intro}</p>
            <div class="calc-body">
                <div class="calc-inputs">{inputs}</div>
                <div class="calc-results">
                    <div class="result">
                        <div class="result-label">{move || t().dso_simple_label}</div>
                        <div class="result-value" data-kpi="dso_simple" data-value=move || simple.get().map(raw).unwrap_or_default() aria-live="polite">
                            {move || simple.get().map_or_else(|u| format!("— ({})", unavailable(u)), days)}
                        </div>
                        <p class="formula">
                            <span class="formula-words">{move || t().dso_simple_formula}</span>
                            <span class="formula-figures">"= "{filled}</span>
                        </p>
                    </div>
                </div>
            </div>
            <h3>{move || t().countback_title}</h3>
            <p class="muted">{move || t().countback_intro}</p>
            <div class="calc-body">
                <div class="calc-inputs">
                    <table class="months">
                        <thead>
                            <tr>
                                <th scope="col"></th>
                                <th scope="col">{move || t().countback_sales}</th>
                                <th scope="col">{move || t().countback_days}</th>
                            </tr>
                        </thead>
                        <tbody>{month_rows}</tbody>
                    </table>
                </div>
                <div class="calc-results">
                    <div class="result">
                        <div class="result-label">{move || t().countback_result}</div>
                        <div class="result-value" data-kpi="dso_countback_calc" data-value=move || countback.get().map(raw).unwrap_or_default()>
                            {move || countback.get().map_or_else(|u| format!("— ({})", unavailable(u)), days)}
                        </div>
                    </div>
                </div>
            </div>
        </section>
    }
}
