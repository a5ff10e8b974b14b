//! The collections forecast and its backtest (kpi.md "Forecast of
//! collections" and "Forecast accuracy (backtest)"). Each open invoice is
//! expected on its due date plus the days late its customer usually pays
//! (the company's figure for a customer with little history); the
//! amounts are put in 13 weeks, 6 months and "later". The backtest replays
//! the same forecast at past month ends and compares it with what was paid.

use crate::domain::analysis::behaviour::{add_late_at, SettledSums, MIN_SETTLED};
use crate::domain::analysis::behaviour::{company_behaviour, round_days, Behaviour};
use crate::domain::analysis::kpi::outstanding::known_at;
use crate::domain::analysis::kpi::Unavailable;
use crate::domain::ledger::money::{Money, Total};
use crate::domain::ledger::{CustomerIx, Invoice, View};
use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Weeks forecast one by one (kpi.md: week 1 ... 13, then "after 13 weeks").
pub const WEEKS: usize = 13;

/// Calendar months forecast one by one: month 1 is the month holding
/// t + 1 (the first day anything can be expected), ... month 6, then "later".
pub const MONTHS: usize = 6;

/// The days late expected of one customer's invoices, whole days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lag {
    /// L: the amount-weighted average days late, rounded halves up.
    pub days: i64,
    /// L - spread and L + spread, each clamped at 0 and rounded like L:
    /// the range of the forecast.
    pub optimistic: i64,
    pub pessimistic: i64,
    /// From its own history (`MIN_SETTLED` settled invoices or more), not
    /// the company's figure.
    pub own: bool,
}

impl Lag {
    /// The what-if: every lag `n` days shorter, never below 0.
    pub fn reduced(self, n: u32) -> Lag {
        let n = i64::from(n);
        Lag {
            days: (self.days - n).max(0),
            optimistic: (self.optimistic - n).max(0),
            pessimistic: (self.pessimistic - n).max(0),
            own: self.own,
        }
    }

    /// From an exact average and spread.
    fn of(avg: Decimal, spread: Decimal, own: bool) -> Lag {
        Lag {
            days: round_days(avg.max(Decimal::ZERO)),
            optimistic: round_days((avg - spread).max(Decimal::ZERO)),
            pessimistic: round_days((avg + spread).max(Decimal::ZERO)),
            own,
        }
    }
}

/// Every customer's lag, and the company's used for those with little history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lags {
    /// By customer index.
    pub customers: Vec<Lag>,
    pub company: Lag,
    /// The company-wide exact days late and spread (`None`: nothing was
    /// settled in the year, so L is 0 and the range is empty).
    pub company_days_late: Option<Decimal>,
    pub company_spread: Option<Decimal>,
}

impl Lags {
    /// The lag of `customer` (the company's for an unknown index).
    pub fn of(&self, customer: CustomerIx) -> Lag {
        self.customers.get(customer as usize).copied().unwrap_or(self.company)
    }
}

/// The lags from the customers' behaviours at t (kpi.md "Forecast of
/// collections"): a customer's own L when it settled `MIN_SETTLED`
/// invoices or more in the year, else the company-wide figure over all
/// customers' invoices, 0 when there are none. The spread follows the same
/// rule.
pub fn lags(behaviours: &[Behaviour]) -> Lags {
    let all = company_behaviour(behaviours);
    let company_days_late = all.avg_days_late();
    let company_spread = all.spread();
    let company = Lag::of(company_days_late.unwrap_or_default(), company_spread.unwrap_or_default(), false);
    let customers = behaviours
        .iter()
        .map(|b| match (b.has_history(), b.avg_days_late(), b.spread()) {
            (true, Some(l), Some(s)) => Lag::of(l, s, true),
            _ => company,
        })
        .collect();
    Lags { customers, company, company_days_late, company_spread }
}

/// The date an open invoice is expected to be paid: its due date + `lag`
/// days; on or before t it becomes t + 1 (what is already late is expected
/// in the first week).
pub fn expected_date(due: NaiveDate, t: NaiveDate, lag: i64) -> NaiveDate {
    let next = t.succ_opt().unwrap_or(t);
    let expected = due.checked_add_days(Days::new(lag.max(0) as u64)).unwrap_or(NaiveDate::MAX);
    expected.max(next)
}

/// A date as a day number (days from 1 January of year 1), so that the
/// loops over a million lines add integers. Week k (1-based) of an
/// expected day e > t is (e - t + 6) / 7: week k covers (t + 7(k - 1), t + 7k].
fn day(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce())
}

/// What is expected in one period (a week, a month, or later).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expected {
    /// The forecast: at each customer's L.
    pub amount: Decimal,
    /// At L - spread (collected sooner) and L + spread (later).
    pub optimistic: Decimal,
    pub pessimistic: Decimal,
    /// The part of `amount` that is uncertain: disputed invoices and
    /// invoices over 90 days past due at t.
    pub uncertain: Decimal,
}

/// One week of the forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekForecast {
    /// The week's last day (t + 7k); it starts the day after the previous one's.
    pub end: NaiveDate,
    pub expected: Expected,
}

