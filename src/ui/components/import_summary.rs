//! What the import did: counts, the format it read, the assumptions it
//! made, and each doubtful or skipped row with its line, column and value.

use crate::domain::engine::LoadedInfo;
use crate::domain::import::values::{DateOrder, DecimalSeparator};
use crate::domain::import::Severity;
use crate::i18n::tr;
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
) -> impl IntoView {
    let state = AppState::expect();
    move || {
        let l = state.locale.get();
        let t = tr(l);
        let r = &loaded.report;
        let issues = r.issues.iter().take(SHOWN_ISSUES).cloned().collect::<Vec<_>>();
        let n_issues = r.issues_total;
        let cut = (issues.len() as u64) < n_issues;
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
                data-compute-ms=move || compute_ms.get()
            >
                <h2>{t.summary_title}{l.colon()}<span class="file-name">{loaded.file_name.clone()}</span></h2>
                <p>{(t.summary_line)(r.rows_read, r.invoices, r.credit_notes, r.customers)}</p>
                {(r.rows_skipped > 0).then(|| view! { <p class="warn" data-testid="rows-skipped">{(t.summary_skipped)(r.rows_skipped)}</p> })}
                <p class="muted">
                    {match &r.sheet {
                        Some(sheet) => (t.summary_sheet)(sheet),
                        None => {
                            (t.summary_format)(
                                &r.encoding,
                                r.delimiter,
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
                        move || (t.summary_timing)(read, compute_ms.get() as f64)
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
                                                    let skipped = i.severity == Severity::Skipped;
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
