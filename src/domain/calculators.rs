//! The savings and DSO calculators: kpi.md "Savings calculator", and the
//! simple and countback DSO of kpi.md "DSO family" on typed figures (the
//! seed 001 example: 40,000 / 100,000 x 31 = 12.4 days). Each input is
//! described once (`Param`: name, range, step, unit, default) so the app,
//! the widget, the URL and the tests agree.

use crate::domain::analysis::kpi::dso::{countback_over, days_of_sales, monthly_sales};
use crate::domain::analysis::kpi::outstanding::outstanding;
use crate::domain::analysis::kpi::{is_open_items, sales, Figure, Period, Unavailable};
use crate::domain::ledger::View;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// What an input counts, for its display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ParamUnit {
    Money,
    Days,
    Percent,
    Count,
    Minutes,
}

/// How a slider moves over the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scale {
    Linear,
    /// Equal slider steps multiply the value: revenue from 100 k to 1 bn.
    Log,
}

/// One calculator input: its kpi.md name (also its `data-testid` and URL
/// parameter), slider range and step, the largest value that may be typed,
/// and the default (a typical French SME).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Param {
    pub key: &'static str,
    pub unit: ParamUnit,
    pub scale: Scale,
    pub min: f64,
    pub max: f64,
    pub step: f64,
    /// A typed value may exceed the slider's range up to this.
    pub hard_max: f64,
    pub default: &'static str,
}

impl Param {
    /// An input: its name, unit, scale, slider (min, max, step), the
    /// largest typed value, and its default.
    const fn new(
        key: &'static str,
        unit: ParamUnit,
        scale: Scale,
        (min, max, step): (f64, f64, f64),
        hard_max: f64,
        default: &'static str,
    ) -> Param {
        Param { key, unit, scale, min, max, step, hard_max, default }
    }

    pub fn default_value(&self) -> Decimal {
        Decimal::from_str(self.default).unwrap_or_default()
    }

    /// A value brought into [min, hard_max], `None` if not a number.
    pub fn clamp(&self, v: Decimal) -> Decimal {
        let lo = Decimal::from_f64_retain(self.min).unwrap_or_default();
        let hi = Decimal::from_f64_retain(self.hard_max).unwrap_or(Decimal::MAX);
        v.max(lo).min(hi)
    }

    /// Reads a typed or URL value ("12,5" or "12.5"), clamped.
    pub fn parse(&self, s: &str) -> Option<Decimal> {
        let t: String = s.trim().chars().filter(|c| !c.is_whitespace() && *c != '\u{202f}').collect();
        let v = Decimal::from_str(&t.replace(',', ".")).ok()?;
        Some(self.clamp(v))
    }

    /// The slider position (0 ..= `SLIDER_STEPS` on a log scale, the value
    /// itself on a linear one) of a value.
    pub fn position(&self, v: f64) -> f64 {
        match self.scale {
            Scale::Linear => v.clamp(self.min, self.max),
            Scale::Log => {
                let v = v.clamp(self.min, self.max);
                ((v / self.min).ln() / (self.max / self.min).ln() * SLIDER_STEPS).round()
            }
        }
    }

    /// The value at a slider position, rounded to a round figure on a log
    /// scale (two significant digits: 1 200 000, not 1 187 345).
    pub fn value_at(&self, pos: f64) -> Decimal {
        let v = match self.scale {
            Scale::Linear => (pos / self.step).round() * self.step,
            Scale::Log => {
                let raw = self.min * (self.max / self.min).powf(pos.clamp(0.0, SLIDER_STEPS) / SLIDER_STEPS);
                let mag = 10f64.powf(raw.log10().floor() - 1.0);
                (raw / mag).round() * mag
            }
        };
        let d = Decimal::from_f64_retain(v).unwrap_or_default();
        self.clamp(d.round_dp(self.decimals()))
    }

