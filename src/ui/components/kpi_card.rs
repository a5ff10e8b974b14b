//! One figure: its label, its value in the reader's format (carrying
//! `data-kpi` and the raw `data-value`), and how it is computed. A value
//! too wide for its card is never cut: it is shown in compact form
//! ("275,1 M$US"), the exact amount one hover or keyboard focus away.

use crate::domain::analysis::kpi::{Figure, Unit};
use crate::domain::ledger::money::raw;
use crate::i18n::{dash_tr, fig_tr, hist_tr, tr};
use crate::ui::format;
use crate::ui::state::AppState;
use chrono::NaiveDate;
use leptos::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// A figure at each of the last 12 month ends.
pub type TrendPoints = Vec<(NaiveDate, Figure)>;

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
    /// The figure at the last 12 month ends (kpi.md "Trend"), shown as a
    /// sparkline with the change against the previous month end.
    #[prop(optional, into)]
    trend: Option<Signal<Option<TrendPoints>>>,
    /// A line under the value (what it was computed with).
    #[prop(optional, into)]
    note: Option<Signal<Option<String>>>,
    /// The figure at each export kept in the file's history (one point
    /// per export), drawn beside the month ends when there are two.
    #[prop(optional, into)]
    kept: Option<Signal<Option<TrendPoints>>>,
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
    // The same value in compact form, used only when the exact one does
    // not fit its card (`fit`).
    let compact = move || {
        let l = state.locale.get();
        figure.get().ok().and_then(|v| format::figure_compact(l, v, unit, &currency.get()))
    };
    let value_ref = NodeRef::<leptos::html::Div>::new();
    let refit = move || {
        if let Some(el) = value_ref.get_untracked() {
            request_animation_frame(move || fit(&el));
        }
    };
    Effect::new(move |_| {
        figure.track();
        currency.track();
        state.locale.track();
        refit();
    });
    watch_width(value_ref);
    let exact_id = format!("exact-{name}");
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
                class:compactable=move || compact().is_some()
                node_ref=value_ref
                data-kpi=name
                data-value=move || figure.get().map(raw).unwrap_or_default()
                data-short=compact
                title=move || compact().map(|_| shown())
                aria-describedby=move || compact().map(|_| exact_id.clone())
            >
                // The compact form is drawn by the style sheet from
                // `data-short` (`::after`), so the element's text stays the
                // exact amount for whoever reads the page.
                <span class="v-full">{shown}</span>
            </div>
            {move || {
                compact()
                    .map(|_| {
                        let l = state.locale.get();
                        view! {
                            <div class="kpi-exact" role="tooltip" id=format!("exact-{name}")>
                                {fig_tr(l).exact_value}{l.colon()}{shown()}
                            </div>
                        }
                    })
            }}
            {move || note.and_then(|n| n.get()).map(|n| view! { <div class="kpi-note" data-testid=format!("note-{name}")>{n}</div> })}
            {move || reason().map(|r| view! { <div class="kpi-reason">{r}</div> })}
            {move || trend.and_then(|tr| tr.get()).map(|points| view! { <Sparkline name unit points /> })}
            {move || kept.and_then(|k| k.get()).map(|points| view! { <Sparkline name unit points kept=true /> })}
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

