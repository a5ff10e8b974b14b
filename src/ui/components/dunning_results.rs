//! With a file analysed: the penalties due at the as-of date, the plans
//! simulated on the open invoices (summary, workload per week, the
//! calendar of actions with their messages, exports), and the actions of
//! the as-of date ready to send from the user's own mail app.

use crate::domain::analysis::kpi::{Unavailable, Unit};
use crate::domain::dunning::limits::{Limit, OutOfRange};
use crate::domain::dunning::penalties::default_rate;
use crate::domain::dunning::plan::Channel;
use crate::domain::dunning::render::{mailto, sms, tel};
use crate::domain::dunning::simulate::{Schedule, Settings};
use crate::domain::dunning::store::{Mark, Store};
use crate::domain::export::dunning::ActionLine;
use crate::domain::lang::Lang;
use crate::domain::ledger::money::raw;
use crate::engine::{DunningAnswer, DunningQuery, ExportFormat, LateLine, Request, Response, Selection};
use crate::i18n::dunning_tr;
use crate::ui::components::data_table::{Column, DataTable, PagerIds, Paging, RowView};
use crate::ui::components::kpi_card::KpiCard;
use crate::ui::download::download;
use crate::ui::engine::{self, ask_latest};
use crate::ui::format;
use crate::ui::state::{AppState, Shared};
use chrono::NaiveDate;
use leptos::prelude::*;
use std::sync::Arc;

/// Actions shown per page of the calendar.
const PAGE: usize = 50;
/// Late invoices listed.
const LATE_ROWS: usize = 20;

