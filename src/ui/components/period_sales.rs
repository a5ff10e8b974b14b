//! The period's sales for an open-items file (kpi.md "Open-items file"):
//! such a file lists only invoices still open, so its invoices are not the
//! period's sales and the figures divided by them wait for the sales the
//! user types here, in the selected currency, for the chosen period and
//! as-of date. The amount goes to the worker with the figures' query (the
//! engine computes); it is remembered in this browser by header layout,
//! currency and window.

use crate::domain::analysis::kpi::Period;
use crate::engine::LoadedInfo;
use crate::i18n::fig_tr;
use crate::ui::format;
use crate::ui::state::AppState;
use crate::ui::storage::{self, TypedSalesKey};
use chrono::NaiveDate;
use leptos::prelude::*;
use rust_decimal::Decimal;

/// What the typed sales of a file are remembered by: its header layout
/// (its name when it has none, as a FEC).
pub fn layout_of(info: &LoadedInfo) -> String {
    if info.report.layout.signature.is_empty() {
        info.file_name.clone()
    } else {
        info.report.layout.signature.clone()
    }
}

/// The year's sales typed for the file in its main currency at its latest
/// date (what the calculators' "Use my figures" takes from an open-items
/// file), if the user typed them on the Analyse page.
pub fn typed_year_sales(info: &LoadedInfo) -> Option<Decimal> {
    let currency = info.currencies.first().cloned().unwrap_or_else(|| info.report.default_currency.clone());
    storage::load_period_sales(&TypedSalesKey {
        layout: layout_of(info),
        currency,
        period: Period::D365.days(),
        as_of: info.latest,
    })
}

#[component]
pub fn PeriodSales(
    /// The file's header layout (what the typed sales are remembered by).
    layout: String,
    /// The currency the figures are in (the reporting one when converted)
    /// and whether the view is converted.
    #[prop(into)]
    currency: Signal<(String, bool)>,
    #[prop(into)] period: Signal<Period>,
    #[prop(into)] as_of: Signal<NaiveDate>,
    /// The sales typed that read as an amount, sent with the figures' query.
    typed: RwSignal<Option<Decimal>>,
    /// A division, sales rep or customer is picked (the typed sales are the
    /// whole file's).
    #[prop(into)]
    part: Signal<bool>,
    /// The figures use the typed sales.
    #[prop(into)]
    used: Signal<bool>,
) -> impl IntoView {
    let state = AppState::expect();
    let f = move || fig_tr(state.locale.get());
    let key = Memo::new(move |_| {
        let (currency, converted) = currency.get();
        TypedSalesKey {
            layout: layout.clone(),
            currency: if converted { format!("{currency}:converted") } else { currency },
            period: period.get().days(),
            as_of: as_of.get(),
        }
    });
    let text = RwSignal::new(String::new());
    // Another window (period, date, currency): what was typed for it, if anything.
    Effect::new(move |_| {
        let remembered = key.with(storage::load_period_sales);
        text.set(remembered.map(|v| v.normalize().to_string()).unwrap_or_default());
        typed.set(remembered);
    });
    let invalid =
        move || text.with(|t| !t.trim().is_empty() && format::parse_number(t).is_none_or(|v| v <= Decimal::ZERO));
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let amount = format::parse_number(&value).filter(|v| *v > Decimal::ZERO);
        text.set(value.clone());
        if amount.is_some() || value.trim().is_empty() {
            key.with_untracked(|k| storage::save_period_sales(k, amount));
        }
        typed.set(amount);
    };
    let window = move || {
        let l = state.locale.get();
        let t = as_of.get();
        let first = period.get().start_excluded(t).succ_opt().unwrap_or(t);
        (format::date(l, first), format::date(l, t))
    };
    view! {
        <div class="card period-sales" data-testid="period-sales-card" role="group" aria-labelledby="period-sales-title">
            <h2 id="period-sales-title">{move || f().period_sales_title}</h2>
            <p class="muted">
                {move || {
                    let (from, to) = window();
                    (f().period_sales_intro)(&from, &to, period.get().days(), &currency.get().0)
                }}
            </p>
            <div class="period-sales-row">
                <label class="field">
                    <span>{move || (f().period_sales_label)(&currency.get().0)}</span>
                    <input
                        type="number"
                        min="0"
                        step="0.01"
                        inputmode="decimal"
                        data-testid="period-sales"
                        aria-invalid=move || invalid().to_string()
                        prop:value=move || text.get()
                        on:input=on_input
                    />
                </label>
                <button
                    type="button"
                    class="btn small"
                    data-testid="period-sales-clear"
                    disabled=move || text.with(|t| t.is_empty())
                    on:click=move |_| {
                        text.set(String::new());
                        key.with_untracked(|k| storage::save_period_sales(k, None));
                        typed.set(None);
                    }
                >
                    {move || f().period_sales_clear}
                </button>
            </div>
            {move || invalid().then(|| view! { <p class="error" role="alert" data-testid="period-sales-error">{f().period_sales_invalid}</p> })}
            {move || {
                if part.get() && typed.with(Option::is_some) {
                    Some(view! { <p class="warn" role="status" data-testid="period-sales-part">{f().period_sales_part}</p> }.into_any())
                } else if used.get() {
                    Some(
                        view! {
                            <p class="ok" role="status" data-testid="period-sales-used">
                                {f().period_sales_used}" "<span class="muted">{f().period_sales_remembered}</span>
                            </p>
                        }
                            .into_any(),
                    )
                } else {
                    None
                }
            }}
        </div>
    }
}
