//! Payer behaviour per customer (kpi.md "Payer rating" and "Collection"):
//! how late each customer paid over the last year, how spread out and how
//! steady that lateness is, its rating A to D, and the customers table
//! (behaviour beside what each customer owes at t), all made in one pass.

use crate::domain::ledger::money::{round_half_up, Money, Total};
use crate::domain::ledger::{CustomerIx, Invoice, View};
use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A customer's rating: A pays on time, D very late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Rating {
    A,
    B,
    C,
    D,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::A, Rating::B, Rating::C, Rating::D];

    pub fn letter(self) -> &'static str {
        match self {
            Rating::A => "A",
            Rating::B => "B",
            Rating::C => "C",
            Rating::D => "D",
        }
    }
}

/// The days late that bound ratings A, B and C (a settings the user can
/// change); defaults 5, 15 and 45.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Thresholds {
    pub a: Decimal,
    pub b: Decimal,
    pub c: Decimal,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { a: Decimal::from(5), b: Decimal::from(15), c: Decimal::from(45) }
    }
}

/// Invoices a customer must have settled in the year to be rated.
pub const MIN_SETTLED: u32 = 3;

/// One customer's behaviour at t.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Behaviour {
    /// Over its invoices settled in (t - 365, t]: Σ amount × days late,
    /// Σ amount, and how many.
    pub late_amount: Decimal,
    pub settled_amount: Decimal,
    pub settled: u32,
    /// It has an open invoice over 90 days past due at t.
    pub over_90: bool,
    /// `None`: not rated (fewer than `MIN_SETTLED` settled invoices).
    pub rating: Option<Rating>,
    /// Over the same invoices: Σ amount × days late², for the spread.
    #[serde(default)]
    pub late_square_amount: Decimal,
    /// Σ amount × (settled date - invoice date), for the ADP.
    #[serde(default)]
    pub to_pay_amount: Decimal,
    /// How many were settled on or before their due date.
    #[serde(default)]
    pub on_time: u32,
}

impl Behaviour {
    /// Amount-weighted average days late over its invoices settled in (t - 365, t].
    pub fn avg_days_late(&self) -> Option<Decimal> {
        (self.settled_amount > Decimal::ZERO).then(|| self.late_amount / self.settled_amount)
    }

    /// How far its days late stray from their average: the amount-weighted
    /// standard deviation, in days (to 1/10,000 of a day). A customer that
    /// always pays 10 days late has a spread of 0; the forecast's range is
    /// its average ± this.
    pub fn spread(&self) -> Option<Decimal> {
        let mean = self.avg_days_late()?;
        let variance = self.late_square_amount / self.settled_amount - mean * mean;
        sqrt(variance)
    }

    /// Average days to pay (kpi.md "Collection"): amount-weighted mean of
    /// settled date - invoice date.
    pub fn adp(&self) -> Option<Decimal> {
        (self.settled_amount > Decimal::ZERO).then(|| self.to_pay_amount / self.settled_amount)
    }

    /// On-time rate in percent: the count share settled on or before the due date.
    pub fn on_time_rate(&self) -> Option<Decimal> {
        (self.settled > 0).then(|| Decimal::from(self.on_time) * Decimal::ONE_HUNDRED / Decimal::from(self.settled))
    }

    /// Enough history to be judged on its own (`MIN_SETTLED` settled invoices).
    pub fn has_history(&self) -> bool {
        self.settled >= MIN_SETTLED && self.settled_amount > Decimal::ZERO
    }

    fn of(s: &SettledSums, over_90: bool, thresholds: &Thresholds) -> Behaviour {
        let mut b = Behaviour {
            late_amount: s.late.to_decimal(),
            settled_amount: s.weight.to_decimal(),
            settled: s.count,
            over_90,
            rating: None,
            late_square_amount: s.late_square.to_decimal(),
            to_pay_amount: s.to_pay.to_decimal(),
            on_time: s.on_time,
        };
        b.rating = b.avg_days_late().filter(|_| b.settled >= MIN_SETTLED).map(|l| rate(l, over_90, thresholds));
        b
    }
}