#[component]
pub fn DunningResults(
    store: RwSignal<Store>,
    /// The letter the print view shows.
    letter: RwSignal<Option<ActionLine>>,
) -> impl IntoView {
    let state = AppState::expect();
    let d = move || dunning_tr(state.locale.get());
    let first = RwSignal::new(0usize);
    let answer = RwSignal::new(None::<Shared<DunningAnswer>>);
    let refused = RwSignal::new(None::<OutOfRange>);
    let lost = RwSignal::new(false);
    let last = StoredValue::new(0u64);
    let exporting = RwSignal::new(false);

    let query = Memo::new(move |_| {
        let as_of = state.as_of.get();
        let s = store.get();
        DunningQuery {
            as_of,
            selection: Selection { currency: state.file_currency.get(), ..Selection::default() },
            history: s.history(),
            plans: s.plans,
            assignment: s.assignment,
            settings: Settings {
                rate: s.settings.rate.unwrap_or_else(|| default_rate(as_of).rate),
                horizon_days: s.settings.horizon_days,
                working_days_only: s.settings.working_days_only,
                thresholds: s.settings.thresholds,
                contact: s.settings.contact,
                company: s.settings.company,
                lang: Lang::from(state.locale.get()),
            },
            first: 0,
            rows: PAGE,
            late_rows: LATE_ROWS,
        }
    });
    // A new query starts at the first page.
    Effect::new(move |_| {
        query.track();
        first.set(0);
    });
    Effect::new(move |_| {
        let q = DunningQuery { first: first.get(), ..query.get() };
        ask_latest(
            last,
            lost,
            move |id| Request::Dunning { id, query: Box::new(q) },
            move |response| {
                match response {
                    Response::Dunning { answer: Ok(a), .. } => {
                        let _ = refused.try_set(None);
                        let _ = answer.try_set(Some(Shared(Arc::new(*a))));
                    }
                    // A number the worker refused (out of its bounds): said, nothing shown for it.
                    Response::Dunning { answer: Err(e), .. } => {
                        let _ = refused.try_set(Some(e));
                        let _ = answer.try_set(None);
                    }
                    _ => {}
                }
            },
        );
    });
    let export = move |format: ExportFormat| {
        exporting.set(true);
        let q = query.get_untracked();
        let _ = engine::ask(
            move |id| Request::DunningExport { id, query: Box::new(q), format },
            move |response| {
                let _ = exporting.try_set(false);
                if let Response::Export { name, mime, text, .. } = response {
                    let _ = download(&name, &mime, &text);
                }
            },
        );
    };
    let figure = move |name: &'static str| {
        Signal::derive(move || {
            answer.with(|a| match a {
                Some(a) if name == "penalties_due" => Ok(a.penalties_due),
                Some(a) => Ok(a.recovery_indemnities),
                None => Err(Unavailable::ZeroDenominator),
            })
        })
    };
    let currency = Signal::derive(move || state.file_currency.get());
    let on_as_of = move |ev: leptos::ev::Event| {
        if let Ok(date) = NaiveDate::parse_from_str(&event_target_value(&ev), "%Y-%m-%d") {
            state.as_of.set(date);
        }
    };
    view! {
        <div class="card" data-testid="dunning-penalties">
            <h2>{move || d().penalties_title}</h2>
            <label class="field as-of">
                <span>{move || d().as_of}</span>
                <input
                    type="date"
                    data-testid="as-of"
                    prop:value=move || state.as_of.get().format("%Y-%m-%d").to_string()
                    on:change=on_as_of
                />
            </label>
            <p class="muted">{move || (d().penalties_lead)(&format::number_upto(state.locale.get(), query.with(|q| q.settings.rate), 2))}</p>
            {move || lost.get().then(|| view! { <p class="warn" role="alert">{d().lost}</p> })}
            {move || {
                refused
                    .get()
                    .map(|e| {
                        let text = (d().simulation_refused)(&(d().out_of_range)(&e));
                        view! { <p class="warn" role="alert" data-testid="dunning-refused">{text}</p> }
                    })
            }}
            <div class="kpi-grid">
                <KpiCard name="penalties_due" figure=figure("penalties_due") unit=Unit::Money currency />
                // In euros whatever the file's currency (Code de commerce L441-10).
                <KpiCard name="recovery_indemnities" figure=figure("recovery_indemnities") unit=Unit::Money currency=Signal::derive(|| "EUR".to_string()) />
            </div>
            {move || answer.get().map(|a| late_table(a, state.locale.get()))}
        </div>
        <div class="card" data-testid="dunning-simulation">
            <h2>{move || d().sim_title}</h2>
            <p class="muted">{move || d().sim_lead}</p>
            {move || match answer.get() {
                None => view! { <p class="muted">{d().computing}</p> }.into_any(),
                Some(a) => simulation(a, first, state.locale.get()).into_any(),
            }}
            <div class="actions">
                <button type="button" class="btn" data-testid="dunning-export-csv" disabled=move || exporting.get() on:click=move |_| export(ExportFormat::Csv)>
                    {move || d().export_csv}
                </button>
                <button type="button" class="btn" data-testid="dunning-export-ics" disabled=move || exporting.get() on:click=move |_| export(ExportFormat::Ics)>
                    {move || d().export_ics}
                </button>
            </div>
        </div>
        <div class="card" data-testid="dunning-today">
            <h2>{move || d().today_title}</h2>
            <p class="muted">{move || d().today_lead}</p>
            {move || answer.get().map(|a| today(a, state.locale.get(), store, state.as_of.get_untracked(), letter))}
        </div>
        <Schedules store answer />
    }
}

/// The late invoices, the largest penalties first.
fn late_table(a: Shared<DunningAnswer>, l: crate::i18n::Locale) -> impl IntoView {
    let d = dunning_tr(l);
    let money = {
        let a = a.clone();
        move |v| format::money(l, v, &a.currency)
    };
    let columns: Vec<Column<LateLine, ()>> = vec![
        Column::text(d.col_invoice, |x: &LateLine| x.invoice.clone()),
        Column::text(d.col_customer, |x: &LateLine| x.customer.clone()),
        Column::text(d.col_due, move |x: &LateLine| format::date(l, x.due_date)),
        Column::text(d.col_days_late, |x: &LateLine| x.days_late.to_string()).numeric(),
        Column::text(d.col_open, {
            let money = money.clone();
            move |x: &LateLine| money(x.open)
        })
        .numeric(),
        Column::new(d.col_interest, move |x: &LateLine| {
            view! { <td class="num" data-value=x.interest.to_string()>{money(x.interest)}</td> }.into_any()
        })
        .numeric(),
    ];
    view! {
        <p class="muted" data-testid="late-count" data-count=a.late_count>{(d.late_shown)(a.late.len(), a.late_count)}</p>
        <DataTable locale=l testid="late-invoices" class="late-table" columns rows=a.late.clone() />
    }
}

