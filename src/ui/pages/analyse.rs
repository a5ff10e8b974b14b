//! The Analyse area: pick or drop a receivables export (or the sample), then
//! read the dashboard at an as-of date and period: outstanding, the DSO
//! family, collection, and the aged balance. The file is read and kept by
//! the analysis worker (`ui::engine`); this page sends it queries and shows
//! the answers, so it never freezes on a big file.

use crate::domain::analysis::kpi::aging::{AgeBasis, Buckets, Group, GroupBy};
use crate::domain::analysis::kpi::provisions::ProvisionRates;
use crate::domain::analysis::kpi::{Figure, Period, Unavailable, Unit};
use crate::domain::import::mapping::{Layout, Role};
use crate::domain::import::{ImportError, ImportOptions, SavedMapping};
use crate::domain::ledger::money::raw;
use crate::engine::{
    AgedAnswer, AgedQuery, AgedSort, ExportWhat, KpiAnswer, KpiQuery, LoadedInfo, Request, Response, Selection,
};
use crate::i18n::Msg;
use crate::i18n::{dash_tr, fig_tr, pay_tr, tr};
use crate::ui::components::{
    aged_balance_table::AgedBalanceTable,
    charts_panel::ChartsPanel,
    conversion::{Conversion, ConvertedNote},
    customers_panel::CustomersPanel,
    data_table::TableSearch,
    export_buttons::ExportButtons,
    file_drop::FileDrop,
    forecast_panel::ForecastPanel,
    history_panel,
    history_panel::HistoryPanel,
    import_options::ImportOptionsPanel,
    import_summary::ImportSummary,
    kpi_card::KpiCard,
    mapping_screen::MappingScreen,
    payments_panel::PaymentsPanel,
    period_sales::PeriodSales,
    provisions_editor::ProvisionsEditor,
};
use crate::ui::engine::ask_latest;
use crate::ui::state::{AppState, Shared};
use crate::ui::{engine, format, storage};
use chrono::NaiveDate;
use js_sys::Uint8Array;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::RefCell;
use std::sync::Arc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Where the sample file is, relative to the page.
const SAMPLE_URL: &str = "public/sample-receivables.csv";
const SAMPLE_NAME: &str = "exemple-encours-clients.csv";

/// Rows of the aged balance on one page.
const PAGE_ROWS: usize = 50;

/// The figures divided by Sales(N) (kpi.md "DSO family"), and Sales(N):
/// computed with the typed sales on an open-items file.
const SALES_USERS: [&str; 6] = ["sales", "dso_standard", "bpdso", "ddso", "dbt", "dso_disputed"];

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

thread_local! {
    /// The invoices file analysed last (its name and its `File` or bytes),
    /// read again when an option or the column mapping changes.
    static CURRENT: RefCell<Option<(String, JsValue)>> = const { RefCell::new(None) };
    /// The payments file added to it, added again after such a reading.
    static PAYMENTS: RefCell<Option<(String, JsValue)>> = const { RefCell::new(None) };
}

/// The loader's signals, shared by the page's callbacks.
#[derive(Clone, Copy)]
struct Loader {
    state: AppState,
    status: RwSignal<Status>,
    /// The options the next reading uses (the user's choices).
    options: RwSignal<ImportOptions>,
    /// The columns shown on the mapping screen, when it is open.
    mapping: RwSignal<Option<Layout>>,
    /// What the payments loader says: (is an error, text).
    payments_status: RwSignal<Option<(bool, String)>>,
    /// The payments file's columns, while its mapping screen is open.
    payments_mapping: RwSignal<Option<Layout>>,
    /// The id of the latest payments file handed over: only its answer is
    /// shown (an earlier one's is answered too, and dropped here).
    payments_request: StoredValue<u64>,
    /// The generation of the file analysed (payments files go to it).
    generation: StoredValue<u64>,
    /// True after the worker failed and the file was read again: said on
    /// the page; a second failure in a row is not retried.
    restarted: RwSignal<bool>,
    /// How far the reading of a big file is: (bytes, total, rows).
    progress: RwSignal<Option<(u64, u64, u64)>>,
}

impl Loader {
    /// Hands a new invoices file to the worker.
    fn open(self, name: String, payload: JsValue) {
        PAYMENTS.with(|p| *p.borrow_mut() = None);
        self.payments_mapping.set(None);
        self.payments_status.set(None);
        self.restarted.set(false);
        self.read(name, payload, None);
    }

    /// Reads the current file again (an option or the mapping changed).
    fn reread(self, chosen: Option<Vec<Option<Role>>>) {
        if let Some((name, payload)) = CURRENT.with(|c| c.borrow().clone()) {
            self.read(name, payload, chosen);
        }
    }

