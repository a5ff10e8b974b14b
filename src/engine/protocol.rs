//! The page's side and the worker's side agree here: every question the
//! page asks (`Request`), every answer (`Response`) and the types they
//! carry, and how a message is written as text and read back. Nothing in
//! this file computes; the engine's other files answer.

use crate::domain::analysis::behaviour::{CustomerRow, DelayPoint, Thresholds};
use crate::domain::analysis::charts::{AgedBars, MonthlyFlows, OverdueEvolution, PaymentDays};
use crate::domain::analysis::forecast::{Backtest, Forecast};
use crate::domain::analysis::kpi::aging::{AgeBasis, Buckets, Group, GroupBy};
use crate::domain::analysis::kpi::provisions::ProvisionRates;
use crate::domain::analysis::kpi::trend::Trend;
use crate::domain::analysis::kpi::{KpiSet, Period, TypedSales, Unavailable};
use crate::domain::calculators::FileFigures;
use crate::domain::dunning::plan::{Assignment, DunningPlan};
use crate::domain::dunning::simulate::{Effect, History, Idle, Left, Settings, WeekLoad};
use crate::domain::export::dunning::ActionLine;
use crate::domain::import::matching::MatchSummary;
use crate::domain::import::payments::PaymentsReport;
use crate::domain::import::{ImportError, ImportOptions, ImportReport};
use crate::domain::lang::Lang;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What the page asks. Every request is answered: a query and a payments
/// file by its `id`, an invoices file by its `generation` (the page's
/// count of files handed over, so that a slower earlier file never
/// replaces a later one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// Read a file; its bytes (or the `File`) travel beside the message.
    Load {
        generation: u64,
        name: String,
        options: ImportOptions,
        /// How many workers may read it at once (the machine's cores): a
        /// big delimited file is cut into that many parts.
        #[serde(default = "one")]
        readers: u32,
    },
    /// To a helper worker: read the part of a delimited file from byte
    /// `start` (a record's start) to `end`, with the decisions its first
    /// `HEAD_BYTES` make; the `File` travels beside.
    ReadPart { part: u32, start: u64, end: u64, options: ImportOptions },
    /// Add a payments file to the invoices of load `generation` (it
    /// replaces the payments file added before, if any); its bytes travel
    /// beside. Answered by `id`: `PaymentsAdded`, `PaymentsFailed` or
    /// `PaymentsDropped`.
    AddPayments {
        generation: u64,
        /// The page's request number (the same count as the queries'): a
        /// later payments file drops an earlier one still being read.
        #[serde(default)]
        id: u64,
        name: String,
        /// The date order and decimal separator chosen for the invoices
        /// hold for the payments too.
        options: ImportOptions,
    },
    /// The figures (KPIs, customers over their limit) for a query.
    Kpis { id: u64, query: KpiQuery },
    /// The visible part of the aged balance for a query.
    Aged { id: u64, query: AgedQuery },
    /// The file's figures for the calculators; on an open-items file, with
    /// the year's sales the user typed.
    FileFigures {
        id: u64,
        #[serde(default)]
        typed_sales: Option<Decimal>,
    },
    /// The penalties and the dunning simulation.
    Dunning { id: u64, query: Box<DunningQuery> },
    /// Every action of a simulation as a file: CSV or iCalendar.
    DunningExport { id: u64, query: Box<DunningQuery>, format: ExportFormat },
    /// Stop reading file `generation`: the analysis before it stays.
    Cancel { generation: u64 },
    /// The dashboard's chart series.
    Charts { id: u64, query: ChartsQuery },
    /// A table (aged balance, open invoices) as a CSV or .xlsx file,
    /// answered by `Response::File`.
    Export { id: u64, query: ExportQuery },
    /// The collections forecast, its what-if and its backtest.
    Forecast { id: u64, query: Box<ForecastQuery> },
    /// One page of the customers table.
    Customers { id: u64, query: Box<CustomersQuery> },
    /// The file's record for the history of exports (aggregates only).
    Snapshot { id: u64, query: Box<SnapshotQuery> },
}

