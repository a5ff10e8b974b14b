//! The dashboard's charts: one question to the worker for every series
//! (flows, aged balance bars, overdue evolution, payment days, trend),
//! sent again when the selection, date, period or aged balance settings
//! change; each chart's option is built by `crate::charts`.

use crate::charts::{self, ChartTable, ChartWords, ValueKind};
use crate::domain::analysis::kpi::aging::{AgeBasis, Buckets, GroupBy};
use crate::domain::analysis::kpi::{Period, Unavailable};
use crate::engine::{ChartsAnswer, ChartsQuery, Request, Response, Selection};
use crate::i18n::{dash_tr, fig_tr, tr};
use crate::ui::components::aged_balance_table::bucket_labels;
use crate::ui::components::chart::Chart;
use crate::ui::components::conversion::ConvertedNote;
use crate::ui::engine::ask_latest_settled;
use crate::ui::format;
use crate::ui::state::{AppState, Shared};
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use std::sync::Arc;

/// A chart's option and table, or nothing yet.
type Built = Option<(String, ChartTable)>;

/// Whether a trend has two points or more to draw for one of `names` (a
/// snapshot file has its figures at its own date only: said, not drawn).
fn has_points(trend: &crate::domain::analysis::kpi::trend::Trend, names: &[&str]) -> bool {
    names.iter().any(|n| trend.series(n).is_some_and(|s| s.iter().filter(|f| f.is_ok()).count() >= 2))
}

/// Why a trend of `names` cannot be drawn: the reason of its points (the
/// oldest month end's first: the past is what a trend lacks); `None` when
/// it can be drawn.
fn trend_reason(trend: &crate::domain::analysis::kpi::trend::Trend, names: &[&str]) -> Option<Unavailable> {
    if has_points(trend, names) {
        return None;
    }
    let mut reasons = names.iter().filter_map(|n| trend.series(n)).flat_map(|s| s.into_iter().filter_map(Result::err));
    Some(reasons.next().unwrap_or(Unavailable::NoHistory))
}

/// The dashboard's charts, in the page's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Flows,
    Aged,
    OverdueDays,
    OverdueMonths,
    PaymentDays,
    DsoTrend,
    CeiTrend,
}

impl Which {
    const ALL: [Which; 7] = [
        Which::Flows,
        Which::Aged,
        Which::OverdueDays,
        Which::OverdueMonths,
        Which::PaymentDays,
        Which::DsoTrend,
        Which::CeiTrend,
    ];

    /// Why the answer cannot draw this chart (`None`: it can).
    fn reason(self, a: &ChartsAnswer) -> Option<Unavailable> {
        match self {
            Which::Flows => a.flows.as_ref().err().copied(),
            Which::Aged => a.aged.as_ref().err().copied(),
            Which::OverdueDays | Which::OverdueMonths => a.overdue.as_ref().err().copied(),
            Which::PaymentDays => a.payment_days.as_ref().err().copied(),
            Which::DsoTrend => trend_reason(&a.trend, &DSO_TREND),
            Which::CeiTrend => trend_reason(&a.trend, &["cei"]),
        }
    }
}

/// The figures the DSO trend chart draws.
const DSO_TREND: [&str; 4] = ["dso_standard", "dso_countback", "bpdso", "ddso"];