    /// Decimals the step has (0.1 -> 1).
    pub fn decimals(&self) -> u32 {
        let mut s = self.step;
        let mut n = 0;
        while (s - s.round()).abs() > 1e-9 && n < 6 {
            s *= 10.0;
            n += 1;
        }
        n
    }

    /// The slider's own min, max and step attributes.
    pub fn slider_range(&self) -> (f64, f64, f64) {
        match self.scale {
            Scale::Linear => (self.min, self.max, self.step),
            Scale::Log => (0.0, SLIDER_STEPS, 1.0),
        }
    }
}

/// Positions of a log slider.
pub const SLIDER_STEPS: f64 = 200.0;

/// A calculator's inputs, read and written by their kpi.md names, so they
/// travel in a URL's query string.
pub trait CalculatorInputs: Default + Sized {
    /// The inputs that travel (in kpi.md order).
    const PARAMS: &'static [Param];

    /// An input by its kpi.md name.
    fn get(&self, key: &str) -> Option<Decimal>;

    /// Sets an input by its kpi.md name; unknown names are ignored.
    fn set(&mut self, key: &str, v: Decimal);

    /// The inputs that differ from the defaults, as URL query pairs.
    fn to_query(&self) -> Vec<(&'static str, String)> {
        let d = Self::default();
        Self::PARAMS
            .iter()
            .filter_map(|p| {
                let v = self.get(p.key)?;
                (Some(v) != d.get(p.key)).then(|| (p.key, v.normalize().to_string()))
            })
            .collect()
    }

    /// Inputs from URL query pairs; unknown or unreadable pairs are ignored,
    /// values out of range are clamped.
    fn from_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut s = Self::default();
        for (k, v) in pairs {
            if let Some(p) = Self::PARAMS.iter().find(|p| p.key == k) {
                if let Some(v) = p.parse(v) {
                    s.set(p.key, v);
                }
            }
        }
        s
    }
}

/// The savings calculator's inputs, in kpi.md order.
pub const SAVINGS_PARAMS: [Param; 10] = [
    Param::new("revenue", ParamUnit::Money, Scale::Log, (100_000.0, 1_000_000_000.0, 1.0), 1e13, "5000000"),
    Param::new("dso_current", ParamUnit::Days, Scale::Linear, (0.0, 180.0, 1.0), 3650.0, "60"),
    Param::new("dso_reduction", ParamUnit::Days, Scale::Linear, (0.0, 90.0, 1.0), 3650.0, "10"),
    Param::new("yield_rate", ParamUnit::Percent, Scale::Linear, (0.0, 10.0, 0.1), 100.0, "3"),
    Param::new("bad_debt_rate", ParamUnit::Percent, Scale::Linear, (0.0, 10.0, 0.1), 100.0, "1"),
    Param::new("bad_debt_avoided", ParamUnit::Percent, Scale::Linear, (0.0, 100.0, 5.0), 100.0, "30"),
    Param::new("invoices_per_month", ParamUnit::Count, Scale::Log, (10.0, 100_000.0, 1.0), 1e7, "300"),
    Param::new("reminders_per_invoice", ParamUnit::Count, Scale::Linear, (0.0, 10.0, 0.5), 100.0, "1.5"),
    Param::new("minutes_per_reminder", ParamUnit::Minutes, Scale::Linear, (1.0, 60.0, 1.0), 600.0, "6"),
    Param::new("automated_share", ParamUnit::Percent, Scale::Linear, (0.0, 100.0, 5.0), 100.0, "70"),
];

/// The DSO calculator's inputs (simple form).
pub const DSO_PARAMS: [Param; 3] = [
    Param::new("dso_receivables", ParamUnit::Money, Scale::Log, (1_000.0, 500_000_000.0, 1.0), 1e13, "40000"),
    Param::new("dso_revenue", ParamUnit::Money, Scale::Log, (1_000.0, 1_000_000_000.0, 1.0), 1e13, "100000"),
    Param::new("dso_days", ParamUnit::Days, Scale::Linear, (1.0, 365.0, 1.0), 3650.0, "31"),
];

