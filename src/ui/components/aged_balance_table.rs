//! The aged balance: one row per customer (or division, sales rep, dispute
//! reason) with open amounts, largest first, each expandable to its open
//! invoices, and a totals row carrying `aging_0` ... `aging_K`.

use crate::domain::kpi::aging::{open_invoices_in, AgedBalance, AgedRow, Buckets, Group, GroupBy};
use crate::domain::kpi::Unavailable;
use crate::domain::ledger::Ledger;
use crate::domain::money::raw;
use crate::i18n::{tr, Texts};
use crate::ui::format;
use crate::ui::state::{AppState, Shared};
use chrono::NaiveDate;
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::collections::HashSet;

/// Rows shown before "show all".
const FIRST_ROWS: usize = 50;

/// The label of each bucket: "Non échu", "1 à 30 j", "> 90 j".
pub fn bucket_labels(t: &Texts, b: &Buckets) -> Vec<String> {
    b.ranges()
        .into_iter()
        .map(|r| match r {
            (None, _) => t.bucket_not_due.to_string(),
            (Some(lo), Some(hi)) => (t.bucket_range)(lo, hi),
            (Some(lo), None) => (t.bucket_over)(lo - 1),
        })
        .collect()
}

#[component]
pub fn AgedBalanceTable(
    /// The aged balance, or why it is unavailable.
    #[prop(into)]
    aged: Signal<Result<AgedBalance, Unavailable>>,
    /// The ledger the rows' keys are indexes into.
    #[prop(into)]
    ledger: Signal<Shared<Ledger>>,
    #[prop(into)] currency: Signal<String>,
    /// The as-of date, for the invoices of an expanded row.
    #[prop(into)]
    as_of: Signal<NaiveDate>,
) -> impl IntoView {
    let state = AppState::expect();
    let t = move || tr(state.locale.get());
    let show_all = RwSignal::new(false);
    let expanded = RwSignal::new(HashSet::<Group>::new());
    let money = move |v| format::money(state.locale.get(), v, &currency.get());

    // A row and, when expanded, its open invoices in their buckets.
    let row_view = move |r: &AgedRow, group_by: GroupBy, ledger: &Shared<Ledger>, buckets: &Buckets| {
        let l = state.locale.get();
        let group = r.group;
        let label = group.label(ledger).unwrap_or_else(|| t().aged_no_label.to_string());
        let group_attr = label.clone();
        let is_open = expanded.with(|e| e.contains(&group));
        let toggle = move |_| {
            expanded.update(|e| {
                if !e.remove(&group) {
                    e.insert(group);
                }
            })
        };
        let customer_id = match group {
            Group::Customer(c) => Some(ledger.customer(c).id.clone()),
            Group::Label(_) => None,
        };
        let details = is_open.then(|| {
            let t_date = as_of.get();
            open_invoices_in(ledger, t_date, group_by, group)
                .into_iter()
                .map(|(inv, open)| {
                    let b = buckets.index(inv.dpd(t_date));
                    let text =
                        (t().aged_invoice)(&inv.id, &format::date(l, inv.invoice_date), &format::date(l, inv.due_date));
                    view! {
                        <tr class="detail" data-invoice=inv.id.clone()>
                            <td class="customer">{text}</td>
                            {(0..buckets.len())
                                .map(|i| {
                                    view! {
                                        <td class="num">{if i == b { money(open) } else { String::new() }}</td>
                                    }
                                })
                                .collect_view()}
                            <td class="num" data-value=raw(open)>{money(open)}</td>
                        </tr>
                    }
                })
                .collect_view()
        });
        view! {
            <tr data-customer=customer_id data-group=group_attr class:expanded=is_open>
                <th scope="row" class="customer">
                    <button type="button" class="expand" aria-expanded=is_open.to_string() on:click=toggle>
                        <span class="chevron" aria-hidden="true">{if is_open { "▾" } else { "▸" }}</span>
                        {label}
                        <span class="count">{format!(" ({})", r.open_invoices)}</span>
                    </button>
                </th>
                {r.buckets.iter().map(|v| amount_cell(*v, money)).collect_view()}
                <td class="num total" data-value=raw(r.total)>{money(r.total)}</td>
            </tr>
            {details}
        }
    };

    move || {
        let l = state.locale.get();
        match aged.get() {
            Err(u) => {
                let date = move |d| format::date(l, d);
                view! { <p class="muted">{(t().unavailable_reason)(&u, &date)}</p> }.into_any()
            }
            Ok(a) if a.rows.is_empty() => {
                view! { <p class="muted" data-testid="aged-empty">{t().aged_none}</p> }.into_any()
            }
            Ok(a) => {
                let labels = bucket_labels(t(), &a.buckets);
                let n_rows = a.rows.len();
                let limit = if show_all.get() { n_rows } else { FIRST_ROWS.min(n_rows) };
                let ledger = ledger.get();
                let rows = a.rows[..limit].iter().map(|r| row_view(r, a.group_by, &ledger, &a.buckets)).collect_view();
                view! {
                    <div class="table-wrap">
                        <table class="aged" data-testid="aged-balance" data-group-by=a.group_by.key()>
                            <thead>
                                <tr>
                                    <th scope="col">{(t().group_by_name)(a.group_by)}</th>
                                    {labels.iter().map(|h| view! { <th scope="col" class="num">{h.clone()}</th> }).collect_view()}
                                    <th scope="col" class="num">{t().aged_total}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                            <tfoot>
                                <tr>
                                    <th scope="row">{t().aged_all_customers}</th>
                                    {a
                                        .totals
                                        .iter()
                                        .enumerate()
                                        .map(|(i, v)| {
                                            view! {
                                                <td class="num" data-kpi=format!("aging_{i}") data-value=raw(*v)>
                                                    {money(*v)}
                                                </td>
                                            }
                                        })
                                        .collect_view()}
                                    <td class="num total" data-value=raw(a.total)>{money(a.total)}</td>
                                </tr>
                            </tfoot>
                        </table>
                    </div>
                    {(limit < n_rows)
                        .then(|| {
                            view! {
                                <button type="button" class="btn link" data-testid="aged-show-all" on:click=move |_| show_all.set(true)>
                                    {(t().aged_show_all)(n_rows)}
                                </button>
                            }
                        })}
                }
                .into_any()
            }
        }
    }
}

/// An amount cell: empty for zero, so the eye finds the amounts.
fn amount_cell(v: Decimal, money: impl Fn(Decimal) -> String) -> impl IntoView {
    view! { <td class="num" data-value=raw(v)>{if v.is_zero() { String::new() } else { money(v) }}</td> }
}
