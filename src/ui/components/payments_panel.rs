//! The payments file beside the invoices: a file input, what it matched
//! (per currency, never summed across), which source each invoice's
//! payments come from (the payments file or the invoices file, never
//! both), the invoices whose two sources disagree, and the payments no
//! invoice could take (unapplied cash) with why and their candidates. Its
//! mapping screen opens here when its columns cannot be named, and on
//! demand.

use crate::domain::import::mapping::{Layout, MappingSource, Role};
use crate::domain::ledger::money::raw;
use crate::engine::{LoadedInfo, PaymentsInfo};
use crate::i18n::{pay_tr, tr, Locale, Msg};
use crate::ui::components::mapping_screen::{MappingKind, MappingScreen};
use crate::ui::format;
use crate::ui::state::{AppState, Shared};
use leptos::prelude::*;
use rust_decimal::Decimal;
use web_sys::{File, HtmlInputElement};

/// Unmatched payments (and differing invoices) listed before the list is cut.
const SHOWN: usize = 100;

#[component]
pub fn PaymentsPanel(
    /// The analysed file (with its payments file, once added).
    loaded: Shared<LoadedInfo>,
    /// Called with the payments file the user picked.
    on_file: Callback<File>,
    /// What the payments loader is doing: a message, if any.
    #[prop(into)]
    status: Signal<Option<(bool, String)>>,
    /// The payments file's columns while its mapping screen is open.
    mapping: RwSignal<Option<Layout>>,
    /// Called with the role of each column the user chose.
    on_mapping: Callback<Vec<Option<Role>>>,
) -> impl IntoView {
    let state = AppState::expect();
    let on_change = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        if let Some(f) = input.files().and_then(|fs| fs.get(0)) {
            on_file.run(f);
        }
        input.set_value("");
    };
    let on_cancel = Callback::new(move |_| mapping.set(None));
    let summary = move || {
        let l = state.locale.get();
        loaded.payments.as_ref().map(|p| summary(l, p, &loaded.currencies, mapping))
    };
    view! {
        <section class="payments card" data-testid="payments-panel">
            <h2>{move || (tr(state.locale.get()).msg)(&Msg::PaymentsTitle)}</h2>
            <p class="muted">{move || (tr(state.locale.get()).msg)(&Msg::PaymentsPrompt)}</p>
            <label class="btn">
                {move || (tr(state.locale.get()).msg)(&Msg::PaymentsChoose)}
                <input
                    type="file"
                    class="visually-hidden"
                    data-testid="payments-file"
                    accept=".csv,.txt,.tsv,text/csv,text/plain"
                    on:change=on_change
                />
            </label>
            {move || status.get().map(|(error, text)| {
                if error {
                    view! { <p class="error" role="alert" data-testid="payments-error">{text}</p> }.into_any()
                } else {
                    view! { <p class="status" role="status">{text}</p> }.into_any()
                }
            })}
            {move || mapping.get().map(|layout| view! {
                <MappingScreen layout on_apply=on_mapping on_cancel kind=MappingKind::Payments />
            })}
            {summary}
        </section>
    }
}

