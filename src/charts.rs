//! The dashboard's charts as ECharts options, built from the series the
//! engine computes. Pure functions, tested natively; the UI's `Chart`
//! component is the only code that hands them to ECharts. Each chart also
//! has a data table: its text alternative, with raw values.
//!
//! An option is a few plain structs written as JSON with `serde_json` (only
//! the parts of ECharts' option these charts set): the page carries no
//! chart library's code beside ECharts itself.

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

use crate::domain::analysis::charts::{AgedBars, MonthlyFlows, OverdueEvolution, PaymentDays};
use crate::domain::analysis::kpi::trend::Trend;

/// An ECharts option: its text (`to_string`) is what `setOption` is given.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Chart {
    /// The series' colours, in order (none: ECharts' own).
    #[serde(skip_serializing_if = "Option::is_none")]
    color: Option<&'static [&'static str]>,
    tooltip: Tooltip,
    legend: Legend,
    /// One grid (ECharts takes a list).
    grid: [Grid; 1],
    x_axis: Axis,
    y_axis: Axis,
    series: Vec<Series>,
}

/// Tooltips on the axis: every series of the category hovered.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct Tooltip {
    trigger: &'static str,
}

/// One line on top, scrolled when a narrow screen cannot hold it.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct Legend {
    #[serde(rename = "type")]
    kind: &'static str,
    top: u32,
}

/// The plot's margins, its labels kept inside.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Grid {
    left: u32,
    right: u32,
    top: u32,
    bottom: u32,
    contain_label: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Axis {
    /// "category" or "value".
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    inverse: Option<bool>,
    /// The smallest step between labels (counts: 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    min_interval: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<Vec<String>>,
}

impl Axis {
    fn value() -> Axis {
        Axis { kind: "value", inverse: None, min_interval: None, data: None }
    }

    fn category(data: Vec<String>) -> Axis {
        Axis { kind: "category", inverse: None, min_interval: None, data: Some(data) }
    }
}

/// A bar or line series; a value it lacks is `null` (a gap, never 0).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Series {
    #[serde(rename = "type")]
    kind: &'static str,
    name: String,
    /// Bars of the same stack are drawn on top of each other.
    #[serde(skip_serializing_if = "Option::is_none")]
    stack: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    item_style: Option<ItemStyle>,
    data: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct ItemStyle {
    color: &'static str,
}

impl Series {
    fn bar(name: String, data: Vec<Option<f64>>) -> Series {
        Series { kind: "bar", name, stack: None, item_style: None, data }
    }

    fn line(name: String, data: Vec<Option<f64>>) -> Series {
        Series { kind: "line", name, stack: None, item_style: None, data }
    }

    fn stacked(self, stack: &'static str) -> Series {
        Series { stack: Some(stack), ..self }
    }

    fn colored(self, color: &'static str) -> Series {
        Series { item_style: Some(ItemStyle { color }), ..self }
    }
}

impl Chart {
    fn series(mut self, s: Series) -> Chart {
        self.series.push(s);
        self
    }
}

impl std::fmt::Display for Chart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&serde_json::to_string(self).unwrap_or_default())
    }
}

/// The words a chart needs, in the reader's language.
pub struct ChartWords<'a> {
    /// The first column of the data table ("Mois", "Jour"...).
    pub category: &'a str,
    /// Each series' name, in order.
    pub series: Vec<String>,
}

/// The app's palette: brand teal, accent orange, then quieter tones.
const SERIES_COLORS: &[&str] = &["#0f4c5c", "#e36414", "#5f8fa0", "#9a5b00", "#2a7d4f", "#8c1d16"];

/// Age buckets from "not due" (green) to the oldest (deep red).
const BUCKET_COLORS: [&str; 7] = ["#2a7d4f", "#8ab17d", "#e9c46a", "#f4a261", "#e76f51", "#b3261e", "#7a1712"];

