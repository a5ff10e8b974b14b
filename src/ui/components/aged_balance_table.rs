//! The aged balance by customer: one row per customer with open amounts,
//! largest first, and a totals row carrying `aging_0` ... `aging_K`.

use crate::domain::kpi::aging::{AgedBalance, Buckets};
use crate::domain::kpi::Unavailable;
use crate::domain::ledger::Ledger;
use crate::domain::money::raw;
use crate::i18n::{tr, Texts};
use crate::ui::format;
use crate::ui::state::{AppState, Shared};
use leptos::prelude::*;

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
    /// The ledger the rows' customers are indexes into.
    #[prop(into)]
    ledger: Signal<Shared<Ledger>>,
    #[prop(into)] currency: Signal<String>,
) -> impl IntoView {
    let state = AppState::expect();
    let t = move || tr(state.locale.get());
    let show_all = RwSignal::new(false);
    let money = move |v| format::money(state.locale.get(), v, &currency.get());

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
                let rows = a.rows[..limit]
                    .iter()
                    .map(|r| {
                        let c = ledger.customer(r.customer);
                        view! {
                            <tr data-customer=c.id.clone()>
                                <th scope="row" class="customer">{c.label()}</th>
                                {r.buckets
                                    .iter()
                                    .map(|v| view! { <td class="num" data-value=raw(*v)>{if v.is_zero() { String::new() } else { money(*v) }}</td> })
                                    .collect_view()}
                                <td class="num total" data-value=raw(r.total)>{money(r.total)}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="table-wrap">
                        <table class="aged" data-testid="aged-balance">
                            <thead>
                                <tr>
                                    <th scope="col">{t().aged_customer}</th>
                                    {labels.iter().map(|h| view! { <th scope="col" class="num">{h.clone()}</th> }).collect_view()}
                                    <th scope="col" class="num">{t().aged_total}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                            <tfoot>
                                <tr>
                                    <th scope="row">{t().aged_all_customers}</th>
                                    {a.totals
                                        .iter()
                                        .enumerate()
                                        .map(|(i, v)| view! { <td class="num" data-kpi=format!("aging_{i}") data-value=raw(*v)>{money(*v)}</td> })
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