/// One calendar month of the forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthForecast {
    /// The month's first day.
    pub month: NaiveDate,
    pub expected: Expected,
}

/// The collections expected from t on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forecast {
    pub as_of: NaiveDate,
    /// The what-if applied: every L this many days shorter.
    pub reduce_days: u32,
    /// Weeks 1 to 13, then what falls after them: together they are
    /// exactly `open_total`.
    pub weeks: Vec<WeekForecast>,
    pub later: Expected,
    /// Months 1 to 6 (month 1 holds t + 1), then later: they sum to
    /// `open_total` too.
    pub months: Vec<MonthForecast>,
    pub months_later: Expected,
    /// The positive open amounts at t: what is forecast.
    pub open_total: Decimal,
    /// Open credit notes and unapplied cash (negative open amounts) at t,
    /// as a negative sum: not collections, shown apart.
    pub credit_notes: Decimal,
    /// Invoices forecast (positive open amount at t).
    pub open_invoices: u64,
    /// Customers owing something whose invoices were forecast with the
    /// company's figure (too little history of their own).
    pub fell_back: u32,
}

/// Integer sums of one period, per scenario.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    amount: Total,
    optimistic: Total,
    pessimistic: Total,
    uncertain: Total,
}

impl Sums {
    fn expected(&self) -> Expected {
        Expected {
            amount: self.amount.to_decimal(),
            optimistic: self.optimistic.to_decimal(),
            pessimistic: self.pessimistic.to_decimal(),
            uncertain: self.uncertain.to_decimal(),
        }
    }
}

/// Whether an open invoice's collection is uncertain: disputed, or over
/// 90 days past due at t.
fn uncertain(inv: &Invoice, t: NaiveDate) -> bool {
    inv.disputed || inv.dpd(t) > 90
}

/// Payments agreed with customers (dunning's promises and instalment
/// schedules, `dunning::agreements`): the part of an invoice they cover is
/// expected on their dates, not at due + L.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Planned {
    /// The invoices covered (ledger index), each with its agreed payments
    /// (dates and amounts, in date order) summing to at most its open
    /// amount at t: what they leave (a promise of part of it) is expected
    /// as usual.
    pub covered: rustc_hash::FxHashMap<u32, Vec<(NaiveDate, Decimal)>>,
}

impl Planned {
    /// The agreed payments of invoice `ix` and what they leave of `open`.
    fn of(&self, ix: u32, open: Money) -> (&[(NaiveDate, Decimal)], Money) {
        let parts = self.covered.get(&ix).map_or(&[][..], Vec::as_slice);
        let agreed: Decimal = parts.iter().map(|(_, a)| *a).sum();
        (parts, open - Money::saturating_from_decimal(agreed))
    }
}

/// The forecast of collections at `t` (kpi.md "Forecast of collections"),
/// each customer's lag reduced by `reduce_days` (the what-if; 0 for the
/// forecast itself). What is forecast is each line's open amount at t, so
/// a partly paid invoice counts for its open rest. One pass over the lines
/// once the lags are known. Unavailable for a snapshot away from its date.
pub fn forecast<'a>(
    view: impl Into<View<'a>>,
    t: NaiveDate,
    lags: &Lags,
    reduce_days: u32,
) -> Result<Forecast, Unavailable> {
    forecast_with(view, t, lags, reduce_days, &Planned::default())
}

