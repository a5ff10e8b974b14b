//! encours: receivables analytics that run entirely in the browser.
//!
//! `domain` is the plain-Rust core (import, KPIs, calculators), built and
//! tested natively; `i18n` holds the French and English texts (also plain
//! Rust, so their completeness is tested natively); `ui` is the thin Leptos
//! layer, compiled only for the wasm target.

pub mod charts;
pub mod domain;
pub mod engine;
pub mod i18n;

#[cfg(target_arch = "wasm32")]
pub mod ui;
