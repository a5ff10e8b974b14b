//! One component per thing on screen.

pub mod aged_balance_table;
pub mod file_drop;
pub mod import_summary;
pub mod kpi_card;