/// What the engine answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Response {
    /// The worker is listening: messages sent before this are queued.
    Ready,
    Loaded {
        generation: u64,
        info: Box<LoadedInfo>,
    },
    LoadFailed {
        generation: u64,
        error: ImportError,
    },
    /// Payments file `id` was added to the invoices of load `generation`.
    PaymentsAdded {
        id: u64,
        generation: u64,
        info: Box<LoadedInfo>,
    },
    /// Payments file `id` could not be read: the invoices stay as they were.
    PaymentsFailed {
        #[serde(default)]
        id: u64,
        generation: u64,
        error: ImportError,
    },
    /// Payments file `id` was not added: another payments file came after
    /// it, or the invoices of load `generation` are no longer the file
    /// analysed (another load came, or it is still being read).
    PaymentsDropped {
        id: u64,
        generation: u64,
    },
    /// A later file was handed over while this one was read: dropped.
    Superseded {
        generation: u64,
    },
    /// The user stopped the reading of file `generation`.
    Cancelled {
        generation: u64,
    },
    /// How far the reading of a big file is (sent after each slice).
    Progress {
        generation: u64,
        bytes: u64,
        total: u64,
        rows: u64,
    },
    /// From a helper worker: how far its part is.
    PartProgress {
        part: u32,
        bytes: u64,
        rows: u64,
    },
    /// From a helper worker: its part is read; its summary and rows travel
    /// beside as byte arrays (`FinishedPart::head`, then `chunks`).
    PartRead {
        part: u32,
    },
    /// From a helper worker: its part could not be read (the worker that
    /// asked reads it itself).
    PartFailed {
        part: u32,
    },
    /// A message the worker could not read, answered with what could be
    /// made out of it so that nothing waits for it.
    BadRequest {
        id: Option<u64>,
        generation: Option<u64>,
    },
    /// Made by the page, never sent: the worker stopped (a crash); it is
    /// started again and the file read again.
    WorkerFailed,
    /// A query came with no file loaded (the worker was restarted): the
    /// page loads the file again.
    NoFile {
        id: u64,
    },
    Kpis {
        id: u64,
        answer: Box<KpiAnswer>,
    },
    Aged {
        id: u64,
        answer: Box<AgedAnswer>,
    },
    /// The file's figures for the calculators, in its main currency.
    FileFigures {
        id: u64,
        figures: Result<(String, FileFigures), Unavailable>,
    },
    /// The simulation, or the number of the query refused (out of its
    /// bounds: `dunning::limits`).
    Dunning {
        id: u64,
        answer: Result<Box<DunningAnswer>, crate::domain::dunning::limits::OutOfRange>,
    },
    /// A file to download: its name, type and text.
    Export {
        id: u64,
        name: String,
        mime: String,
        text: String,
    },
    Charts {
        id: u64,
        answer: Box<ChartsAnswer>,
    },
    /// A binary file to download (a table export). The worker sends
    /// `bytes` beside the answer as a transferred `Uint8Array`
    /// (`[answer, bytes]`, the answer's `bytes` left empty); the page puts them
    /// back.
    File {
        id: u64,
        name: String,
        mime: String,
        bytes: Vec<u8>,
    },
    /// A table export could not be made.
    FileFailed {
        id: u64,
        error: crate::domain::export::ExportError,
    },
    Forecast {
        id: u64,
        answer: Box<ForecastAnswer>,
    },
    Customers {
        id: u64,
        answer: Box<CustomersAnswer>,
    },
    /// The file's record, or why it cannot be made (a snapshot file
    /// before its date).
    Snapshot {
        id: u64,
        answer: Box<Result<crate::domain::analysis::history::Snapshot, Unavailable>>,
    },
}

/// The kind of file an export makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportFormat {
    Csv,
    Ics,
}

