//! A calculator of `ui::calc_dom` in a Leptos page: mounted once, kept in
//! step with the app's state (its inputs, language and currency), and
//! writing the user's changes back to it. The embeddable widget mounts the
//! same calculators without Leptos.

use crate::ui::calc_dom::{Calculator, Context, Inputs, Kind};
use crate::ui::state::AppState;
use leptos::prelude::*;
use std::rc::Rc;

#[component]
pub fn CalculatorHost(
    kind: Kind,
    /// Prefix of element ids, unique on the page.
    prefix: &'static str,
) -> impl IntoView {
    let state = AppState::expect();
    let host = NodeRef::<leptos::html::Div>::new();
    let calculator = StoredValue::new_local(None::<Calculator>);
    Effect::new(move |_| {
        let inputs = match kind {
            Kind::Savings => Inputs::Savings(state.savings.get()),
            Kind::Dso => Inputs::Dso(state.dso.get()),
        };
        let context = Context { locale: state.locale.get(), currency: state.currency.get() };
        let Some(el) = host.get() else { return };
        let shown = calculator.with_value(|c| c.as_ref().map(|c| c.set(&inputs, &context)).is_some());
        if shown {
            return;
        }
        if let Some(c) = Calculator::mount(&el, prefix, inputs, context) {
            c.on_change(Rc::new(move |inputs: &Inputs| match inputs {
                Inputs::Savings(s) => state.savings.set(s.clone()),
                Inputs::Dso(d) => state.dso.set(d.clone()),
            }));
            calculator.set_value(Some(c));
        }
    });
    view! { <div class="calc-host" node_ref=host></div> }
}