/// A parameter by its name.
pub fn param(key: &str) -> Option<&'static Param> {
    SAVINGS_PARAMS.iter().chain(DSO_PARAMS.iter()).find(|p| p.key == key)
}

/// The savings calculator's inputs; rates are in percent, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavingsInputs {
    /// R, annual revenue.
    pub revenue: Decimal,
    /// d0, current DSO in days.
    pub dso_current: Decimal,
    /// D, DSO reduction in days.
    pub dso_reduction: Decimal,
    /// y, yearly rate earned on freed cash, %.
    pub yield_rate: Decimal,
    /// b, share of revenue never paid, %.
    pub bad_debt_rate: Decimal,
    /// s, share of bad debt avoided, %.
    pub bad_debt_avoided: Decimal,
    /// n.
    pub invoices_per_month: Decimal,
    /// k.
    pub reminders_per_invoice: Decimal,
    /// m.
    pub minutes_per_reminder: Decimal,
    /// a, share of reminders automated, %.
    pub automated_share: Decimal,
}

impl CalculatorInputs for SavingsInputs {
    const PARAMS: &'static [Param] = &SAVINGS_PARAMS;

    fn get(&self, key: &str) -> Option<Decimal> {
        self.clone().field(key).map(|v| *v)
    }

    fn set(&mut self, key: &str, v: Decimal) {
        if let Some(f) = self.field(key) {
            *f = v;
        }
    }
}

impl Default for SavingsInputs {
    fn default() -> Self {
        let mut s = SavingsInputs {
            revenue: Decimal::ZERO,
            dso_current: Decimal::ZERO,
            dso_reduction: Decimal::ZERO,
            yield_rate: Decimal::ZERO,
            bad_debt_rate: Decimal::ZERO,
            bad_debt_avoided: Decimal::ZERO,
            invoices_per_month: Decimal::ZERO,
            reminders_per_invoice: Decimal::ZERO,
            minutes_per_reminder: Decimal::ZERO,
            automated_share: Decimal::ZERO,
        };
        for p in &SAVINGS_PARAMS {
            s.set(p.key, p.default_value());
        }
        s
    }
}

impl SavingsInputs {
    fn field(&mut self, key: &str) -> Option<&mut Decimal> {
        Some(match key {
            "revenue" => &mut self.revenue,
            "dso_current" => &mut self.dso_current,
            "dso_reduction" => &mut self.dso_reduction,
            "yield_rate" => &mut self.yield_rate,
            "bad_debt_rate" => &mut self.bad_debt_rate,
            "bad_debt_avoided" => &mut self.bad_debt_avoided,
            "invoices_per_month" => &mut self.invoices_per_month,
            "reminders_per_invoice" => &mut self.reminders_per_invoice,
            "minutes_per_reminder" => &mut self.minutes_per_reminder,
            "automated_share" => &mut self.automated_share,
            _ => return None,
        })
    }

    /// The target DSO: d0 - D, not below zero.
    pub fn dso_target(&self) -> Decimal {
        (self.dso_current - self.dso_reduction).max(Decimal::ZERO)
    }
}

/// The four results of the savings calculator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavingsOutputs {
    /// R / 365 x D.
    pub cash_increase: Decimal,
    /// R x b x s, per year.
    pub collections_increase: Decimal,
    /// cash increase x y, per year.
    pub investment_income: Decimal,
    /// n x k x m x a / 60, hours per month.
    pub hours_saved_month: Decimal,
}

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// kpi.md "Savings calculator". Multiplications come before the divisions
/// so the decimals stay exact as long as they can.
pub fn savings(i: &SavingsInputs) -> SavingsOutputs {
    let cash_increase = i.revenue * i.dso_reduction / Decimal::from(365);
    SavingsOutputs {
        collections_increase: i.revenue * i.bad_debt_rate * i.bad_debt_avoided / (HUNDRED * HUNDRED),
        investment_income: i.revenue * i.dso_reduction * i.yield_rate / (Decimal::from(365) * HUNDRED),
        hours_saved_month: i.invoices_per_month * i.reminders_per_invoice * i.minutes_per_reminder * i.automated_share
            / (Decimal::from(60) * HUNDRED),
        cash_increase,
    }
}

