//! Native benchmark: parse + compute the dashboard for a generated file of
//! 1,000,000 invoices (`make bench`). Divan prints the throughput of each
//! stage in rows/s (item/s) and MB/s.

use divan::counter::{BytesCount, ItemsCount};
use divan::Bencher;
use encours::domain::analysis::kpi::aging::{aged_balance_by_customer, Buckets, GroupBy};
use encours::domain::analysis::kpi::{kpis, Period};
use encours::domain::import::csv::{after_line_end, CsvPart, CsvStream, HEAD_BYTES};
use encours::domain::import::{import_csv, ImportOptions};
use encours::domain::ledger::Ledger;
use encours::domain::sample;
use encours::engine::{AgedQuery, Engine, KpiQuery, Selection};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex};

const ROWS: usize = 1_000_000;

static FILE: LazyLock<String> = LazyLock::new(|| sample::receivables_csv(ROWS, 2026));
static LEDGER: LazyLock<Ledger> = LazyLock::new(|| {
    let (ledger, report) = import_csv(FILE.as_bytes(), &ImportOptions::default()).expect("generated file reads");
    assert_eq!(report.invoices as usize, ROWS);
    ledger
});

fn main() {
    eprintln!("generated file: {ROWS} invoices, {:.1} MB", FILE.len() as f64 / 1e6);
    divan::main();
}

/// Reading the CSV into a ledger.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn parse(b: Bencher) {
    b.counter(BytesCount::new(FILE.len()))
        .counter(ItemsCount::new(ROWS))
        .bench(|| import_csv(FILE.as_bytes(), &ImportOptions::default()));
}

/// Reading the CSV in two parts at once, as the worker does on two cores:
/// the stream reads the first half while a thread reads the second with a
/// `CsvPart`, whose rows are then joined (sent as bytes, as between workers).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn parse_in_two_parts(b: Bencher) {
    b.counter(BytesCount::new(FILE.len())).counter(ItemsCount::new(ROWS)).bench(|| {
        let bytes = FILE.as_bytes();
        let opts = ImportOptions::default();
        let head = HEAD_BYTES.min(bytes.len());
        let mut stream = CsvStream::new(opts.clone());
        stream.size_hint(bytes.len() as u64);
        stream.push(&bytes[..head]).expect("reads");
        let line_end = stream.split_line_end().expect("splittable");
        let half = bytes.len() / 2;
        let start = half + after_line_end(&bytes[half..], line_end).expect("a line end");
        let (head_msg, chunks) = std::thread::scope(|s| {
            let part = s.spawn(|| {
                let mut part = CsvPart::new(&bytes[..head], &opts).expect("reads");
                for slice in bytes[start..].chunks(4 << 20) {
                    part.push(slice).expect("reads");
                }
                let done = part.finish(true);
                (done.head(), done.chunks().collect::<Vec<_>>())
            });
            for slice in bytes[head..start].chunks(4 << 20) {
                stream.push(slice).expect("reads");
            }
            part.join().expect("the part's thread")
        });
        assert!(stream.join(&head_msg, chunks));
        stream.finish().expect("reads")
    });
}

/// Every dashboard figure and the aged balance, on the parsed ledger.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn kpis_and_aged_balance(b: Bencher) {
    let t = sample::export_date();
    b.counter(ItemsCount::new(ROWS)).bench(|| {
        let k = kpis(&*LEDGER, t, Period::default());
        let a = aged_balance_by_customer(&*LEDGER, t, &Buckets::default());
        (k, a)
    });
}

/// The whole path a user waits for: parse, then compute.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn parse_and_compute(b: Bencher) {
    let t = sample::export_date();
    b.counter(BytesCount::new(FILE.len())).counter(ItemsCount::new(ROWS)).bench(|| {
        let (ledger, _) = import_csv(FILE.as_bytes(), &ImportOptions::default()).expect("reads");
        (kpis(&ledger, t, Period::default()), aged_balance_by_customer(&ledger, t, &Buckets::default()))
    });
}

/// The engine on the parsed file, for the selection bench.
static ENGINE: LazyLock<Mutex<Engine>> = LazyLock::new(|| {
    let (engine, _) = Engine::load("bench.csv".into(), FILE.as_bytes(), &ImportOptions::default()).expect("reads");
    Mutex::new(engine)
});

/// A selection change: the figures and the aged balance of one division
/// (each run on another date, so that no answer comes from the cache).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn selection_change(b: Bencher) {
    let t = sample::export_date();
    let days = AtomicU64::new(0);
    let mut engine = ENGINE.lock().expect("the engine");
    let division = engine_division(&engine);
    b.counter(ItemsCount::new(ROWS)).bench_local(|| {
        let as_of = t - chrono::Days::new(days.fetch_add(1, Ordering::Relaxed));
        let n = days.load(Ordering::Relaxed);
        let selection = Selection {
            currency: "EUR".into(),
            division: n.is_multiple_of(2).then(|| division.clone()),
            ..Selection::default()
        };
        let k = engine.kpis(&KpiQuery {
            as_of,
            period: Period::default(),
            selection: selection.clone(),
            provisions: Default::default(),
            typed_sales: None,
        });
        let a = engine.aged(&AgedQuery {
            as_of,
            selection,
            group_by: GroupBy::Customer,
            buckets: Buckets::default(),
            basis: Default::default(),
            expanded: vec![],
            sort: Default::default(),
            search: String::new(),
            first: 0,
            rows: 50,
        });
        (k, a)
    });
}

/// A division of the generated file.
fn engine_division(_: &Engine) -> String {
    let head = &FILE.as_bytes()[..200_000];
    let head = &head[..head.iter().rposition(|b| *b == b'\n').unwrap_or(0)];
    let (_, info) = Engine::load("b.csv".into(), head, &ImportOptions::default()).expect("reads");
    info.divisions.first().cloned().unwrap_or_default()
}
