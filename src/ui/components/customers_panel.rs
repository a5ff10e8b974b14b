//! Customers and their payment behaviour (kpi.md "Payer rating",
//! "Collection"): the 20 customers most overdue, then every customer in a
//! table sorted, searched and paged by the worker (a file of 50,000
//! customers sends 50 rows at a time), rated A to D with the thresholds
//! stated and editable, customers over their credit limit highlighted; a
//! customer opened shows its payment delays over 12 months.

use crate::charts::{self, ChartWords, ValueKind};
use crate::domain::analysis::behaviour::{CustomerRow, Rating, Thresholds};
use crate::domain::ledger::money::raw;
use crate::engine::{
    CustomerColumn, CustomerLine, CustomersAnswer, CustomersQuery, ExportWhat, Request, Response, Selection,
};
use crate::i18n::{dash_tr, Locale};
use crate::ui::components::chart::Chart;
use crate::ui::components::data_table::{Column, DataTable, PagerIds, Paging, RowView, Sorting, TableSearch};
use crate::ui::components::export_buttons::ExportButtons;
use crate::ui::engine::{ask_latest, ask_latest_settled};
use crate::ui::format;
use crate::ui::state::{AppState, Shared};
use chrono::NaiveDate;
use leptos::attr::any_attribute::IntoAnyAttribute;
use leptos::attr::custom::custom_attribute;
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::Arc;

/// Customers on one page of the table.
const PAGE_ROWS: usize = 50;

/// A rating as a coloured letter ("not rated" in grey).
fn rating_badge(l: Locale, r: Option<Rating>) -> impl IntoView {
    let d = dash_tr(l);
    match r {
        Some(r) => {
            view! { <span class=format!("rating rating-{}", r.letter()) data-rating=r.letter()>{r.letter()}</span> }
                .into_any()
        }
        None => view! { <span class="rating rating-none" data-rating="" title=d.not_rated_help>{d.not_rated}</span> }
            .into_any(),
    }
}

