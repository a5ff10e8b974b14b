//! The domain core: receivables in, figures out. Plain Rust on plain data:
//! no web crate is imported anywhere below this module, no clock is read, no
//! I/O is done. The caller passes the bytes and "today".

pub mod calculators;
pub mod engine;
pub mod import;
pub mod kpi;
pub mod ledger;
pub mod money;
pub mod sample;