#[component]
pub fn ChartsPanel(
    #[prop(into)] as_of: Signal<NaiveDate>,
    #[prop(into)] period: Signal<Period>,
    #[prop(into)] selection: Signal<Selection>,
    #[prop(into)] group_by: Signal<GroupBy>,
    #[prop(into)] buckets: Signal<Buckets>,
    #[prop(into)] basis: Signal<AgeBasis>,
    /// The latest answer, shared with the figures' sparklines.
    answer: RwSignal<Option<Shared<ChartsAnswer>>>,
) -> impl IntoView {
    let state = AppState::expect();
    let d = move || dash_tr(state.locale.get());
    let last = StoredValue::new(0u64);
    let waiting = StoredValue::new(None::<TimeoutHandle>);
    let lost = RwSignal::new(false);
    Effect::new(move |_| {
        let query = ChartsQuery {
            as_of: as_of.get(),
            period: period.get(),
            selection: selection.get(),
            group_by: group_by.get(),
            buckets: buckets.get(),
            basis: basis.get(),
            top: 10,
        };
        ask_latest_settled(
            waiting,
            last,
            lost,
            move |id| Request::Charts { id, query },
            move |response| {
                if let Response::Charts { answer: a, .. } = response {
                    answer.set(Some(Shared(Arc::new(*a))));
                }
            },
        );
    });
    let currency = Signal::derive(move || selection.with(|s| s.currency.clone()));
    let money = Signal::derive(move || ValueKind::Money(currency.get()));
    // Builds a chart from the answer when its series is there.
    let build = move |f: fn(&ChartsAnswer, crate::i18n::Locale) -> Built| {
        Memo::new(move |_| {
            let l = state.locale.get();
            answer.with(|a| a.as_ref().and_then(|a| f(a, l)))
        })
    };
    let flows = build(|a, l| {
        let d = dash_tr(l);
        let words = ChartWords { category: d.month, series: d.flows_series.iter().map(|s| s.to_string()).collect() };
        a.flows.as_ref().ok().map(|f| {
            let (c, t) = charts::flows_chart(f, &words);
            (c.to_string(), t)
        })
    });
    let aged = build(|a, l| {
        let d = dash_tr(l);
        let t = tr(l);
        let bars = a.aged.as_ref().ok()?;
        let mut series = bucket_labels(t, &bars.buckets);
        series.push(d.total.to_string());
        let labels: Vec<String> = bars
            .bars
            .iter()
            .map(|b| match (&b.group, &b.label) {
                (None, _) => d.others.to_string(),
                (Some(_), Some(label)) => label.clone(),
                (Some(_), None) => t.aged_no_label.to_string(),
            })
            .collect();
        let words = ChartWords { category: "", series };
        let (c, table) = charts::aged_chart(bars, &labels, &words);
        Some((c.to_string(), table))
    });
    let overdue_days = build(|a, l| {
        let d = dash_tr(l);
        let words = ChartWords { category: d.day, series: vec![d.overdue_amount.to_string()] };
        let o = a.overdue.as_ref().ok()?;
        let (c, t) = charts::overdue_days_chart(o, |day| format::date(l, day), &words);
        Some((c.to_string(), t))
    });
    let overdue_months = build(|a, l| {
        let d = dash_tr(l);
        let o = a.overdue.as_ref().ok()?;
        let words = ChartWords { category: d.month, series: vec![(o.year - 1).to_string(), o.year.to_string()] };
        let months: Vec<String> = d.months.iter().map(|m| m.to_string()).collect();
        let (c, t) = charts::overdue_months_chart(o, &months, &words);
        Some((c.to_string(), t))
    });
    let payment_days = build(|a, l| {
        let d = dash_tr(l);
        let words = ChartWords { category: d.day, series: vec![d.payments_count.to_string()] };
        let p = a.payment_days.as_ref().ok()?;
        let (c, t) = charts::payment_days_chart(p, &words);
        Some((c.to_string(), t))
    });
    let dso_trend = build(|a, l| {
        let d = dash_tr(l);
        let names = DSO_TREND;
        if !has_points(&a.trend, &names) {
            return None;
        }
        let words =
            ChartWords { category: d.month_end, series: names.iter().map(|n| (tr(l).kpi)(n).0.to_string()).collect() };
        let (c, t) = charts::trend_chart(&a.trend, &names, |day| format::date(l, day), &words);
        Some((c.to_string(), t))
    });
    let cei_trend = build(|a, l| {
        let d = dash_tr(l);
        if !has_points(&a.trend, &["cei"]) {
            return None;
        }
        let words = ChartWords { category: d.month_end, series: vec![(tr(l).kpi)("cei").0.to_string()] };
        let (c, t) = charts::trend_chart(&a.trend, &["cei"], |day| format::date(l, day), &words);
        Some((c.to_string(), t))
    });
    let option = move |m: Memo<Built>| Signal::derive(move || m.with(|b| b.as_ref().map(|(o, _)| o.clone())));
    let table = move |m: Memo<Built>| Signal::derive(move || m.with(|b| b.as_ref().map(|(_, t)| t.clone())));
    let year = Signal::derive(move || as_of.get().year());
    let missing = move |m: Memo<Built>| Signal::derive(move || answer.with(Option::is_some) && m.with(Option::is_none));
    // The charts the answer cannot draw, with why: listed in one notice,
    // their frames left out (a file without payment history has five).
    let not_drawn = Memo::new(move |_| {
        answer.with(|a| {
            a.as_ref()
                .map(|a| Which::ALL.iter().filter_map(|w| w.reason(a).map(|r| (*w, r))).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let drawn = move |w: Which| Memo::new(move |_| not_drawn.with(|n| !n.iter().any(|(x, _)| *x == w)));
    let title_of = move |w: Which, l: crate::i18n::Locale| -> String {
        let d = dash_tr(l);
        match w {
            Which::Flows => d.chart_flows.to_string(),
            Which::Aged => (d.chart_aged)((tr(l).group_by_name)(group_by.get())),
            Which::OverdueDays => d.chart_overdue_days.to_string(),
            Which::OverdueMonths => (d.chart_overdue_months)(as_of.get().year()),
            Which::PaymentDays => d.chart_payment_days.to_string(),
            Which::DsoTrend => d.chart_dso_trend.to_string(),
            Which::CeiTrend => d.chart_cei_trend.to_string(),
        }
    };
    let notice = move || {
        let l = state.locale.get();
        let list = not_drawn.get();
        let mut reasons: Vec<Unavailable> = Vec::new();
        for (_, r) in &list {
            if !reasons.contains(r) {
                reasons.push(*r);
            }
        }
        reasons
            .into_iter()
            .map(|r| {
                let charts: Vec<String> = list.iter().filter(|(_, x)| *x == r).map(|(w, _)| title_of(*w, l)).collect();
                let date = move |day| format::date(l, day);
                let reason = (tr(l).unavailable_reason)(&r, &date);
                let text = (fig_tr(l).charts_not_drawn)(&reason, &charts);
                view! { <p class="notice" role="status" data-testid="charts-not-drawn">{text}</p> }
            })
            .collect_view()
    };
    let (flows_on, aged_on, days_on, months_on, payments_on, dso_on, cei_on) = (
        drawn(Which::Flows),
        drawn(Which::Aged),
        drawn(Which::OverdueDays),
        drawn(Which::OverdueMonths),
        drawn(Which::PaymentDays),
        drawn(Which::DsoTrend),
        drawn(Which::CeiTrend),
    );
    view! {
        <h2 class="section-title print-break" id="charts">{move || d().charts_title}</h2>
        <p class="muted">{move || d().charts_intro}</p>
        <ConvertedNote selection />
        {move || lost.get().then(|| view! { <p class="error" role="alert">{(tr(state.locale.get()).msg)(&crate::i18n::Msg::NoFile)}</p> })}
        {notice}
        <div class="chart-grid" data-testid="charts" data-compute-ms=move || answer.with(|a| a.as_ref().map(|a| a.compute_ms.to_string()).unwrap_or_default())>
            {move || flows_on.get().then(|| view! {
                <Chart testid="chart-flows" title=Signal::derive(move || d().chart_flows.to_string()) option=option(flows) table=table(flows) missing=missing(flows) kind=money />
            })}
            {move || aged_on.get().then(|| view! {
                <Chart
                    testid="chart-aged"
                    title=Signal::derive(move || (d().chart_aged)((tr(state.locale.get()).group_by_name)(group_by.get())))
                    option=option(aged)
                    table=table(aged) missing=missing(aged)
                    kind=money
                />
            })}
            {move || days_on.get().then(|| view! {
                <Chart testid="chart-overdue-days" title=Signal::derive(move || d().chart_overdue_days.to_string()) option=option(overdue_days) table=table(overdue_days) missing=missing(overdue_days) kind=money />
            })}
            {move || months_on.get().then(|| view! {
                <Chart
                    testid="chart-overdue-months"
                    title=Signal::derive(move || (d().chart_overdue_months)(year.get()))
                    option=option(overdue_months)
                    table=table(overdue_months) missing=missing(overdue_months)
                    kind=money
                />
            })}
            {move || payments_on.get().then(|| view! {
                <Chart
                    testid="chart-payment-days"
                    title=Signal::derive(move || d().chart_payment_days.to_string())
                    option=option(payment_days)
                    table=table(payment_days) missing=missing(payment_days)
                    kind=Signal::derive(|| ValueKind::Count)
                />
            })}
            {move || dso_on.get().then(|| view! {
                <Chart
                    testid="chart-dso-trend"
                    title=Signal::derive(move || d().chart_dso_trend.to_string())
                    option=option(dso_trend)
                    table=table(dso_trend) missing=missing(dso_trend)
                    kind=Signal::derive(|| ValueKind::Days)
                />
            })}
            {move || cei_on.get().then(|| view! {
                <Chart
                    testid="chart-cei-trend"
                    title=Signal::derive(move || d().chart_cei_trend.to_string())
                    option=option(cei_trend)
                    table=table(cei_trend) missing=missing(cei_trend)
                    kind=Signal::derive(|| ValueKind::Percent)
                />
            })}
        </div>
    }
}
