//! The Analyse area: pick or drop a receivables export (or the sample), then
//! read the dashboard at an as-of date and period: outstanding, the DSO
//! family, CEI, and the aged balance by customer.

use crate::domain::kpi::aging::{aged_balance, Buckets, GroupBy};
use crate::domain::kpi::{kpis, Figure, Period, Unit};
use crate::domain::ledger::Ledger;
use crate::domain::money::raw;
use crate::i18n::tr;
use crate::ui::components::{
    aged_balance_table::AgedBalanceTable, file_drop::FileDrop, import_summary::ImportSummary, kpi_card::KpiCard,
};
use crate::ui::state::{load_bytes, now_ms, AppState, Loaded, Shared};
use chrono::NaiveDate;
use js_sys::Uint8Array;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where the sample file is, relative to the page.
const SAMPLE_URL: &str = "public/sample-receivables.csv";
const SAMPLE_NAME: &str = "exemple-encours-clients.csv";

/// What the loader is doing.
#[derive(Debug, Clone, PartialEq)]
enum Status {
    Idle,
    Reading(String),
    /// Kept as data, not text: it is worded in the language of the moment.
    Failed(LoadError),
}

#[derive(Debug, Clone, PartialEq)]
enum LoadError {
    Read,
    Import(crate::domain::import::ImportError),
}

/// Lets the browser paint (the "reading" message) before a long parse.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = JsFuture::from(promise).await;
}

/// Reads, parses and publishes a file; the status says how it went.
fn finish_load(state: AppState, status: RwSignal<Status>, name: String, bytes: Vec<u8>, read_ms: f64) {
    match load_bytes(name, &bytes, read_ms) {
        Ok(loaded) => {
            state.analysis.set(Some(Shared(Arc::new(loaded))));
            status.set(Status::Idle);
        }
        Err(e) => status.set(Status::Failed(LoadError::Import(e))),
    }
}

fn load_file(state: AppState, status: RwSignal<Status>, file: web_sys::File) {
    let name = file.name();
    status.set(Status::Reading(name.clone()));
    spawn_local(async move {
        let t0 = now_ms();
        match JsFuture::from(file.array_buffer()).await {
            Ok(buf) => {
                let bytes = Uint8Array::new(&buf).to_vec();
                let read_ms = now_ms() - t0;
                next_frame().await;
                finish_load(state, status, name, bytes, read_ms);
            }
            Err(_) => status.set(Status::Failed(LoadError::Read)),
        }
    });
}

fn load_sample(state: AppState, status: RwSignal<Status>) {
    status.set(Status::Reading(SAMPLE_NAME.into()));
    spawn_local(async move {
        let t0 = now_ms();
        let fetched = async {
            let resp = JsFuture::from(window().fetch_with_str(SAMPLE_URL)).await.ok()?;
            let resp: web_sys::Response = resp.dyn_into().ok()?;
            if !resp.ok() {
                return None;
            }
            let buf = JsFuture::from(resp.array_buffer().ok()?).await.ok()?;
            Some(Uint8Array::new(&buf).to_vec())
        };
        match fetched.await {
            Some(bytes) => finish_load(state, status, SAMPLE_NAME.into(), bytes, now_ms() - t0),
            None => status.set(Status::Failed(LoadError::Read)),
        }
    });
}

#[component]
pub fn AnalysePage() -> impl IntoView {
    let state = AppState::expect();
    let t = move || tr(state.locale.get());
    let status = RwSignal::new(Status::Idle);
    let on_file = Callback::new(move |f: web_sys::File| load_file(state, status, f));
    let on_sample = Callback::new(move |_| load_sample(state, status));
    let loaded = Signal::derive(move || state.analysis.with(Option::is_some));

    view! {
        <section class="page analyse">
            <h1>{move || t().analyse_title}</h1>
            <p class="lead">{move || t().analyse_intro}</p>
            <FileDrop on_file on_sample compact=loaded />
            {move || match status.get() {
                Status::Idle => None,
                Status::Reading(name) => {
                    Some(view! { <p class="status" role="status" data-testid="import-status">{t().reading}" "<em>{name}</em></p> }.into_any())
                }
                Status::Failed(e) => {
                    let msg = match e {
                        LoadError::Read => t().read_failed.to_string(),
                        LoadError::Import(e) => (t().import_error)(&e),
                    };
                    Some(view! { <p class="error" role="alert" data-testid="import-error">{msg}</p> }.into_any())
                }
            }}
            {move || state.analysis.get().map(|a| view! { <Dashboard loaded=a /> })}
        </section>
    }
}

