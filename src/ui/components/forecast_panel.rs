//! The collections forecast (kpi.md "Forecast of collections"): each open
//! invoice expected at its due date plus its customer's days late, summed
//! per week for 13 weeks (`forecast_w1` ... `forecast_w13`,
//! `forecast_later`) and per month, with a range and the uncertain part;
//! its accuracy measured on the user's own history (kpi.md "Forecast
//! accuracy"); and a what-if: customers paying N days sooner, linked to
//! the savings calculator's cash figure.

use crate::charts::{self, ChartWords, ValueKind};
use crate::domain::analysis::forecast::Expected;
use crate::domain::ledger::money::raw;
use crate::engine::{ExportWhat, ForecastAnswer, ForecastQuery, Request, Response, Selection};
use crate::i18n::dash_tr;
use crate::ui::components::chart::Chart;
use crate::ui::components::export_buttons::ExportButtons;
use crate::ui::engine::ask_latest_settled;
use crate::ui::format;
use crate::ui::state::{AppState, Shared};
use chrono::NaiveDate;
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::sync::Arc;

/// The what-if slider's largest reduction, in days.
const MAX_REDUCTION: u32 = 60;

#[component]
pub fn ForecastPanel(
    #[prop(into)] as_of: Signal<NaiveDate>,
    #[prop(into)] selection: Signal<Selection>,
) -> impl IntoView {
    let state = AppState::expect();
    let d = move || dash_tr(state.locale.get());
    let reduce = RwSignal::new(0u32);
    let answer = RwSignal::new(None::<Shared<ForecastAnswer>>);
    let last = StoredValue::new(0u64);
    let waiting = StoredValue::new(None::<TimeoutHandle>);
    let lost = RwSignal::new(false);
    Effect::new(move |_| {
        let query = ForecastQuery {
            as_of: as_of.get(),
            selection: selection.get(),
            reduce_days: reduce.get(),
            // The promises and schedules kept on the Dunning page.
            plans: crate::ui::storage::load_dunning().0.history(),
        };
        ask_latest_settled(
            waiting,
            last,
            lost,
            move |id| Request::Forecast { id, query: Box::new(query) },
            move |response| {
                if let Response::Forecast { answer: a, .. } = response {
                    answer.set(Some(Shared(Arc::new(*a))));
                }
            },
        );
    });
    let currency = Signal::derive(move || selection.with(|s| s.currency.clone()));
    let money = move |v: Decimal| format::money(state.locale.get(), v, &currency.get());

    let built = Memo::new(move |_| {
        let l = state.locale.get();
        let dt = dash_tr(l);
        answer.with(|a| {
            let f = a.as_ref()?.forecast.as_ref().ok()?;
            let mut labels: Vec<String> = (1..=f.weeks.len()).map(|k| (dt.week_short)(k)).collect();
            labels.push(dt.after_13_weeks.to_string());
            let words = ChartWords {
                category: dt.week,
                series: vec![
                    dt.forecast_sure.to_string(),
                    dt.forecast_uncertain.to_string(),
                    dt.forecast_optimistic.to_string(),
                    dt.forecast_pessimistic.to_string(),
                    dt.forecast_expected.to_string(),
                ],
            };
            let (c, t) = charts::forecast_chart(f, &labels, &words);
            Some((c.to_string(), t))
        })
    });

    let row = move |label: String,
                    kpi: Option<String>,
                    from: Option<NaiveDate>,
                    to: Option<NaiveDate>,
                    e: &Expected| {
        let l = state.locale.get();
        let dates = match (from, to) {
            (Some(a), Some(b)) => format!("{} – {}", format::date(l, a), format::date(l, b)),
            (Some(a), None) => (dash_tr(l).from_date)(&format::date(l, a)),
            _ => String::new(),
        };
        let share = (!e.amount.is_zero()).then(|| e.uncertain * Decimal::ONE_HUNDRED / e.amount);
        view! {
            <tr>
                <th scope="row">{label}<span class="muted dates">{dates}</span></th>
                <td class="num total" data-kpi=kpi data-value=raw(e.amount)>{money(e.amount)}</td>
                <td class="num" data-value=raw(e.optimistic)>{money(e.optimistic)}</td>
                <td class="num" data-value=raw(e.pessimistic)>{money(e.pessimistic)}</td>
                <td class="num" data-value=raw(e.uncertain)>{money(e.uncertain)}</td>
                <td class="num" data-value=share.map(raw).unwrap_or_default()>{share.map(|s| format::percent(l, s)).unwrap_or_default()}</td>
            </tr>
        }
    };
    let head = move || {
        let dt = d();
        view! {
            <thead>
                <tr>
                    <th scope="col">{dt.period_col}</th>
                    <th scope="col" class="num">{dt.forecast_expected}</th>
                    <th scope="col" class="num">{dt.forecast_optimistic}</th>
                    <th scope="col" class="num">{dt.forecast_pessimistic}</th>
                    <th scope="col" class="num">{dt.forecast_uncertain}</th>
                    <th scope="col" class="num">{dt.uncertain_share}</th>
                </tr>
            </thead>
        }
    };
    let tables = move || {
        let l = state.locale.get();
        let dt = dash_tr(l);
        let a = answer.get()?;
        let f = match &a.forecast {
            Ok(f) => f.clone(),
            Err(u) => {
                let date = move |day| format::date(l, day);
                return Some(view! { <p class="muted" data-testid="forecast-unavailable">{(crate::i18n::tr(l).unavailable_reason)(u, &date)}</p> }.into_any());
            }
        };
        let mut start = f.as_of.succ_opt();
        let weeks = f
            .weeks
            .iter()
            .enumerate()
            .map(|(k, w)| {
                let from = start;
                start = w.end.succ_opt();
                row((dt.week_long)(k + 1), Some(format!("forecast_w{}", k + 1)), from, Some(w.end), &w.expected)
            })
            .collect_view();
        let later = row(dt.after_13_weeks.to_string(), Some("forecast_later".into()), start, None, &f.later);
        let months = f
            .months
            .iter()
            .map(|m| {
                let end = m.month.checked_add_months(chrono::Months::new(1)).and_then(|x| x.pred_opt());
                row(format!("{}/{}", m.month.format("%m"), m.month.format("%Y")), None, Some(m.month), end, &m.expected)
            })
            .collect_view();
        let months_later = row(dt.after_6_months.to_string(), None, None, None, &f.months_later);
        Some(view! {
            <div class="forecast-tables">
                <div class="table-wrap">
                    <table class="forecast" data-testid="forecast-weeks">
                        <caption class="visually-hidden">{dt.forecast_weeks_title}</caption>
                        {head}
                        <tbody>{weeks}{later}</tbody>
                        <tfoot>
                            <tr>
                                <th scope="row">{dt.total_to_collect}</th>
                                <td class="num total" data-testid="forecast-total" data-value=raw(f.open_total)>{money(f.open_total)}</td>
                                <td colspan="4"></td>
                            </tr>
                            <tr>
                                <th scope="row">{dt.credit_notes_apart}</th>
                                <td class="num" data-testid="forecast-credit-notes" data-value=raw(f.credit_notes)>{money(f.credit_notes)}</td>
                                <td colspan="4"></td>
                            </tr>
                        </tfoot>
                    </table>
                </div>
                <h3 class="subsection">{dt.forecast_months_title}</h3>
                <div class="table-wrap">
                    <table class="forecast" data-testid="forecast-months">
                        {head}
                        <tbody>{months}{months_later}</tbody>
                    </table>
                </div>
            </div>
        }.into_any())
    };

    let backtest = move || {
        let l = state.locale.get();
        let dt = dash_tr(l);
        let a = answer.get()?;
        let b = &a.backtest;
        let pct = |v: Option<Decimal>| v.map(|v| format::percent(l, v)).unwrap_or_else(|| "—".into());
        let cell = |testid: &'static str, v: Option<Decimal>| view! { <td class="num" data-testid=testid data-value=v.map(raw).unwrap_or_default()>{pct(v)}</td> };
        let rows = b
            .rows
            .iter()
            .map(|r| {
                let w13 = r.weeks13.as_ref();
                view! {
                    <tr>
                        <th scope="row">{format::date(l, r.month_end)}</th>
                        <td class="num" data-value=raw(r.weeks4.forecast)>{money(r.weeks4.forecast)}</td>
                        <td class="num" data-value=raw(r.weeks4.naive)>{money(r.weeks4.naive)}</td>
                        <td class="num" data-value=raw(r.weeks4.actual)>{money(r.weeks4.actual)}</td>
                        <td class="num">{w13.map(|w| money(w.forecast)).unwrap_or_default()}</td>
                        <td class="num">{w13.map(|w| money(w.naive)).unwrap_or_default()}</td>
                        <td class="num">{w13.map(|w| money(w.actual)).unwrap_or_default()}</td>
                    </tr>
                }
            })
            .collect_view();
        let verdict = match (b.wape4, b.naive_wape4) {
            (Some(x), Some(y)) if x < y => Some(dt.backtest_better),
            (Some(x), Some(y)) if x > y => Some(dt.backtest_worse),
            (Some(_), Some(_)) => Some(dt.backtest_same),
            _ => None,
        };
        Some(view! {
            <h3 class="subsection">{dt.backtest_title}</h3>
            <p class="muted">{dt.backtest_intro}</p>
            {b.rows.is_empty().then(|| view! { <p class="muted" data-testid="backtest-none">{dt.backtest_none}</p> })}
            <div class="table-wrap">
                <table class="wape" data-testid="backtest-wape">
                    <thead>
                        <tr>
                            <th scope="col">{dt.wape_col}</th>
                            <th scope="col" class="num">{dt.wape_4}</th>
                            <th scope="col" class="num">{dt.wape_13}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr>
                            <th scope="row">{dt.method_behaviour}</th>
                            {cell("wape-4", b.wape4)}
                            {cell("wape-13", b.wape13)}
                        </tr>
                        <tr>
                            <th scope="row">{dt.method_naive}</th>
                            {cell("naive-wape-4", b.naive_wape4)}
                            {cell("naive-wape-13", b.naive_wape13)}
                        </tr>
                    </tbody>
                </table>
            </div>
            {verdict.map(|v| view! { <p data-testid="backtest-verdict">{v}</p> })}
            <details class="backtest-detail">
                <summary>{dt.backtest_detail}</summary>
                <div class="table-wrap">
                    <table data-testid="backtest-rows">
                        <thead>
                            <tr>
                                <th scope="col">{dt.month_end}</th>
                                <th scope="col" class="num">{dt.bt_forecast_4}</th>
                                <th scope="col" class="num">{dt.bt_naive_4}</th>
                                <th scope="col" class="num">{dt.bt_actual_4}</th>
                                <th scope="col" class="num">{dt.bt_forecast_13}</th>
                                <th scope="col" class="num">{dt.bt_naive_13}</th>
                                <th scope="col" class="num">{dt.bt_actual_13}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        })
    };

    let method = move || {
        let l = state.locale.get();
        let dt = dash_tr(l);
        let a = answer.get()?;
        let fell_back = a.forecast.as_ref().map(|f| f.fell_back).unwrap_or(0);
        let days = a.company_days_late.map(|v| format::days(l, v)).unwrap_or_else(|| "—".into());
        Some(view! {
            <p class="muted" data-testid="forecast-method">
                {(dt.forecast_method)(&days, a.company_lag)}
                {(fell_back > 0).then(|| format!(" {}", (dt.fell_back)(fell_back as usize)))}
            </p>
        })
    };

    let whatif = move || {
        let l = state.locale.get();
        let dt = dash_tr(l);
        let n = reduce.get();
        let a = answer.get();
        let freed = a.as_ref().and_then(|a| a.cash_freed.ok());
        let shift = a.as_ref().and_then(|a| {
            let (f, b) = (a.forecast.as_ref().ok()?, a.baseline.as_ref().ok()?);
            let sum4 = |f: &crate::domain::analysis::forecast::Forecast| {
                f.weeks.iter().take(4).map(|w| w.expected.amount).sum::<Decimal>()
            };
            Some(sum4(f) - sum4(b))
        });
        let sales = a.as_ref().map(|a| a.sales_365).unwrap_or_default();
        let to_calculator = move |_| {
            state.savings.update(|s| {
                s.revenue = sales.round_dp(0);
                s.dso_reduction = Decimal::from(n);
            });
            let _ = window().location().set_hash("#/calculators");
        };
        view! {
            <div class="whatif card">
                <label class="field">
                    <span>{(dt.whatif_label)(n)}</span>
                    <input
                        type="range"
                        min="0"
                        max=MAX_REDUCTION.to_string()
                        step="1"
                        data-testid="whatif-days"
                        prop:value=n.to_string()
                        on:input=move |ev| reduce.set(event_target_value(&ev).parse().unwrap_or(0).min(MAX_REDUCTION))
                    />
                </label>
                {(n > 0).then(|| view! {
                    <p data-testid="whatif-effect">
                        {shift.map(|s| (dt.whatif_four_weeks)(&format::money(l, s, &currency.get_untracked())))}
                        " "
                        {freed.map(|f| (dt.whatif_cash)(&format::money(l, f, &currency.get_untracked()), n))}
                    </p>
                    <button type="button" class="btn small" data-testid="whatif-calculator" on:click=to_calculator>{dt.whatif_open_calculator}</button>
                })}
                {freed.map(|f| view! { <span class="visually-hidden" data-testid="whatif-cash" data-value=raw(f)></span> })}
            </div>
        }
    };

    let export_forecast = Signal::derive(move || ExportWhat::Forecast { reduce_days: reduce.get() });
    let export_lines = Signal::derive(move || ExportWhat::ExpectedPayments { reduce_days: reduce.get() });
    view! {
        <h2 class="section-title print-break" id="forecast">{move || d().forecast_title}</h2>
        <crate::ui::components::conversion::ConvertedNote selection />
        <div id="forecast-section" data-compute-ms=move || answer.with(|a| a.as_ref().map(|a| a.compute_ms.to_string()).unwrap_or_default())>
            {method}
            {whatif}
            {move || lost.get().then(|| view! { <p class="error" role="alert">{d().chart_failed}</p> })}
            <Chart
                testid="chart-forecast"
                title=Signal::derive(move || d().forecast_weeks_title.to_string())
                option=Signal::derive(move || built.with(|b| b.as_ref().map(|(o, _)| o.clone())))
                table=Signal::derive(move || built.with(|b| b.as_ref().map(|(_, t)| t.clone())))
                kind=Signal::derive(move || ValueKind::Money(currency.get()))
                missing=Signal::derive(move || answer.with(Option::is_some) && built.with(Option::is_none))
            />
            <ExportButtons name="forecast" label=|d| d.export_forecast what=export_forecast as_of selection />
            {tables}
            <ExportButtons name="expected-payments" label=|d| d.export_expected what=export_lines as_of selection />
            {backtest}
        </div>
    }
}