/// What a payments file gave: counts, amounts per currency, sources,
/// skipped rows, unmatched payments.
fn summary(l: Locale, p: &PaymentsInfo, currencies: &[String], mapping: RwSignal<Option<Layout>>) -> impl IntoView {
    let t = tr(l);
    let pt = pay_tr(l);
    let m = |msg: Msg| (t.msg)(&msg);
    let s = &p.matched;
    let layout = p.report.layout.clone();
    let remembered = layout.source == MappingSource::Saved;
    let lines: Vec<_> = s.unmatched_lines.iter().take(SHOWN).cloned().collect();
    let notes = [
        (s.matched_in_label > 0).then(|| (pt.in_label)(s.matched_in_label)),
        (s.payer_unknown > 0).then(|| (pt.payer_unknown)(s.payer_unknown)),
        // Worth saying where an invoice in another currency could have been taken.
        (s.no_currency > 0 && currencies.iter().any(|c| *c != s.default_currency))
            .then(|| (pt.no_currency)(s.no_currency, &s.default_currency)),
        (s.advances > 0).then(|| (pt.advances)(s.advances)),
    ];
    view! {
        <div data-testid="payments-summary" data-matched=s.matched data-unmatched=s.unmatched>
            <p>{m(Msg::PaymentsSummary(p.file_name.clone(), p.report.payments, s.matched, s.matched_normalised, s.unmatched))}</p>
            <p class="muted">
                {remembered.then(|| format!("{} ", m(Msg::MappingRemembered)))}
                <button
                    type="button"
                    class="btn small"
                    data-testid="payments-open-mapping"
                    on:click=move |_| mapping.set(Some(layout.clone()))
                >
                    {m(Msg::CheckColumns)}
                </button>
            </p>
            {by_currency(l, s)}
            {(s.unmatched > 0).then(|| {
                let amounts = s.unmatched_amounts.iter().map(|(c, v)| format::money(l, *v, c)).collect::<Vec<_>>();
                view! { <p class="warn">{m(Msg::PaymentsUnapplied(amounts.join(l.semicolon())))}</p> }
            })}
            {notes.into_iter().flatten().map(|n| view! { <p class="note">{n}</p> }).collect_view()}
            {(s.over_paid_invoices > 0).then(|| view! { <p class="warn">{m(Msg::PaymentsOverPaid(s.over_paid_invoices))}</p> })}
            {sources(l, p)}
            {(p.report.rows_skipped > 0).then(|| {
                let issues = p.report.issues.iter().take(SHOWN).cloned().collect::<Vec<_>>();
                view! {
                    <details class="issues" data-testid="payments-issues">
                        <summary class="warn">{m(Msg::PaymentsSkipped(p.report.rows_skipped))}</summary>
                        <ul>
                            {issues
                                .into_iter()
                                .map(|i| view! { <li>{format!("{} {}", t.issue_line, i.line)}{l.colon()}{i.column.clone().unwrap_or_default()}" « "{i.value.clone()}" » — "{(t.problem)(&i.problem)}</li> })
                                .collect_view()}
                        </ul>
                    </details>
                }
            })}
            {(!lines.is_empty()).then(|| view! {
                <h3 class="subsection">{m(Msg::UnappliedTitle)}</h3>
                <div class="table-wrap">
                    <table data-testid="unapplied-table">
                        <thead>
                            <tr>
                                <th scope="col" class="num">{t.issue_line}</th>
                                <th scope="col">{m(Msg::UnappliedRef)}</th>
                                <th scope="col">{m(Msg::UnappliedCustomer)}</th>
                                <th scope="col">{m(Msg::UnappliedDate)}</th>
                                <th scope="col" class="num">{m(Msg::UnappliedAmount)}</th>
                                <th scope="col">{pt.col_why}</th>
                                <th scope="col">{pt.col_candidates}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {lines
                                .into_iter()
                                .map(|u| {
                                    let reference = [u.payment.reference.as_str(), u.payment.label.as_str()]
                                        .into_iter()
                                        .filter(|r| !r.is_empty())
                                        .collect::<Vec<_>>()
                                        .join(" · ");
                                    let candidates = u
                                        .candidates
                                        .iter()
                                        .map(|c| format!("{} ({}, {})", c.invoice, c.customer, c.currency))
                                        .collect::<Vec<_>>()
                                        .join(l.semicolon());
                                    view! {
                                        <tr data-line=u.payment.line data-why=format!("{:?}", u.why)>
                                            <td class="num">{u.payment.line}</td>
                                            <td><code>{reference}</code></td>
                                            <td>{u.payment.customer.clone().unwrap_or_else(|| m(Msg::UnknownCustomer))}</td>
                                            <td>{format::date(l, u.payment.date)}</td>
                                            <td class="num" data-value=raw(u.payment.amount.to_decimal())>{format::money(l, u.payment.amount.to_decimal(), &u.currency)}</td>
                                            <td>{(pt.why)(u.why)}</td>
                                            <td>{candidates}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </div>
    }
}

/// Matched and unapplied amounts, one row per currency (kpi.md "Currencies").
fn by_currency(l: Locale, s: &crate::domain::import::matching::MatchSummary) -> impl IntoView {
    let pt = pay_tr(l);
    let mut codes: Vec<&String> = s.matched_amounts.iter().chain(&s.unmatched_amounts).map(|(c, _)| c).collect();
    codes.sort();
    codes.dedup();
    let of = |v: &[(String, Decimal)], c: &str| v.iter().find(|(k, _)| k == c).map_or(Decimal::ZERO, |(_, a)| *a);
    let rows = codes
        .into_iter()
        .map(|c| {
            let (matched, unapplied) = (of(&s.matched_amounts, c), of(&s.unmatched_amounts, c));
            view! {
                <tr data-currency=c.clone() data-matched=raw(matched) data-unapplied=raw(unapplied)>
                    <th scope="row">{c.clone()}</th>
                    <td class="num">{format::money(l, matched, c)}</td>
                    <td class="num">{format::money(l, unapplied, c)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="compact" data-testid="payments-by-currency">
                <caption>{pt.by_currency_caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{pt.col_currency}</th>
                        <th scope="col" class="num">{pt.col_matched}</th>
                        <th scope="col" class="num">{pt.col_unapplied}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Which source each invoice's payments come from, and the invoices whose
/// two sources disagree.
fn sources(l: Locale, p: &PaymentsInfo) -> impl IntoView {
    let pt = pay_tr(l);
    let s = &p.matched;
    let differing: Vec<_> = s.differing.iter().take(SHOWN).cloned().collect();
    let shown = differing.len() as u64;
    (s.replaced > 0 || s.kept_from_invoices > 0).then(|| {
        view! {
            <div
                class="note"
                data-testid="payments-sources"
                data-replaced=s.replaced
                data-kept=s.kept_from_invoices
                data-differing=s.differing_count
            >
                {(s.replaced > 0).then(|| view! { <p>{(pt.replaced)(s.replaced)}</p> })}
                {(s.kept_from_invoices > 0).then(|| view! { <p>{(pt.kept)(s.kept_from_invoices)}</p> })}
                {(!differing.is_empty()).then(|| view! {
                    <details data-testid="payments-differing">
                        <summary class="warn">{(pt.differing)(s.differing_count)}</summary>
                        {(s.differing_count > shown).then(|| view! { <p class="muted">{(pt.differing_cut)(shown, s.differing_count)}</p> })}
                        <div class="table-wrap">
                            <table class="compact">
                                <thead>
                                    <tr>
                                        <th scope="col">{pt.col_invoice}</th>
                                        <th scope="col">{pt.col_customer}</th>
                                        <th scope="col" class="num">{pt.col_paid_invoices_file}</th>
                                        <th scope="col" class="num">{pt.col_paid_payments_file}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {differing
                                        .into_iter()
                                        .map(|d| view! {
                                            <tr data-invoice=d.invoice.clone()>
                                                <th scope="row"><code>{d.invoice.clone()}</code></th>
                                                <td>{d.customer.clone()}</td>
                                                <td class="num" data-value=raw(d.invoices_file_paid)>{format::money(l, d.invoices_file_paid, &d.currency)}</td>
                                                <td class="num" data-value=raw(d.payments_file_paid)>{format::money(l, d.payments_file_paid, &d.currency)}</td>
                                            </tr>
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </details>
                })}
            </div>
        }
    })
}