/// `forecast` with the payments agreed with customers: their invoices are
/// expected on the agreed dates (not moved by the what-if, the same in
/// the range; a date on or before t is expected at t + 1).
pub fn forecast_with<'a>(
    view: impl Into<View<'a>>,
    t: NaiveDate,
    lags: &Lags,
    reduce_days: u32,
    planned: &Planned,
) -> Result<Forecast, Unavailable> {
    let view = view.into();
    known_at(view, t)?;
    let first_day = t.succ_opt().unwrap_or(t);
    // Day numbers: the loop adds and compares integers, not calendar dates.
    let today = day(t);
    let month_starts: Vec<i64> = (1..=MONTHS as u32)
        .map(|k| first_day.with_day(1).and_then(|d| d.checked_add_months(chrono::Months::new(k))).map_or(i64::MAX, day))
        .collect();
    let month_of = |expected: i64| month_starts.iter().position(|start| expected < *start).unwrap_or(MONTHS);
    let mut weeks = [Sums::default(); WEEKS + 1];
    let mut months = [Sums::default(); MONTHS + 1];
    let (mut open_total, mut credit_notes) = (Total::ZERO, Total::ZERO);
    let mut open_invoices = 0u64;
    let mut fell_back = vec![false; view.ledger().customers.len()];
    let week = |e: i64| (((e - today + 6) / 7) as usize).clamp(1, WEEKS + 1) - 1;
    for (ix, inv) in view.indexed().filter(|(_, i)| i.issued_by(t)) {
        let open = inv.open_at(t);
        if open.is_negative() {
            credit_notes += open;
            continue;
        }
        if !open.is_positive() {
            continue;
        }
        open_total += open;
        open_invoices += 1;
        let (agreed, open) = planned.of(ix, open);
        for (date, amount) in agreed {
            let e = day(*date).max(today + 1);
            let amount = Money::saturating_from_decimal(*amount);
            add(&mut weeks, [week(e); 3], amount, false);
            add(&mut months, [month_of(e); 3], amount, false);
        }
        if !open.is_positive() {
            continue;
        }
        let lag = lags.of(inv.customer).reduced(reduce_days);
        if !lag.own {
            if let Some(f) = fell_back.get_mut(inv.customer as usize) {
                *f = true;
            }
        }
        let due = day(inv.due_date);
        let expected = |lag: i64| (due + lag).max(today + 1);
        let (central, sooner, slower) = (expected(lag.days), expected(lag.optimistic), expected(lag.pessimistic));
        let doubtful = uncertain(inv, t);
        add(&mut weeks, [week(central), week(sooner), week(slower)], open, doubtful);
        add(&mut months, [month_of(central), month_of(sooner), month_of(slower)], open, doubtful);
    }
    let week_end = |k: usize| t.checked_add_days(Days::new(7 * (k as u64 + 1))).unwrap_or(NaiveDate::MAX);
    let month_start = |k: usize| {
        first_day.with_day(1).and_then(|d| d.checked_add_months(chrono::Months::new(k as u32))).unwrap_or(first_day)
    };
    Ok(Forecast {
        as_of: t,
        reduce_days,
        weeks: weeks[..WEEKS]
            .iter()
            .enumerate()
            .map(|(k, s)| WeekForecast { end: week_end(k), expected: s.expected() })
            .collect(),
        later: weeks[WEEKS].expected(),
        months: months[..MONTHS]
            .iter()
            .enumerate()
            .map(|(k, s)| MonthForecast { month: month_start(k), expected: s.expected() })
            .collect(),
        months_later: months[MONTHS].expected(),
        open_total: open_total.to_decimal(),
        credit_notes: credit_notes.to_decimal(),
        open_invoices,
        fell_back: fell_back.iter().filter(|f| **f).count() as u32,
    })
}

/// Adds `open` to the periods of its central, optimistic and pessimistic dates.
fn add(periods: &mut [Sums], [central, sooner, slower]: [usize; 3], open: Money, doubtful: bool) {
    if let Some(s) = periods.get_mut(central) {
        s.amount += open;
        if doubtful {
            s.uncertain += open;
        }
    }
    if let Some(s) = periods.get_mut(sooner) {
        s.optimistic += open;
    }
    if let Some(s) = periods.get_mut(slower) {
        s.pessimistic += open;
    }
}

/// An open invoice and a date its open amount, or part of it, is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpectedPayment {
    /// Its index in the ledger.
    pub index: u32,
    /// What is expected that day (its open amount at t, partial payments
    /// deducted, or the part of it agreed for that day).
    pub open: Decimal,
    pub expected: NaiveDate,
    pub uncertain: bool,
    /// Agreed with the customer (an instalment, a promise).
    pub agreed: bool,
}

/// Each invoice with a positive open amount at `t` and its expected date,
/// as the forecast puts it (for the export of open invoices): an invoice
/// under an agreement once per agreed payment (and once more for what they
/// leave), so that the list adds up to the forecast's weeks.
pub fn expected_payments<'a>(
    view: impl Into<View<'a>>,
    t: NaiveDate,
    lags: &Lags,
    reduce_days: u32,
    planned: &Planned,
) -> Vec<ExpectedPayment> {
    let view = view.into();
    let after_t = t.succ_opt().unwrap_or(t);
    let mut out = Vec::new();
    for (index, inv) in view.indexed().filter(|(_, inv)| inv.issued_by(t)) {
        let open = inv.open_at(t);
        if !open.is_positive() {
            continue;
        }
        let (agreed, rest) = planned.of(index, open);
        out.extend(agreed.iter().map(|(date, amount)| ExpectedPayment {
            index,
            open: *amount,
            expected: (*date).max(after_t),
            uncertain: false,
            agreed: true,
        }));
        if rest.is_positive() {
            out.push(ExpectedPayment {
                index,
                open: rest.to_decimal(),
                expected: expected_date(inv.due_date, t, lags.of(inv.customer).reduced(reduce_days).days),
                uncertain: uncertain(inv, t),
                agreed: false,
            });
        }
    }
    out
}

/// Forecast and actual of one backtest window.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BacktestWindow {
    /// Expected in the window by the behaviour method (due + L).
    pub forecast: Decimal,
    /// Expected in the window by the naive method (at the due date).
    pub naive: Decimal,
    /// Paid in the window on those invoices: open at m - open at the window's end.
    pub actual: Decimal,
}

/// One past month end of the backtest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BacktestRow {
    pub month_end: NaiveDate,
    /// The 4-week window (m, m + 28], and the 13-week one (m, m + 91] when
    /// it has ended by t.
    pub weeks4: BacktestWindow,
    pub weeks13: Option<BacktestWindow>,
}