    /// The worker failed: it is started again and the file read again
    /// (with its payments), once; the page says so.
    fn recover(self) {
        // The page may have been left: its signals are gone, nothing to do.
        match self.restarted.try_get_untracked() {
            None => {}
            Some(true) => {
                let _ = self.status.try_set(Status::Failed(LoadError::Read));
            }
            Some(false) => {
                let _ = self.restarted.try_set(true);
                self.reread(None);
            }
        }
    }

    /// Hands a file to the worker with the options, the remembered
    /// mappings and the mapping chosen for it, and publishes what it read;
    /// when required columns are missing, the mapping screen opens.
    fn read(self, name: String, payload: JsValue, chosen: Option<Vec<Option<Role>>>) {
        CURRENT.with(|c| *c.borrow_mut() = Some((name.clone(), payload.clone())));
        // The page may have been left (the sample was still being fetched).
        let Some(mut options) = self.options.try_get_untracked() else { return };
        options.saved_mappings = storage::load_mappings();
        options.mapping = chosen;
        let _ = self.status.try_set(Status::Reading(name.clone()));
        let _ = self.progress.try_set(None);
        let currency = if options.default_currency.trim().is_empty() { "EUR" } else { options.default_currency.trim() };
        format::warm_up(self.state.locale.get_untracked(), currency);
        let progress = move |bytes, total, rows| {
            let _ = self.progress.try_set(Some((bytes, total, rows)));
        };
        let sent = engine::load(name, options, &payload, progress, move |response| match response {
            // An earlier file's answer: the latest file's is the one shown
            // (when the page was left meanwhile, the answer is still the
            // analysis to come back to).
            Response::Loaded { generation, .. }
            | Response::LoadFailed { generation, .. }
            | Response::Cancelled { generation }
                if self.generation.try_get_value().is_some_and(|g| g != generation) => {}
            Response::Cancelled { .. } => {
                let _ = self.progress.try_set(None);
                let _ = self.status.try_set(Status::Idle);
            }
            Response::Loaded { info, .. } => {
                let _ = self.progress.try_set(None);
                self.state.analysed(*info);
                let _ = self.status.try_set(Status::Idle);
                let _ = self.mapping.try_set(None);
                if let Some((name, payload)) = PAYMENTS.with(|p| p.borrow().clone()) {
                    self.add_payments(name, payload, None);
                }
            }
            Response::LoadFailed { error: ImportError::NeedsMapping { missing, layout }, .. } => {
                self.state.analysis.set(None);
                let _ = self.mapping.try_set(Some(*layout.clone()));
                let _ = self
                    .status
                    .try_set(Status::Failed(LoadError::Import(ImportError::NeedsMapping { missing, layout })));
            }
            Response::LoadFailed { error, .. } => {
                let _ = self.status.try_set(Status::Failed(LoadError::Import(error)));
            }
            // The failure hook reads the file again.
            Response::WorkerFailed => {}
            Response::BadRequest { .. } => {
                let _ = self.status.try_set(Status::Failed(LoadError::Read));
            }
            _ => {}
        });
        match sent {
            Ok(generation) => {
                let _ = self.generation.try_set_value(generation);
            }
            Err(_) => {
                let _ = self.status.try_set(Status::Failed(LoadError::Read));
            }
        }
    }