/// A figure's last 12 month ends (or its kept exports, `kept`) as a small
/// line, and the change of the last point against the one before ("▲ 2,3 j
/// depuis le 31/05/2013"). Points carry their raw values (`data-points`,
/// `data-change`).
#[component]
pub fn Sparkline(
    name: &'static str,
    unit: Unit,
    points: Vec<(NaiveDate, Figure)>,
    /// Drawn from the exports kept in a history: said, and told apart.
    #[prop(optional)]
    kept: bool,
) -> impl IntoView {
    let state = AppState::expect();
    let l = state.locale.get_untracked();
    let d = dash_tr(l);
    let values: Vec<Option<f64>> = points.iter().map(|(_, f)| f.as_ref().ok().and_then(|v| v.to_f64())).collect();
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    let (lo, hi) = known.iter().fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    let span = if hi > lo { hi - lo } else { 1.0 };
    let n = values.len().max(2) - 1;
    // A polyline per run of known points (an unavailable month is a gap).
    let mut runs: Vec<String> = Vec::new();
    let mut run = String::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => {
                let x = i as f64 * 100.0 / n as f64;
                let y = 22.0 - (v - lo) / span * 20.0;
                run.push_str(&format!("{x:.1},{y:.1} "));
            }
            None if !run.is_empty() => runs.push(std::mem::take(&mut run)),
            None => {}
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    let last = points.len().checked_sub(1);
    let change: Option<(Decimal, NaiveDate)> = last.and_then(|i| {
        let now = points.get(i)?.1.ok()?;
        let (date, before) = points.get(i.checked_sub(1)?)?;
        Some((now - before.ok()?, *date))
    });
    let raw_points = points.iter().map(|(_, f)| f.map(raw).unwrap_or_default()).collect::<Vec<_>>().join(",");
    let change_text = change.map(|(c, date)| {
        let arrow = if c > Decimal::ZERO {
            "▲"
        } else if c < Decimal::ZERO {
            "▼"
        } else {
            "="
        };
        let amount = format::figure(l, c.abs(), unit, "EUR");
        let amount = if unit == Unit::Money { String::new() } else { format!(" {amount}") };
        let since = if kept {
            (hist_tr(l).since_export)(&format::date(l, date))
        } else {
            (d.change_since)(&format::date(l, date))
        };
        (c, format!("{arrow}{amount} {since}"))
    });
    // A higher DSO is worse; a higher CEI (or collection rate...) is better.
    let worse_up = !matches!(name, "cei" | "collection_rate" | "on_time_rate" | "dispute_resolution_rate" | "sales");
    let class = change_text.as_ref().map_or("", |(c, _)| match (c.cmp(&Decimal::ZERO), worse_up) {
        (std::cmp::Ordering::Greater, true) | (std::cmp::Ordering::Less, false) => "up",
        (std::cmp::Ordering::Equal, _) => "",
        _ => "down",
    });
    view! {
        <div
            class="spark"
            class:kept=kept
            data-testid=if kept { format!("kept-trend-{name}") } else { format!("trend-{name}") }
            data-points=raw_points
            data-change=change.map(|(c, _)| raw(c)).unwrap_or_default()
        >
            <svg viewBox="0 0 100 24" preserveAspectRatio="none" role="img" aria-label=d.trend_label>
                {runs
                    .into_iter()
                    .map(|pts| view! { <polyline points=pts fill="none" stroke="currentColor" stroke-width="1.6" vector-effect="non-scaling-stroke"></polyline> })
                    .collect_view()}
            </svg>
            <span class=class>{change_text.map(|(_, t)| t)}</span>
            {kept.then(|| view! { <span class="spark-source">{hist_tr(l).from_kept}</span> })}
        </div>
    }
}

/// Shows `el`'s exact value when it fits, else its compact form (class
/// `tight`, which also makes the value focusable so that the exact amount
/// is one keyboard focus away). Measured with the exact value shown, in
/// one go, so nothing is painted in between.
fn fit(el: &web_sys::HtmlDivElement) {
    let classes = el.class_list();
    let _ = classes.remove_1("tight");
    let tight = el.scroll_width() > el.client_width();
    if tight {
        let _ = classes.add_1("tight");
        let _ = el.set_attribute("tabindex", "0");
    } else {
        let _ = el.remove_attribute("tabindex");
    }
}

/// Fits the value again whenever its box changes width (the window is
/// resized, the grid reflows); the watcher ends with the card.
fn watch_width(value_ref: NodeRef<leptos::html::Div>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let observer = StoredValue::new_local(None::<(web_sys::ResizeObserver, Closure<dyn Fn()>)>);
    Effect::new(move |_| {
        let Some(el) = value_ref.get() else { return };
        if observer.with_value(Option::is_some) {
            return;
        }
        let watched = el.clone();
        let on_resize = Closure::<dyn Fn()>::new(move || fit(&watched));
        if let Ok(o) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            o.observe(&el);
            observer.set_value(Some((o, on_resize)));
        }
    });
    on_cleanup(move || {
        if let Some((o, _)) = observer.try_update_value(Option::take).flatten() {
            o.disconnect();
        }
    });
}