/// Every customer's invoices taken together, as if one customer: the
/// company-wide days late, spread, ADP and on-time rate. Not rated.
pub fn company_behaviour(all: &[Behaviour]) -> Behaviour {
    let mut c = Behaviour {
        late_amount: Decimal::ZERO,
        settled_amount: Decimal::ZERO,
        settled: 0,
        over_90: false,
        rating: None,
        late_square_amount: Decimal::ZERO,
        to_pay_amount: Decimal::ZERO,
        on_time: 0,
    };
    for b in all {
        c.late_amount += b.late_amount;
        c.settled_amount += b.settled_amount;
        c.settled = c.settled.saturating_add(b.settled);
        c.over_90 |= b.over_90;
        c.late_square_amount += b.late_square_amount;
        c.to_pay_amount += b.to_pay_amount;
        c.on_time = c.on_time.saturating_add(b.on_time);
    }
    c
}

/// The rating of an average `late` by `thresholds`, at least C when an
/// invoice is over 90 days past due.
pub fn rate(late: Decimal, over_90: bool, thresholds: &Thresholds) -> Rating {
    let by_days = if late <= thresholds.a {
        Rating::A
    } else if late <= thresholds.b {
        Rating::B
    } else if late <= thresholds.c {
        Rating::C
    } else {
        Rating::D
    };
    if over_90 {
        by_days.max(Rating::C)
    } else {
        by_days
    }
}

/// The first day of the year window: t - 365 (excluded).
fn year_before(t: NaiveDate) -> NaiveDate {
    t.checked_sub_days(Days::new(365)).unwrap_or(NaiveDate::MIN)
}

/// The date `inv` was settled as known at `t` (`Invoice::settled_by`: a
/// payment reversed by then reopens it), when it counts for behaviour: an
/// invoice (a sale or brought forward; not a credit note, not unapplied
/// cash) with amount > 0, settled.
pub(crate) fn settled_sale(inv: &Invoice, t: NaiveDate) -> Option<NaiveDate> {
    if inv.is_invoice() && inv.amount.is_positive() {
        inv.settled_by(t)
    } else {
        None
    }
}

/// Integer sums over settled invoices (exact; decimals made once at the end).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SettledSums {
    pub(crate) weight: Total,
    pub(crate) late: Total,
    late_square: Total,
    to_pay: Total,
    pub(crate) count: u32,
    on_time: u32,
}

impl SettledSums {
    /// `inv`, settled on `settled`.
    pub(crate) fn add(&mut self, inv: &Invoice, settled: NaiveDate) {
        let late = (settled - inv.due_date).num_days().max(0);
        self.weight += inv.amount;
        self.late.add_times(inv.amount, late);
        self.late_square.add_times(inv.amount, late.saturating_mul(late));
        self.to_pay.add_times(inv.amount, (settled - inv.invoice_date).num_days());
        self.count = self.count.saturating_add(1);
        if settled <= inv.due_date {
            self.on_time = self.on_time.saturating_add(1);
        }
    }

    /// The amount-weighted mean days late, `None` without settled amount.
    fn avg_days_late(&self) -> Option<Decimal> {
        self.weight.is_positive().then(|| self.late.to_decimal() / self.weight.to_decimal())
    }
}

/// Every customer's behaviour at `t`, by customer index.
pub fn behaviours<'a>(view: impl Into<View<'a>>, t: NaiveDate, thresholds: &Thresholds) -> Vec<Behaviour> {
    let view = view.into();
    let n = view.ledger().customers.len();
    let mut sums = vec![(SettledSums::default(), false); n];
    let start = year_before(t);
    for inv in view.items().filter(|i| i.is_invoice()) {
        let Some(s) = sums.get_mut(inv.customer as usize) else { continue };
        if let Some(settled) = settled_sale(inv, t).filter(|d| *d > start) {
            s.0.add(inv, settled);
        }
        if inv.issued_by(t) && inv.open_at(t).is_positive() && inv.dpd(t) > 90 {
            s.1 = true;
        }
    }
    sums.iter().map(|(s, over_90)| Behaviour::of(s, *over_90, thresholds)).collect()
}