    /// Hands a payments file to the worker, to be matched to the invoices,
    /// with the columns the user chose for it (else those remembered for
    /// its header layout, else guessed). Only the latest payments file's
    /// answer is shown; when its columns cannot be named, its mapping
    /// screen opens.
    fn add_payments(self, name: String, payload: JsValue, chosen: Option<Vec<Option<Role>>>) {
        PAYMENTS.with(|p| *p.borrow_mut() = Some((name.clone(), payload.clone())));
        // Called from a load's answer too, which may come after the page was left.
        let (Some(generation), Some(mut options)) = (self.generation.try_get_value(), self.options.try_get_untracked())
        else {
            return;
        };
        options.mapping = chosen;
        options.saved_mappings = storage::load_mappings();
        let t = tr(self.state.locale.get_untracked());
        let _ = self.payments_status.try_set(Some((false, (t.msg)(&Msg::PaymentsReading(name.clone())))));
        let _ = self.payments_mapping.try_set(None);
        let failed = move || {
            let _ = self
                .payments_status
                .try_set(Some((true, tr(self.state.locale.get_untracked()).read_failed.to_string())));
        };
        let sent = engine::add_payments(generation, name, options, &payload, move |response| {
            let latest = self.payments_request.try_get_value();
            let l = self.state.locale.get_untracked();
            match response {
                // Every file handed over gets its answer; a later payments
                // file's decides what is shown.
                Response::PaymentsAdded { id, .. }
                | Response::PaymentsFailed { id, .. }
                | Response::PaymentsDropped { id, .. }
                | Response::BadRequest { id: Some(id), .. }
                    if latest.is_some_and(|latest| latest != id) => {}
                Response::PaymentsAdded { info, generation, .. } => {
                    // (The page may have been left: the analysis is still its.)
                    if self.generation.try_get_value().is_none_or(|g| g == generation) {
                        self.state.analysed(*info);
                    }
                    let _ = self.payments_status.try_set(None);
                }
                Response::PaymentsFailed { error: ImportError::NeedsMapping { layout, .. }, .. } => {
                    let _ = self.payments_mapping.try_set(Some(*layout));
                    let _ = self.payments_status.try_set(Some((false, pay_tr(l).mapping_needed.to_string())));
                }
                Response::PaymentsFailed { error, .. } => {
                    PAYMENTS.with(|p| *p.borrow_mut() = None);
                    let t = tr(l);
                    let _ = self
                        .payments_status
                        .try_set(Some((true, (t.msg)(&Msg::PaymentsFailed((t.import_error)(&error))))));
                }
                Response::BadRequest { .. } => failed(),
                // Another invoices file came since, or this one is still
                // being read (its payments are added once it is), or the
                // worker failed (the file is read again, with its payments).
                _ => {
                    let _ = self.payments_status.try_set(None);
                }
            }
        });
        match sent {
            Ok(id) => {
                let _ = self.payments_request.try_set_value(id);
            }
            Err(_) => failed(),
        }
    }

    /// The user named the payments file's columns: remembered for its
    /// header layout, and the file read again with them.
    fn map_payments(self, roles: Vec<Option<Role>>) {
        if let Some(layout) = self.payments_mapping.get_untracked() {
            storage::save_mapping(SavedMapping { signature: layout.signature, roles: roles.clone() });
        }
        if let Some((name, payload)) = PAYMENTS.with(|p| p.borrow().clone()) {
            self.add_payments(name, payload, Some(roles));
        }
    }
}

fn load_sample(loader: Loader) {
    loader.status.set(Status::Reading(SAMPLE_NAME.into()));
    spawn_local(async move {
        let fetched = async {
            let resp = JsFuture::from(window().fetch_with_str(SAMPLE_URL)).await.ok()?;
            let resp: web_sys::Response = resp.dyn_into().ok()?;
            if !resp.ok() {
                return None;
            }
            let buf = JsFuture::from(resp.array_buffer().ok()?).await.ok()?;
            Some(Uint8Array::new(&buf))
        };
        match fetched.await {
            Some(bytes) => loader.open(SAMPLE_NAME.into(), bytes.into()),
            None => {
                let _ = loader.status.try_set(Status::Failed(LoadError::Read));
            }
        }
    });
}

