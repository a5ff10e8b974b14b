//! The payments file beside the invoices: a file input, what it matched,
//! and the payments no invoice could take (unapplied cash), listed.

use crate::domain::engine::LoadedInfo;
use crate::domain::money::raw;
use crate::i18n::{tr, Msg};
use crate::ui::format;
use crate::ui::state::{AppState, Shared};
use leptos::prelude::*;
use web_sys::{File, HtmlInputElement};

/// Unmatched payments listed before the list is cut.
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
) -> impl IntoView {
    let state = AppState::expect();
    let on_change = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        if let Some(f) = input.files().and_then(|fs| fs.get(0)) {
            on_file.run(f);
        }
        input.set_value("");
    };
    let currency = loaded.currencies.first().cloned().unwrap_or_else(|| loaded.report.default_currency.clone());
    move || {
        let l = state.locale.get();
        let t = tr(l);
        let m = |msg: Msg| (t.msg)(&msg);
        let money = |v| format::money(l, v, &currency);
        let summary = loaded.payments.as_ref().map(|p| {
            let s = &p.matched;
            let lines: Vec<_> = s.unmatched_lines.iter().take(SHOWN).cloned().collect();
            view! {
                <div
                    data-testid="payments-summary"
                    data-matched=s.matched
                    data-unmatched=s.unmatched
                >
                    <p>{m(Msg::PaymentsSummary(p.file_name.clone(), p.report.payments, s.matched, s.matched_normalised, s.unmatched))}</p>
                    {(s.unmatched > 0).then(|| view! { <p class="warn">{m(Msg::PaymentsUnapplied(s.unmatched_amounts.iter().map(|(c, v)| format::money(l, *v, c)).collect::<Vec<_>>().join(" ; ")))}</p> })}
                    {(s.over_paid_invoices > 0).then(|| view! { <p class="warn">{m(Msg::PaymentsOverPaid(s.over_paid_invoices))}</p> })}
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
                                    </tr>
                                </thead>
                                <tbody>
                                    {lines
                                        .into_iter()
                                        .map(|u| view! {
                                            <tr data-line=u.line>
                                                <td class="num">{u.line}</td>
                                                <td><code>{u.reference.clone()}</code></td>
                                                <td>{u.customer.clone().unwrap_or_else(|| m(Msg::UnknownCustomer))}</td>
                                                <td>{format::date(l, u.date)}</td>
                                                <td class="num" data-value=raw(u.amount)>{money(u.amount)}</td>
                                            </tr>
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    })}
                </div>
            }
        });
        view! {
            <section class="payments card" data-testid="payments-panel">
                <h2>{m(Msg::PaymentsTitle)}</h2>
                <p class="muted">{m(Msg::PaymentsPrompt)}</p>
                <label class="btn">
                    {m(Msg::PaymentsChoose)}
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
                {summary}
            </section>
        }
    }
}