/// Adds `inv`'s days late to `sums` when it was settled in (start, t]:
/// only the average's sums (amount, amount x days late, count), all the
/// backtest needs at each month end.
pub(crate) fn add_late_at(sums: &mut [SettledSums], inv: &Invoice, start: NaiveDate, t: NaiveDate) {
    if let Some(settled) = settled_sale(inv, t).filter(|d| *d > start) {
        if let Some(s) = sums.get_mut(inv.customer as usize) {
            s.weight += inv.amount;
            s.late.add_times(inv.amount, (settled - inv.due_date).num_days().max(0));
            s.count = s.count.saturating_add(1);
        }
    }
}

/// A customer's line in the customers table at t: how it pays (over its
/// invoices with amount > 0 settled in (t - 365, t]) and what it owes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRow {
    pub customer: CustomerIx,
    /// Invoices settled in (t - 365, t] (its own count, even when the
    /// figures below are the company's).
    pub settled: u32,
    /// Amount-weighted mean days late.
    pub avg_days_late: Option<Decimal>,
    /// Amount-weighted median days late (see `weighted_median`).
    pub median_days_late: Option<Decimal>,
    /// Amount-weighted standard deviation of the days late, in days.
    pub spread: Option<Decimal>,
    /// Percent of the settled invoices paid on or before their due date.
    pub on_time_rate: Option<Decimal>,
    /// Average days to pay: amount-weighted mean of settled - invoice date.
    pub adp: Option<Decimal>,
    /// Paying later (+) or sooner (-): the mean days late over the invoices
    /// settled in (t - 3 months, t] minus the same over (t - 15 months,
    /// t - 3 months] (calendar months); `None` when either has none.
    pub trend: Option<Decimal>,
    /// `None`: not rated (fewer than `MIN_SETTLED` settled invoices).
    pub rating: Option<Rating>,
    /// Fewer than `MIN_SETTLED` settled invoices: the figures above (days
    /// late, median, spread, on-time rate, ADP, trend) are the company's,
    /// and the page says so.
    pub company_figures: bool,
    /// An open invoice over 90 days past due at t.
    pub over_90: bool,
    /// Net open amount at t: every line's open amount (credit notes and
    /// unapplied cash included), as outstanding's over-limit check sums it.
    pub open: Decimal,
    /// The open amount of its lines past due (dpd > 0) at t.
    pub overdue: Decimal,
    pub credit_limit: Option<Decimal>,
    /// Open - credit limit, when the open amount exceeds the limit.
    pub overrun: Option<Decimal>,
    /// Invoices and credit notes with a non-zero open amount at t.
    pub open_invoices: u32,
    /// Invoices (amount > 0) issued in (t - 365, t].
    pub issued_in_year: u32,
}

/// Every customer's row and the company's, from one pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerTable {
    /// The customers with a line issued by t in the view, by customer index.
    pub rows: Vec<CustomerRow>,
    /// Every customer together (customer index `u32::MAX`, no limit, not
    /// rated, never on company figures).
    pub company: CustomerRow,
}

/// What one pass gathers per customer for its row.
#[derive(Debug, Clone, Copy, Default)]
struct RowSums {
    year: SettledSums,
    recent: SettledSums,
    before: SettledSums,
    open: Total,
    overdue: Total,
    open_invoices: u32,
    issued_in_year: u32,
    over_90: bool,
    seen: bool,
}