#[component]
pub fn AnalysePage() -> impl IntoView {
    let state = AppState::expect();
    let t = move || tr(state.locale.get());
    let loader = Loader {
        state,
        status: RwSignal::new(Status::Idle),
        options: RwSignal::new(storage::load_import_options()),
        mapping: RwSignal::new(None),
        payments_status: RwSignal::new(None),
        payments_mapping: RwSignal::new(None),
        payments_request: StoredValue::new(0),
        generation: StoredValue::new(0),
        restarted: RwSignal::new(false),
        progress: RwSignal::new(None),
    };
    let status = loader.status;
    engine::warm_up();
    let on_file = Callback::new(move |f: web_sys::File| loader.open(f.name(), f.into()));
    let on_sample = Callback::new(move |_| load_sample(loader));
    let loaded = Signal::derive(move || state.analysis.with(Option::is_some));
    let on_options = Callback::new(move |_| {
        storage::save_import_options(&loader.options.get_untracked());
        loader.reread(None);
    });
    let on_apply = Callback::new(move |roles: Vec<Option<Role>>| {
        if let Some(layout) = loader.mapping.get_untracked() {
            storage::save_mapping(SavedMapping { signature: layout.signature, roles: roles.clone() });
        }
        loader.reread(Some(roles));
    });
    let on_cancel = Callback::new(move |_| loader.mapping.set(None));
    let on_check_columns = Callback::new(move |layout: Layout| loader.mapping.set(Some(layout)));
    let on_payments = Callback::new(move |f: web_sys::File| loader.add_payments(f.name(), f.into(), None));
    let on_payments_mapping = Callback::new(move |roles: Vec<Option<Role>>| loader.map_payments(roles));
    engine::on_failure(move || loader.recover());

    view! {
        <section class="page analyse">
            <h1>{move || t().analyse_title}</h1>
            <p class="lead">{move || t().analyse_intro}</p>
            <FileDrop on_file on_sample compact=loaded />
            <ImportOptionsPanel options=loader.options on_change=on_options />
            {move || match status.get() {
                Status::Idle => None,
                Status::Reading(name) => {
                    Some(
                        view! {
                            <div class="status reading" role="status" data-testid="import-status">
                                <p>{t().reading}" "<em>{name}</em></p>
                                {move || {
                                    loader
                                        .progress
                                        .get()
                                        .map(|(bytes, total, rows)| {
                                            let l = state.locale.get();
                                            view! {
                                                <progress data-testid="import-progress" max=total value=bytes></progress>
                                                <span class="muted">
                                                    {(t().msg)(&Msg::Progress(format::bytes(l, bytes), format::bytes(l, total), format::count(l, rows)))}
                                                </span>
                                            }
                                        })
                                }}
                                <button
                                    type="button"
                                    class="btn small"
                                    data-testid="import-cancel"
                                    on:click=move |_| engine::cancel(loader.generation.get_value())
                                >
                                    {move || (t().msg)(&Msg::Cancel)}
                                </button>
                            </div>
                        }
                            .into_any(),
                    )
                }
                Status::Failed(e) => {
                    let msg = match e {
                        LoadError::Read => t().read_failed.to_string(),
                        LoadError::Import(e) => (t().import_error)(&e),
                    };
                    Some(view! { <p class="error" role="alert" data-testid="import-error">{msg}</p> }.into_any())
                }
            }}
            {move || loader.mapping.get().map(|layout| view! { <MappingScreen layout on_apply on_cancel /> })}
            {move || {
                loader
                    .restarted
                    .get()
                    .then(|| view! { <p class="warn" role="status" data-testid="worker-restarted">{(t().msg)(&Msg::WorkerRestarted)}</p> })
            }}
            {move || {
                state
                    .analysis
                    .get()
                    .map(|a| {
                        view! {
                            <Dashboard
                                loaded=a
                                on_check_columns
                                on_payments
                                payments_status=loader.payments_status
                                payments_mapping=loader.payments_mapping
                                on_payments_mapping
                            />
                        }
                    })
            }}
        </section>
    }
}

