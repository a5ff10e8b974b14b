//! The domain core: receivables in, figures out. Plain Rust on plain data:
//! no web crate is imported anywhere below this module, no clock is read, no
//! I/O is done. The caller passes the bytes and "today".
//!
//! Nothing here may panic on what a file or a message holds: no `unwrap`,
//! `expect`, `panic!` or `unreachable!` outside tests (clippy denies them
//! in `make test`); a bad value is a row issue or an error.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::unreachable, clippy::todo)
)]

pub mod behaviour;
pub mod calculators;
pub mod charts;
pub mod dunning;
pub mod engine;
pub mod export;
pub mod export_tables;
pub mod forecast;
pub mod history;
pub mod import;
pub mod kpi;
pub mod ledger;
pub mod money;
pub mod sample;