impl RowSums {
    fn merge(&mut self, o: &RowSums) {
        for (a, b) in [(&mut self.year, &o.year), (&mut self.recent, &o.recent), (&mut self.before, &o.before)] {
            a.weight += b.weight;
            a.late += b.late;
            a.late_square += b.late_square;
            a.to_pay += b.to_pay;
            a.count = a.count.saturating_add(b.count);
            a.on_time = a.on_time.saturating_add(b.on_time);
        }
        self.open += o.open;
        self.overdue += o.overdue;
        self.open_invoices = self.open_invoices.saturating_add(o.open_invoices);
        self.issued_in_year = self.issued_in_year.saturating_add(o.issued_in_year);
        self.over_90 |= o.over_90;
    }

    fn trend(&self) -> Option<Decimal> {
        Some(self.recent.avg_days_late()? - self.before.avg_days_late()?)
    }
}

/// The start (excluded) of the trend's recent window: t - 3 calendar
/// months (chrono: the same day, or the month's last day when shorter).
fn recent_start(t: NaiveDate) -> NaiveDate {
    t.checked_sub_months(Months::new(3)).unwrap_or(NaiveDate::MIN)
}

/// The start (excluded) of the trend's earlier window: 12 months before
/// the recent window's start.
fn before_start(t: NaiveDate) -> NaiveDate {
    t.checked_sub_months(Months::new(15)).unwrap_or(NaiveDate::MIN)
}

/// The customers table at `t` (kpi.md "Payer rating", "Collection",
/// "Outstanding"): one pass over the lines gathers each customer's sums;
/// the median's (days late, amount) pairs of every customer are kept in
/// one list sorted once, not a list per customer.
pub fn customer_rows<'a>(view: impl Into<View<'a>>, t: NaiveDate, thresholds: &Thresholds) -> CustomerTable {
    let view = view.into();
    let n = view.ledger().customers.len();
    let mut sums = vec![RowSums::default(); n];
    let (year, recent, before) = (year_before(t), recent_start(t), before_start(t));
    // (customer, days late, amount) of the invoices settled in the year.
    let mut pairs: Vec<(u32, i64, Money)> = Vec::new();
    for inv in view.items() {
        let Some(s) = sums.get_mut(inv.customer as usize) else { continue };
        if inv.issued_by(t) {
            s.seen = true;
            let open = inv.open_at(t);
            if !open.is_zero() {
                let dpd = inv.dpd(t);
                s.open += open;
                if dpd > 0 {
                    s.overdue += open;
                }
                if inv.is_invoice() {
                    s.open_invoices = s.open_invoices.saturating_add(1);
                    s.over_90 |= open.is_positive() && dpd > 90;
                }
            }
        }
        if inv.amount.is_positive() && inv.sold_between(year, t) {
            s.issued_in_year = s.issued_in_year.saturating_add(1);
        }
        let Some(settled) = settled_sale(inv, t).filter(|d| *d > before) else { continue };
        if settled > year {
            s.year.add(inv, settled);
            pairs.push((inv.customer, (settled - inv.due_date).num_days().max(0), inv.amount));
        }
        if settled > recent {
            s.recent.add(inv, settled);
        } else {
            s.before.add(inv, settled);
        }
    }
    let mut all = RowSums::default();
    for s in &sums {
        all.merge(s);
    }
    // Medians: each customer's pairs are a run of the sorted list.
    pairs.sort_unstable_by_key(|&(c, days, _)| (c, days));
    let mut medians: Vec<Option<Decimal>> = vec![None; n];
    for run in pairs.chunk_by(|a, b| a.0 == b.0) {
        if let Some(slot) = run.first().and_then(|p| medians.get_mut(p.0 as usize)) {
            *slot = weighted_median(run.iter().map(|&(_, days, amount)| (days, amount)));
        }
    }
    pairs.sort_unstable_by_key(|&(_, days, _)| days);
    let company_median = weighted_median(pairs.iter().map(|&(_, days, amount)| (days, amount)));
    let company = row_of(u32::MAX, &all, company_median, None, false);
    let customers = &view.ledger().customers;
    let rows = sums
        .iter()
        .enumerate()
        .filter(|(_, s)| s.seen)
        .map(|(ix, s)| {
            let limit = customers.get(ix).and_then(|c| c.credit_limit);
            let median = medians.get(ix).copied().flatten();
            if s.year.count >= MIN_SETTLED && s.year.weight.is_positive() {
                let mut row = row_of(ix as CustomerIx, s, median, limit, false);
                row.rating = row.avg_days_late.map(|l| rate(l, s.over_90, thresholds));
                row
            } else {
                // Too little history: the company's behaviour, its own amounts.
                let mut row = row_of(ix as CustomerIx, s, None, limit, true);
                row.avg_days_late = company.avg_days_late;
                row.median_days_late = company.median_days_late;
                row.spread = company.spread;
                row.on_time_rate = company.on_time_rate;
                row.adp = company.adp;
                row.trend = company.trend;
                row
            }
        })
        .collect();
    CustomerTable { rows, company }
}