/// The figures of one analysed file. Created anew for each file, so the
/// as-of date, period and currency start from the file's defaults. Each
/// change of an input sends one query; an answer to an older query is
/// dropped.
#[component]
fn Dashboard(
    /// The analysed file.
    loaded: Shared<LoadedInfo>,
    /// Opens the mapping screen with the file's columns.
    on_check_columns: Callback<Layout>,
    /// Called with a payments file to add to the invoices.
    on_payments: Callback<web_sys::File>,
    /// What the payments loader says: (is an error, text).
    payments_status: RwSignal<Option<(bool, String)>>,
    /// The payments file's columns, while its mapping screen is open.
    payments_mapping: RwSignal<Option<Layout>>,
    /// Called with the payments file's columns the user chose.
    on_payments_mapping: Callback<Vec<Option<Role>>>,
) -> impl IntoView {
    let state = AppState::expect();
    let t = move || tr(state.locale.get());
    let earliest = loaded.earliest;
    let loaded_name = StoredValue::new(loaded.file_name.clone());
    let currencies = loaded.currencies.clone();
    let multi_currency = currencies.len() > 1;
    // A reporting currency is offered where it can change something.
    let convertible = multi_currency || currencies.first().is_some_and(|c| c != "EUR");
    let layout = StoredValue::new(crate::ui::components::period_sales::layout_of(&loaded));

    let as_of = state.as_of;
    let period = RwSignal::new(Period::default());
    let currency = state.file_currency;
    let group_by = RwSignal::new(GroupBy::Customer);
    let buckets = RwSignal::new(Buckets::default());
    let buckets_invalid = RwSignal::new(false);
    let expanded = RwSignal::new(Vec::<Group>::new());
    let basis = RwSignal::new(AgeBasis::default());
    let sort = RwSignal::new(AgedSort::default());
    let search = RwSignal::new(String::new());
    let first = RwSignal::new(0usize);
    let provisions = RwSignal::new(ProvisionRates::default());
    let charts = RwSignal::new(None::<Shared<crate::engine::ChartsAnswer>>);
    // The figures at each export kept in the file's history, if any.
    let kept = RwSignal::new(None::<Shared<crate::domain::analysis::kpi::trend::Trend>>);
    let kept_points =
        move |name: &'static str| Signal::derive(move || kept.with(|k| history_panel::points(k.as_deref(), name)));

    // The selection every figure follows ("" in a menu: all), in one
    // currency or, with a reporting currency, every line converted into it.
    let division = RwSignal::new(None::<String>);
    let sales_rep = RwSignal::new(None::<String>);
    let customer = RwSignal::new(None::<String>);
    let reporting = RwSignal::new(None::<String>);
    let rates = RwSignal::new(Vec::<(String, rust_decimal::Decimal)>::new());
    let selection = Memo::new(move |_| Selection {
        currency: reporting.get().unwrap_or_else(|| currency.get()),
        division: division.get(),
        sales_rep: sales_rep.get(),
        customer: customer.get(),
        rates: reporting.with(Option::is_some).then(|| rates.get()),
    });
    // The currency the figures are in: the selected one, or the reporting one.
    let shown_currency = Signal::derive(move || selection.with(|s| s.currency.clone()));
    // The period's sales typed for an open-items file (kpi.md "Open-items file").
    let typed_sales = RwSignal::new(None::<rust_decimal::Decimal>);

    // Two questions, each sent again only when its own inputs change:
    // opening a row of the aged balance does not recompute the figures.
    let answer = RwSignal::new(None::<Shared<KpiAnswer>>);
    // Milliseconds from the figures' answer to their paint (for `make bench`).
    let paint_ms = RwSignal::new(0u64);
    let rest_ready = RwSignal::new(false);
    let aged_answer = RwSignal::new(None::<Shared<AgedAnswer>>);
    // The worker answered that it holds no file, or could not read a query.
    let lost = RwSignal::new(false);
    let last_query = StoredValue::new(0u64);
    let last_aged = StoredValue::new(0u64);
    Effect::new(move |_| {
        let query = KpiQuery {
            as_of: as_of.get(),
            period: period.get(),
            selection: selection.get(),
            provisions: provisions.get(),
            typed_sales: typed_sales.get(),
        };
        ask_latest(
            last_query,
            lost,
            move |id| Request::Kpis { id, query },
            move |response| {
                if let Response::Kpis { answer: a, .. } = response {
                    let t = js_sys::Date::now();
                    answer.set(Some(Shared(Arc::new(*a))));
                    // The figures are painted before the next frame's work
                    // starts: measured at a timer queued by that frame.
                    request_animation_frame(move || {
                        set_timeout(
                            move || {
                                let _ = paint_ms.try_set((js_sys::Date::now() - t) as u64);
                                let _ = rest_ready.try_set(true);
                            },
                            std::time::Duration::ZERO,
                        )
                    });
                }
            },
        );
    });
    Effect::new(move |_| {
        let query = AgedQuery {
            as_of: as_of.get(),
            selection: selection.get(),
            group_by: group_by.get(),
            buckets: buckets.get(),
            basis: basis.get(),
            expanded: expanded.get(),
            sort: sort.get(),
            search: search.get(),
            first: first.get(),
            rows: PAGE_ROWS,
        };
        ask_latest(
            last_aged,
            lost,
            move |id| Request::Aged { id, query },
            move |response| {
                if let Response::Aged { answer: a, .. } = response {
                    aged_answer.set(Some(Shared(Arc::new(*a))));
                }
            },
        );
    });
    // An open-items file: the card asking for the period's sales, made once
    // (not again at each answer, which would reload what was typed and ask
    // again: a loop).
    let open_items = Memo::new(move |_| answer.with(|a| a.as_ref().is_some_and(|a| a.kpis.open_items)));
    let compute_ms = Signal::derive(move || answer.with(|a| a.as_ref().map_or(0, |a| a.compute_ms)));

    let figure = move |name: &'static str| -> Signal<Figure> {
        Signal::derive(move || {
            answer.with(|a| a.as_ref().and_then(|a| a.kpis.get(name)).unwrap_or(Err(Unavailable::ZeroDenominator)))
        })
    };
    let workings = move |name: &'static str| {
        Signal::derive(move || {
            let l = state.locale.get();
            answer.with(|a| {
                a.as_ref()
                    .and_then(|a| crate::ui::components::formula::workings(l, name, &a.kpis, &shown_currency.get()))
            })
        })
    };
    // Under the figures computed with the sales typed for an open-items file.
    let note = move |name: &'static str| {
        Signal::derive(move || {
            let typed = answer.with(|a| a.as_ref().is_some_and(|a| a.kpis.sales_typed));
            let texts = fig_tr(state.locale.get());
            (typed && SALES_USERS.contains(&name))
                .then(|| if name == "sales" { texts.sales_are_typed } else { texts.uses_typed_sales }.to_string())
        })
    };
    let card = move |name: &'static str, unit: Unit| {
        view! { <KpiCard name figure=figure(name) unit currency=shown_currency workings=workings(name) note=note(name) kept=kept_points(name) /> }
    };
    // The DSO family and CEI also show their trend over 12 month ends.
    let trended = move |name: &'static str, unit: Unit| {
        let trend = Signal::derive(move || {
            charts.with(|c| {
                c.as_ref().and_then(|c| {
                    let series = c.trend.series(name)?;
                    Some(c.trend.dates().into_iter().zip(series).collect::<Vec<_>>())
                })
            })
        });
        view! { <KpiCard name figure=figure(name) unit currency=shown_currency workings=workings(name) trend note=note(name) kept=kept_points(name) /> }
    };
    // A new selection, grouping or search starts the aged balance at its first page.
    Effect::new(move |_| {
        selection.track();
        group_by.track();
        search.track();
        basis.track();
        buckets.track();
        sort.track();
        first.set(0);
    });

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
        <ImportSummary loaded=loaded.clone() compute_ms paint_ms on_check_columns />
        <PaymentsPanel
            loaded=loaded.clone()
            on_file=on_payments
            status=payments_status
            mapping=payments_mapping
            on_mapping=on_payments_mapping
        />
        <Show
            when=move || answer.with(Option::is_some)
            fallback=move || {
                if lost.get() {
                    view! { <p class="error" role="alert" data-testid="analysis-lost">{(t().msg)(&Msg::NoFile)}</p> }.into_any()
                } else {
                    view! { <p class="status" role="status">{t().computing}</p> }.into_any()
                }
            }
        >
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
                            <select
                                data-testid="currency"
                                disabled=move || reporting.with(Option::is_some)
                                title=move || reporting.get().map(|to| (crate::i18n::fig_tr(state.locale.get()).currency_while_converted)(&to))
                                on:change=move |ev| currency.set(event_target_value(&ev))
                            >
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
            <Filters loaded=loaded.clone() division sales_rep customer />
            {convertible.then(|| view! { <Conversion currencies=currencies.clone() reporting rates /> })}
            {move || {
                reporting
                    .with(Option::is_none)
                    .then(|| view! { <p class="muted figures-in">{(t().figures_in)(&currency.get())}</p> })
            }}
        </div>
        {move || {
            open_items
                .get()
                .then(|| {
                    view! {
                        <PeriodSales
                            layout=layout.get_value()
                            currency=Signal::derive(move || selection.with(|s| (s.currency.clone(), s.rates.is_some())))
                            period
                            as_of
                            typed=typed_sales
                            part=Signal::derive(move || selection.with(Selection::is_part))
                            used=Signal::derive(move || answer.with(|a| a.as_ref().is_some_and(|a| a.kpis.sales_typed)))
                        />
                    }
                })
        }}

        <div class="print-only print-header" data-testid="print-header">
            <p class="print-title">{move || dash_tr(state.locale.get()).print_title}</p>
            <p>
                {move || {
                    let l = state.locale.get();
                    let sel = selection.get();
                    let mut parts = vec![
                        loaded_name.get_value(),
                        (dash_tr(l).print_as_of)(&crate::ui::format::date(l, as_of.get())),
                        (tr(l).period_days)(period.get().days()),
                        sel.currency.clone(),
                    ];
                    if let Some(r) = &sel.rates {
                        let rates = crate::domain::analysis::convert::rates_text(&sel.currency, r, l.into());
                        parts.push((fig_tr(l).converted_note)(&sel.currency, &rates));
                    }
                    parts.extend([sel.division, sel.sales_rep, sel.customer].into_iter().flatten());
                    parts.join(" · ")
                }}
            </p>
        </div>
        <div class="print-bar no-print">
            <button type="button" class="btn" data-testid="print" on:click=move |_| {
                let _ = window().print();
            }>{move || dash_tr(state.locale.get()).print_button}</button>
        </div>
        <SectionNav />
        <h2 class="section-title" id="figures">{move || t().section_outstanding}</h2>
        <ConvertedNote selection />
        <div class="kpi-grid">
            {card("ar_total", Unit::Money)}
            {card("ar_overdue", Unit::Money)}
            {card("ar_current", Unit::Money)}
            {card("ar_disputed", Unit::Money)}
            {card("sales", Unit::Money)}
            {card("ar_gross", Unit::Money)}
            {card("credit_notes_open", Unit::Money)}
            {card("unapplied_cash", Unit::Money)}
            {card("open_invoices", Unit::Count)}
            {card("ar_at_risk", Unit::Money)}
            {card("provision_total", Unit::Money)}
        </div>
        {move || {
            let l = state.locale.get();
            let over = answer.with(|a| a.as_ref().map(|a| a.over_limit.clone()).unwrap_or_default());
            let count = answer.with(|a| a.as_ref().map_or(0, |a| a.over_limit_count));
            (!over.is_empty())
                .then(|| {
                    let money = move |v| crate::ui::format::money(l, v, &shown_currency.get_untracked());
                    let shown = over.len();
                    view! {
                        <h3 class="subsection">{t().over_limit_title}</h3>
                        {(count > shown).then(|| view! { <p class="muted" data-testid="over-limit-count">{(t().msg)(&Msg::LargestOf(shown, count))}</p> })}
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
                                        .map(|o| {
                                            view! {
                                                <tr data-customer=o.customer_id>
                                                    <th scope="row" class="customer">{o.label}</th>
                                                    <td class="num" data-value=raw(o.limit)>{money(o.limit)}</td>
                                                    <td class="num total" data-value=raw(o.overrun)>{money(o.overrun)}</td>
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
            {trended("dso_standard", Unit::Days)}
            {trended("dso_countback", Unit::Days)}
            {trended("bpdso", Unit::Days)}
            {trended("ddso", Unit::Days)}
            {trended("dbt", Unit::Days)}
            {trended("weighted_dpd", Unit::Days)}
            {trended("dso_disputed", Unit::Days)}
        </div>

        <h2 class="section-title">{move || t().section_behaviour}</h2>
        <div class="kpi-grid">
            {trended("cei", Unit::Percent)}
            {card("collection_rate", Unit::Percent)}
            {card("adp", Unit::Days)}
            {card("avg_days_late", Unit::Days)}
            {card("on_time_rate", Unit::Percent)}
            {card("dispute_resolution_rate", Unit::Percent)}
        </div>
        <ExportButtons
            name="figures"
            label=|d| d.export_figures
            what=Signal::derive(move || {
                let l = state.locale.get();
                let labels = answer.with(|a| {
                    a.as_ref()
                        .map(|a| a.kpis.figures().into_iter().map(|(n, _, _)| (n.to_string(), (tr(l).kpi)(n).0.to_string())).collect())
                        .unwrap_or_default()
                });
                ExportWhat::Figures {
                    period: period.get(),
                    provisions: provisions.get(),
                    labels,
                    typed_sales: typed_sales.get(),
                }
            })
            as_of=as_of
            selection=selection
        />

        <HistoryPanel loaded=loaded.clone() as_of period provisions buckets currency kept />

        // The rest of the dashboard is made once the figures are painted,
        // so that they show as soon as their answer is there.
        <Show when=move || rest_ready.get()>
        <ChartsPanel
            as_of=as_of
            period=period
            selection=selection
            group_by=group_by
            buckets=buckets
            basis=basis
            answer=charts
        />

        <CustomersPanel as_of=as_of selection=selection />

        <h2 class="section-title print-break" id="aged">{move || t().aged_title}</h2>
        <p class="muted">{move || t().aged_intro}</p>
        <ConvertedNote selection />
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
        <label class="field inline">
            <span>{move || dash_tr(state.locale.get()).basis_label}</span>
            <select
                data-testid="aging-basis"
                on:change=move |ev| basis.set(AgeBasis::from_key(&event_target_value(&ev)).unwrap_or_default())
            >
                {AgeBasis::ALL
                    .into_iter()
                    .map(|b| {
                        view! {
                            <option value=b.key() selected=move || basis.get() == b>
                                {move || (dash_tr(state.locale.get()).basis)(b)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
        <TableSearch testid="aged-search" search />
        </div>
        {move || buckets_invalid.get().then(|| view! { <p class="error" role="alert" data-testid="aging-buckets-error">{t().aged_buckets_invalid}</p> })}
        <ExportButtons
            name="aged"
            label=|d| d.export_aged
            what=Signal::derive(move || ExportWhat::AgedBalance { group_by: group_by.get(), buckets: buckets.get(), basis: basis.get() })
            as_of=as_of
            selection=selection
        />
        <AgedBalanceTable
            aged=Signal::derive(move || aged_answer.with(|a| a.as_ref().map(|a| a.aged.clone())))
            currency=shown_currency
            expanded=expanded
            sort=sort
            first=first
            page_rows=PAGE_ROWS
        />
        <h3 class="subsection">{move || dash_tr(state.locale.get()).open_invoices_title}</h3>
        <ExportButtons
            name="open-invoices"
            label=|d| d.export_open
            what=Signal::derive(move || ExportWhat::OpenInvoices { buckets: buckets.get() })
            as_of=as_of
            selection=selection
        />
        <ProvisionsEditor
            rates=provisions
            kpis=Signal::derive(move || answer.with(|a| a.as_ref().map(|a| a.kpis.workings.clone())))
            currency=shown_currency
        />
        <ForecastPanel as_of=as_of selection=selection />
        </Show>
        </Show>
    }
}

/// The dashboard's sections, one button each: the route lives in the
/// URL's hash, so these scroll rather than link.
#[component]
fn SectionNav() -> impl IntoView {
    let state = AppState::expect();
    let d = move || dash_tr(state.locale.get());
    let go = |id: &'static str| {
        move |_| {
            if let Some(el) = document().get_element_by_id(id) {
                el.scroll_into_view();
            }
        }
    };
    let sections: [(&'static str, crate::i18n::DashText); 5] = [
        ("figures", |d| d.nav_figures),
        ("charts", |d| d.nav_charts),
        ("customers", |d| d.nav_customers),
        ("aged", |d| d.nav_aged),
        ("forecast", |d| d.nav_forecast),
    ];
    view! {
        <nav class="section-nav" aria-label=move || d().nav_label>
            {sections
                .into_iter()
                .map(|(id, label)| {
                    view! {
                        <button type="button" class="btn small" data-testid=format!("goto-{id}") on:click=go(id)>
                            {move || label(d())}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// Customers the customer filter suggests at once.
const CUSTOMER_SUGGESTIONS: usize = 40;

/// The selection's menus: a division, a sales rep, a customer (typed or
/// picked from the file's list); each shown when the file has such values.
#[component]
fn Filters(
    /// The analysed file: the values the menus offer.
    loaded: Shared<LoadedInfo>,
    division: RwSignal<Option<String>>,
    sales_rep: RwSignal<Option<String>>,
    customer: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = AppState::expect();
    let m = move |msg: Msg| (tr(state.locale.get()).msg)(&msg);
    let some = |v: String| (!v.is_empty()).then_some(v);
    let menu = move |label: Msg, testid: &'static str, values: Vec<String>, target: RwSignal<Option<String>>| {
        (!values.is_empty()).then(|| {
            let label = StoredValue::new(label);
            view! {
                <label class="field">
                    <span>{move || m(label.get_value())}</span>
                    <select data-testid=testid on:change=move |ev| target.set(some(event_target_value(&ev)))>
                        <option value="" selected=move || target.with(Option::is_none)>{move || m(Msg::FilterAll)}</option>
                        {values
                            .into_iter()
                            .map(|v| {
                                let v2 = v.clone();
                                view! { <option value=v.clone() selected=move || target.with(|x| x.as_deref() == Some(v2.as_str()))>{v.clone()}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
            }
        })
    };
    let customers = loaded.customers.clone();
    // A label picked from the list stands for its code.
    let code_of = {
        let customers = customers.clone();
        move |typed: String| {
            let typed = typed.trim().to_string();
            customers.iter().find(|(_, label)| *label == typed).map(|(id, _)| id.clone()).or_else(|| some(typed))
        }
    };
    // The list offers the customers matching what is typed, a few dozen at a
    // time: thousands of options at once would hold the page up.
    let typed = RwSignal::new(String::new());
    let suggestions = {
        let customers = customers.clone();
        move || {
            let q = typed.get().trim().to_lowercase();
            customers
                .iter()
                .filter(|(_, label)| q.is_empty() || label.to_lowercase().contains(&q))
                .take(CUSTOMER_SUGGESTIONS)
                .map(|(_, label)| view! { <option value=label.clone()></option> })
                .collect_view()
        }
    };
    view! {
        {menu(Msg::FilterDivision, "filter-division", loaded.divisions.clone(), division)}
        {menu(Msg::FilterSalesRep, "filter-sales-rep", loaded.sales_reps.clone(), sales_rep)}
        {(customers.len() > 1).then(|| view! {
            <label class="field">
                <span>{move || m(Msg::FilterCustomer)}</span>
                <input
                    type="search"
                    list="customer-list"
                    data-testid="filter-customer"
                    placeholder=move || m(Msg::FilterAllCustomers)
                    on:input=move |ev| typed.set(event_target_value(&ev))
                    on:change=move |ev| customer.set(code_of(event_target_value(&ev)))
                />
                <datalist id="customer-list">{suggestions}</datalist>
            </label>
        })}
    }
}
