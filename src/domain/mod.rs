//! The domain core: receivables in, figures out. Plain Rust on plain data:
//! no web crate is imported anywhere below this module, no clock is read, no
//! I/O is done. The caller passes the bytes and "today".
//!
//! One folder per stage of the data's path, each using only the stages
//! before it (`tests/layers.rs` checks it):
//!
//! 1. `ledger`: the data (invoices, payments, customers) and `money`.
//! 2. `import`: bytes to ledger (CSV, workbooks, FEC, payments files).
//! 3. `analysis`: what the ledger says at a date (figures, aged balance,
//!    behaviour, forecast, chart series, converted view, history).
//! 4. `dunning`: plans and their simulation on the open invoices.
//! 5. `export`: tables as CSV or xlsx files, one file per family.
//!
//! Beside them: `lang` (the language of generated texts, used by all),
//! `calculators` (the website's calculators, on analysis) and `sample`
//! (the demo file). The worker's questions are in `crate::engine`, above.
//!
//! Nothing here may panic on what a file or a message holds: no `unwrap`,
//! `expect`, `panic!` or `unreachable!` outside tests (clippy denies them
//! in `make test`); a bad value is a row issue or an error.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::unreachable, clippy::todo)
)]

pub mod analysis;
pub mod calculators;
pub mod dunning;
pub mod export;
pub mod import;
pub mod lang;
pub mod ledger;
pub mod sample;