/// A row from its sums (rated by the caller).
fn row_of(
    customer: CustomerIx,
    s: &RowSums,
    median: Option<Decimal>,
    limit: Option<Decimal>,
    company_figures: bool,
) -> CustomerRow {
    let b = Behaviour::of(&s.year, s.over_90, &Thresholds::default());
    let open = s.open.to_decimal();
    CustomerRow {
        customer,
        settled: s.year.count,
        avg_days_late: b.avg_days_late(),
        median_days_late: median,
        spread: b.spread(),
        on_time_rate: b.on_time_rate(),
        adp: b.adp(),
        trend: s.trend(),
        rating: None,
        company_figures,
        over_90: s.over_90,
        open,
        overdue: s.overdue.to_decimal(),
        credit_limit: limit,
        overrun: limit.filter(|l| open > *l).map(|l| open - l),
        open_invoices: s.open_invoices,
        issued_in_year: s.issued_in_year,
    }
}

/// The amount-weighted median of `(days, amount)` pairs sorted by days:
/// the days value where the running amount first passes half the total.
/// When it lands exactly on half, the median is the mean of that value and
/// the next (so with equal amounts it is the usual median of an even
/// count). `None` without a positive total.
pub fn weighted_median(sorted: impl Iterator<Item = (i64, Money)> + Clone) -> Option<Decimal> {
    let total: Total = sorted.clone().map(|(_, a)| a).sum();
    if !total.is_positive() {
        return None;
    }
    let mut running = Total::ZERO;
    let mut at_half: Option<i64> = None;
    for (days, amount) in sorted {
        if let Some(low) = at_half {
            return Some(Decimal::from(low + days) / Decimal::TWO);
        }
        running += amount;
        let twice = running + running;
        if twice > total {
            return Some(Decimal::from(days));
        }
        if twice == total {
            at_half = Some(days);
        }
    }
    at_half.map(Decimal::from)
}

/// One month of a customer's payment delays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelayPoint {
    /// The month's first day.
    pub month: NaiveDate,
    /// The amount-weighted mean days late of its invoices settled that
    /// month; `None` when none was.
    pub days_late: Option<Decimal>,
    pub settled: u32,
}

/// A customer's payment delays over time, for a small chart: for each of
/// the 12 calendar months up to the month of `t` (that month counted up to
/// `t`), the amount-weighted mean days late of its invoices (amount > 0)
/// settled in it. The oldest month first.
pub fn payment_delays<'a>(view: impl Into<View<'a>>, customer: CustomerIx, t: NaiveDate) -> Vec<DelayPoint> {
    let view = view.into();
    let first_of_t = t.with_day(1).unwrap_or(t);
    let first = first_of_t.checked_sub_months(Months::new(11)).unwrap_or(NaiveDate::MIN);
    let mut months = [SettledSums::default(); 12];
    for inv in view.items().filter(|i| i.customer == customer) {
        let Some(settled) = settled_sale(inv, t).filter(|d| *d >= first) else { continue };
        let k = month_number(settled) - month_number(first);
        if let Some(s) = usize::try_from(k).ok().and_then(|k| months.get_mut(k)) {
            s.add(inv, settled);
        }
    }
    months
        .iter()
        .enumerate()
        .map(|(k, s)| DelayPoint {
            month: first.checked_add_months(Months::new(k as u32)).unwrap_or(first),
            days_late: s.avg_days_late(),
            settled: s.count,
        })
        .collect()
}

