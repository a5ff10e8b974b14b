//! One component per thing on screen.

pub mod aged_balance_table;
pub mod calculator_host;
pub mod chart;
pub mod charts_panel;
pub mod conversion;
pub mod customers_panel;
pub mod data_table;
pub mod dunning_results;
pub mod export_buttons;
pub mod file_drop;
pub mod forecast_panel;
pub mod formula;
pub mod history_changes;
pub mod history_list;
pub mod history_panel;
pub mod import_options;
pub mod import_summary;
pub mod kpi_card;
pub mod mapping_screen;
pub mod payments_panel;
pub mod period_sales;
pub mod provisions_editor;
