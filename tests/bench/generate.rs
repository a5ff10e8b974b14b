//! Writes a generated receivables export to stdout:
//! `cargo run --release --example generate -- ROWS [SEED]` (used by `make bench`).
use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let rows: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(2026);
    let csv = encours::domain::sample::receivables_csv(rows, seed);
    if std::io::stdout().write_all(csv.as_bytes()).is_err() {
        std::process::exit(1);
    }
}