/// What the page shows of a file once read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadedInfo {
    pub file_name: String,
    pub bytes: u64,
    pub report: ImportReport,
    /// The default as-of date: the latest invoice or settlement.
    pub latest: NaiveDate,
    pub earliest: NaiveDate,
    /// The file's currencies, the largest open amount at `latest` first.
    pub currencies: Vec<String>,
    /// Milliseconds to read the file and to parse it (set by the worker).
    pub read_ms: u64,
    pub parse_ms: u64,
    /// How many workers read the file at once (set by the worker).
    #[serde(default = "one")]
    pub readers: u32,
    /// The worker's memory once the file is analysed, in bytes (set by the
    /// worker: its WebAssembly memory, which never shrinks, so this is
    /// also the most the import used).
    pub memory_bytes: u64,
    /// The payments file added to the invoices, if any.
    pub payments: Option<PaymentsInfo>,
    /// Payments the invoices file dates before their invoice: unapplied
    /// cash until the invoice date (`Ledger::apply_advances`).
    #[serde(default)]
    pub advances: u64,
    /// The values the filters offer: divisions, sales reps, customers
    /// (code, label; at most `MAX_LISTED_CUSTOMERS`), sorted.
    pub divisions: Vec<String>,
    pub sales_reps: Vec<String>,
    pub customers: Vec<(String, String)>,
    /// Where the time of the load went (set by the worker; `make bench`
    /// prints it).
    #[serde(default)]
    pub timings: LoadTimings,
}

/// Where the time of a load went, in milliseconds, as the worker measured
/// it: its own part, each helper's, the join and the end of the import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadTimings {
    /// From the file handed over to this worker's own part read (slices
    /// waited for and read).
    pub own_part_ms: u64,
    /// For each part a helper read: from the file handed over to its rows
    /// received (its head read again, its part read, its rows sent).
    pub parts_ms: Vec<u64>,
    /// Waiting for the helpers once this worker's part was read.
    pub wait_ms: u64,
    /// Joining the helpers' rows to this worker's.
    pub join_ms: u64,
    /// The end of the import: invoice lines merged, duplicate ids.
    pub finish_ms: u64,
    /// The engine's first look at the ledger: its dates, currencies and
    /// filter values.
    pub engine_ms: u64,
    /// When the answer left the worker (ms since 1970), so that the page
    /// can tell how long it took to arrive.
    pub sent_at: u64,
}

/// What a payments file gave and how it matched the invoices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentsInfo {
    pub file_name: String,
    pub report: PaymentsReport,
    pub matched: MatchSummary,
}

/// What every figure follows (kpi.md "Currencies": one currency at a
/// time, or every line converted into one) and, optionally, one division,
/// sales rep or customer. Applied as a list of line indexes, never a copy
/// of the ledger (the converted lines are made once per set of rates).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Selection {
    /// The currency the figures are in: the lines in it, or with `rates`
    /// every line converted into it.
    pub currency: String,
    pub division: Option<String>,
    pub sales_rep: Option<String>,
    /// A customer's code (or its label as listed in `LoadedInfo::customers`).
    pub customer: Option<String>,
    /// The converted view (`crate::domain::analysis::convert`): 1 unit of each
    /// other currency = the rate in `currency`, as the user typed it.
    /// `None`: the per-currency view (the default).
    #[serde(default)]
    pub rates: Option<Vec<(String, Decimal)>>,
}

impl Selection {
    /// A division, sales rep or customer is picked: a part of the file.
    pub fn is_part(&self) -> bool {
        self.division.is_some() || self.sales_rep.is_some() || self.customer.is_some()
    }
}

/// The figures' inputs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct KpiQuery {
    pub as_of: NaiveDate,
    pub period: Period,
    pub selection: Selection,
    /// The provision rate of each age band (kpi.md "Provisions").
    #[serde(default)]
    pub provisions: ProvisionRates,
    /// The period's sales the user typed for an open-items file (kpi.md
    /// "Open-items file"), in the selection's currency, for the whole
    /// file: ignored on any other file.
    #[serde(default)]
    pub typed_sales: Option<Decimal>,
}

impl KpiQuery {
    /// The typed sales as the figures take them: a part of the file cannot
    /// use the whole file's sales.
    pub fn typed(&self) -> TypedSales {
        match self.typed_sales {
            None => TypedSales::Nothing,
            Some(_) if self.selection.is_part() => TypedSales::ForWholeFile,
            Some(s) => TypedSales::Amount(s),
        }
    }
}

/// The figures for one query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiAnswer {
    pub kpis: KpiSet,
    /// The customers over their credit limit, the largest overrun first
    /// (at most `LISTED_OVER_LIMIT`), and how many there are in all.
    pub over_limit: Vec<OverLimit>,
    pub over_limit_count: usize,
    /// Milliseconds the answer took (set by the worker; 0 from the cache).
    pub compute_ms: u64,
}