fn bucket_color(i: usize, n: usize) -> &'static str {
    // The last bucket is always the darkest; the others in order.
    if i + 1 == n && n > 1 {
        BUCKET_COLORS[(BUCKET_COLORS.len() - 1).min(n.max(5) - 1)]
    } else {
        BUCKET_COLORS[i.min(BUCKET_COLORS.len() - 1)]
    }
}

/// A month as a label: "06/2013".
pub fn month_label((y, m): (i32, u32)) -> String {
    format!("{m:02}/{y}")
}

/// The legend: one line on top, scrolled when a narrow screen cannot hold
/// it (it never covers the plot); a click on an entry hides or shows its series.
fn legend() -> Legend {
    Legend { kind: "scroll", top: 0 }
}

/// Tooltips on the axis: every series of the category under the pointer.
fn tooltip() -> Tooltip {
    Tooltip { trigger: "axis" }
}

/// The frame every chart shares: tooltips on the axis, a legend on top,
/// labels kept inside.
fn frame(categories: Vec<String>) -> Chart {
    frame_with(categories, Axis::value())
}

/// A frame whose value axis is `y` (counts: whole steps only).
fn frame_with(categories: Vec<String>, y: Axis) -> Chart {
    Chart {
        color: Some(SERIES_COLORS),
        tooltip: tooltip(),
        legend: legend(),
        grid: [Grid { left: 8, right: 12, top: 36, bottom: 8, contain_label: true }],
        x_axis: Axis::category(categories),
        y_axis: y,
        series: Vec::new(),
    }
}

/// The table of a chart: a row per category, a column per series.
fn table(words: &ChartWords, categories: &[String], series: &[Vec<Option<Decimal>>]) -> ChartTable {
    ChartTable {
        columns: std::iter::once(words.category.to_string()).chain(words.series.iter().cloned()).collect(),
        rows: categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.clone(), series.iter().map(|s| s.get(i).copied().flatten()).collect()))
            .collect(),
    }
}

fn some(v: &[Decimal]) -> Vec<Option<Decimal>> {
    v.iter().copied().map(Some).collect()
}

fn points(v: &[Option<Decimal>]) -> Vec<Option<f64>> {
    v.iter().map(|d| plot(*d)).collect()
}

/// Monthly revenue (by invoice date) and expected payments (by due date)
/// as bars, actual payments (by payment date) as a line, 12 months
/// (seed 004 "Evolution du CA et paiement"). Series: revenue, expected,
/// actual; the legend switches each on and off.
pub fn flows_chart(f: &MonthlyFlows, words: &ChartWords) -> (Chart, ChartTable) {
    let months: Vec<String> = f.months.iter().copied().map(month_label).collect();
    let series = [some(&f.revenue), some(&f.expected), some(&f.actual)];
    let name = |i: usize| words.series.get(i).cloned().unwrap_or_default();
    let chart = frame(months.clone())
        .series(Series::bar(name(0), points(&series[0])))
        .series(Series::bar(name(1), points(&series[1])))
        .series(Series::line(name(2), points(&series[2])));
    (chart, table(words, &months, &series))
}

/// The aged balance as stacked bars: one bar per row (the largest
/// customers, then the others), stacked by age bucket. `bar_labels` names
/// each bar (the "others" and unlabelled ones included).
pub fn aged_chart(a: &AgedBars, bar_labels: &[String], words: &ChartWords) -> (Chart, ChartTable) {
    let n = a.buckets.len();
    // Bars lie down so that every customer's name can be read, the largest on top.
    let mut chart = Chart {
        color: None,
        tooltip: tooltip(),
        legend: legend(),
        grid: [Grid { left: 8, right: 16, top: 36, bottom: 8, contain_label: true }],
        x_axis: Axis::value(),
        y_axis: Axis { inverse: Some(true), ..Axis::category(bar_labels.to_vec()) },
        series: Vec::new(),
    };
    let mut columns = Vec::with_capacity(n);
    for b in 0..n {
        let values: Vec<Option<Decimal>> = a.bars.iter().map(|bar| bar.buckets.get(b).copied()).collect();
        chart = chart.series(
            Series::bar(words.series.get(b).cloned().unwrap_or_default(), points(&values))
                .stacked("aged")
                .colored(bucket_color(b, n)),
        );
        columns.push(values);
    }
    // The table also gives each bar's total.
    let totals: Vec<Option<Decimal>> = a.bars.iter().map(|bar| Some(bar.total)).collect();
    columns.push(totals);
    let mut words_with_total = ChartWords { category: words.category, series: words.series.clone() };
    words_with_total.series.truncate(n + 1);
    (chart, table(&words_with_total, bar_labels, &columns))
}

