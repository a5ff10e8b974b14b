//! What the import did: counts, the format it read, the assumptions it
//! made, and each doubtful or skipped row with its line, column and value.

use crate::domain::import::mapping::{Layout, MappingSource};
use crate::domain::import::values::{DateOrder, DecimalSeparator};
use crate::domain::import::Severity;
use crate::domain::ledger::money::raw;
use crate::engine::LoadedInfo;
use crate::i18n::{tr, Msg};
use crate::ui::components::import_options::terms_text;
use crate::ui::format;
use crate::ui::state::{AppState, Shared};
use leptos::prelude::*;

/// Issues listed before the list is cut.
const SHOWN_ISSUES: usize = 200;

#[component]
pub fn ImportSummary(
    /// The imported file.
    loaded: Shared<LoadedInfo>,
    /// Milliseconds the last computation of the figures took.
    #[prop(into)]
    compute_ms: Signal<u64>,
    /// Milliseconds from the figures' answer to their first paint.
    #[prop(into)]
    paint_ms: Signal<u64>,
    /// Opens the mapping screen with the file's columns.
    on_check_columns: Callback<Layout>,
) -> impl IntoView {
    let state = AppState::expect();
    // How long the worker's answer took to reach the page and be shown.
    let arrive_ms = (js_sys::Date::now() as u64).saturating_sub(loaded.timings.sent_at);
    move || {
        let l = state.locale.get();
        let t = tr(l);
        let r = &loaded.report;
        let issues = r.issues.iter().take(SHOWN_ISSUES).cloned().collect::<Vec<_>>();
        let n_issues = r.issues_total;
        let cut = (issues.len() as u64) < n_issues;
        let m = |msg: Msg| (t.msg)(&msg);
        let layout = r.layout.clone();
        let check_button = move || {
            let layout = layout.clone();
            view! {
                <button type="button" class="btn small" data-testid="open-mapping" on:click=move |_| on_check_columns.run(layout.clone())>
                    {m(Msg::CheckColumns)}
                </button>
            }
        };
        let excluded_total: u64 = r.excluded.iter().map(|e| e.lines).sum();
        let currency = loaded.currencies.first().cloned().unwrap_or_else(|| r.default_currency.clone());
        let notes = view! {
            {(excluded_total > 0).then(|| view! {
                <div class="warn" data-testid="excluded-lines" data-lines=excluded_total>
                    <p>{m(Msg::ExcludedTitle(excluded_total))}</p>
                    <ul>
                        {r.excluded.iter().map(|e| view! { <li>{m(Msg::ExcludedLines(e.reason, e.value.clone(), e.lines))}</li> }).collect_view()}
                    </ul>
                </div>
            })}
            {(r.merged_lines > 0).then(|| view! { <p class="note" data-testid="merged-lines" data-lines=r.merged_lines>{m(Msg::MergedLines(r.merged_lines, r.summed_lines))}</p> })}
            {(r.unapplied_cash > 0).then(|| view! { <p class="note" data-testid="unapplied-cash" data-lines=r.unapplied_cash>{m(Msg::UnappliedCash(r.unapplied_cash))}</p> })}
            {(loaded.advances > 0).then(|| view! { <p class="note" data-testid="advances" data-lines=loaded.advances>{(crate::i18n::pay_tr(l).advances_invoices)(loaded.advances)}</p> })}
            {(r.snapshot_lines > 0).then(|| view! { <p class="note" data-testid="snapshot-lines" data-lines=r.snapshot_lines>{m(Msg::SnapshotLines(r.snapshot_lines))}</p> })}
            {(r.paid_without_date > 0).then(|| view! { <p class="note" data-testid="paid-without-date" data-count=r.paid_without_date>{m(Msg::PaidWithoutDate(r.paid_without_date))}</p> })}
            {(r.repeated_headers > 0).then(|| view! { <p class="note" data-testid="repeated-headers">{m(Msg::RepeatedHeaders(r.repeated_headers))}</p> })}
            {(r.no_payment_info && loaded.payments.is_none()).then(|| {
                let said = if r.paid_without_date > 0 { Msg::NoPaymentInfoBesideStatus } else { Msg::NoPaymentInfo };
                view! { <p class="warn" data-testid="no-payment-info">{m(said)}" "{check_button()}</p> }
            })}
            {(!r.layout.by_content.is_empty()).then(|| {
                let roles = r.layout.by_content.iter().map(|x| (t.role)(*x)).collect::<Vec<_>>().join(", ");
                view! { <p class="warn" data-testid="guessed-columns">{m(Msg::ByContent(roles))}" "{check_button()}</p> }
            })}
            {(r.layout.source == MappingSource::Saved).then(|| view! { <p class="note" data-testid="mapping-remembered">{m(Msg::MappingRemembered)}</p> })}
            {(r.due_dates_assumed > 0).then(|| {
                let terms = terms_text(&|x| (t.msg)(x), r.terms);
                view! { <p class="note" data-testid="terms-used" data-count=r.due_dates_assumed>{m(Msg::TermsUsed(terms, r.due_dates_assumed))}</p> }
            })}
            {r.decimal_separator_assumed.then(|| {
                let c = if r.decimal_separator == DecimalSeparator::Comma { ',' } else { '.' };
                view! { <p class="warn" data-testid="decimal-assumed">{m(Msg::DecimalAssumed(c))}</p> }
            })}
            {r.amount_excludes_tax.then(|| view! { <p class="warn" data-testid="tax-excluded">{m(Msg::TaxExcluded)}</p> })}
            {(r.rounded_amounts > 0).then(|| view! { <p class="note" data-testid="rounded-amounts">{m(Msg::Rounded(r.rounded_amounts, r.rounded_example.clone().unwrap_or_default()))}</p> })}
            {r.fec.as_ref().map(|f| view! {
                <div class="note" data-testid="fec-summary" data-balance=raw(f.balance)>
                    <p>{m(Msg::Fec(f.entries, f.receivable_lines, f.lettered_groups, f.partial_groups, f.unapplied_lines, f.opening_lines))}</p>
                    {f.last_entry.map(|d| view! { <p>{m(Msg::FecBalance(format::money(l, f.balance, &currency), format::date(l, d)))}</p> })}
                    {(f.refund_lines + f.returned_lines > 0).then(|| view! {
                        <p data-testid="fec-refunds" data-refunds=f.refund_lines data-returned=f.returned_lines>{m(Msg::FecRefunds(f.refund_lines, f.returned_lines))}</p>
                    })}
                    {f.no_sales_journal.then(|| view! { <p class="warn" data-testid="fec-no-sales-journal">{m(Msg::FecNoSalesJournal)}</p> })}
                    {(f.doubtful_lines > 0).then(|| view! {
                        <p data-testid="fec-doubtful" data-count=f.doubtful_lines data-moved=f.doubtful_moved data-balance=raw(f.doubtful_balance)>
                            {m(Msg::FecDoubtful(f.doubtful_lines, f.doubtful_moved, format::money(l, f.doubtful_balance, &currency)))}
                        </p>
                    })}
                    {(f.advance_lines > 0).then(|| view! {
                        <p data-testid="fec-advances" data-count=f.advances data-balance=raw(f.advance_balance)>
                            {m(Msg::FecAdvances(f.advances, format::money(l, f.advance_balance, &currency)))}
                        </p>
                    })}
                </div>
            })}
        };
        view! {
            <section
                class="summary card"
                data-testid="import-summary"
                data-rows=r.rows_read
                data-invoices=r.invoices
                data-skipped=r.rows_skipped
                data-bytes=loaded.bytes
                data-read-ms=loaded.read_ms
                data-parse-ms=loaded.parse_ms
                data-memory-bytes=loaded.memory_bytes
                data-readers=loaded.readers
                data-compute-ms=move || compute_ms.get()
                data-paint-ms=move || paint_ms.get()
                data-arrive-ms=arrive_ms
                data-own-part-ms=loaded.timings.own_part_ms
                data-parts-ms={loaded.timings.parts_ms.iter().map(u64::to_string).collect::<Vec<_>>().join(",")}
                data-wait-ms=loaded.timings.wait_ms
                data-join-ms=loaded.timings.join_ms
                data-finish-ms=loaded.timings.finish_ms
                data-engine-ms=loaded.timings.engine_ms
            >
                <h2>{t.summary_title}{l.colon()}<span class="file-name">{loaded.file_name.clone()}</span></h2>
                <p>{(t.summary_line)(r.rows_read, r.invoices, r.credit_notes, r.customers)}</p>
                {(r.rows_skipped > 0).then(|| view! { <p class="warn" data-testid="rows-skipped">{(t.summary_skipped)(r.rows_skipped)}</p> })}
                {notes}
                <p class="muted" data-testid="import-format">
                    {match &r.sheet {
                        Some(sheet) => (t.summary_sheet)(sheet),
                        None => {
                            (t.summary_format)(
                                &r.encoding,
                                r.delimiter,
                                r.date_form,
                                r.date_order == DateOrder::MonthFirst,
                                r.decimal_separator == DecimalSeparator::Comma,
                            )
                        }
                    }}
                    " "
                    {r.date_order_assumed.then_some(t.summary_date_assumed)}
                    " "
                    {(r.default_currency_used > 0).then(|| (t.summary_default_currency)(r.default_currency_used, &r.default_currency))}
                    " "
                    {
                        let read = (loaded.read_ms + loaded.parse_ms) as f64;
                        let readers = loaded.readers;
                        move || (t.summary_timing)(read, readers, compute_ms.get() as f64)
                    }
                </p>
                {(r.invalid_bytes > 0).then(|| view! { <p class="warn" data-testid="invalid-bytes">{(t.summary_invalid_bytes)(r.invalid_bytes)}</p> })}
                {r.snapshot_date.map(|d| view! { <p class="warn">{(t.summary_snapshot)(&format::date(l, d))}</p> })}
                <details class="columns">
                    <summary>{t.summary_columns}</summary>
                    <ul>
                        {r.columns
                            .iter()
                            .map(|(role, h)| view! { <li><strong>{(t.role)(*role)}</strong>" ← "{h.clone()}</li> })
                            .collect_view()}
                    </ul>
                    {(!r.ignored_columns.is_empty()).then(|| view! { <p class="muted">{t.summary_ignored}{l.colon()}{r.ignored_columns.join(", ")}</p> })}
                    {(!r.duplicate_columns.is_empty()).then(|| view! { <p class="warn">{t.summary_duplicates}{l.colon()}{r.duplicate_columns.join(", ")}</p> })}
                    {(!r.layout.headers.is_empty()).then(check_button)}
                </details>
                {(n_issues > 0)
                    .then(|| {
                        view! {
                            <details class="issues" open={r.rows_skipped > 0} data-testid="import-issues">
                                <summary>{(t.summary_issues)(n_issues)}</summary>
                                {cut.then(|| view! { <p class="muted">{(t.summary_issues_cut)(issues.len(), n_issues)}</p> })}
                                <div class="table-wrap">
                                    <table class="issues-table">
                                        <thead>
                                            <tr>
                                                <th scope="col" class="num">{t.issue_line}</th>
                                                <th scope="col">{t.issue_column}</th>
                                                <th scope="col">{t.issue_value}</th>
                                                <th scope="col">{t.issue_problem}</th>
                                                <th scope="col"></th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {issues
                                                .iter()
                                                .map(|i| {
                                                    let skipped = i.severity != Severity::Warning;
                                                    view! {
                                                        <tr class:skipped=skipped data-line=i.line>
                                                            <td class="num">{i.line}</td>
                                                            <td>{i.column.clone().unwrap_or_default()}</td>
                                                            <td><code>{i.value.clone()}</code></td>
                                                            <td>{(t.problem)(&i.problem)}</td>
                                                            <td class="severity">{if skipped { t.issue_skipped } else { t.issue_kept }}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            </details>
                        }
                    })}
            </section>
        }
    }
}