/// The figures of one analysed file. Created anew for each file, so the
/// as-of date, period and currency start from the file's defaults.
#[component]
fn Dashboard(loaded: Shared<Loaded>) -> impl IntoView {
    let state = AppState::expect();
    let t = move || tr(state.locale.get());
    let all = loaded.ledger.clone();
    let latest = all.latest_event_date().unwrap_or(NaiveDate::MIN);
    let earliest = all.earliest_invoice_date().unwrap_or(latest);
    let currencies = all.currencies_by_open(latest);
    let multi_currency = currencies.len() > 1;

    let as_of = RwSignal::new(latest);
    let period = RwSignal::new(Period::default());
    let currency = RwSignal::new(currencies.first().cloned().unwrap_or_else(|| loaded.report.default_currency.clone()));

    let ledger =
        {
            let all = all.clone();
            Memo::new(move |_| {
                if multi_currency {
                    currency.with(|c| Shared(Arc::new(all.in_currency(c))))
                } else {
                    all.clone()
                }
            })
        };
    let figures = Memo::new(move |_| ledger.with(|l: &Shared<Ledger>| kpis(l, as_of.get(), period.get())));
    let group_by = RwSignal::new(GroupBy::Customer);
    let buckets = RwSignal::new(Buckets::default());
    let buckets_invalid = RwSignal::new(false);
    let aged = Memo::new(move |_| {
        ledger.with(|l: &Shared<Ledger>| buckets.with(|b| aged_balance(l, as_of.get(), b, group_by.get())))
    });

    let t0 = now_ms();
    figures.with_untracked(|_| ());
    aged.with_untracked(|_| ());
    let compute_ms = now_ms() - t0;

    let figure = move |name: &'static str| -> Signal<Figure> {
        Signal::derive(move || {
            figures.with(|k| k.get(name).unwrap_or(Err(crate::domain::kpi::Unavailable::ZeroDenominator)))
        })
    };
    let card = move |name: &'static str, unit: Unit| {
        view! { <KpiCard name figure=figure(name) unit currency=currency /> }
    };
    let on_as_of = move |ev: leptos::ev::Event| {
        if let Ok(d) = NaiveDate::parse_from_str(&event_target_value(&ev), "%Y-%m-%d") {
            as_of.set(d);
        }
    };
    let on_period = move |ev: leptos::ev::Event| {
        if let Some(p) = event_target_value(&ev).parse().ok().and_then(Period::new) {
            period.set(p);
        }
    };

    view! {
        <ImportSummary loaded=loaded.clone() compute_ms />
        <div class="controls card" role="group">
            <label class="field">
                <span>{move || t().as_of}</span>
                <input
                    type="date"
                    data-testid="as-of"
                    min=earliest.format("%Y-%m-%d").to_string()
                    prop:value=move || as_of.get().format("%Y-%m-%d").to_string()
                    on:change=on_as_of
                />
            </label>
            <p class="date-shown" data-testid="as-of-shown">{move || crate::ui::format::date(state.locale.get(), as_of.get())}</p>
            <label class="field">
                <span>{move || t().period}</span>
                <select data-testid="period" on:change=on_period>
                    {Period::ALLOWED
                        .into_iter()
                        .map(|d| {
                            view! {
                                <option value=d.to_string() selected=move || period.get().days() == d>
                                    {move || (t().period_days)(d)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            {multi_currency
                .then(|| {
                    let codes = currencies.clone();
                    view! {
                        <label class="field">
                            <span>{move || t().currency}</span>
                            <select data-testid="currency" on:change=move |ev| currency.set(event_target_value(&ev))>
                                {codes
                                    .into_iter()
                                    .map(|c| {
                                        let c2 = c.clone();
                                        view! { <option value=c.clone() selected=move || currency.with(|x| *x == c2)>{c.clone()}</option> }
                                    })
                                    .collect_view()}
                            </select>
                        </label>
                    }
                })}
            <p class="muted figures-in">{move || (t().figures_in)(&currency.get())}</p>
        </div>

        <h2 class="section-title">{move || t().section_outstanding}</h2>
        <div class="kpi-grid">
            {card("ar_total", Unit::Money)}
            {card("ar_overdue", Unit::Money)}
            {card("ar_current", Unit::Money)}
            {card("ar_disputed", Unit::Money)}
            {card("sales", Unit::Money)}
            {card("ar_gross", Unit::Money)}
            {card("credit_notes_open", Unit::Money)}
            {card("open_invoices", Unit::Count)}
            {card("ar_at_risk", Unit::Money)}
            {card("provision_total", Unit::Money)}
        </div>
        {move || {
            let l = state.locale.get();
            let over = figures.with(|k| k.outstanding.as_ref().map(|o| o.over_limit.clone()).unwrap_or_default());
            (!over.is_empty())
                .then(|| {
                    let ledger = ledger.get();
                    let money = move |v| crate::ui::format::money(l, v, &currency.get_untracked());
                    view! {
                        <h3 class="subsection">{t().over_limit_title}</h3>
                        <div class="table-wrap">
                            <table data-testid="over-limit">
                                <thead>
                                    <tr>
                                        <th scope="col">{t().aged_customer}</th>
                                        <th scope="col" class="num">{t().credit_limit}</th>
                                        <th scope="col" class="num">{t().overrun}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {over
                                        .into_iter()
                                        .map(|(c, overrun)| {
                                            let customer = ledger.customer(c);
                                            let limit = customer.credit_limit.unwrap_or_default();
                                            view! {
                                                <tr data-customer=customer.id.clone()>
                                                    <th scope="row" class="customer">{customer.label()}</th>
                                                    <td class="num" data-value=raw(limit)>{money(limit)}</td>
                                                    <td class="num total" data-value=raw(overrun)>{money(overrun)}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                })
        }}

        <h2 class="section-title">{move || t().section_dso}</h2>
        <div class="kpi-grid">
            {card("dso_standard", Unit::Days)}
            {card("dso_countback", Unit::Days)}
            {card("bpdso", Unit::Days)}
            {card("ddso", Unit::Days)}
            {card("dbt", Unit::Days)}
            {card("weighted_dpd", Unit::Days)}
            {card("dso_disputed", Unit::Days)}
        </div>

        <h2 class="section-title">{move || t().section_behaviour}</h2>
        <div class="kpi-grid">
            {card("cei", Unit::Percent)}
            {card("collection_rate", Unit::Percent)}
            {card("adp", Unit::Days)}
            {card("avg_days_late", Unit::Days)}
            {card("on_time_rate", Unit::Percent)}
        </div>

        <h2 class="section-title">{move || t().aged_title}</h2>
        <p class="muted">{move || t().aged_intro}</p>
        <div class="aged-controls">
        <label class="field inline">
            <span>{move || t().aged_group_by}</span>
            <select
                data-testid="aged-group"
                on:change=move |ev| group_by.set(GroupBy::from_key(&event_target_value(&ev)).unwrap_or_default())
            >
                {GroupBy::ALL
                    .into_iter()
                    .map(|g| {
                        view! {
                            <option value=g.key() selected=move || group_by.get() == g>
                                {move || (t().group_by_name)(g)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
        <label class="field inline">
            <span>{move || t().aged_buckets}</span>
            <input
                type="text"
                class="buckets"
                data-testid="aging-buckets"
                inputmode="numeric"
                aria-invalid=move || buckets_invalid.get().to_string()
                prop:value=move || buckets.with(Buckets::describe)
                on:change=move |ev| match Buckets::parse(&event_target_value(&ev)) {
                    Some(b) => {
                        buckets.set(b);
                        buckets_invalid.set(false);
                    }
                    None => buckets_invalid.set(true),
                }
            />
        </label>
        </div>
        {move || buckets_invalid.get().then(|| view! { <p class="error" role="alert" data-testid="aging-buckets-error">{t().aged_buckets_invalid}</p> })}
        <AgedBalanceTable aged=aged ledger=ledger currency=currency as_of=as_of />
    }
}