/// The summary, the workload per week and a page of the calendar.
fn simulation(a: Shared<DunningAnswer>, first: RwSignal<usize>, l: crate::i18n::Locale) -> impl IntoView {
    let d = dunning_tr(l);
    let left = a.left;
    let notes: Vec<String> = [
        (left.no_plan, d.left_no_plan),
        (left.disputed, d.left_disputed),
        (left.below_minimum, d.left_below),
        (left.other_rating, d.left_rating),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, f)| f(n))
    .collect();
    let total = a.actions_total;
    let weeks = a.weeks.iter().filter(|w| w.total.actions > 0).cloned().collect::<Vec<_>>();
    let channels: Vec<Channel> = {
        let mut c: Vec<Channel> = weeks.iter().flat_map(|w| w.by_channel.iter().map(|(c, _)| *c)).collect();
        c.sort();
        c.dedup();
        c
    };
    let performers: Vec<crate::domain::dunning::plan::Performer> = {
        let mut p: Vec<_> = weeks.iter().flat_map(|w| w.by_performer.iter().map(|(p, _)| *p)).collect();
        p.sort();
        p.dedup();
        p
    };
    let money = {
        let currency = a.currency.clone();
        move |v| format::money(l, v, &currency)
    };
    let e = a.effect.clone();
    view! {
        <h3>{d.effect_title}</h3>
        <dl class="effect" data-testid="dunning-effect" data-without=raw(e.without_plan) data-with=raw(e.with_plan)>
            <div><dt>{d.effect_without}</dt><dd>{money(e.without_plan)}</dd></div>
            <div><dt>{d.effect_with}</dt><dd>{money(e.with_plan)}</dd></div>
            <div><dt>{d.effect_extra}</dt><dd data-testid="effect-extra">{money(e.extra)}</dd></div>
            <div>
                <dt>{d.effect_dso}</dt>
                <dd data-testid="effect-dso" data-value=e.dso_change.map(raw).unwrap_or_default()>
                    {match e.dso_change {
                        Some(v) => format::days(l, v),
                        None => "—".to_string(),
                    }}
                </dd>
            </div>
        </dl>
        {e.dso_change.is_none().then(|| view! { <p class="muted">{d.effect_no_sales}</p> })}
        <p class="muted small">{(d.effect_model)(e.company_days_late, crate::domain::dunning::simulate::RESPONSE_DAYS)}</p>
        <p data-testid="sim-summary" data-actions=total data-open=a.open_invoices>{(d.sim_summary)(a.open_invoices, a.customers_with_plan, total)}</p>
        <ul class="notes">{notes.into_iter().map(|n| view! { <li class="muted">{n}</li> }).collect_view()}</ul>
        <p class="muted">{(d.rated)(&a.rated)}</p>
        <h3>{d.workload}</h3>
        <div class="table-wrap">
            <table class="workload" data-testid="workload">
                <thead>
                    <tr>
                        <th scope="col">{d.col_date}</th>
                        {channels.iter().map(|c| view! { <th scope="col" class="num">{(d.channel)(*c)}</th> }).collect_view()}
                        <th scope="col" class="num">{d.col_actions}</th>
                        <th scope="col" class="num">{d.col_time}</th>
                    </tr>
                </thead>
                <tbody>
                    {weeks
                        .iter()
                        .map(|w| {
                            view! {
                                <tr data-week=w.monday.to_string() data-actions=w.total.actions data-minutes=w.total.minutes>
                                    <th scope="row">{(d.week_of)(&format::date(l, w.monday))}</th>
                                    {channels
                                        .iter()
                                        .map(|c| {
                                            let n = w.by_channel.iter().find(|(x, _)| x == c).map_or(0, |(_, load)| load.actions);
                                            view! { <td class="num">{n}</td> }
                                        })
                                        .collect_view()}
                                    <td class="num">{w.total.actions}</td>
                                    <td class="num">{(d.hours)(w.total.minutes)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <h3>{d.workload_by_role}</h3>
        <div class="table-wrap">
            <table class="workload" data-testid="workload-roles">
                <thead>
                    <tr>
                        <th scope="col">{d.col_date}</th>
                        {performers.iter().map(|p| view! { <th scope="col" class="num">{(d.performer)(*p)}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {weeks
                        .iter()
                        .map(|w| {
                            view! {
                                <tr data-week=w.monday.to_string()>
                                    <th scope="row">{(d.week_of)(&format::date(l, w.monday))}</th>
                                    {performers
                                        .iter()
                                        .map(|p| {
                                            let load = w.by_performer.iter().find(|(x, _)| x == p).map(|(_, load)| *load).unwrap_or_default();
                                            view! {
                                                <td class="num" data-actions=load.actions data-minutes=load.minutes>
                                                    {format!("{} · {}", load.actions, (d.hours)(load.minutes))}
                                                </td>
                                            }
                                        })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <h3>{d.calendar}</h3>
        {if total == 0 {
            view! { <p class="muted" data-testid="no-actions">{d.no_actions}</p> }.into_any()
        } else {
            let paging = Paging {
                first: first.get_untracked(),
                page_rows: PAGE,
                total,
                on_page: Callback::new(move |n| first.set(n)),
                label: d.calendar.to_string(),
                shown_text: d.rows_of,
                ids: PagerIds {
                    pager: "calendar-pager".into(),
                    previous: "calendar-previous".into(),
                    next: "calendar-next".into(),
                    shown: "calendar-rows".into(),
                },
            };
            let row: RowView<ActionLine> = Box::new(|x, cells| {
                view! { <tr data-date=x.date.to_string() data-channel=format!("{:?}", x.channel)>{cells}</tr> }.into_any()
            });
            view! {
                <DataTable
                    locale=l
                    testid="calendar"
                    class="calendar"
                    columns=calendar_columns(l, &a.currency)
                    rows=a.actions.clone()
                    row
                    paging
                />
            }
            .into_any()
        }}
    }
}

/// The calendar's columns: when, who, what, by which channel (its message
/// folded), and the amounts.
fn calendar_columns(l: crate::i18n::Locale, currency: &str) -> Vec<Column<ActionLine, ()>> {
    let d = dunning_tr(l);
    let money = {
        let currency = currency.to_string();
        move |v| format::money(l, v, &currency)
    };
    vec![
        Column::new(d.col_date, move |x: &ActionLine| {
            view! {
                <td>
                    {format::date(l, x.date)}
                    {x.catch_up.then(|| view! { " " <span class="badge" title=d.catch_up_help>{d.catch_up}</span> })}
                </td>
            }
            .into_any()
        }),
        Column::text(d.col_customer, |x: &ActionLine| x.customer.clone()),
        Column::text(d.col_invoice, |x: &ActionLine| x.invoices.join(", ")),
        Column::text(d.col_step, |x: &ActionLine| format!("{} · {}", x.plan, x.step)),
        Column::new(d.channel_label, move |x: &ActionLine| {
            view! {
                <td>
                    <details class="message">
                        <summary>{(d.channel)(x.channel)}</summary>
                        <p class="message-subject"><strong>{x.subject.clone()}</strong></p>
                        <pre class="message-body">{x.body.clone()}</pre>
                    </details>
                </td>
            }
            .into_any()
        }),
        Column::text(d.col_days_late, |x: &ActionLine| x.days_late.max(0).to_string()).numeric(),
        Column::text(d.col_amount, {
            let money = money.clone();
            move |x: &ActionLine| money(x.amount)
        })
        .numeric(),
        // The indemnity is in euros: beside the penalties, not added (kpi.md "Currencies").
        Column::new(d.col_penalties, move |x: &ActionLine| {
            view! {
                <td class="num">
                    {money(x.penalties)}
                    {(!x.indemnity.is_zero()).then(|| format!(" + {}", format::money(l, x.indemnity, "EUR")))}
                </td>
            }
            .into_any()
        })
        .numeric(),
    ]
}

/// The as-of date's actions, by customer, each with its link.
fn today(
    a: Shared<DunningAnswer>,
    l: crate::i18n::Locale,
    store: RwSignal<Store>,
    as_of: NaiveDate,
    letter: RwSignal<Option<ActionLine>>,
) -> impl IntoView {
    let d = dunning_tr(l);
    if a.today.is_empty() {
        return view! { <p class="muted" data-testid="today-none">{d.today_none}</p> }.into_any();
    }
    let mut customers: Vec<&str> = Vec::new();
    for x in &a.today {
        if !customers.contains(&x.customer.as_str()) {
            customers.push(&x.customer);
        }
    }
    let money = |v| format::money(l, v, &a.currency);
    let shown = (a.today.len() < a.today_total).then(|| (d.today_shown)(a.today.len(), a.today_total));
    view! {
        {shown.map(|s| view! { <p class="muted" data-testid="today-shown">{s}</p> })}
        <ul class="today" data-testid="today-actions">
            {customers
                .into_iter()
                .map(|c| {
                    let actions: Vec<&ActionLine> = a.today.iter().filter(|x| x.customer == c).collect();
                    view! {
                        <li class="today-customer">
                            <h3>{c.to_string()}</h3>
                            {actions.into_iter().map(|x| action(x, l, &money, store, as_of, letter)).collect_view()}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// One action of the day: what to do, the link that does it, and its
/// "done" mark with a note or a promise to pay (kept in the browser).
fn action(
    x: &ActionLine,
    l: crate::i18n::Locale,
    money: &dyn Fn(rust_decimal::Decimal) -> String,
    store: RwSignal<Store>,
    as_of: NaiveDate,
    letter: RwSignal<Option<ActionLine>>,
) -> impl IntoView {
    let d = dunning_tr(l);
    let printable = matches!(x.channel, Channel::Letter | Channel::FormalNotice).then(|| x.clone());
    let email = x.email.clone().unwrap_or_default();
    let phone = x.phone.clone().unwrap_or_default();
    let link = match x.channel {
        Channel::Email => Some((mailto(&email, &x.subject, &x.body), d.open_mail.to_string())),
        Channel::Sms => Some((sms(&phone, &x.body), d.open_sms.to_string())),
        Channel::Call if !phone.is_empty() => Some((tel(&phone), format!("{} {phone}", d.call))),
        _ => None,
    };
    let kind = match x.channel {
        Channel::Call => d.call_script,
        Channel::Letter | Channel::FormalNotice => d.letter,
        Channel::Email | Channel::Sms => "",
        _ => d.task,
    };
    let keys = x.keys.clone();
    let mark = store.with_untracked(|s| s.mark_of(&keys).cloned());
    let status = if x.done {
        let undo_keys = keys.clone();
        let undo = move |_| store.update(|s| s.marks.retain(|m| !undo_keys.iter().any(|k| m.keys.contains(k))));
        let note = mark.as_ref().map(|m| m.note.clone()).filter(|n| !n.is_empty());
        let promise = mark
            .as_ref()
            .and_then(|m| m.promise)
            .map(|(date, amount)| (d.promise)(&format::date(l, date), &amount.map(money).unwrap_or_default()));
        view! {
            <p class="done" data-testid="today-done">
                <span class="badge ok">{d.done}</span>
                {note.map(|n| view! { " " <span>{n}</span> })}
                {promise.map(|p| view! { " " <span class="muted">{p}</span> })}
                " "
                <button type="button" class="btn small" data-testid="today-undo" on:click=undo>{d.undo}</button>
            </p>
        }
        .into_any()
    } else {
        let (note, date, amount) =
            (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
        let amount_invalid = RwSignal::new(false);
        let (customer, invoices) = (x.customer_id.clone(), x.invoices.clone());
        let save = move |_| {
            // An amount typed must be one (positive, within the bounds a stored document is read with).
            let typed = amount.get_untracked();
            let promised = format::parse_number(&typed).filter(|v| Limit::PromiseAmount.allows(*v));
            if !typed.trim().is_empty() && promised.is_none() {
                amount_invalid.set(true);
                return;
            }
            amount_invalid.set(false);
            let promise = NaiveDate::parse_from_str(&date.get_untracked(), "%Y-%m-%d").ok().map(|day| (day, promised));
            let m = Mark {
                keys: keys.clone(),
                customer: customer.clone(),
                invoices: invoices.clone(),
                done_on: as_of,
                note: note.get_untracked().trim().to_string(),
                promise,
            };
            store.update(|s| s.marks.push(m));
        };
        // The form is built when the box is opened, and its values kept in
        // signals when it is closed. Built inside a closed `<details>` and
        // then moved by a re-render, Chromium may lay a date input out at
        // 0×0 (seen with Leptos' erased components): a field nobody sees.
        let opened = RwSignal::new(false);
        // `toggle` does not bubble: its target is this `<details>`.
        let on_toggle =
            move |ev: leptos::ev::Event| opened.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open());
        view! {
            <details class="mark" on:toggle=on_toggle>
                <summary data-testid="today-mark-open">{d.mark_open}</summary>
                {move || {
                    opened
                        .get()
                        .then(|| {
                            view! {
                                <div class="options-grid">
                                    <label class="field">
                                        <span>{d.mark_note}</span>
                                        <input type="text" data-testid="today-note" prop:value=note on:input=move |ev| note.set(event_target_value(&ev)) />
                                    </label>
                                    <label class="field">
                                        <span>{d.promise_date}</span>
                                        <input type="date" data-testid="today-promise-date" prop:value=date on:input=move |ev| date.set(event_target_value(&ev)) />
                                    </label>
                                    <label class="field">
                                        <span>{d.promise_amount}</span>
                                        <input type="text" inputmode="decimal" data-testid="today-promise-amount" prop:value=amount on:input=move |ev| amount.set(event_target_value(&ev)) />
                                    </label>
                                </div>
                                {move || amount_invalid.get().then(|| view! { <p class="warn" role="alert" data-testid="today-promise-invalid">{d.promise_amount_invalid}</p> })}
                                <button type="button" class="btn" data-testid="today-mark" on:click=save.clone()>{d.mark_save}</button>
                            }
                        })
                }}
            </details>
        }
        .into_any()
    };
    view! {
        <div class="today-action" class:is-done=x.done data-testid="today-action" data-channel=format!("{:?}", x.channel) data-done=x.done.to_string()>
            <p>
                <strong>{(d.channel)(x.channel)}</strong>
                " · "{x.invoices.join(", ")}" · "{money(x.amount)}
                {x.email.clone().filter(|_| x.channel == Channel::Email).map(|e| view! { " · " <span class="muted">{e}</span> })}
                {(!kind.is_empty()).then(|| view! { " · " <span class="muted">{kind}</span> })}
            </p>
            <details class="message">
                <summary>{x.subject.clone()}</summary>
                <pre class="message-body" data-testid="today-message">{x.body.clone()}</pre>
            </details>
            {(!x.done).then(|| link.map(|(href, text)| view! { <a class="btn primary small" data-testid="today-link" href=href>{text}</a> }))}
            {printable.map(|p| {
                let print = move |_| {
                    letter.set(Some(p.clone()));
                    // Once the letter is in the page.
                    set_timeout(
                        || {
                            if let Some(w) = web_sys::window() {
                                let _ = w.print();
                            }
                        },
                        std::time::Duration::from_millis(100),
                    );
                };
                view! { <button type="button" class="btn primary small" data-testid="today-print" on:click=print>{d.print_letter}</button> }
            })}
            {status}
        </div>
    }
}

/// Instalment schedules: those in force, and a form to agree a new one.
#[component]
fn Schedules(store: RwSignal<Store>, answer: RwSignal<Option<Shared<DunningAnswer>>>) -> impl IntoView {
    let state = AppState::expect();
    let d = move || dunning_tr(state.locale.get());
    let customer = RwSignal::new(String::new());
    let invoice = RwSignal::new(String::new());
    let count = RwSignal::new("3".to_string());
    let first = RwSignal::new(String::new());
    let every = RwSignal::new("30".to_string());
    let create = move |_| {
        let code = customer.get_untracked().trim().to_string();
        let one = Some(invoice.get_untracked().trim().to_string()).filter(|i| !i.is_empty());
        let (Ok(n), Ok(days)) =
            (count.get_untracked().trim().parse::<u32>(), every.get_untracked().trim().parse::<u32>())
        else {
            return;
        };
        let default_first = state.as_of.get_untracked().checked_add_days(chrono::Days::new(30));
        let Some(first) = NaiveDate::parse_from_str(&first.get_untracked(), "%Y-%m-%d").ok().or(default_first) else {
            return;
        };
        if (code.is_empty() && one.is_none()) || !(1..=60).contains(&n) || !(1..=366).contains(&days) {
            return;
        }
        store.update(|s| {
            s.schedules.retain(|x| !(x.customer == code && x.invoice == one));
            s.schedules.push(Schedule {
                customer: code.clone(),
                invoice: one.clone(),
                instalments: n,
                first,
                every_days: days,
            });
        });
        customer.set(String::new());
        invoice.set(String::new());
    };
    let customers = move || state.analysis.with(|a| a.as_ref().map(|a| a.customers.clone()).unwrap_or_default());
    view! {
        <div class="card" data-testid="dunning-schedules">
            <h2>{move || d().schedules_title}</h2>
            <p class="muted">{move || d().schedules_lead}</p>
            {move || {
                let l = state.locale.get();
                let shown = answer
                    .with(|a| a.as_ref().map(|a| (a.schedules.clone(), a.idle_schedules.clone(), a.currency.clone())));
                let Some((lines, idle, currency)) = shown else { return ().into_any() };
                // The schedules that pay nothing, as the worker found them, and why.
                let idle: Vec<(Schedule, String)> = store.with(|s| {
                    idle.iter()
                        .filter_map(|(index, why)| {
                            let x = s.schedules.get(*index as usize)?;
                            let name = match &x.invoice {
                                Some(i) => format!("{} {i}", x.customer).trim().to_string(),
                                None => x.customer.clone(),
                            };
                            Some((x.clone(), (dunning_tr(l).schedule_idle)(&name, *why)))
                        })
                        .collect()
                });
                view! {
                    {lines
                        .into_iter()
                        .map(|line| {
                            let (id, one) = (line.customer_id.clone(), line.invoice.clone());
                            let title = match &line.invoice {
                                Some(i) => format!("{} · {i}", line.customer),
                                None => line.customer.clone(),
                            };
                            view! {
                                <div class="schedule" data-testid="schedule" data-customer=line.customer_id.clone() data-invoice=line.invoice.clone().unwrap_or_default()>
                                    <h3>{title}</h3>
                                    <table class="schedule-table">
                                        <tbody>
                                            {line
                                                .instalments
                                                .iter()
                                                .map(|(date, amount)| view! {
                                                    <tr>
                                                        <td>{format::date(l, *date)}</td>
                                                        <td class="num" data-value=raw(*amount)>{format::money(l, *amount, &currency)}</td>
                                                    </tr>
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                    <button type="button" class="btn small" data-testid="schedule-remove" on:click=move |_| {
                                            store.update(|s| {
                                                s.schedules.retain(|x| !(x.invoice == one && (x.customer == id || x.customer.is_empty())))
                                            })
                                        }>
                                        {dunning_tr(l).schedule_remove}
                                    </button>
                                </div>
                            }
                        })
                        .collect_view()}
                    {idle
                        .into_iter()
                        .map(|(x, text)| {
                            let remove = move |_| store.update(|s| s.schedules.retain(|y| *y != x));
                            view! {
                                <p class="warn" data-testid="schedule-idle">
                                    {text}" "
                                    <button type="button" class="btn small" data-testid="schedule-idle-remove" on:click=remove>
                                        {dunning_tr(l).schedule_remove}
                                    </button>
                                </p>
                            }
                        })
                        .collect_view()}
                }
                    .into_any()
            }}
            <div class="options-grid">
                <label class="field">
                    <span>{move || d().schedule_customer}</span>
                    <input type="text" list="schedule-customers" data-testid="schedule-customer" prop:value=customer on:input=move |ev| customer.set(event_target_value(&ev)) />
                    <datalist id="schedule-customers">
                        {move || customers().into_iter().map(|(code, label)| view! { <option value=code>{label}</option> }).collect_view()}
                    </datalist>
                </label>
                <label class="field">
                    <span>{move || d().schedule_invoice}</span>
                    <input type="text" data-testid="schedule-invoice" prop:value=invoice on:input=move |ev| invoice.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span>{move || d().schedule_count}</span>
                    <input type="number" min="1" max="60" data-testid="schedule-count" prop:value=count on:input=move |ev| count.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span>{move || d().schedule_first}</span>
                    <input type="date" data-testid="schedule-first" prop:value=first on:input=move |ev| first.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span>{move || d().schedule_every}</span>
                    <input type="number" min="1" max="366" data-testid="schedule-every" prop:value=every on:input=move |ev| every.set(event_target_value(&ev)) />
                </label>
            </div>
            <button type="button" class="btn" data-testid="schedule-create" on:click=create>{move || d().schedule_create}</button>
        </div>
    }
}