/// The overdue amount each day of the current month, up to t.
pub fn overdue_days_chart(
    o: &OverdueEvolution,
    day_label: impl Fn(chrono::NaiveDate) -> String,
    words: &ChartWords,
) -> (Chart, ChartTable) {
    let days: Vec<String> = o.days.iter().map(|(d, _)| day_label(*d)).collect();
    let values: Vec<Option<Decimal>> = o.days.iter().map(|(_, v)| Some(*v)).collect();
    let chart =
        frame(days.clone()).series(Series::line(words.series.first().cloned().unwrap_or_default(), points(&values)));
    (chart, table(words, &days, &[values]))
}

/// The overdue amount at each month end of this year against last year.
/// `months` names January to December.
pub fn overdue_months_chart(o: &OverdueEvolution, months: &[String], words: &ChartWords) -> (Chart, ChartTable) {
    let name = |i: usize| words.series.get(i).cloned().unwrap_or_default();
    let chart = frame(months.to_vec())
        .series(Series::bar(name(0), points(&o.last_year)))
        .series(Series::bar(name(1), points(&o.this_year)));
    (chart, table(words, months, &[o.last_year.clone(), o.this_year.clone()]))
}

/// The number of payments received on each day of the current month
/// (seed 004 "Jour de paiement").
pub fn payment_days_chart(p: &PaymentDays, words: &ChartWords) -> (Chart, ChartTable) {
    let days: Vec<String> = (1..=p.counts.len()).map(|d| d.to_string()).collect();
    let values: Vec<Option<Decimal>> = p.counts.iter().map(|c| Some(Decimal::from(*c))).collect();
    // Counts: no "0.2 payment" step, which the labels would round to "0, 1, 1".
    let chart = frame_with(days.clone(), Axis { min_interval: Some(1.0), ..Axis::value() })
        .series(Series::bar(words.series.first().cloned().unwrap_or_default(), points(&values)));
    (chart, table(words, &days, &[values]))
}

/// Figures of the trend at the last 12 month ends, one line each
/// (`names`: their kpi.md names); unavailable points are gaps.
pub fn trend_chart(
    trend: &Trend,
    names: &[&str],
    date_label: impl Fn(chrono::NaiveDate) -> String,
    words: &ChartWords,
) -> (Chart, ChartTable) {
    let dates: Vec<String> = trend.dates().into_iter().map(date_label).collect();
    let mut chart = frame(dates.clone());
    let mut columns = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let values: Vec<Option<Decimal>> = trend.series(name).unwrap_or_default().into_iter().map(|f| f.ok()).collect();
        chart = chart.series(Series::line(words.series.get(i).cloned().unwrap_or_default(), points(&values)));
        columns.push(values);
    }
    (chart, table(words, &dates, &columns))
}

/// One customer's mean days late per month (its invoices settled that
/// month), 12 months; a month without a settlement is a gap.
pub fn delays_chart(
    delays: &[crate::domain::analysis::behaviour::DelayPoint],
    words: &ChartWords,
) -> (Chart, ChartTable) {
    use chrono::Datelike;
    let months: Vec<String> = delays.iter().map(|p| month_label((p.month.year(), p.month.month()))).collect();
    let late: Vec<Option<Decimal>> = delays.iter().map(|p| p.days_late).collect();
    let count: Vec<Option<Decimal>> = delays.iter().map(|p| Some(Decimal::from(p.settled))).collect();
    let chart =
        frame(months.clone()).series(Series::bar(words.series.first().cloned().unwrap_or_default(), points(&late)));
    (chart, table(words, &months, &[late, count]))
}

