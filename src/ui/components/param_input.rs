//! One calculator input: a labelled slider and, beside it, a number input
//! named after the kpi.md input (`data-testid="revenue"`), kept in step.

use crate::domain::calculators::{CalculatorInputs, Param, Scale};
use crate::i18n::calc_tr;
use crate::ui::format;
use crate::ui::state::AppState;
use leptos::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

#[component]
pub fn ParamInput(
    /// What the input is (name, range, unit).
    param: &'static Param,
    /// Its current value.
    #[prop(into)]
    value: Signal<Decimal>,
    /// Called with a new value (already clamped to the allowed range).
    on_change: Callback<Decimal>,
    /// Currency of money inputs.
    #[prop(into)]
    currency: Signal<String>,
    /// Prefix of element ids, unique on the page.
    #[prop(default = "p")]
    id_prefix: &'static str,
) -> impl IntoView {
    let state = AppState::expect();
    let t = move || calc_tr(state.locale.get());
    let key = param.key;
    let number_id = format!("{id_prefix}-{key}");
    let label_id = format!("{id_prefix}-{key}-label");
    let shown = move || format::param_value(state.locale.get(), value.get(), param.unit, &currency.get());
    let (min, max, step) = param.slider_range();
    let position = move || param.position(value.get().to_f64().unwrap_or(0.0)).to_string();
    let on_slide = move |ev: leptos::ev::Event| {
        if let Ok(pos) = event_target_value(&ev).parse::<f64>() {
            on_change.run(param.value_at(pos));
        }
    };
    let on_type = move |ev: leptos::ev::Event| {
        if let Some(v) = param.parse(&event_target_value(&ev)) {
            on_change.run(v);
        }
    };
    let number_step = match param.scale {
        Scale::Log => "any".to_string(),
        Scale::Linear => param.step.to_string(),
    };
    view! {
        <div class="param" data-param=key>
            <div class="param-head">
                <label id=label_id.clone() for=number_id.clone()>{move || (t().param)(key).0}</label>
                <output class="param-shown" for=number_id.clone() aria-hidden="true">{shown}</output>
            </div>
            <div class="param-controls">
                <input
                    type="range"
                    class="slider"
                    data-testid=format!("{key}-slider")
                    aria-labelledby=label_id
                    aria-valuetext=shown
                    min=min.to_string()
                    max=max.to_string()
                    step=step.to_string()
                    prop:value=position
                    on:input=on_slide
                />
                <input
                    type="number"
                    class="number"
                    id=number_id
                    data-testid=key
                    inputmode="decimal"
                    min=param.min.to_string()
                    step=number_step
                    prop:value=move || value.get().to_string()
                    on:input=on_type
                />
            </div>
            <p class="param-help">{move || (t().param)(key).1}</p>
        </div>
    }
}

/// One `ParamInput` for each input of a calculator, bound to its signal.
pub fn param_inputs<T>(inputs: RwSignal<T>, currency: RwSignal<String>, id_prefix: &'static str) -> impl IntoView
where
    T: CalculatorInputs + Send + Sync + 'static,
{
    T::PARAMS
        .iter()
        .map(|p| {
            let value = Signal::derive(move || inputs.with(|s| s.get(p.key).unwrap_or_default()));
            let on_change = Callback::new(move |v: Decimal| inputs.update(|s| s.set(p.key, v)));
            view! { <ParamInput param=p value on_change currency id_prefix /> }
        })
        .collect_view()
}
