//! "What changed since the previous export" (`data-testid="history-changes"`):
//! the sentence at the top, AR and overdue moves, invoices gone and new,
//! the customers whose overdue grew most, those that moved to an older
//! bucket, those newly over their limit, and every customer's roll-forward.
//! Everything is computed by `domain::analysis::history::compare`; this only shows it.

use crate::domain::analysis::history::compare::{Changes, CustomerChange, Flow, Move, Presence};
use crate::domain::analysis::kpi::aging::Buckets;
use crate::domain::ledger::money::raw;
use crate::i18n::{hist_tr, tr, HistTexts, Locale};
use crate::ui::components::aged_balance_table::bucket_labels;
use crate::ui::format;
use crate::ui::state::AppState;
use leptos::prelude::*;
use rust_decimal::Decimal;

/// Customers listed in the roll-forward before "show all".
const FIRST_ROWS: usize = 20;

/// `v` with its sign always written ("+1 300,00 €", "−200,00 €").
pub fn signed(l: Locale, v: Decimal, currency: &str) -> String {
    let text = format::money(l, v, currency);
    if v > Decimal::ZERO {
        format!("+{text}")
    } else {
        text
    }
}

/// A percentage with its sign ("+12,3 %").
fn signed_percent(l: Locale, v: Decimal) -> String {
    let text = format::percent(l, v);
    if v > Decimal::ZERO {
        format!("+{text}")
    } else {
        text
    }
}

/// The headline (kpi-free: worded from `compare`'s numbers).
fn headline(l: Locale, c: &Changes) -> String {
    let h = hist_tr(l);
    let date = format::date(l, c.before);
    let o = c.headline.overdue;
    if o.change.is_zero() || c.headline.drivers == 0 {
        return (h.unchanged_overdue)(&date);
    }
    let change = match o.percent {
        Some(p) => signed_percent(l, p),
        None => signed(l, o.change, &c.currency),
    };
    (h.headline)(&change, &date, c.headline.drivers, &format::percent(l, c.headline.share), o.change > Decimal::ZERO)
}