/// How well the forecast would have done (kpi.md "Forecast accuracy").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backtest {
    /// The month ends whose 4-week window has ended by t, latest first.
    pub rows: Vec<BacktestRow>,
    /// WAPE in percent, over 4 and 13 weeks, for the behaviour method and
    /// the naive one; `None` when no month end qualifies or nothing was paid.
    pub wape4: Option<Decimal>,
    pub wape13: Option<Decimal>,
    pub naive_wape4: Option<Decimal>,
    pub naive_wape13: Option<Decimal>,
}

/// Month ends the backtest looks at.
pub const BACKTEST_MONTHS: usize = 12;

/// The 12 month ends m <= t, latest first: t itself when it is the last
/// day of its month, else the end of the month before.
pub fn month_ends(t: NaiveDate) -> Vec<NaiveDate> {
    let mut m = if t.succ_opt().is_none_or(|n| n.month() != t.month()) {
        Some(t)
    } else {
        t.with_day(1).and_then(|d| d.pred_opt())
    };
    let mut ends = Vec::with_capacity(BACKTEST_MONTHS);
    while let Some(end) = m {
        ends.push(end);
        if ends.len() == BACKTEST_MONTHS {
            break;
        }
        m = end.with_day(1).and_then(|d| d.pred_opt());
    }
    ends
}