/// Months since year 0: the difference of two is the months between them.
fn month_number(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 12 + i64::from(d.month0())
}

/// A whole number of days from a day ratio, halves up (kpi.md "Forecast
/// of collections": L is rounded to the nearest whole day, halves up).
pub fn round_days(d: Decimal) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    round_half_up(d, 0).to_i64().unwrap_or(0)
}

/// The square root to 1/10,000 (truncated), without floats: the integer
/// square root of the value in 10^-8 units. Negative (a rounding residue
/// of a zero variance) gives 0; `None` only beyond any real spread.
fn sqrt(x: Decimal) -> Option<Decimal> {
    use rust_decimal::prelude::ToPrimitive;
    if x <= Decimal::ZERO {
        return Some(Decimal::ZERO);
    }
    let scaled = x.checked_mul(Decimal::from(100_000_000))?.trunc().to_u128()?;
    i128::try_from(scaled.isqrt()).ok().map(|r| Decimal::from_i128_with_scale(r, 4))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::tests::{d, dec, inv, ledger, m};

    #[test]
    fn ratings_by_days_late_and_history() {
        let t = d("2026-06-30");
        let l = ledger(vec![
            // Customer 0: three invoices 10 days late: B.
            inv(0, "2026-01-01", "2026-01-31", "100", Some("2026-02-10")),
            inv(0, "2026-02-01", "2026-02-28", "100", Some("2026-03-10")),
            inv(0, "2026-03-01", "2026-03-31", "100", Some("2026-04-10")),
            // Customer 1: two on time (not rated: too few).
            inv(1, "2026-01-01", "2026-01-31", "100", Some("2026-01-20")),
            inv(1, "2026-02-01", "2026-02-28", "100", Some("2026-02-20")),
            // Customer 2: on time three times, but one open 120 days past due: C.
            inv(2, "2026-01-01", "2026-01-31", "100", Some("2026-01-31")),
            inv(2, "2026-02-01", "2026-02-28", "100", Some("2026-02-28")),
            inv(2, "2026-03-01", "2026-03-31", "100", Some("2026-03-31")),
            inv(2, "2026-01-01", "2026-03-01", "50", None),
            // Customer 3: amount-weighted: 900 x 60 + 100 x 0 + 100 x 0 over 1100 = 49.09: D.
            inv(3, "2026-01-01", "2026-01-31", "900", Some("2026-04-01")),
            inv(3, "2026-02-01", "2026-02-28", "100", Some("2026-02-28")),
            inv(3, "2026-03-01", "2026-03-31", "100", Some("2026-03-20")),
            // Settled over a year ago: not counted.
            inv(1, "2025-01-01", "2025-01-31", "100", Some("2025-02-01")),
        ]);
        let b = behaviours(&l, t, &Thresholds::default());
        assert_eq!(
            b.iter().map(|x| x.rating).collect::<Vec<_>>(),
            [Some(Rating::B), None, Some(Rating::C), Some(Rating::D)]
        );
        assert_eq!(b[0].avg_days_late(), Some(dec("10")));
        assert_eq!((b[1].settled, b[2].over_90), (2, true));
        assert_eq!(b[3].avg_days_late().map(|x| x.round_dp(2)), Some(dec("49.09")));
        // The thresholds are the user's: 50 days makes customer 3 a C.
        let lenient = Thresholds { c: dec("50"), ..Thresholds::default() };
        assert_eq!(behaviours(&l, t, &lenient)[3].rating, Some(Rating::C));
        assert_eq!(rate(dec("5"), false, &Thresholds::default()), Rating::A);
        assert_eq!(rate(dec("5.01"), false, &Thresholds::default()), Rating::B);
    }

    #[test]
    fn weighted_median_and_spread_on_a_small_sample() {
        let median = |pairs: &[(i64, &str)]| weighted_median(pairs.iter().map(|&(d, a)| (d, m(a))));
        // 0 x 100, 10 x 100, 30 x 200: the running amount is exactly half at 10: (10 + 30) / 2.
        assert_eq!(median(&[(0, "100"), (10, "100"), (30, "200")]), Some(dec("20")));
        assert_eq!(median(&[(0, "100"), (10, "300")]), Some(dec("10")));
        assert_eq!(median(&[(0, "100"), (10, "100"), (20, "100")]), Some(dec("10")), "equal amounts: the usual median");
        assert_eq!(median(&[]), None);
        let t = d("2026-06-30");
        // The same sample as invoices: days late 0, 10 and 30.
        let l = ledger(vec![
            inv(0, "2026-01-01", "2026-01-31", "100", Some("2026-01-20")),
            inv(0, "2026-02-01", "2026-02-28", "100", Some("2026-03-10")),
            inv(0, "2026-03-01", "2026-03-31", "200", Some("2026-04-30")),
        ]);
        let b = &behaviours(&l, t, &Thresholds::default())[0];
        // Mean (1,000 + 6,000) / 400 = 17.5; variance (10,000 + 180,000) / 400 - 306.25 = 168.75.
        assert_eq!(b.avg_days_late(), Some(dec("17.5")));
        assert_eq!(b.spread(), Some(dec("12.9903")), "sqrt(168.75) = 12.99038...");
        // Paid 19, 37 and 60 days after the invoice date: (1,900 + 3,700 + 12,000) / 400 = 44.
        assert_eq!(b.adp(), Some(dec("44")));
        assert_eq!(b.on_time_rate().map(|r| r.round_dp(2)), Some(dec("33.33")));
        let rows = customer_rows(&l, t, &Thresholds::default());
        assert_eq!(rows.rows[0].median_days_late, Some(dec("20")));
        assert_eq!(rows.rows[0].spread, Some(dec("12.9903")));
        assert_eq!(rows.company.median_days_late, Some(dec("20")));
    }

    #[test]
    fn the_trend_of_a_drifting_customer() {
        // 5 days late over the year before the last 3 months, 20 days late within them.
        let t = d("2026-06-30");
        let l = ledger(vec![
            inv(0, "2025-06-01", "2025-07-01", "100", Some("2025-07-06")),
            inv(0, "2025-11-01", "2025-12-01", "100", Some("2025-12-06")),
            inv(0, "2026-02-01", "2026-03-01", "100", Some("2026-03-06")),
            inv(0, "2026-03-01", "2026-03-31", "100", Some("2026-04-20")),
            inv(0, "2026-05-01", "2026-05-31", "300", Some("2026-06-20")),
            // Settled 2026-03-30: t - 3 months exactly, the earlier window's last day (5 days late).
            inv(0, "2026-02-23", "2026-03-25", "100", Some("2026-03-30")),
            // Customer 1 pays sooner and sooner.
            inv(1, "2025-09-01", "2025-10-01", "100", Some("2025-10-31")),
            inv(1, "2026-05-01", "2026-05-31", "100", Some("2026-06-02")),
        ]);
        let table = customer_rows(&l, t, &Thresholds::default());
        assert_eq!(table.rows[0].trend, Some(dec("15")));
        // Customer 1 falls back on the company figures (2 settled invoices in the year).
        let one = &table.rows[1];
        assert!(one.company_figures && one.rating.is_none() && one.settled == 2, "{one:?}");
        assert_eq!(one.trend, table.company.trend);
        // Company: recent (100 x 20 + 300 x 20 + 100 x 2) / 500 = 16.4; before
        // (5 x 400 + 30 x 100) / 500 = 10 (the 2025-07-06 settlement is within 15 months).
        assert_eq!(table.company.trend, Some(dec("6.4")));
        let alone = ledger(vec![inv(0, "2026-05-01", "2026-05-31", "300", Some("2026-06-20"))]);
        assert_eq!(customer_rows(&alone, t, &Thresholds::default()).rows[0].trend, None, "nothing before");
    }

    #[test]
    fn what_each_customer_owes_and_its_limit() {
        let t = d("2026-06-30");
        let mut l = ledger(vec![
            inv(0, "2026-01-01", "2026-01-31", "100", Some("2026-02-10")),
            inv(0, "2026-02-01", "2026-02-28", "100", Some("2026-03-10")),
            inv(0, "2026-03-01", "2026-03-31", "100", Some("2026-04-10")),
            inv(0, "2026-02-01", "2026-03-01", "400", None), // 121 days past due
            inv(0, "2026-06-01", "2026-07-01", "300", None), // not due
            inv(0, "2026-06-02", "2026-06-02", "-50", None), // a credit note, overdue
            inv(1, "2026-06-01", "2026-07-01", "80", None),
            inv(2, "2026-07-01", "2026-07-31", "80", None), // issued after t: no row
            inv(1, "2025-01-01", "2025-01-31", "90", Some("2025-02-01")), // issued over a year ago
        ]);
        l.customers[0].credit_limit = Some(dec("500"));
        l.customers[1].credit_limit = Some(dec("500"));
        let table = customer_rows(&l, t, &Thresholds::default());
        assert_eq!(table.rows.iter().map(|r| r.customer).collect::<Vec<_>>(), vec![0, 1]);
        let r = &table.rows[0];
        assert_eq!(
            (r.open, r.overdue, r.overrun, r.open_invoices, r.issued_in_year),
            (dec("650"), dec("350"), Some(dec("150")), 3, 5)
        );
        assert_eq!(
            (r.rating, r.over_90, r.company_figures),
            (Some(Rating::C), true, false),
            "B by days, C with 121 days past due"
        );
        assert_eq!((table.rows[1].overrun, table.rows[1].issued_in_year), (None, 1));
        assert_eq!(
            (table.company.open, table.company.overdue, table.company.open_invoices),
            (dec("730"), dec("350"), 4)
        );
        // The same over-limit as the outstanding figures.
        let o = crate::domain::analysis::kpi::outstanding::outstanding(&l, t).unwrap();
        assert_eq!(o.over_limit, vec![(0, dec("150"))]);
    }

    #[test]
    fn payment_delays_month_by_month() {
        let t = d("2026-06-15");
        let l = ledger(vec![
            inv(0, "2026-01-01", "2026-01-31", "100", Some("2026-02-10")),
            inv(0, "2026-01-05", "2026-02-04", "300", Some("2026-02-24")),
            inv(0, "2026-05-01", "2026-05-31", "100", Some("2026-06-03")),
            inv(0, "2026-05-01", "2026-05-31", "100", Some("2026-06-20")), // after t
            inv(0, "2025-05-01", "2025-05-31", "100", Some("2025-06-30")), // before the first month
            inv(1, "2026-01-01", "2026-01-31", "100", Some("2026-02-28")),
        ]);
        let points = payment_delays(&l, 0, t);
        assert_eq!(points.len(), 12);
        assert_eq!(points[0].month, d("2025-07-01"));
        assert_eq!(points[11].month, d("2026-06-01"));
        // February: (100 x 10 + 300 x 20) / 400 = 17.5; June up to t: 3.
        assert_eq!((points[7].month, points[7].days_late, points[7].settled), (d("2026-02-01"), Some(dec("17.5")), 2));
        assert_eq!(points[11].days_late, Some(dec("3")));
        assert_eq!(points.iter().filter(|p| p.days_late.is_some()).count(), 2);
    }
}