/// The aged balance's inputs. Only `as_of`, `selection`, `group_by`,
/// `buckets` and `basis` make a new balance; the rest only chooses what of
/// it is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgedQuery {
    pub as_of: NaiveDate,
    pub selection: Selection,
    pub group_by: GroupBy,
    pub buckets: Buckets,
    /// Aged from the due date (default) or the invoice date.
    #[serde(default)]
    pub basis: AgeBasis,
    /// Rows opened to their invoices.
    pub expanded: Vec<Group>,
    /// The order of the rows (default: the largest total first).
    #[serde(default)]
    pub sort: AgedSort,
    /// Only the rows whose label holds this text (any case).
    #[serde(default)]
    pub search: String,
    /// The first row sent (of the rows kept by `search`, in `sort` order).
    #[serde(default)]
    pub first: usize,
    /// How many rows to send.
    pub rows: usize,
}

/// The column an aged balance is sorted by, and the direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct AgedSort {
    pub column: AgedColumn,
    pub ascending: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum AgedColumn {
    /// The row's label (customer, division...).
    Label,
    /// One age bucket, by index.
    Bucket(usize),
    #[default]
    Total,
    /// The number of open invoices.
    Count,
}

/// The aged balance for one query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgedAnswer {
    pub aged: Result<AgedView, Unavailable>,
    pub compute_ms: u64,
}

/// A customer over its credit limit, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverLimit {
    pub customer_id: String,
    pub label: String,
    pub limit: Decimal,
    pub overrun: Decimal,
}

/// The visible part of an aged balance, with its labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgedView {
    pub buckets: Buckets,
    pub group_by: GroupBy,
    pub basis: AgeBasis,
    pub rows: Vec<AgedRowView>,
    /// The index of the first row sent among the rows kept by the search.
    pub first: usize,
    /// Rows kept by the search (more than `rows.len()` when cut).
    pub n_rows: usize,
    /// Rows in all, before the search.
    pub all_rows: usize,
    pub totals: Vec<Decimal>,
    pub total: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgedRowView {
    pub group: Group,
    /// `None` for invoices without that label (no division, no sales rep...).
    pub label: Option<String>,
    pub customer_id: Option<String>,
    pub buckets: Vec<Decimal>,
    pub total: Decimal,
    pub open_invoices: u32,
    /// The open invoices, when the row is expanded.
    pub invoices: Option<Vec<InvoiceLine>>,
}

/// One open invoice of an expanded row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub id: String,
    pub invoice_date: NaiveDate,
    pub due_date: NaiveDate,
    pub bucket: usize,
    pub open: Decimal,
}

/// Bars the aged balance chart shows before "others" (seed 004's top 10).
fn ten() -> usize {
    10
}

/// The charts' inputs. `group_by`, `buckets` and `top` choose the aged
/// balance's bars (by default: the 10 largest customers and the others,
/// in the default buckets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartsQuery {
    pub as_of: NaiveDate,
    pub period: Period,
    pub selection: Selection,
    #[serde(default)]
    pub group_by: GroupBy,
    #[serde(default)]
    pub buckets: Buckets,
    #[serde(default)]
    pub basis: AgeBasis,
    #[serde(default = "ten")]
    pub top: usize,
}

/// Every chart's series for one query, each in the selection's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartsAnswer {
    pub currency: String,
    /// (a) Revenue, expected and actual payments over 12 months.
    pub flows: Result<MonthlyFlows, Unavailable>,
    /// (b) The aged balance as stacked bars, with the totals per bucket.
    pub aged: Result<AgedBars, Unavailable>,
    /// (c) The overdue amount per day this month, per month end this year
    /// and last year.
    pub overdue: Result<OverdueEvolution, Unavailable>,
    /// (d) Payments per day of the month.
    pub payment_days: Result<PaymentDays, Unavailable>,
    /// (e) Every figure at the 12 month ends (DSO standard, countback,
    /// BPDSO, DDSO, DBT, CEI... by `Trend::series(name)`).
    pub trend: Trend,
    pub compute_ms: u64,
}

