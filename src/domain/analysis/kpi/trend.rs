//! The trend of the dashboard figures, kpi.md "DSO family → Trend": each
//! figure at the last day of each of the 12 months up to t (the last point
//! is t itself), with its change against the previous point. Each point is
//! `kpis()` at its date, so a trend can never disagree with the dashboard
//! the user would see at that date.

use super::{has_history, kpis, Figure, Period, Unavailable, Unit};
use crate::domain::ledger::View;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// How many points a trend has (kpi.md: 12 months).
pub const TREND_POINTS: usize = 12;

/// One figure at one point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendFigure {
    /// The kpi.md name (`dso_standard`, `cei`...), as in `KpiSet::figures`.
    pub name: String,
    pub unit: Unit,
    pub value: Figure,
    /// Value minus the previous point's value: `None` at the first point,
    /// unavailable (with the reason) when either value is.
    pub change: Option<Figure>,
}

/// Every figure of `KpiSet::figures` at one date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub date: NaiveDate,
    pub figures: Vec<TrendFigure>,
}

/// The 12 points, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trend {
    pub period: Period,
    pub points: Vec<TrendPoint>,
}

impl Trend {
    /// The dates of the points, oldest first.
    pub fn dates(&self) -> Vec<NaiveDate> {
        self.points.iter().map(|p| p.date).collect()
    }

    /// One figure over the points (a chart's series), oldest first;
    /// `None` for a name `KpiSet::figures` does not have.
    pub fn series(&self, name: &str) -> Option<Vec<Figure>> {
        self.points.iter().map(|p| p.figures.iter().find(|f| f.name == name).map(|f| f.value)).collect()
    }
}

/// The last day of the month of `date`.
pub fn month_end(date: NaiveDate) -> NaiveDate {
    let (y, m) = if date.month() == 12 { (date.year() + 1, 1) } else { (date.year(), date.month() + 1) };
    NaiveDate::from_ymd_opt(y, m, 1).and_then(|d| d.pred_opt()).unwrap_or(date)
}

/// The last day of each of the `n` months up to `t`'s, oldest first, the
/// last being `t` itself (a month end before the calendar's start is left
/// out).
pub fn month_ends(t: NaiveDate, n: usize) -> Vec<NaiveDate> {
    let mut v: Vec<NaiveDate> = (1..n)
        .rev()
        .filter_map(|back| t.with_day(1).and_then(|first| first.checked_sub_months(chrono::Months::new(back as u32))))
        .map(month_end)
        .collect();
    v.push(t);
    v
}

/// Every dashboard figure at the 12 month ends up to `t` (the last is `t`),
/// over `period`, with the change against the previous point. Computed
/// as `kpis()` at each date: 12 passes over the selection.
pub fn trend<'a>(ledger: impl Into<View<'a>>, t: NaiveDate, period: Period) -> Trend {
    let ledger: View<'a> = ledger.into();
    let mut points: Vec<TrendPoint> = Vec::with_capacity(TREND_POINTS);
    // Without the settlement history (a snapshot, an open-items file) the
    // month ends before t are not known: their figures are unavailable,
    // never the snapshot's amounts read as if they were open then.
    let history = has_history(ledger.ledger());
    for date in month_ends(t, TREND_POINTS) {
        let set = kpis(ledger, date, period);
        // `figures()` lists the same names in the same order at every date.
        let previous = points.last().map(|p| p.figures.as_slice());
        let mut figures = set.figures();
        if !history && date < t {
            for f in &mut figures {
                f.1 = Err(Unavailable::NoHistory);
            }
        }
        let figures = figures
            .into_iter()
            .enumerate()
            .map(|(k, (name, value, unit))| {
                let change = previous
                    .map(|p| p.get(k).map_or(Err(Unavailable::NothingToAverage), |f| difference(value, f.value)));
                TrendFigure { name: name.to_string(), unit, value, change }
            })
            .collect();
        points.push(TrendPoint { date, figures });
    }
    Trend { period, points }
}