/// The backtest at `t` (kpi.md "Forecast accuracy (backtest)"): at each
/// month end m of `month_ends(t)` whose window has ended by t, the
/// invoices with a positive open amount at m are forecast with the
/// behaviours known at m (settled in (m - 365, m]) and compared with what
/// they were paid in (m, m + 7w], w = 4 and 13:
/// WAPE = Σ |forecast - actual| / Σ actual × 100. The naive method expects
/// each at its due date (on or before m: m + 1).
///
/// Passes: the behaviour sums of the next month end are gathered in the
/// same pass as the forecast of the current one, so 12 month ends cost 13
/// passes over the lines, each computing both windows and both methods.
/// A snapshot has no history: no month end qualifies.
pub fn backtest<'a>(view: impl Into<View<'a>>, t: NaiveDate) -> Backtest {
    let view = view.into();
    if !crate::domain::analysis::kpi::has_history(view.ledger()) {
        return Backtest::default();
    }
    let plus = |m: NaiveDate, days: u64| m.checked_add_days(Days::new(days)).unwrap_or(NaiveDate::MAX);
    let ends: Vec<NaiveDate> = month_ends(t).into_iter().filter(|m| plus(*m, 28) <= t).collect();
    let n_customers = view.ledger().customers.len();
    let year_before = |m: NaiveDate| m.checked_sub_days(Days::new(365)).unwrap_or(NaiveDate::MIN);
    let mut rows = Vec::with_capacity(ends.len());
    let mut sums: Option<Vec<SettledSums>> = None;
    for k in 0..=ends.len() {
        let next = ends.get(k).map(|m| (year_before(*m), *m));
        let mut next_sums = next.map(|_| vec![SettledSums::default(); n_customers]);
        let current = k.checked_sub(1).and_then(|i| ends.get(i).copied());
        let with_13 = current.is_some_and(|m| plus(m, 91) <= t);
        // At m: each window's end, and for each customer the latest due date
        // expected within it (due + L <= end; a date on or before m becomes
        // m + 1, inside every window). The naive method's is the end itself.
        let windows: Vec<(NaiveDate, Vec<NaiveDate>, NaiveDate)> = match (current, sums.as_deref()) {
            (Some(m), Some(s)) => {
                let (customers, company) = lag_days(s);
                let cutoff =
                    |end: NaiveDate, l: i64| end.checked_sub_days(Days::new(l as u64)).unwrap_or(NaiveDate::MIN);
                [28u64, 91]
                    .iter()
                    .take(if with_13 { 2 } else { 1 })
                    .map(|&days| {
                        let end = plus(m, days);
                        (end, customers.iter().map(|&l| cutoff(end, l)).collect(), cutoff(end, company))
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        let mut totals = [[Total::ZERO; 3]; 2];
        for inv in view.items() {
            if let (Some((start, m)), Some(s)) = (next, next_sums.as_mut()) {
                add_late_at(s, inv, start, m);
            }
            let Some(m) = current else { continue };
            if !inv.issued_by(m) {
                continue;
            }
            let open = inv.open_at(m);
            if !open.is_positive() {
                continue;
            }
            for ((end, cutoffs, company), sums) in windows.iter().zip(totals.iter_mut()) {
                let cutoff = cutoffs.get(inv.customer as usize).unwrap_or(company);
                if inv.due_date <= *cutoff {
                    sums[0] += open;
                }
                if inv.due_date <= *end {
                    sums[1] += open;
                }
                sums[2] += open - inv.open_at(*end);
            }
        }
        if let Some(m) = current {
            let window = |s: &[Total; 3]| BacktestWindow {
                forecast: s[0].to_decimal(),
                naive: s[1].to_decimal(),
                actual: s[2].to_decimal(),
            };
            rows.push(BacktestRow {
                month_end: m,
                weeks4: window(&totals[0]),
                weeks13: with_13.then(|| window(&totals[1])),
            });
        }
        sums = next_sums;
    }
    let wape = |windows: Vec<&BacktestWindow>, pick: fn(&BacktestWindow) -> Decimal| -> Option<Decimal> {
        let actual: Decimal = windows.iter().map(|w| w.actual).sum();
        let error: Decimal = windows.iter().map(|w| (pick(w) - w.actual).abs()).sum();
        (actual != Decimal::ZERO && !windows.is_empty()).then(|| error * Decimal::ONE_HUNDRED / actual)
    };
    let w4 = || rows.iter().map(|r| &r.weeks4).collect::<Vec<_>>();
    let w13 = || rows.iter().filter_map(|r| r.weeks13.as_ref()).collect::<Vec<_>>();
    Backtest {
        wape4: wape(w4(), |w| w.forecast),
        wape13: wape(w13(), |w| w.forecast),
        naive_wape4: wape(w4(), |w| w.naive),
        naive_wape13: wape(w13(), |w| w.naive),
        rows,
    }
}

/// Each customer's L and the company's from behaviour sums, as `lags`
/// makes them, without the spread (the backtest forecasts no range).
fn lag_days(sums: &[SettledSums]) -> (Vec<i64>, i64) {
    let (mut late, mut weight) = (Total::ZERO, Total::ZERO);
    for s in sums {
        late += s.late;
        weight += s.weight;
    }
    let average = |late: Total, weight: Total| round_days(late.to_decimal() / weight.to_decimal()).max(0);
    let company = if weight.is_positive() { average(late, weight) } else { 0 };
    let customers = sums
        .iter()
        .map(|s| if s.count >= MIN_SETTLED && s.weight.is_positive() { average(s.late, s.weight) } else { company })
        .collect();
    (customers, company)
}

/// An open invoice and its expected payment date, for the export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpectedLine {
    pub invoice: String,
    pub customer_id: String,
    pub customer: String,
    pub due_date: NaiveDate,
    pub open: Decimal,
    pub expected: NaiveDate,
    pub uncertain: bool,
    /// An instalment or a promise agreed with the customer.
    #[serde(default)]
    pub agreed: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::analysis::behaviour::{behaviours, Thresholds};
    use crate::domain::ledger::tests::{d, dec, inv, ledger, m};
    use crate::domain::ledger::{Ledger, Payment};

    /// Customer 0 always pays 10 days late (three invoices settled in the
    /// year); customer 1 has no history.
    fn ten_days_late() -> Vec<Invoice> {
        vec![
            inv(0, "2026-01-01", "2026-01-31", "100", Some("2026-02-10")),
            inv(0, "2026-02-01", "2026-02-28", "300", Some("2026-03-10")),
            inv(0, "2026-03-01", "2026-03-31", "200", Some("2026-04-10")),
        ]
    }

    fn lags_at(l: &Ledger, t: NaiveDate) -> Lags {
        lags(&behaviours(l, t, &Thresholds::default()))
    }

    /// The week (1-based, 14 = later) holding each positive amount of `f`.
    fn weeks_of(f: &Forecast) -> Vec<(usize, Decimal)> {
        let mut v: Vec<(usize, Decimal)> = f
            .weeks
            .iter()
            .enumerate()
            .filter(|(_, w)| !w.expected.amount.is_zero())
            .map(|(k, w)| (k + 1, w.expected.amount))
            .collect();
        if !f.later.amount.is_zero() {
            v.push((WEEKS + 1, f.later.amount));
        }
        v
    }

    /// Every period sums to the positive open amount, whatever the scenario.
    #[track_caller]
    fn check_sums(f: &Forecast, l: &Ledger, t: NaiveDate) {
        let positive: Total = l.invoices.iter().map(|i| i.open_at(t)).filter(|o| o.is_positive()).sum();
        assert_eq!(f.open_total, positive.to_decimal());
        let sum = |pick: fn(&Expected) -> Decimal| {
            let weeks: Decimal = f.weeks.iter().map(|w| pick(&w.expected)).sum::<Decimal>() + pick(&f.later);
            let months: Decimal = f.months.iter().map(|w| pick(&w.expected)).sum::<Decimal>() + pick(&f.months_later);
            (weeks, months)
        };
        for pick in [|e: &Expected| e.amount, |e: &Expected| e.optimistic, |e: &Expected| e.pessimistic] {
            assert_eq!(sum(pick), (f.open_total, f.open_total));
        }
    }

    #[test]
    fn a_customer_ten_days_late_and_one_without_history() {
        let t = d("2026-06-30");
        let mut invoices = ten_days_late();
        invoices.push(inv(0, "2026-06-10", "2026-07-10", "1000", None)); // expected 07-20: day 20, week 3
        invoices.push(inv(1, "2026-06-20", "2026-07-20", "500", None)); // company figure 10: 07-30, week 5
        invoices.push(inv(1, "2026-06-21", "2026-06-21", "-50", None)); // a credit note: apart
        let l = ledger(invoices);
        let lags = lags_at(&l, t);
        assert_eq!(lags.of(0), Lag { days: 10, optimistic: 10, pessimistic: 10, own: true });
        assert_eq!(lags.of(1), Lag { days: 10, optimistic: 10, pessimistic: 10, own: false });
        assert_eq!((lags.company_days_late, lags.company_spread), (Some(dec("10")), Some(dec("0"))));
        let f = forecast(&l, t, &lags, 0).unwrap();
        assert_eq!(weeks_of(&f), vec![(3, dec("1000")), (5, dec("500"))]);
        assert_eq!((f.credit_notes, f.open_invoices, f.fell_back), (dec("-50"), 2, 1));
        assert_eq!(f.weeks[2].end, d("2026-07-21"));
        // July is month 1 (t + 1 is 1 July).
        assert_eq!((f.months[0].month, f.months[0].expected.amount), (d("2026-07-01"), dec("1500")));
        check_sums(&f, &l, t);
        let dates: Vec<NaiveDate> =
            expected_payments(&l, t, &lags, 0, &Planned::default()).iter().map(|e| e.expected).collect();
        assert_eq!(dates, vec![d("2026-07-20"), d("2026-07-30")]);
    }

    #[test]
    fn no_history_at_all_means_l_is_zero() {
        let t = d("2026-06-30");
        let l = ledger(vec![inv(0, "2026-06-10", "2026-07-10", "1000", None)]);
        let lags = lags_at(&l, t);
        assert_eq!(lags.company, Lag { days: 0, optimistic: 0, pessimistic: 0, own: false });
        assert_eq!(lags.company_days_late, None);
        let f = forecast(&l, t, &lags, 0).unwrap();
        assert_eq!(weeks_of(&f), vec![(2, dec("1000"))], "07-10 is day 10");
    }

    #[test]
    fn l_is_rounded_halves_up() {
        // (100 x 0 + 100 x 0 + 200 x 5) / 400 = 2.5: 3 days.
        let t = d("2026-06-30");
        let l = ledger(vec![
            inv(0, "2026-01-01", "2026-01-31", "100", Some("2026-01-31")),
            inv(0, "2026-02-01", "2026-02-28", "100", Some("2026-02-20")),
            inv(0, "2026-03-01", "2026-03-31", "200", Some("2026-04-05")),
            inv(0, "2026-06-01", "2026-07-04", "70", None),
        ]);
        let lags = lags_at(&l, t);
        assert_eq!(lags.of(0).days, 3);
        assert_eq!(expected_payments(&l, t, &lags, 0, &Planned::default())[0].expected, d("2026-07-07"));
        // 2.49 rounds down: 100 x 0, 100 x 0, 200 x 4.98 is not whole; use 4 of 5 days on 3 invoices.
        let l = ledger(vec![
            inv(0, "2026-01-01", "2026-01-31", "100", Some("2026-01-31")),
            inv(0, "2026-02-01", "2026-02-28", "51", Some("2026-02-20")),
            inv(0, "2026-03-01", "2026-03-31", "100", Some("2026-04-05")),
        ]);
        // 500 / 251 = 1.99: 2 days.
        assert_eq!(lags_at(&l, t).of(0).days, 2);
    }

    #[test]
    fn what_is_late_is_expected_in_the_first_week_and_weeks_cross_the_year_end() {
        let t = d("2026-12-20");
        let at = |due: &str, amount: &str| inv(1, "2026-01-01", due, amount, None);
        let l = ledger(vec![
            at("2026-09-01", "1"),   // long overdue: t + 1, week 1
            at("2026-12-20", "2"),   // due at t: t + 1, week 1
            at("2026-12-27", "4"),   // t + 7: week 1
            at("2026-12-28", "8"),   // t + 8: week 2
            at("2027-01-03", "16"),  // t + 14: week 2, across the year end
            at("2027-01-04", "32"),  // t + 15: week 3
            at("2027-03-21", "64"),  // t + 91: week 13
            at("2027-03-22", "128"), // t + 92: later
        ]);
        let lags = lags_at(&l, t);
        assert_eq!(lags.of(1).days, 0, "no history anywhere");
        let f = forecast(&l, t, &lags, 0).unwrap();
        assert_eq!(
            weeks_of(&f),
            vec![(1, dec("7")), (2, dec("24")), (3, dec("32")), (13, dec("64")), (WEEKS + 1, dec("128"))]
        );
        assert_eq!(f.weeks[1].end, d("2027-01-03"));
        assert_eq!(f.weeks[12].end, d("2027-03-21"));
        // Month 1 is December (t + 1 is 21 December): 1 + 2 + 4 + 8; January 16 + 32; March 64 + 128.
        let months: Vec<(NaiveDate, Decimal)> = f.months.iter().map(|m| (m.month, m.expected.amount)).collect();
        assert_eq!(months[0], (d("2026-12-01"), dec("15")));
        assert_eq!(months[1], (d("2027-01-01"), dec("48")));
        assert_eq!(months[3], (d("2027-03-01"), dec("192")));
        assert_eq!(months[5].0, d("2027-05-01"));
        check_sums(&f, &l, t);
        // The 1 overdue since September is uncertain (over 90 days past due).
        assert_eq!(f.weeks[0].expected.uncertain, dec("1"));
    }

    #[test]
    fn a_month_end_as_of_date_starts_month_one_the_next_month() {
        let t = d("2026-12-31");
        let l = ledger(vec![inv(0, "2026-12-01", "2026-12-15", "10", None)]);
        let f = forecast(&l, t, &lags_at(&l, t), 0).unwrap();
        assert_eq!((f.months[0].month, f.months[0].expected.amount), (d("2027-01-01"), dec("10")));
    }

    #[test]
    fn partial_payments_the_open_rest_is_forecast() {
        let t = d("2026-06-30");
        let mut invoices = ten_days_late();
        let mut partly = inv(0, "2026-06-01", "2026-07-01", "1000", None);
        partly.add_payment(Payment { date: d("2026-06-15"), amount: m("400") });
        partly.add_payment(Payment { date: d("2026-07-05"), amount: m("100") }); // after t: still open at t
        invoices.push(partly);
        let l = ledger(invoices);
        let f = forecast(&l, t, &lags_at(&l, t), 0).unwrap();
        // 600 open at t, due 07-01 + 10 = 07-11: day 11, week 2.
        assert_eq!(weeks_of(&f), vec![(2, dec("600"))]);
        check_sums(&f, &l, t);
    }

    #[test]
    fn the_range_and_the_uncertain_part() {
        // Days late 0, 10, 20 on equal amounts: L 10, spread sqrt(200 / 3) = 8.1649: range 2 to 18 days.
        let t = d("2026-06-30");
        let mut disputed = inv(0, "2026-06-01", "2026-07-01", "300", None);
        disputed.disputed = true;
        let l = ledger(vec![
            inv(0, "2026-01-01", "2026-01-31", "100", Some("2026-01-31")),
            inv(0, "2026-02-01", "2026-02-28", "100", Some("2026-03-10")),
            inv(0, "2026-03-01", "2026-03-31", "100", Some("2026-04-20")),
            inv(0, "2026-06-01", "2026-07-01", "700", None),
            disputed,
        ]);
        let lags = lags_at(&l, t);
        assert_eq!(lags.of(0), Lag { days: 10, optimistic: 2, pessimistic: 18, own: true });
        assert_eq!(lags.company_spread, Some(dec("8.1649")));
        let f = forecast(&l, t, &lags, 0).unwrap();
        // Central 07-11 (week 2), optimistic 07-03 (week 1), pessimistic 07-19 (week 3).
        assert_eq!(weeks_of(&f), vec![(2, dec("1000"))]);
        assert_eq!(f.weeks[0].expected.optimistic, dec("1000"));
        assert_eq!(f.weeks[2].expected.pessimistic, dec("1000"));
        assert_eq!(f.weeks[1].expected.uncertain, dec("300"));
        check_sums(&f, &l, t);
    }

    #[test]
    fn the_what_if_shortens_every_lag() {
        let t = d("2026-06-30");
        let mut invoices = ten_days_late();
        invoices.push(inv(0, "2026-06-10", "2026-07-10", "1000", None));
        let l = ledger(invoices);
        let lags = lags_at(&l, t);
        let week = |n| weeks_of(&forecast(&l, t, &lags, n).unwrap());
        assert_eq!(week(0), vec![(3, dec("1000"))], "07-20");
        assert_eq!(week(4), vec![(3, dec("1000"))], "07-16: day 16");
        assert_eq!(week(5), vec![(3, dec("1000"))], "07-15: day 15");
        assert_eq!(week(6), vec![(2, dec("1000"))], "07-14: day 14");
        assert_eq!(week(30), vec![(2, dec("1000"))], "never before the due date: 07-10");
        assert_eq!(lags.of(0).reduced(30), Lag { days: 0, optimistic: 0, pessimistic: 0, own: true });
        assert_eq!(expected_payments(&l, t, &lags, 5, &Planned::default())[0].expected, d("2026-07-15"));
    }

    #[test]
    fn month_ends_are_the_last_days_up_to_t() {
        let ends = month_ends(d("2026-03-15"));
        assert_eq!(ends.len(), BACKTEST_MONTHS);
        assert_eq!((ends[0], ends[1], ends[11]), (d("2026-02-28"), d("2026-01-31"), d("2025-03-31")));
        assert_eq!(month_ends(d("2026-03-31"))[0], d("2026-03-31"));
    }

    /// One invoice of 1,000 on the 1st of each month from January 2024,
    /// due 30 days later, paid `late` days after its due date.
    fn monthly(late: u64) -> Ledger {
        let mut invoices = Vec::new();
        let mut issued = d("2024-01-01");
        while issued <= d("2026-12-01") {
            let due = issued + Days::new(30);
            let paid = due + Days::new(late);
            let f = |x: NaiveDate| x.format("%Y-%m-%d").to_string();
            invoices.push(inv(0, &f(issued), &f(due), "1000", Some(&f(paid))));
            issued = issued.checked_add_months(chrono::Months::new(1)).unwrap();
        }
        ledger(invoices)
    }

    #[test]
    fn backtest_of_a_customer_always_forty_days_late() {
        // At each month end m two invoices are open: last month's (paid about the 10th of the
        // next month: in both windows) and this month's (paid about the 10th of the month after:
        // in the 13-week window only). The behaviour method knows both dates: no error. The
        // naive one expects both within 4 weeks (their due dates are at most m + 2): 2,000
        // forecast against 1,000 paid, a 100% error; within 13 weeks it is right.
        let t = d("2026-12-31");
        let b = backtest(&monthly(40), t);
        assert_eq!(b.rows.len(), 11, "Nov 30 back to Jan 31: Dec 31 + 28 days is after t");
        assert_eq!(b.rows[0].month_end, d("2026-11-30"));
        assert_eq!(b.rows.iter().filter(|r| r.weeks13.is_some()).count(), 9, "up to Sep 30 (+ 91 = Dec 30)");
        for r in &b.rows {
            assert_eq!((r.weeks4.forecast, r.weeks4.naive, r.weeks4.actual), (dec("1000"), dec("2000"), dec("1000")));
            if let Some(w) = &r.weeks13 {
                assert_eq!((w.forecast, w.naive, w.actual), (dec("2000"), dec("2000"), dec("2000")), "{r:?}");
            }
        }
        assert_eq!((b.wape4, b.naive_wape4), (Some(dec("0")), Some(dec("100"))));
        assert_eq!((b.wape13, b.naive_wape13), (Some(dec("0")), Some(dec("0"))));
    }

    #[test]
    fn backtest_without_history_or_windows() {
        // Ten days late: WAPE 0 for the behaviour method once history exists.
        let b = backtest(&monthly(10), d("2026-12-31"));
        assert_eq!(b.wape4, Some(dec("0")));
        // The first month ends have no history yet: the company figure is 0 there (and the
        // naive method is the same), so both make errors early on.
        let early = backtest(&monthly(40), d("2024-03-31"));
        let ends: Vec<NaiveDate> = early.rows.iter().map(|r| r.month_end).collect();
        assert_eq!(
            (ends.len(), ends[0], ends[1]),
            (11, d("2024-02-29"), d("2024-01-31")),
            "before the data: nothing paid"
        );
        assert_eq!(early.wape4, early.naive_wape4);
        assert_eq!(early.wape13, None, "no 13-week window has ended");
        // Nothing at all.
        assert_eq!(backtest(&ledger(vec![]), d("2026-12-31")).wape4, None);
    }

    /// The real IBM receivables file (tests/fixtures, public): at 2013-06-30 the weeks and
    /// later sum to the positive open amount, the WAPEs are numbers, and each backtest row is
    /// what a plain recomputation at its month end gives.
    #[test]
    fn ibm_file() {
        use crate::domain::import::{import_file, ImportOptions};
        let bytes = include_bytes!("../../../tests/fixtures/ibm-accounts-receivable.csv");
        let (l, _) = import_file(bytes, &ImportOptions::default()).unwrap();
        let t = d("2013-06-30");
        let lags = lags_at(&l, t);
        let f = forecast(&l, t, &lags, 0).unwrap();
        assert!(f.open_total > Decimal::ZERO && f.open_invoices > 0, "{f:?}");
        check_sums(&f, &l, t);
        let shorter = forecast(&l, t, &lags, 7).unwrap();
        check_sums(&shorter, &l, t);
        let b = backtest(&l, t);
        assert_eq!(b.rows.len(), 11, "2013-05-31 back to 2012-07-31 (t's own window has not ended)");
        for w in [b.wape4, b.wape13, b.naive_wape4, b.naive_wape13] {
            let w = w.expect("a WAPE");
            assert!(w >= Decimal::ZERO && w < dec("1000"), "{w}");
        }
        for r in &b.rows {
            let m = r.month_end;
            let at_m = lags_at(&l, m);
            let end = m + Days::new(28);
            let (mut fc, mut naive, mut actual) = (Total::ZERO, Total::ZERO, Total::ZERO);
            for i in l.invoices.iter().filter(|i| i.issued_by(m) && i.open_at(m).is_positive()) {
                let open = i.open_at(m);
                if expected_date(i.due_date, m, at_m.of(i.customer).days) <= end {
                    fc += open;
                }
                if i.due_date.max(m + Days::new(1)) <= end {
                    naive += open;
                }
                actual += open - i.open_at(end);
            }
            assert_eq!(r.weeks4.forecast, fc.to_decimal(), "{m}");
            assert_eq!(r.weeks4.naive, naive.to_decimal(), "{m}");
            assert_eq!(r.weeks4.actual, actual.to_decimal(), "{m}");
        }
    }
}