/// Which table to export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportWhat {
    /// Every row of the aged balance and a total row.
    AgedBalance {
        group_by: GroupBy,
        buckets: Buckets,
        #[serde(default)]
        basis: AgeBasis,
    },
    /// Every line open at the as-of date, with the bucket of its age.
    OpenInvoices { buckets: Buckets },
    /// Every customer with its payer behaviour, in the table's order and search.
    Customers { thresholds: Thresholds, sort: (CustomerColumn, bool), search: String },
    /// The collections forecast by week and month (with the what-if).
    Forecast { reduce_days: u32 },
    /// Each open invoice with its expected payment date.
    ExpectedPayments { reduce_days: u32 },
    /// Every dashboard figure over `period` (with the provision rates and,
    /// for an open-items file, the period's sales the user typed),
    /// labelled as the page labels them: (kpi.md name, label).
    Figures {
        period: Period,
        provisions: ProvisionRates,
        labels: Vec<(String, String)>,
        #[serde(default)]
        typed_sales: Option<Decimal>,
    },
}

/// The kind of file a table export makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TableFormat {
    Csv,
    Xlsx,
}

/// A table export's inputs: the language sets the column titles, the CSV
/// dialect and the date format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportQuery {
    pub as_of: NaiveDate,
    pub selection: Selection,
    pub what: ExportWhat,
    pub format: TableFormat,
    pub lang: Lang,
}

/// A file made by the engine: its name, its MIME type, its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    pub name: String,
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// The forecast's inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastQuery {
    pub as_of: NaiveDate,
    pub selection: Selection,
    /// The what-if: every customer's days late reduced by this many days.
    pub reduce_days: u32,
    /// The promises and instalment schedules recorded on the Dunning page:
    /// the invoices they cover are expected on the agreed dates.
    #[serde(default)]
    pub plans: History,
}

/// The forecast page's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastAnswer {
    /// The selection's currency.
    pub currency: String,
    /// Weeks (with range and uncertain part), later, months, credit notes,
    /// and how many customers fell back on the company's figure.
    pub forecast: Result<Forecast, Unavailable>,
    /// The forecast without the what-if, to compare with (same as
    /// `forecast` when `reduce_days` is 0).
    pub baseline: Result<Forecast, Unavailable>,
    pub backtest: Backtest,
    /// The company-wide L (whole days, halves up), and the exact average
    /// and spread it comes from (`None`: nothing settled in the year).
    pub company_lag: i64,
    pub company_days_late: Option<Decimal>,
    pub company_spread: Option<Decimal>,
    /// Sales(365) of the selection, and the cash freed by paying
    /// `reduce_days` days sooner (kpi.md "Savings calculator": cash balance
    /// increase = R / 365 × D with R = Sales(365)); unavailable without
    /// sales, and on an open-items file (its invoices are not its sales).
    pub sales_365: Decimal,
    pub cash_freed: Result<Decimal, Unavailable>,
    pub compute_ms: u64,
}

/// A column of the customers table, to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CustomerColumn {
    Customer,
    Open,
    Overdue,
    AvgDaysLate,
    MedianDaysLate,
    Spread,
    OnTimeRate,
    Adp,
    Trend,
    Rating,
    CreditLimit,
    Overrun,
    OpenInvoices,
    IssuedInYear,
}

/// The customers table's inputs: which rows of it to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomersQuery {
    pub as_of: NaiveDate,
    pub selection: Selection,
    pub thresholds: Thresholds,
    /// The column and whether the largest comes first.
    pub sort: (CustomerColumn, bool),
    /// Kept: the rows whose code or label holds this (any case); empty: all.
    pub search: String,
    /// Rows sent: from `first`, at most `rows`.
    pub first: usize,
    pub rows: usize,
    /// A customer (code) whose payment delays over the last 12 months are
    /// sent too, for its chart.
    #[serde(default)]
    pub delays_of: Option<String>,
}

/// A customer's row as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerLine {
    pub customer_id: String,
    pub label: String,
    pub row: CustomerRow,
}

/// One page of the customers table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomersAnswer {
    pub currency: String,
    /// The page asked, sorted and searched.
    pub rows: Vec<CustomerLine>,
    /// Rows that match the search (all pages).
    pub total_rows: usize,
    /// The 20 customers with the largest overdue amount (search aside).
    pub top20_overdue: Vec<CustomerLine>,
    /// Customers over their credit limit.
    pub over_limit_count: usize,
    /// Every customer of the selection together.
    pub company: CustomerRow,
    /// The payment delays of `delays_of`, oldest month first.
    pub delays: Option<Vec<DelayPoint>>,
    /// Why there is no table (a converted view without a rate).
    #[serde(default)]
    pub unavailable: Option<Unavailable>,
    pub compute_ms: u64,
}

