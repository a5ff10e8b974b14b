//! The savings calculator: the ten inputs of kpi.md "Savings calculator" and
//! its four results, each with what it means and its formula filled in with
//! the figures used.

use super::param_input::param_inputs;
use crate::domain::calculators::{savings, ParamUnit};
use crate::domain::money::raw;
use crate::i18n::calc_tr;
use crate::ui::format;
use crate::ui::state::AppState;
use leptos::prelude::*;
use rust_decimal::Decimal;

#[component]
pub fn SavingsCalculator(
    /// Prefix of element ids, unique on the page.
    #[prop(default = "s")]
    id_prefix: &'static str,
) -> impl IntoView {
    let state = AppState::expect();
    let t = move || calc_tr(state.locale.get());
    let outputs = Memo::new(move |_| state.savings.with(savings));
    let currency = state.currency;
    let inputs = param_inputs(state.savings, currency, id_prefix);

    // The formula of each result with the figures put in.
    let filled = move |key: &'static str| {
        let l = state.locale.get();
        let c = currency.get();
        let s = state.savings.get();
        let o = outputs.get();
        let m = |v: Decimal| format::money_whole(l, v, &c);
        let p = |v: Decimal| format::param_value(l, v, ParamUnit::Percent, &c);
        let n = |v: Decimal| format::number_upto(l, v, 1);
        match key {
            "cash_increase" => {
                format!("{} ÷ 365 × {}", m(s.revenue), format::param_value(l, s.dso_reduction, ParamUnit::Days, &c))
            }
            "collections_increase" => format!("{} × {} × {}", m(s.revenue), p(s.bad_debt_rate), p(s.bad_debt_avoided)),
            "investment_income" => format!("{} × {}", m(o.cash_increase), p(s.yield_rate)),
            _ => format!(
                "{} × {} × {} × {} ÷ 60",
                n(s.invoices_per_month),
                n(s.reminders_per_invoice),
                format::param_value(l, s.minutes_per_reminder, ParamUnit::Minutes, &c),
                p(s.automated_share)
            ),
        }
    };
    let result = move |key: &'static str| {
        let value = move || {
            outputs.with(|o| match key {
                "cash_increase" => o.cash_increase,
                "collections_increase" => o.collections_increase,
                "investment_income" => o.investment_income,
                _ => o.hours_saved_month,
            })
        };
        let shown = move || {
            let l = state.locale.get();
            match key {
                "hours_saved_month" => format!("{}\u{a0}{}", format::number_upto(l, value(), 1), t().unit_hours_month),
                "cash_increase" => format::money_whole(l, value(), &currency.get()),
                _ => format!("{} {}", format::money_whole(l, value(), &currency.get()), t().per_year),
            }
        };
        view! {
            <div class="result">
                <div class="result-label">{move || (t().output)(key).0}</div>
                <div class="result-value" data-kpi=key data-value=move || raw(value()) aria-live="polite">{shown}</div>
                <p class="result-help">{move || (t().output)(key).1}</p>
                <p class="formula">
                    <span class="formula-words">{move || (t().formula)(key)}</span>
                    <span class="formula-figures">"= "{move || filled(key)}</span>
                </p>
            </div>
        }
    };
    let target = move || {
        let l = state.locale.get();
        format!(
            "{}{}{}",
            t().dso_target,
            l.colon(),
            format::param_value(l, state.savings.with(|s| s.dso_target()), ParamUnit::Days, &currency.get())
        )
    };

    view! {
        <section class="calc savings" data-testid="savings-calculator" aria-labelledby=format!("{id_prefix}-title")>
            <h2 id=format!("{id_prefix}-title")>{move || t().savings_title}</h2>
            <p class="muted">{move || t().savings_intro}</p>
            <div class="calc-body">
                <div class="calc-inputs">
                    <h3>{move || t().savings_inputs}</h3>
                    {inputs}
                    <p class="muted target" data-testid="dso-target">{target}</p>
                </div>
                <div class="calc-results">
                    <h3>{move || t().savings_results}</h3>
                    {result("cash_increase")}
                    {result("collections_increase")}
                    {result("investment_income")}
                    {result("hours_saved_month")}
                </div>
            </div>
        </section>
    }
}
