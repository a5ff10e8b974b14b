//! The aged balance: one row per customer (or division, sales rep, dispute
//! reason) with open amounts, largest first, each expandable to its open
//! invoices, and a totals row carrying `aging_0` ... `aging_K`. The rows
//! come from the worker (`engine::AgedView`), labels included, sorted,
//! searched and paged there; `DataTable` draws them.

use crate::domain::analysis::kpi::aging::{AgeBasis, Buckets, Group};
use crate::domain::analysis::kpi::Unavailable;
use crate::domain::ledger::money::raw;
use crate::engine::{AgedColumn, AgedRowView, AgedSort, AgedView};
use crate::i18n::{dash_tr, tr, Locale, Texts};
use crate::ui::components::data_table::{Column, DataTable, PagerIds, Paging, RowView, Sorting};
use crate::ui::format;
use crate::ui::state::AppState;
use leptos::attr::any_attribute::IntoAnyAttribute;
use leptos::attr::custom::custom_attribute;
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
    let on_sort = Callback::new(move |(column, descending): (AgedColumn, bool)| {
        sort.set(AgedSort { column, ascending: !descending })
    });
    let on_page = Callback::new(move |n| first.set(n));

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
                currency.track();
                let money = move |v| currency.with_untracked(|c| format::money(l, v, c));
                let s = sort.get_untracked();
                let foot = view! {
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
                };
                let group_by = a.group_by;
                view! {
                    <DataTable
                        locale=l
                        testid="aged-balance"
                        class="aged"
                        columns=columns(l, &a, money, expanded)
                        rows=a.rows
                        row=row_view(l, a.buckets.len(), money)
                        sorting=Sorting { by: (s.column, !s.ascending), on_sort }
                        paging=Paging {
                            first: a.first,
                            page_rows,
                            total: a.n_rows,
                            on_page,
                            label: t().aged_title.to_string(),
                            shown_text: dash_tr(l).rows_of,
                            ids: PagerIds::named("aged"),
                        }
                        no_match="aged-no-match"
                        foot=foot.into_any()
                        attrs=vec![custom_attribute("data-group-by", group_by.key()).into_any_attr()]
                    />
                }
                .into_any()
            }
        }
    }
}

/// The label a row shows (the customer's name, the division...).
fn label_of(l: Locale, r: &AgedRowView) -> String {
    r.label.clone().unwrap_or_else(|| tr(l).aged_no_label.to_string())
}

/// The columns: the row's label (a button that opens its invoices), one
/// per bucket, the total; each sorts.
fn columns(
    l: Locale,
    a: &AgedView,
    money: impl Fn(Decimal) -> String + Copy + 'static,
    expanded: RwSignal<Vec<Group>>,
) -> Vec<Column<AgedRowView, AgedColumn>> {
    let t = tr(l);
    let mut labels = bucket_labels(t, &a.buckets);
    if a.basis == AgeBasis::InvoiceDate {
        labels[0] = dash_tr(l).bucket_invoiced_today.to_string();
    }
    let name = Column::new((t.group_by_name)(a.group_by), move |r: &AgedRowView| {
        let group = r.group;
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
        view! {
            <th scope="row" class="customer">
                <button type="button" class="expand" aria-expanded=is_open.to_string() on:click=toggle>
                    <span class="chevron" aria-hidden="true">{if is_open { "▾" } else { "▸" }}</span>
                    {label_of(l, r)}
                    <span class="count">{format!(" ({})", r.open_invoices)}</span>
                </button>
            </th>
        }
        .into_any()
    })
    .sorts(AgedColumn::Label);
    let buckets = labels.into_iter().enumerate().map(move |(i, label)| {
        Column::new(label, move |r: &AgedRowView| amount_cell(r.buckets[i], money).into_any())
            .numeric()
            .sorts(AgedColumn::Bucket(i))
    });
    let total = Column::new(t.aged_total, move |r: &AgedRowView| {
        view! { <td class="num total" data-value=raw(r.total)>{money(r.total)}</td> }.into_any()
    })
    .numeric()
    .sorts(AgedColumn::Total);
    std::iter::once(name).chain(buckets).chain([total]).collect()
}

/// A row and, when it is opened, its open invoices in their buckets.
fn row_view(l: Locale, n_buckets: usize, money: impl Fn(Decimal) -> String + Copy + 'static) -> RowView<AgedRowView> {
    Box::new(move |r, cells| {
        let details = r.invoices.as_ref().map(|lines| {
            lines
                .iter()
                .map(|line| {
                    let text = (tr(l).aged_invoice)(
                        &line.id,
                        &format::date(l, line.invoice_date),
                        &format::date(l, line.due_date),
                    );
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
            <tr data-customer=r.customer_id.clone() data-group=label_of(l, r) class:expanded=r.invoices.is_some()>
                {cells}
            </tr>
            {details}
        }
        .into_any()
    })
}

/// An amount cell: empty for zero, so the eye finds the amounts.
fn amount_cell(v: Decimal, money: impl Fn(Decimal) -> String) -> impl IntoView {
    view! { <td class="num" data-value=raw(v)>{if v.is_zero() { String::new() } else { money(v) }}</td> }
}