/// Top customers by overdue amount sent.
pub const TOP_OVERDUE: usize = 20;

/// The day's actions sent at most: an old file can put thousands on the
/// first day (each with its message); the rest are in the calendar.
pub const TODAY_ROWS: usize = 200;

/// The plans applied at `as_of` to the selection, and which part of the
/// result to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DunningQuery {
    pub as_of: NaiveDate,
    pub selection: Selection,
    pub plans: Vec<DunningPlan>,
    pub assignment: Assignment,
    pub settings: Settings,
    /// Steps done and promises to pay, as the user noted them.
    #[serde(default)]
    pub history: History,
    /// Actions listed: from `first`, at most `rows`.
    pub first: usize,
    pub rows: usize,
    /// Late invoices listed, the largest interest first.
    pub late_rows: usize,
}

/// A late invoice as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateLine {
    pub invoice: String,
    pub customer: String,
    pub due_date: NaiveDate,
    pub days_late: i64,
    pub open: Decimal,
    pub interest: Decimal,
}

/// A customer's instalment schedule as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleLine {
    /// Its place in the query's `History::schedules`.
    pub index: u32,
    pub customer_id: String,
    pub customer: String,
    /// One invoice only, or all of the customer's.
    pub invoice: Option<String>,
    pub instalments: Vec<(NaiveDate, Decimal)>,
}

/// The dunning page's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DunningAnswer {
    /// The selection's currency.
    pub currency: String,
    pub penalties_due: Decimal,
    pub recovery_indemnities: Decimal,
    pub late_count: usize,
    pub late: Vec<LateLine>,
    pub actions_total: usize,
    pub actions: Vec<ActionLine>,
    /// The actions of the as-of date (at most `TODAY_ROWS`, the ones done
    /// first), and how many there are.
    pub today: Vec<ActionLine>,
    pub today_total: usize,
    pub weeks: Vec<WeekLoad>,
    pub open_invoices: u32,
    pub customers_with_plan: u32,
    pub left: Left,
    /// Customers with open invoices rated A, B, C, D, and not rated.
    pub rated: [u32; 5],
    /// Expected collections and DSO with the plans against without them.
    pub effect: Effect,
    /// The instalment schedules of customers owing something.
    pub schedules: Vec<ScheduleLine>,
    /// The other schedules (their place in `History::schedules`) and why
    /// they pay nothing.
    pub idle_schedules: Vec<(u32, Idle)>,
    pub compute_ms: u64,
}

/// The record's inputs: the figures panel's as-of date, period and
/// provision rates, the aged balance's buckets, and the salt of the
/// history it is for (`domain::analysis::history::fingerprint`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotQuery {
    pub as_of: NaiveDate,
    pub period: Period,
    #[serde(default)]
    pub provisions: ProvisionRates,
    #[serde(default)]
    pub buckets: Buckets,
    pub salt: String,
}

/// A request as text, and back: the page asks in JSON (a request the
/// worker cannot read is still answered with what it can make out of it:
/// `bad_request`).
pub fn encode<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

pub fn decode<'a, T: Deserialize<'a>>(text: &'a str) -> Option<T> {
    serde_json::from_str(text).ok()
}

/// An answer as bytes, and back: the worker answers in postcard, every
/// field in order. Reading it takes the page a fraction of the code (and
/// time) JSON would: no field names to match, for every answer type.
pub fn encode_answer(response: &Response) -> Vec<u8> {
    postcard::to_allocvec(response).unwrap_or_default()
}

pub fn decode_answer(bytes: &[u8]) -> Option<Response> {
    postcard::from_bytes(bytes).ok()
}

/// The answer to a request that could not be read: its `id` or
/// `generation`, if the text has them where a request puts them.
fn one() -> u32 {
    1
}

pub fn bad_request(text: &str) -> Response {
    let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    let field = |name: &str| {
        value.as_object().and_then(|o| o.values().next()).and_then(|inner| inner.get(name)).and_then(|v| v.as_u64())
    };
    Response::BadRequest { id: field("id"), generation: field("generation") }
}