/// Months the countback form of the DSO calculator shows.
pub const COUNTBACK_FORM_MONTHS: usize = 6;

/// The DSO calculator's inputs: the simple form, and the months of the
/// countback form (sales, days; the latest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DsoInputs {
    pub receivables: Decimal,
    pub revenue: Decimal,
    pub days: Decimal,
    pub months: Vec<(Decimal, Decimal)>,
}

impl Default for DsoInputs {
    fn default() -> Self {
        let m = |s: i64, d: i64| (Decimal::from(s), Decimal::from(d));
        DsoInputs {
            receivables: DSO_PARAMS[0].default_value(),
            revenue: DSO_PARAMS[1].default_value(),
            days: DSO_PARAMS[2].default_value(),
            months: vec![m(30_000, 31), m(25_000, 30), m(28_000, 31), m(22_000, 30), m(26_000, 31), m(24_000, 31)],
        }
    }
}

impl CalculatorInputs for DsoInputs {
    const PARAMS: &'static [Param] = &DSO_PARAMS;

    fn get(&self, key: &str) -> Option<Decimal> {
        match key {
            "dso_receivables" => Some(self.receivables),
            "dso_revenue" => Some(self.revenue),
            "dso_days" => Some(self.days),
            _ => None,
        }
    }

    fn set(&mut self, key: &str, v: Decimal) {
        match key {
            "dso_receivables" => self.receivables = v,
            "dso_revenue" => self.revenue = v,
            "dso_days" => self.days = v,
            _ => {}
        }
    }
}

impl DsoInputs {
    pub fn dso_simple(&self) -> Figure {
        dso_simple(self.receivables, self.revenue, self.days)
    }

    pub fn dso_countback(&self) -> Figure {
        dso_countback_months(self.receivables, &self.months)
    }
}

/// A file's figures for the calculators ("Use my figures"), at t.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileFigures {
    /// Sales(365): the last 12 months' revenue.
    pub revenue: Decimal,
    /// AR(t).
    pub receivables: Decimal,
    /// AR(t) / Sales(365) x 365.
    pub dso: Figure,
    /// The countback form's months from the file (none for an open-items
    /// file: its months' sales are not known).
    pub months: Vec<(Decimal, Decimal)>,
    /// `revenue` is the year's sales the user typed (an open-items file).
    #[serde(default)]
    pub sales_typed: bool,
}

/// The figures of a ledger (one currency) at t for the calculators;
/// unavailable where AR(t) is. On an open-items file (kpi.md "Open-items
/// file") the revenue is `typed_year_sales`, the sales of (t - 365, t] the
/// user typed, and without them the figures are unavailable.
pub fn file_figures<'a>(
    ledger: impl Into<View<'a>>,
    t: NaiveDate,
    typed_year_sales: Option<Decimal>,
) -> Result<FileFigures, Unavailable> {
    let ledger: View<'a> = ledger.into();
    let year = Period::D365;
    let open_items = is_open_items(ledger.ledger());
    let revenue = match (open_items, typed_year_sales) {
        (false, _) => sales(ledger, t, year),
        (true, Some(typed)) => typed,
        (true, None) => return Err(Unavailable::OpenItemsFile),
    };
    let receivables = outstanding(ledger, t)?.total;
    Ok(FileFigures {
        revenue,
        receivables,
        dso: dso_simple(receivables, revenue, Decimal::from(365)),
        months: if open_items { Vec::new() } else { monthly_sales(ledger, t, COUNTBACK_FORM_MONTHS as u32) },
        sales_typed: open_items,
    })
}

impl SavingsInputs {
    /// Takes a file's revenue and DSO (the other inputs are kept).
    pub fn apply(&mut self, f: &FileFigures) {
        let r = param("revenue");
        self.revenue = r.map_or(f.revenue, |p| p.clamp(f.revenue.round_dp(0)));
        if let Ok(d) = f.dso {
            self.dso_current = d.round_dp(0);
        }
    }
}