#[component]
pub fn CustomersPanel(
    #[prop(into)] as_of: Signal<NaiveDate>,
    #[prop(into)] selection: Signal<Selection>,
) -> impl IntoView {
    let state = AppState::expect();
    let d = move || dash_tr(state.locale.get());
    let thresholds = RwSignal::new(Thresholds::default());
    let sort = RwSignal::new((CustomerColumn::Overdue, true));
    let search = RwSignal::new(String::new());
    let first = RwSignal::new(0usize);
    let opened = RwSignal::new(None::<String>);
    let answer = RwSignal::new(None::<Shared<CustomersAnswer>>);
    let last = StoredValue::new(0u64);
    let waiting = StoredValue::new(None::<TimeoutHandle>);
    // What made the table last asked for (date, selection, thresholds, order, search).
    type TableKey = (NaiveDate, Selection, Thresholds, (CustomerColumn, bool), String);
    let asked = StoredValue::new(None::<TableKey>);
    let lost = RwSignal::new(false);
    let thresholds_invalid = RwSignal::new(false);
    Effect::new(move |_| {
        selection.track();
        as_of.track();
        search.track();
        sort.track();
        thresholds.track();
        first.set(0);
    });
    Effect::new(move |_| {
        let query = CustomersQuery {
            as_of: as_of.get(),
            selection: selection.get(),
            thresholds: thresholds.get(),
            sort: sort.get(),
            search: search.get(),
            first: first.get(),
            rows: PAGE_ROWS,
            delays_of: opened.get(),
        };
        // A page turned or a customer opened reads the table the worker
        // keeps: asked at once. Anything else waits for the inputs to settle.
        let table_key =
            (query.as_of, query.selection.clone(), query.thresholds.clone(), query.sort, query.search.clone());
        let same_table = asked.with_value(|k| k.as_ref() == Some(&table_key));
        asked.set_value(Some(table_key));
        let make = move |id| Request::Customers { id, query: Box::new(query) };
        let take = move |response| {
            if let Response::Customers { answer: a, .. } = response {
                answer.set(Some(Shared(Arc::new(*a))));
            }
        };
        if same_table {
            // A question still waiting for the same table is replaced by this one.
            if let Some(h) = waiting.try_update_value(Option::take).flatten() {
                h.clear();
            }
            ask_latest(last, lost, make, take);
        } else {
            ask_latest_settled(waiting, last, lost, make, take);
        }
    });
    let currency = Signal::derive(move || selection.with(|s| s.currency.clone()));
    // The three thresholds as typed: applied together once they read as
    // increasing days (one typed out of order is said, not half applied).
    let typed = RwSignal::new(["5".to_string(), "15".to_string(), "45".to_string()]);
    let set_threshold = move |which: usize, text: String| {
        typed.update(|t| t[which] = text);
        let values: Vec<Option<Decimal>> = typed
            .get_untracked()
            .iter()
            .map(|v| Decimal::from_str(v.trim().replace(',', ".").as_str()).ok().filter(|v| *v >= Decimal::ZERO))
            .collect();
        match values[..] {
            [Some(a), Some(b), Some(c)] if a <= b && b <= c => {
                thresholds_invalid.set(false);
                thresholds.set(Thresholds { a, b, c });
            }
            _ => thresholds_invalid.set(true),
        }
    };
    let threshold_input = move |which: usize, letter: &'static str| {
        let value = move || typed.with(|t| t[which].clone());
        view! {
            <label class="field inline">
                <span>{move || (d().threshold_of)(letter)}</span>
                <input
                    type="number"
                    min="0"
                    step="any"
                    class="rate"
                    data-testid=format!("threshold-{}", letter.to_lowercase())
                    prop:value=value
                    on:change=move |ev| set_threshold(which, event_target_value(&ev))
                />
            </label>
        }
    };

    let table = move || {
        let l = state.locale.get();
        let dt = dash_tr(l);
        let a = answer.get().filter(|a| a.unavailable.is_none())?;
        let on_sort = Callback::new(move |by| sort.set(by));
        let row: RowView<CustomerLine> = Box::new(|line, cells| {
            view! {
                <tr data-customer=line.customer_id.clone() class:over-limit=line.row.overrun.is_some()>{cells}</tr>
            }
            .into_any()
        });
        Some(view! {
            <DataTable
                locale=l
                testid="customers-table"
                class="customers"
                columns=columns(l, currency.get_untracked(), opened)
                rows=a.rows.clone()
                row
                sorting=Sorting { by: sort.get_untracked(), on_sort }
                paging=Paging {
                    first: first.get_untracked(),
                    page_rows: PAGE_ROWS,
                    total: a.total_rows,
                    on_page: Callback::new(move |n| first.set(n)),
                    label: dt.nav_customers.to_string(),
                    shown_text: dt.rows_of,
                    ids: PagerIds::named("customers"),
                }
                no_match="customers-no-match"
                attrs=vec![
                    custom_attribute("data-rows", a.total_rows.to_string()).into_any_attr(),
                    custom_attribute("data-compute-ms", a.compute_ms.to_string()).into_any_attr(),
                ]
            />
        })
    };

    let top = move || {
        let l = state.locale.get();
        let dt = dash_tr(l);
        let a = answer.get()?;
        let money = move |v: Decimal| format::money(l, v, &currency.get_untracked());
        (!a.top20_overdue.is_empty()).then(|| view! {
            <h3 class="subsection">{dt.top_overdue_title}</h3>
            <div class="table-wrap">
                <table data-testid="top-overdue">
                    <thead>
                        <tr>
                            <th scope="col">"#"</th>
                            <th scope="col">{dt.col_customer}</th>
                            <th scope="col">{dt.col_rating}</th>
                            <th scope="col" class="num">{dt.col_overdue}</th>
                            <th scope="col" class="num">{dt.col_open}</th>
                            <th scope="col" class="num">{dt.col_avg_late}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {a.top20_overdue.iter().enumerate().map(|(i, line)| view! {
                            <tr data-customer=line.customer_id.clone() class:over-limit=line.row.overrun.is_some()>
                                <td class="num">{i + 1}</td>
                                <th scope="row" class="customer">{line.label.clone()}</th>
                                <td>{rating_badge(l, line.row.rating)}</td>
                                <td class="num total" data-value=raw(line.row.overdue)>{money(line.row.overdue)}</td>
                                <td class="num" data-value=raw(line.row.open)>{money(line.row.open)}</td>
                                <td class="num" data-value=line.row.avg_days_late.map(raw).unwrap_or_default()>
                                    {line.row.avg_days_late.map(|v| format::days(l, v)).unwrap_or_else(|| "—".into())}
                                    {line.row.company_figures.then_some("*")}
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })
    };

    let company = move || {
        let l = state.locale.get();
        let dt = dash_tr(l);
        let a = answer.get()?;
        if let Some(u) = a.unavailable {
            let date = move |day| format::date(l, day);
            let why = format!(
                "{}{}{}",
                crate::i18n::tr(l).unavailable,
                l.colon(),
                (crate::i18n::tr(l).unavailable_reason)(&u, &date)
            );
            return Some(view! { <p class="warn" data-testid="customers-unavailable">{why}</p> }.into_any());
        }
        let c = &a.company;
        let days = |v: Option<Decimal>| v.map(|v| format::days(l, v)).unwrap_or_else(|| "—".into());
        Some(
            view! {
                <p class="muted" data-testid="customers-company">
                    {(dt.company_behaviour)(&days(c.avg_days_late), &days(c.median_days_late), &days(c.spread))}
                    {(a.over_limit_count > 0).then(|| format!(" {}", (dt.over_limit_count)(a.over_limit_count)))}
                </p>
            }
            .into_any(),
        )
    };

    // The opened customer's payment delays.
    let delays_chart = Memo::new(move |_| {
        let l = state.locale.get();
        let dt = dash_tr(l);
        answer.with(|a| {
            let points = a.as_ref()?.delays.as_ref()?;
            let words = ChartWords {
                category: dt.month,
                series: vec![dt.col_avg_late.to_string(), dt.settled_count.to_string()],
            };
            let (c, t) = charts::delays_chart(points, &words);
            Some((c.to_string(), t))
        })
    });
    let delays = move || {
        let code = opened.get()?;
        let label = answer
            .with(|a| {
                a.as_ref().and_then(|a| {
                    a.rows.iter().chain(&a.top20_overdue).find(|l| l.customer_id == code).map(|l| l.label.clone())
                })
            })
            .unwrap_or(code);
        Some(view! {
            <Chart
                testid="chart-customer-delays"
                title=Signal::derive(move || (dash_tr(state.locale.get()).delays_title)(&label))
                option=Signal::derive(move || delays_chart.with(|b| b.as_ref().map(|(o, _)| o.clone())))
                table=Signal::derive(move || delays_chart.with(|b| b.as_ref().map(|(_, t)| t.clone())))
                kind=Signal::derive(|| ValueKind::Days)
                height=220
            />
        })
    };

    let export_what = Signal::derive(move || ExportWhat::Customers {
        thresholds: thresholds.get(),
        sort: sort.get(),
        search: search.get(),
    });
    view! {
        <h2 class="section-title print-break" id="customers">{move || d().customers_title}</h2>
        <crate::ui::components::conversion::ConvertedNote selection />
        <div id="customers-section">
            <p class="muted">{move || {
                let t = thresholds.get();
                let l = state.locale.get();
                let n = |v: Decimal| format::number_upto(l, v, 1);
                (d().rating_rule)(&n(t.a), &n(t.b), &n(t.c))
            }}</p>
            <div class="aged-controls">
                {threshold_input(0, "A")}
                {threshold_input(1, "B")}
                {threshold_input(2, "C")}
            </div>
            {move || thresholds_invalid.get().then(|| view! { <p class="error" role="alert" data-testid="threshold-error">{d().threshold_invalid}</p> })}
            {company}
            {top}
            <div class="no-print">
            <h3 class="subsection">{move || d().all_customers}</h3>
            <div class="aged-controls">
                <TableSearch testid="customers-search" search />
            </div>
            <ExportButtons name="customers" label=|d| d.export_customers what=export_what as_of selection />
            {table}
            <p class="muted small">{move || d().fallback_note}</p>
            {delays}
            </div>
        </div>
        {move || lost.get().then(|| view! { <p class="error" role="alert">{d().chart_failed}</p> })}
    }
}

/// The table's columns: each one's title, what it sorts by, its cells. The
/// figures that are the company's (a customer with too few settled
/// invoices) are greyed, the average days late marked with a star.
fn columns(l: Locale, currency: String, opened: RwSignal<Option<String>>) -> Vec<Column<CustomerLine, CustomerColumn>> {
    let d = dash_tr(l);
    // A figure: its value, written as money, days or a percent.
    let figure = |title: &'static str, key, value: fn(&CustomerRow) -> Option<Decimal>, shown: Shown| {
        let currency = currency.clone();
        Column::new(title, move |line: &CustomerLine| {
            let r = &line.row;
            let v = value(r);
            let fallback = shown.is_behaviour() && r.company_figures;
            let text = match (v, shown) {
                (None, Shown::Money) => String::new(),
                (None, _) => "—".to_string(),
                (Some(v), Shown::Money) => format::money(l, v, &currency),
                (Some(v), Shown::Days | Shown::StarredDays) => format::days(l, v),
                (Some(v), Shown::Percent) => format::percent(l, v),
                (Some(v), Shown::Change) => signed_days(l, v),
            };
            let star = (fallback && shown == Shown::StarredDays).then_some("*");
            view! { <td class="num" class:fallback=fallback data-value=v.map(raw).unwrap_or_default()>{text}{star}</td> }
                .into_any()
        })
        .numeric()
        .sorts(key)
    };
    vec![
        // A customer's name opens (or closes) its payment delays chart.
        Column::new(d.col_customer, move |line: &CustomerLine| {
            let code = line.customer_id.clone();
            let is_open = {
                let code = code.clone();
                move || opened.with(|o| o.as_deref() == Some(code.as_str())).to_string()
            };
            let toggle = move |_| {
                opened.update(|o| *o = if o.as_deref() == Some(code.as_str()) { None } else { Some(code.clone()) })
            };
            view! {
                <th scope="row" class="customer">
                    <button type="button" class="expand" aria-expanded=is_open on:click=toggle>
                        {line.label.clone()}
                    </button>
                </th>
            }
            .into_any()
        })
        .sorts(CustomerColumn::Customer),
        Column::new(d.col_rating, move |line: &CustomerLine| {
            view! { <td>{rating_badge(l, line.row.rating)}</td> }.into_any()
        })
        .sorts(CustomerColumn::Rating)
        .descending_first(),
        figure(d.col_open, CustomerColumn::Open, |r| Some(r.open), Shown::Money),
        figure(d.col_overdue, CustomerColumn::Overdue, |r| Some(r.overdue), Shown::Money),
        figure(d.col_avg_late, CustomerColumn::AvgDaysLate, |r| r.avg_days_late, Shown::StarredDays),
        figure(d.col_median_late, CustomerColumn::MedianDaysLate, |r| r.median_days_late, Shown::Days),
        figure(d.col_spread, CustomerColumn::Spread, |r| r.spread, Shown::Days),
        figure(d.col_on_time, CustomerColumn::OnTimeRate, |r| r.on_time_rate, Shown::Percent),
        figure(d.col_adp, CustomerColumn::Adp, |r| r.adp, Shown::Days),
        figure(d.col_trend, CustomerColumn::Trend, |r| r.trend, Shown::Change),
        figure(d.col_limit, CustomerColumn::CreditLimit, |r| r.credit_limit, Shown::Money),
        figure(d.col_overrun, CustomerColumn::Overrun, |r| r.overrun, Shown::Money),
        Column::new(d.col_open_invoices, move |line: &CustomerLine| {
            let n = line.row.open_invoices;
            view! { <td class="num" data-value=n.to_string()>{format::count(l, n.into())}</td> }.into_any()
        })
        .numeric()
        .sorts(CustomerColumn::OpenInvoices),
    ]
}

/// How a column of the customers table writes its figure.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// An amount (none: an empty cell).
    Money,
    /// Days of the payment behaviour (none: "—").
    Days,
    /// The same, marked "*" when the figures are the company's.
    StarredDays,
    Percent,
    /// A change in days, signed ("+3", "−2").
    Change,
}

impl Shown {
    /// A figure of the payment behaviour: the company's for a customer
    /// with too few settled invoices.
    fn is_behaviour(self) -> bool {
        matches!(self, Shown::Days | Shown::StarredDays | Shown::Percent | Shown::Change)
    }
}

/// Days with their sign: "+3 j" paying later, "−2 j" sooner.
fn signed_days(l: Locale, v: Decimal) -> String {
    let s = format::days(l, v.abs());
    if v > Decimal::ZERO {
        format!("+{s}")
    } else if v < Decimal::ZERO {
        format!("−{s}")
    } else {
        s
    }
}
