//! The dashboard's charts as ECharts options, built with charming from the
//! series the engine computes. Pure functions, tested natively; the UI's
//! `Chart` component is the only code that hands them to ECharts. Each
//! chart also has a data table: its text alternative, with raw values.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How a chart's values read (tooltips and axis labels are formatted in
/// the reader's locale by the component).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ValueKind {
    /// Amounts in this currency.
    Money(String),
    Days,
    Percent,
    Count,
}

/// A chart's data as a table: one row per category (a month, a day, a
/// bucket), one column per series; each cell's raw value is a plain
/// decimal (empty when there is none).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartTable {
    /// The first column's title, then each series' name.
    pub columns: Vec<String>,
    pub rows: Vec<(String, Vec<Option<Decimal>>)>,
}

/// A value as ECharts reads it (a number; money and days are drawn, never
/// added, from it).
pub fn plot(v: Option<Decimal>) -> Option<f64> {
    v.and_then(|d| d.to_f64())
}