/// One of the panel's lists as a table: its columns (title, holds
/// amounts) and rows; "None." when it has no row.
fn listing(
    h: &'static HistTexts,
    testid: &'static str,
    columns: &[(&'static str, bool)],
    rows: Vec<AnyView>,
) -> AnyView {
    if rows.is_empty() {
        return view! { <p class="muted">{h.none}</p> }.into_any();
    }
    let head = columns.iter().map(|(t, n)| view! { <th scope="col" class:num=*n>{*t}</th> }).collect_view();
    view! {
        <div class="table-wrap">
            <table data-testid=testid>
                <thead><tr>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn HistoryChanges(
    /// The comparison of the file with the export kept before it.
    changes: Changes,
    /// The aged balance's buckets of the file (the bucket moves' labels).
    buckets: Buckets,
) -> impl IntoView {
    let state = AppState::expect();
    let l = state.locale.get_untracked();
    let h = hist_tr(l);
    let cur = changes.currency.clone();
    let money = {
        let cur = cur.clone();
        move |v: Decimal| format::money(l, v, &cur)
    };
    let labels = bucket_labels(tr(l), &buckets);
    let show_all = RwSignal::new(false);
    let figure_move = {
        let cur = cur.clone();
        move |testid: &'static str, label: &'static str, m: Move| {
            let change = match m.percent {
                Some(p) => format!("{} ({})", signed(l, m.change, &cur), signed_percent(l, p)),
                None => signed(l, m.change, &cur),
            };
            view! {
                <div class="move" data-testid=testid data-before=raw(m.before) data-now=raw(m.now) data-change=raw(m.change)>
                    <dt>{label}</dt>
                    <dd>
                        <span>{format::money(l, m.before, &cur)}" → "<strong>{format::money(l, m.now, &cur)}</strong></span>
                        " "
                        <span class="muted change">{change}</span>
                    </dd>
                </div>
            }
        }
    };
    let flow = {
        let cur = cur.clone();
        move |testid: &'static str, label: &'static str, f: Flow| {
            view! {
                <div class="move" data-testid=testid data-count=f.count data-amount=raw(f.amount)>
                    <dt>{label}</dt>
                    <dd>{(h.invoices)(f.count, &format::money(l, f.amount, &cur))}</dd>
                </div>
            }
        }
    };
    let customer_cell = |c: &CustomerChange| {
        let badge = match c.presence {
            Presence::Both => None,
            Presence::New => Some(h.new_customer),
            Presence::Left => Some(h.left_customer),
        };
        view! {
            <th scope="row" class="customer">
                {c.label.clone()}
                {badge.map(|b| view! { " " <span class="badge">{b}</span> })}
            </th>
        }
    };
    let num = move |v: Decimal, text: String| view! { <td class="num" data-value=raw(v)>{text}</td> };
    let grew = changes.overdue_grew.clone();
    let older = changes.older_bucket.clone();
    let over = changes.new_over_limit.clone();
    let customers = StoredValue::new(changes.customers.clone());
    let n_customers = changes.customers.len();
    let followed = changes.invoices_followed;
    let rows = {
        let money = money.clone();
        let cur = cur.clone();
        move || {
            let all = show_all.get();
            customers.with_value(|cs| {
                cs.iter()
                    .take(if all { usize::MAX } else { FIRST_ROWS })
                    .map(|c| {
                        view! {
                            <tr data-customer=c.id.clone()>
                                {customer_cell(c)}
                                {num(c.open.before, money(c.open.before))}
                                {num(c.gone.amount, if followed { format!("{} ({})", signed(l, -c.gone.amount, &cur), c.gone.count) } else { "—".into() })}
                                {num(c.new.amount, if followed { format!("{} ({})", signed(l, c.new.amount, &cur), c.new.count) } else { "—".into() })}
                                {num(c.other, signed(l, c.other, &cur))}
                                {num(c.open.now, money(c.open.now))}
                                {num(c.overdue.change, signed(l, c.overdue.change, &cur))}
                            </tr>
                        }
                    })
                    .collect_view()
            })
        }
    };
    let label = |i: usize| labels.get(i).cloned().unwrap_or_default();
    view! {
        <div class="card history-changes" data-testid="history-changes" data-before=changes.before.to_string()>
            <h3>{(h.changes_title)(&format::date(l, changes.before))}</h3>
            <p class="headline" data-testid="history-headline" data-drivers=changes.headline.drivers data-share=raw(changes.headline.share)>
                {headline(l, &changes)}
            </p>
            <dl class="moves">
                {figure_move("history-ar", h.ar, changes.ar)}
                {figure_move("history-overdue", h.overdue, changes.overdue)}
                {followed.then(|| view! {
                    {flow("history-gone", h.gone, changes.gone)}
                    {flow("history-new", h.new, changes.new)}
                })}
                <div class="move" data-testid="history-other" data-amount=raw(changes.other)>
                    <dt>{h.other}</dt>
                    <dd>{signed(l, changes.other, &cur)}</dd>
                </div>
            </dl>
            {(!followed).then(|| view! { <p class="note" data-testid="history-not-followed">{h.not_followed}</p> })}

            <h4>{h.grew_title}</h4>
            {listing(
                h,
                "history-overdue-grew",
                &[(h.col_customer, false), (h.col_before, true), (h.col_now, true), (h.col_change, true)],
                grew.iter().map(|c| view! {
                    <tr data-customer=c.id.clone()>
                        {customer_cell(c)}
                        {num(c.overdue.before, money(c.overdue.before))}
                        {num(c.overdue.now, money(c.overdue.now))}
                        {num(c.overdue.change, signed(l, c.overdue.change, &cur))}
                    </tr>
                }.into_any()).collect(),
            )}

            <h4>{h.older_title}</h4>
            {(!changes.buckets_comparable).then(|| view! { <p class="note">{h.buckets_differ}</p> })}
            {listing(
                h,
                "history-older",
                &[(h.col_customer, false), (h.col_from, false), (h.col_to, false), (h.col_in_bucket, true)],
                older.iter().map(|m| view! {
                    <tr data-customer=m.id.clone() data-from=m.from data-to=m.to>
                        <th scope="row" class="customer">{m.label.clone()}</th>
                        <td>{label(m.from)}</td>
                        <td>{label(m.to)}</td>
                        {num(m.amount, money(m.amount))}
                    </tr>
                }.into_any()).collect(),
            )}

            <h4>{h.over_limit_title}</h4>
            {listing(
                h,
                "history-over-limit",
                &[(h.col_customer, false), (h.col_limit, true), (h.col_open, true), (h.col_overrun, true)],
                over.iter().map(|o| view! {
                    <tr data-customer=o.id.clone()>
                        <th scope="row" class="customer">{o.label.clone()}</th>
                        {num(o.limit, money(o.limit))}
                        {num(o.open, money(o.open))}
                        {num(o.overrun, money(o.overrun))}
                    </tr>
                }.into_any()).collect(),
            )}

            <h4>{h.customers_title}</h4>
            {if n_customers == 0 {
                view! { <p class="muted">{h.none}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table data-testid="history-customers">
                            <thead><tr>
                                <th scope="col">{h.col_customer}</th>
                                <th scope="col" class="num">{h.col_before}</th>
                                <th scope="col" class="num" title=h.gone>{h.col_gone}</th>
                                <th scope="col" class="num" title=h.new>{h.col_new}</th>
                                <th scope="col" class="num" title=h.other>{h.col_other}</th>
                                <th scope="col" class="num">{h.col_now}</th>
                                <th scope="col" class="num">{h.col_overdue_change}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            {move || (n_customers > FIRST_ROWS && !show_all.get()).then(|| view! {
                <button type="button" class="btn small" data-testid="history-show-all" on:click=move |_| show_all.set(true)>
                    {(h.show_all)(n_customers)}
                </button>
            })}
            {(changes.unchanged > 0).then(|| view! { <p class="muted" data-testid="history-unchanged">{(h.unchanged)(changes.unchanged)}</p> })}
        </div>
    }
}