impl DsoInputs {
    /// Takes a file's receivables, revenue over 365 days, and months.
    pub fn apply(&mut self, f: &FileFigures) {
        self.receivables = f.receivables.round_dp(2);
        self.revenue = f.revenue.round_dp(2);
        self.days = Decimal::from(365);
        self.months = f.months.iter().map(|(s, d)| (s.round_dp(2), *d)).collect();
    }
}

/// d0 from the outstanding AR: AR / R x 365.
pub fn dso_from_ar(ar: Decimal, revenue: Decimal) -> Figure {
    if revenue <= Decimal::ZERO {
        return Err(Unavailable::NoSalesInPeriod);
    }
    Ok(ar * Decimal::from(365) / revenue)
}

/// DSO, simple form: receivables / revenue x days (seed 001).
pub fn dso_simple(receivables: Decimal, revenue: Decimal, days: Decimal) -> Figure {
    days_of_sales(receivables, revenue, days)
}

/// DSO countback on typed months: `months` are (sales, days), the latest
/// first; same rule as kpi.md "DSO family", over the months given.
pub fn dso_countback_months(receivables: Decimal, months: &[(Decimal, Decimal)]) -> Figure {
    countback_over(receivables, months.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::ledger::tests::dec;

    #[test]
    fn seed_001_example() {
        assert_eq!(dso_simple(dec("40000"), dec("100000"), dec("31")), Ok(dec("12.4")));
        assert_eq!(dso_simple(dec("1"), dec("0"), dec("31")), Err(Unavailable::NoSalesInPeriod));
    }

    #[test]
    fn savings_by_hand() {
        let mut i = SavingsInputs::default();
        for (k, v) in [
            ("revenue", "3650000"),
            ("dso_reduction", "10"),
            ("yield_rate", "4"),
            ("bad_debt_rate", "2"),
            ("bad_debt_avoided", "50"),
            ("invoices_per_month", "300"),
            ("reminders_per_invoice", "2"),
            ("minutes_per_reminder", "5"),
            ("automated_share", "80"),
        ] {
            i.set(k, dec(v));
        }
        let o = savings(&i);
        // 3,650,000 / 365 x 10 = 100,000
        assert_eq!(o.cash_increase, dec("100000"));
        // 3,650,000 x 2% x 50% = 36,500
        assert_eq!(o.collections_increase, dec("36500"));
        // 100,000 x 4% = 4,000
        assert_eq!(o.investment_income, dec("4000"));
        // 300 x 2 x 5 x 80% / 60 = 40 hours
        assert_eq!(o.hours_saved_month, dec("40"));
    }

    #[test]
    fn defaults_and_query_round_trip() {
        let d = SavingsInputs::default();
        assert_eq!(d.revenue, dec("5000000"));
        assert!(d.to_query().is_empty());
        let mut i = d.clone();
        i.set("dso_reduction", dec("15"));
        i.set("yield_rate", dec("2.5"));
        let q = i.to_query();
        assert_eq!(q, vec![("dso_reduction", "15".to_string()), ("yield_rate", "2.5".to_string())]);
        let back = SavingsInputs::from_query(q.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, i);
        // Garbage and out-of-range values: ignored or clamped.
        let g = SavingsInputs::from_query([
            ("revenue", "abc"),
            ("automated_share", "150"),
            ("dso_current", "-4"),
            ("x", "1"),
        ]);
        assert_eq!(g.revenue, d.revenue);
        assert_eq!(g.automated_share, dec("100"));
        assert_eq!(g.dso_current, dec("0"));
        assert_eq!(param("revenue").unwrap().parse("1 250 000,50"), Some(dec("1250000.50")));
    }

    #[test]
    fn log_slider_positions_round_trip_to_round_figures() {
        let p = param("revenue").unwrap();
        assert_eq!(p.value_at(0.0), dec("100000"));
        assert_eq!(p.value_at(SLIDER_STEPS), dec("1000000000"));
        let v = p.value_at(100.0); // halfway on a log scale: 10^7
        assert_eq!(v, dec("10000000"));
        assert_eq!(p.position(10_000_000.0), 100.0);
        let lin = param("yield_rate").unwrap();
        assert_eq!(lin.decimals(), 1);
        assert_eq!(lin.value_at(2.34), dec("2.3"));
    }

    #[test]
    fn countback_on_typed_months() {
        // 1,400 over months of 500 (10 d), 600 (28 d), 1,200 (31 d): 10 + 28 + 7.75.
        let m = [(dec("500"), dec("10")), (dec("600"), dec("28")), (dec("1200"), dec("31"))];
        assert_eq!(dso_countback_months(dec("1400"), &m), Ok(dec("45.75")));
        assert_eq!(dso_countback_months(dec("5000"), &m), Err(Unavailable::OverCountbackHorizon));
    }

    #[test]
    fn file_figures_fill_the_calculators() {
        use crate::domain::ledger::tests::{d, inv, ledger};
        // Sales over the year to 2026-03-31: 7,300; open at t: 1,000.
        let l = ledger(vec![
            inv(0, "2025-06-01", "2025-07-01", "6300", Some("2025-07-10")),
            inv(1, "2026-03-10", "2026-04-09", "1000", None),
        ]);
        let f = file_figures(&l, d("2026-03-31"), Some(dec("1"))).unwrap();
        assert_eq!((f.revenue, f.receivables), (dec("7300"), dec("1000")), "the file's sales, not the typed");
        assert!(!f.sales_typed);
        assert_eq!(f.dso, Ok(dec("50")));
        assert_eq!(f.months[0], (dec("1000"), dec("31")));
        let mut s = SavingsInputs::default();
        s.apply(&f);
        assert_eq!((s.revenue, s.dso_current), (dec("100000"), dec("50")), "revenue clamped to the slider's minimum");
        let mut i = DsoInputs::default();
        i.apply(&f);
        assert_eq!(i.dso_simple(), Ok(dec("50")));
    }

    #[test]
    fn dso_inputs_query() {
        let i = DsoInputs::from_query([("dso_receivables", "40000"), ("dso_revenue", "100000"), ("dso_days", "31")]);
        assert_eq!(i.dso_simple(), Ok(dec("12.4")));
        let mut j = DsoInputs::default();
        j.set("dso_days", dec("30"));
        assert_eq!(j.to_query(), vec![("dso_days", "30".to_string())]);
    }

    #[test]
    fn dso_from_outstanding() {
        assert_eq!(dso_from_ar(dec("1000000"), dec("7300000")), Ok(dec("50")));
    }

    /// An open-items file's revenue is not its invoices: the year's sales
    /// typed by the user, else nothing ("Use my figures" says why).
    #[test]
    fn open_items_file_figures_need_typed_sales() {
        use crate::domain::ledger::tests::{d, inv, ledger, m};
        use crate::domain::ledger::Settlement;
        let mut a = inv(0, "2026-02-01", "2026-03-03", "4000", None);
        a.settlement = Settlement::OpenAtSnapshot(m("4000"));
        let mut b = inv(1, "2026-03-10", "2026-04-09", "1000", None);
        b.settlement = Settlement::OpenAtSnapshot(m("1000"));
        let l = ledger(vec![a, b]);
        let t = d("2026-03-31");
        assert_eq!(file_figures(&l, t, None), Err(Unavailable::OpenItemsFile));
        // 36,500 typed for the year: AR 5,000 / 36,500 x 365 = 50 days.
        let f = file_figures(&l, t, Some(dec("36500"))).unwrap();
        assert_eq!((f.revenue, f.receivables, f.dso), (dec("36500"), dec("5000"), Ok(dec("50"))));
        assert!(f.sales_typed && f.months.is_empty());
    }
}
