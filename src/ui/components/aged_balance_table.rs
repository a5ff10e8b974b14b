//! The aged balance: one row per customer (or division, sales rep, dispute
//! reason) with open amounts, largest first, each expandable to its open
//! invoices, and a totals row carrying `aging_0` ... `aging_K`. The rows
//! come from the worker (`engine::AgedView`), labels included.

use crate::domain::analysis::kpi::aging::{AgeBasis, Buckets, Group};
use crate::domain::analysis::kpi::Unavailable;
use crate::domain::ledger::money::raw;
use crate::engine::{AgedColumn, AgedRowView, AgedSort, AgedView};
use crate::i18n::{dash_tr, tr, Texts};
use crate::ui::format;
use crate::ui::state::AppState;
use leptos::prelude::*;
use rust_decimal::Decimal;

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
    /// The aged balance (its visible rows), or why it is unavailable;
    /// `None` before the first answer.
    #[prop(into)]
    aged: Signal<Option<Result<AgedView, Unavailable>>>,
    #[prop(into)] currency: Signal<String>,
    /// The rows opened to their invoices (the page asks the worker for them).
    expanded: RwSignal<Vec<Group>>,
    /// The column the rows are sorted by (the worker sorts them).
    sort: RwSignal<AgedSort>,
    /// The first row shown: the page's start.
    first: RwSignal<usize>,
    /// Rows on one page.
    page_rows: usize,
) -> impl IntoView {
    let state = AppState::expect();
    let t = move || tr(state.locale.get());
    let money = move |v| format::money(state.locale.get(), v, &currency.get());

    // A row and, when expanded, its open invoices in their buckets.
    let row_view = move |r: AgedRowView, n_buckets: usize| {
        let l = state.locale.get();
        let group = r.group;
        let label = r.label.unwrap_or_else(|| t().aged_no_label.to_string());
        let group_attr = label.clone();
        let is_open = r.invoices.is_some();
        let toggle = move |_| {
            expanded.update(|e| {
                if let Some(i) = e.iter().position(|g| *g == group) {
                    e.remove(i);
                } else {
                    e.push(group);
                }
            })
        };
        let details = r.invoices.map(|lines| {
            lines
                .into_iter()
                .map(|line| {
                    let text =
                        (t().aged_invoice)(&line.id, &format::date(l, line.invoice_date), &format::date(l, line.due_date));
                    view! {
                        <tr class="detail" data-invoice=line.id.clone()>
                            <td class="customer">{text}</td>
                            {(0..n_buckets)
                                .map(|i| {
                                    view! {
                                        <td class="num">{if i == line.bucket { money(line.open) } else { String::new() }}</td>
                                    }
                                })
                                .collect_view()}
                            <td class="num" data-value=raw(line.open)>{money(line.open)}</td>
                        </tr>
                    }
                })
                .collect_view()
        });
        view! {
            <tr data-customer=r.customer_id data-group=group_attr class:expanded=is_open>
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
            None => view! { <p class="status">{t().computing}</p> }.into_any(),
            Some(Err(u)) => {
                let date = move |d| format::date(l, d);
                view! { <p class="muted">{(t().unavailable_reason)(&u, &date)}</p> }.into_any()
            }
            Some(Ok(a)) if a.all_rows == 0 => {
                view! { <p class="muted" data-testid="aged-empty">{t().aged_none}</p> }.into_any()
            }
            Some(Ok(a)) => {
                let mut labels = bucket_labels(t(), &a.buckets);
                if a.basis == AgeBasis::InvoiceDate {
                    labels[0] = dash_tr(l).bucket_invoiced_today.to_string();
                }
                let n_buckets = a.buckets.len();
                let (n_rows, shown, start) = (a.n_rows, a.rows.len(), a.first);
                let group_by = a.group_by;
                let empty_search = shown == 0 && n_rows == 0;
                let rows = a.rows.into_iter().map(|r| row_view(r, n_buckets)).collect_view();
                // A column header that sorts: a click on the sorted column turns its direction.
                let head = move |label: String, column: AgedColumn, numeric: bool| {
                    let current = sort.get_untracked();
                    let active = current.column == column;
                    let aria = if !active {
                        "none"
                    } else if current.ascending {
                        "ascending"
                    } else {
                        "descending"
                    };
                    let title = (dash_tr(l).sort_by)(&label);
                    view! {
                        <th scope="col" class:num=numeric aria-sort=aria>
                            <button
                                type="button"
                                class="sort"
                                title=title
                                on:click=move |_| {
                                    sort.update(|s| {
                                        if s.column == column {
                                            s.ascending = !s.ascending;
                                        } else {
                                            *s = AgedSort { column, ascending: column == AgedColumn::Label };
                                        }
                                    })
                                }
                            >
                                {label}
                            </button>
                        </th>
                    }
                };
                view! {
                    <div class="table-wrap">
                        <table class="aged" data-testid="aged-balance" data-group-by=group_by.key()>
                            <thead>
                                <tr>
                                    {head((t().group_by_name)(group_by).to_string(), AgedColumn::Label, false)}
                                    {labels
                                        .iter()
                                        .enumerate()
                                        .map(|(i, h)| head(h.clone(), AgedColumn::Bucket(i), true))
                                        .collect_view()}
                                    {head(t().aged_total.to_string(), AgedColumn::Total, true)}
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
                    {empty_search.then(|| view! { <p class="muted" data-testid="aged-no-match">{dash_tr(l).no_match}</p> })}
                    {(n_rows > page_rows || start > 0)
                        .then(|| {
                            let c = |n: usize| format::count(l, n as u64);
                            let text = (dash_tr(l).rows_of)(&c(start + 1), &c(start + shown), &c(n_rows));
                            view! {
                                <nav class="pager" aria-label=t().aged_title data-testid="aged-pager">
                                    <button
                                        type="button"
                                        class="btn small"
                                        data-testid="aged-prev"
                                        disabled={start == 0}
                                        on:click=move |_| first.set(start.saturating_sub(page_rows))
                                    >
                                        {"‹ "}{dash_tr(l).previous_page}
                                    </button>
                                    <span class="muted" data-testid="aged-rows-shown" aria-live="polite">{text}</span>
                                    <button
                                        type="button"
                                        class="btn small"
                                        data-testid="aged-next"
                                        disabled={start + shown >= n_rows}
                                        on:click=move |_| first.set(start + page_rows)
                                    >
                                        {dash_tr(l).next_page}{" ›"}
                                    </button>
                                </nav>
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