/// The forecast per week then "after": the sure part and the uncertain
/// part (disputed, over 90 days past due) stacked, the optimistic and
/// pessimistic amounts as lines. `labels`: each week's label, then the
/// last one's. Series words: sure, uncertain, optimistic, pessimistic,
/// expected (the table's column).
pub fn forecast_chart(
    f: &crate::domain::analysis::forecast::Forecast,
    labels: &[String],
    words: &ChartWords,
) -> (Chart, ChartTable) {
    let all: Vec<&crate::domain::analysis::forecast::Expected> =
        f.weeks.iter().map(|w| &w.expected).chain(std::iter::once(&f.later)).collect();
    let sure: Vec<Option<Decimal>> = all.iter().map(|e| Some(e.amount - e.uncertain)).collect();
    let uncertain: Vec<Option<Decimal>> = all.iter().map(|e| Some(e.uncertain)).collect();
    let optimistic: Vec<Option<Decimal>> = all.iter().map(|e| Some(e.optimistic)).collect();
    let pessimistic: Vec<Option<Decimal>> = all.iter().map(|e| Some(e.pessimistic)).collect();
    let expected: Vec<Option<Decimal>> = all.iter().map(|e| Some(e.amount)).collect();
    let name = |i: usize| words.series.get(i).cloned().unwrap_or_default();
    let chart = frame(labels.to_vec())
        .series(Series::bar(name(0), points(&sure)).stacked("forecast"))
        .series(Series::bar(name(1), points(&uncertain)).stacked("forecast").colored("#e9c46a"))
        .series(Series::line(name(2), points(&optimistic)))
        .series(Series::line(name(3), points(&pessimistic)));
    let table_words = ChartWords { category: words.category, series: vec![name(4), name(1), name(2), name(3)] };
    (chart, table(&table_words, labels, &[expected, uncertain, optimistic, pessimistic]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::tests::{d, dec, inv, ledger};

    fn json(chart: &Chart) -> serde_json::Value {
        serde_json::from_str(&chart.to_string()).expect("a chart is JSON")
    }

    fn words(n: usize) -> ChartWords<'static> {
        ChartWords { category: "Mois", series: (0..n).map(|i| format!("S{i}")).collect() }
    }

    #[test]
    fn flows_chart_has_three_switchable_series_and_its_table() {
        let l = ledger(vec![
            inv(0, "2026-01-10", "2026-02-09", "100", Some("2026-02-20")),
            inv(0, "2026-03-05", "2026-04-04", "-30", None),
        ]);
        let f = crate::domain::analysis::charts::monthly_flows(&l, d("2026-03-31")).unwrap();
        let (chart, t) = flows_chart(&f, &words(3));
        let j = json(&chart);
        assert_eq!(j["series"].as_array().map(Vec::len), Some(3));
        assert_eq!(j["series"][2]["type"], "line");
        assert_eq!(j["xAxis"]["data"][11], "03/2026");
        assert!(j["legend"].is_object(), "the legend switches series");
        assert_eq!(j["tooltip"]["trigger"], "axis");
        // The table: January's revenue 100, February's actual payment 100, March's credit note.
        let row = |label: &str| t.rows.iter().find(|(m, _)| m == label).map(|(_, v)| v.clone()).unwrap();
        assert_eq!(row("01/2026")[0], Some(dec("100")));
        assert_eq!(row("02/2026")[2], Some(dec("100")));
        assert_eq!(row("03/2026")[0], Some(dec("-30")));
        assert_eq!(t.columns, vec!["Mois", "S0", "S1", "S2"]);
    }

    #[test]
    fn aged_chart_stacks_buckets_and_its_table_gives_totals() {
        let t = d("2026-03-31");
        let l = ledger(vec![
            inv(0, "2026-03-01", "2026-04-30", "100", None),
            inv(1, "2026-01-01", "2026-01-31", "200", None),
            inv(1, "2025-10-01", "2025-10-31", "50", None),
        ]);
        let b =
            crate::domain::analysis::kpi::aging::aged_balance(&l, t, &Default::default(), Default::default()).unwrap();
        let bars = crate::domain::analysis::charts::aged_bars(&l, &b, 10);
        let labels: Vec<String> = bars.bars.iter().map(|b| b.label.clone().unwrap_or_default()).collect();
        let (chart, table) = aged_chart(&bars, &labels, &words(6));
        let j = json(&chart);
        assert_eq!(j["series"].as_array().map(Vec::len), Some(5), "one series per bucket");
        assert_eq!((j["yAxis"]["type"].as_str(), j["xAxis"]["type"].as_str()), (Some("category"), Some("value")));
        assert!(j["series"].as_array().unwrap().iter().all(|s| s["stack"] == "aged"));
        // Not due in green, the oldest in red; the largest bar on top; one grid (ECharts takes a list).
        assert_eq!(j["series"][0]["itemStyle"]["color"], "#2a7d4f");
        assert_eq!(j["series"][4]["itemStyle"]["color"], "#e76f51");
        assert_eq!(j["yAxis"]["inverse"], true);
        assert_eq!(j["grid"][0]["containLabel"], true);
        assert_eq!(table.rows.len(), 2);
        let total_of = |row: &(String, Vec<Option<Decimal>>)| row.1[5];
        assert_eq!(table.rows.iter().map(total_of).collect::<Vec<_>>(), vec![Some(dec("250")), Some(dec("100"))]);
        // Each bar's buckets add up to its total.
        for (_, cells) in &table.rows {
            assert_eq!(cells[..5].iter().map(|c| c.unwrap_or_default()).sum::<Decimal>(), cells[5].unwrap());
        }
    }

    #[test]
    fn trend_chart_leaves_gaps_for_unavailable_points() {
        let l = ledger(vec![inv(0, "2026-03-10", "2026-04-09", "100", None)]);
        let tr = crate::domain::analysis::kpi::trend::trend(&l, d("2026-03-31"), Default::default());
        let (chart, table) = trend_chart(&tr, &["dso_standard", "cei"], |d| d.to_string(), &words(2));
        let j = json(&chart);
        assert_eq!(j["xAxis"]["data"].as_array().map(Vec::len), Some(12));
        // No sales before March: the DSO is unavailable there, a gap (null), not 0.
        assert!(j["series"][0]["data"][0].is_null());
        assert_eq!(table.rows[11].1[0], Some(dec("90")), "100 / 100 x 90 at t");
    }

    #[test]
    fn payment_days_chart_counts_per_day() {
        let l = ledger(vec![
            inv(0, "2026-03-01", "2026-03-31", "100", Some("2026-03-05")),
            inv(0, "2026-03-02", "2026-03-31", "100", Some("2026-03-05")),
            inv(0, "2026-03-02", "2026-03-31", "100", Some("2026-03-09")),
        ]);
        let p = crate::domain::analysis::charts::payment_days(&l, d("2026-03-10")).unwrap();
        let (chart, table) = payment_days_chart(&p, &words(1));
        assert_eq!(table.rows.len(), 10);
        assert_eq!(table.rows[4].1[0], Some(dec("2")));
        assert_eq!(table.rows[8].1[0], Some(dec("1")));
        assert_eq!(json(&chart)["series"][0]["data"][4], 2.0);
        // A count axis steps by whole payments.
        assert_eq!(json(&chart)["yAxis"]["minInterval"], 1.0);
    }
}
