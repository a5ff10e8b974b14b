//! The Leptos UI: a thin layer that holds signals, calls the domain core and
//! shows what it returns. No arithmetic on money happens here.

pub mod app;
pub mod calc_dom;
pub mod clipboard;
pub mod components;
pub mod crash;
pub mod download;
pub mod engine;
pub mod format;
pub mod history_store;
pub mod offline;
pub mod pages;
pub mod state;
pub mod storage;
pub mod widget;

pub use app::App;
