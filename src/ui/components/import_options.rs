//! The import options the user can see and change: default currency,
//! decimal separator, date order and the payment terms used where a file
//! has no due date. A change reads the file again with them.

use crate::domain::import::values::{DateOrder, DecimalSeparator};
use crate::domain::import::{ImportOptions, PaymentTerms};
use crate::i18n::{tr, Msg};
use crate::ui::state::AppState;
use leptos::prelude::*;

/// Currencies offered as the default (kpi.md "Currencies").
const CURRENCIES: [&str; 8] = ["EUR", "USD", "GBP", "CHF", "CAD", "JPY", "XOF", "MAD"];

/// The named payment terms; anything else is a number of days.
const TERMS: [PaymentTerms; 3] = [PaymentTerms::Days(30), PaymentTerms::DaysEndOfMonth(45), PaymentTerms::Days(60)];

fn terms_key(t: PaymentTerms) -> String {
    match t {
        PaymentTerms::Days(n) => format!("d{n}"),
        PaymentTerms::DaysEndOfMonth(n) => format!("eom{n}"),
    }
}

/// The words of payment terms ("45 jours fin de mois").
pub fn terms_text(t: &dyn Fn(&Msg) -> String, terms: PaymentTerms) -> String {
    match terms {
        PaymentTerms::Days(n) => t(&Msg::Terms(n, false)),
        PaymentTerms::DaysEndOfMonth(n) => t(&Msg::Terms(n, true)),
    }
}

#[component]
pub fn ImportOptionsPanel(
    /// The options the next reading uses.
    options: RwSignal<ImportOptions>,
    /// Called after the user changed an option.
    on_change: Callback<()>,
) -> impl IntoView {
    let state = AppState::expect();
    let t = move || tr(state.locale.get());
    let m = move |msg: Msg| (t().msg)(&msg);
    let custom = RwSignal::new(false);
    let set = move |f: Box<dyn FnOnce(&mut ImportOptions)>| {
        options.update(|o| f(o));
        on_change.run(());
    };
    view! {
        <details class="import-options card" data-testid="import-options">
            <summary>{move || m(Msg::OptionsTitle)}</summary>
            <div class="options-grid">
                <label class="field">
                    <span>{move || m(Msg::OptCurrency)}</span>
                    <select
                        data-testid="opt-currency"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            set(Box::new(move |o| o.default_currency = v));
                        }
                    >
                        {CURRENCIES
                            .into_iter()
                            .map(|c| view! { <option value=c selected=move || options.with(|o| o.default_currency == c)>{c}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{move || m(Msg::OptDecimal)}</span>
                    <select
                        data-testid="opt-decimal"
                        on:change=move |ev| {
                            let v = match event_target_value(&ev).as_str() {
                                "comma" => Some(DecimalSeparator::Comma),
                                "dot" => Some(DecimalSeparator::Dot),
                                _ => None,
                            };
                            set(Box::new(move |o| o.decimal_separator = v));
                        }
                    >
                        <option value="auto" selected=move || options.with(|o| o.decimal_separator.is_none())>{move || m(Msg::Auto)}</option>
                        <option value="comma" selected=move || options.with(|o| o.decimal_separator == Some(DecimalSeparator::Comma))>{move || m(Msg::DecimalComma)}</option>
                        <option value="dot" selected=move || options.with(|o| o.decimal_separator == Some(DecimalSeparator::Dot))>{move || m(Msg::DecimalDot)}</option>
                    </select>
                </label>
                <label class="field">
                    <span>{move || m(Msg::OptDateOrder)}</span>
                    <select
                        data-testid="opt-date-order"
                        on:change=move |ev| {
                            let v = match event_target_value(&ev).as_str() {
                                "dmy" => Some(DateOrder::DayFirst),
                                "mdy" => Some(DateOrder::MonthFirst),
                                _ => None,
                            };
                            set(Box::new(move |o| o.date_order = v));
                        }
                    >
                        <option value="auto" selected=move || options.with(|o| o.date_order.is_none())>{move || m(Msg::Auto)}</option>
                        <option value="dmy" selected=move || options.with(|o| o.date_order == Some(DateOrder::DayFirst))>{move || m(Msg::DayFirst)}</option>
                        <option value="mdy" selected=move || options.with(|o| o.date_order == Some(DateOrder::MonthFirst))>{move || m(Msg::MonthFirst)}</option>
                    </select>
                </label>
                <label class="field">
                    <span>{move || m(Msg::OptTerms)}</span>
                    <select
                        data-testid="opt-terms"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            match TERMS.into_iter().find(|x| terms_key(*x) == v) {
                                Some(terms) => {
                                    custom.set(false);
                                    set(Box::new(move |o| o.terms = terms));
                                }
                                None => custom.set(true),
                            }
                        }
                    >
                        {TERMS
                            .into_iter()
                            .map(|x| {
                                view! {
                                    <option value=terms_key(x) selected=move || !custom.get() && options.with(|o| o.terms == x)>
                                        {move || terms_text(&|msg| (t().msg)(msg), x)}
                                    </option>
                                }
                            })
                            .collect_view()}
                        <option value="custom" selected=move || custom.get() || options.with(|o| !TERMS.contains(&o.terms))>
                            {move || m(Msg::TermsCustom)}
                        </option>
                    </select>
                </label>
                {move || {
                    (custom.get() || options.with(|o| !TERMS.contains(&o.terms)))
                        .then(|| {
                            view! {
                                <label class="field">
                                    <span>{m(Msg::OptTermsDays)}</span>
                                    <input
                                        type="number"
                                        min="0"
                                        max="365"
                                        step="1"
                                        data-testid="opt-terms-days"
                                        prop:value=move || match options.with(|o| o.terms) {
                                            PaymentTerms::Days(n) | PaymentTerms::DaysEndOfMonth(n) => n.to_string(),
                                        }
                                        on:change=move |ev| {
                                            if let Ok(n) = event_target_value(&ev).trim().parse::<u32>() {
                                                let n = n.min(365);
                                                set(Box::new(move |o| o.terms = PaymentTerms::Days(n)));
                                            }
                                        }
                                    />
                                </label>
                            }
                        })
                }}
            </div>
        </details>
    }
}