/// `now - before`, unavailable when either is (the reason of `now` first).
fn difference(now: Figure, before: Figure) -> Figure {
    match (now, before) {
        (Ok(a), Ok(b)) => Ok(a - b),
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::tests::{d, dec, inv, ledger, m};
    use crate::domain::ledger::Payment;

    #[test]
    fn month_ends_cross_years_and_end_at_t() {
        let ends = month_ends(d("2026-03-15"), 12);
        assert_eq!(ends.len(), 12);
        assert_eq!(ends[0], d("2025-04-30"));
        assert_eq!(ends[9], d("2026-01-31"));
        assert_eq!(ends[10], d("2026-02-28"));
        assert_eq!(ends[11], d("2026-03-15"));
        assert_eq!(month_ends(d("2024-03-31"), 2), vec![d("2024-02-29"), d("2024-03-31")]);
        assert_eq!(month_end(d("2025-12-05")), d("2025-12-31"));
    }

    /// Each point is `kpis()` at its date, and each change the difference
    /// of two consecutive points; a month without sales is unavailable, not 0.
    #[test]
    fn points_are_kpis_at_month_ends() {
        let mut part = inv(1, "2025-06-10", "2025-07-10", "1000", None);
        part.add_payment(Payment { date: d("2025-08-05"), amount: m("400") });
        part.add_payment(Payment { date: d("2025-12-20"), amount: m("600") });
        let l = ledger(vec![
            inv(0, "2025-04-02", "2025-05-02", "500", Some("2025-06-15")),
            part,
            inv(0, "2025-06-20", "2025-06-20", "-120", None),
            // No sale from 2025-09 to 2025-11.
            inv(2, "2025-12-01", "2025-12-31", "300", Some("2026-02-10")),
            inv(2, "2026-01-15", "2026-02-14", "800", None),
            inv(0, "2026-03-10", "2026-04-09", "250", None),
        ]);
        let t = d("2026-03-15");
        let tr = trend(&l, t, Period::D30);
        assert_eq!(tr.dates(), month_ends(t, 12));
        let mut previous: Option<crate::domain::analysis::kpi::KpiSet> = None;
        for p in &tr.points {
            let k = kpis(&l, p.date, Period::D30);
            assert_eq!(p.figures.len(), k.figures().len());
            for f in &p.figures {
                assert_eq!(Some(f.value), k.get(&f.name), "{} at {}", f.name, p.date);
                let expected = previous.as_ref().map(|b| difference(f.value, b.get(&f.name).unwrap()));
                assert_eq!(f.change, expected, "{} at {}", f.name, p.date);
            }
            previous = Some(k);
        }
        for name in ["dso_standard", "dso_countback", "bpdso", "ddso", "dbt", "cei", "dispute_resolution_rate"] {
            assert_eq!(tr.series(name).map(|s| s.len()), Some(12), "{name}");
        }
        // October 2025: no sale in 30 days, so no DSO; AR 600 (the partly paid invoice) - 120.
        assert_eq!(tr.points[6].date, d("2025-10-31"));
        assert_eq!(tr.series("dso_standard").unwrap()[6], Err(Unavailable::NoSalesInPeriod));
        assert_eq!(tr.series("ar_total").unwrap()[6], Ok(dec("480")));
        // From September (AR 480) to October (AR 480): no change.
        let ar = tr.points[6].figures.iter().find(|f| f.name == "ar_total").unwrap();
        assert_eq!(ar.change, Some(Ok(dec("0"))));
        assert_eq!(tr.points[0].figures[0].change, None);
        assert_eq!(tr.series("no_such_figure"), None);
    }

    /// Without the settlement history, the month ends before t are not
    /// known: an open-items file whose lines are snapshots of their own (no
    /// file-wide snapshot date) has no trend, only its figures at t.
    #[test]
    fn no_trend_without_history() {
        use crate::domain::ledger::Settlement;
        let mut a = inv(0, "2025-11-10", "2025-12-10", "700", None);
        a.settlement = Settlement::OpenAtSnapshot(m("700"));
        let b = inv(1, "2026-02-01", "2026-03-03", "300", None);
        let l = ledger(vec![a, b]);
        assert!(l.snapshot_date.is_none());
        let t = d("2026-03-15");
        let tr = trend(&l, t, Period::D90);
        let ar = tr.series("ar_total").unwrap();
        assert!(ar[..11].iter().all(|f| *f == Err(Unavailable::NoHistory)), "{ar:?}");
        assert_eq!(ar[11], Ok(dec("1000")));
        assert_eq!(tr.series("dso_standard").unwrap()[11], Err(Unavailable::OpenItemsFile));
        let last = tr.points[11].figures.iter().find(|f| f.name == "ar_total").unwrap();
        assert_eq!(last.change, Some(Err(Unavailable::NoHistory)));
    }
}
