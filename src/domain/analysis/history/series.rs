//! The trends of a history: every kept figure, one point per kept export
//! (oldest first), in one currency, as the dashboard's `Trend` so that the
//! same charts and sparklines draw them. The aged balance's buckets are
//! series too (`aging_0` ... `aging_K`, kpi.md "Names in the page"), in the
//! latest export's buckets: an export aged in other buckets is a gap there.

use super::Snapshot;
use crate::domain::analysis::kpi::trend::{Trend, TrendFigure, TrendPoint};
use crate::domain::analysis::kpi::{kpis, Figure, Unavailable, Unit};
use crate::domain::ledger::Ledger;

/// The page's name of the aged balance's bucket `k` (`aging_0` is not due).
pub fn aging_name(k: usize) -> String {
    format!("aging_{k}")
}

/// Every figure of `exports` (sorted by date) in `currency`, one point per
/// export that holds that currency, with the change against the previous
/// point. A figure an export could not compute is unavailable there (the
/// record keeps no reason: a gap in the line).
pub fn kept_trend(exports: &[Snapshot], currency: &str) -> Trend {
    let held: Vec<&Snapshot> = exports.iter().filter(|e| e.currency(currency).is_some()).collect();
    let Some(latest) = held.last() else {
        return Trend { period: Default::default(), points: Vec::new() };
    };
    // The figures panel's names and units, in its order.
    let names: Vec<(String, Unit)> = kpis(&Ledger::default(), latest.as_of, latest.period)
        .figures()
        .into_iter()
        .map(|(n, _, u)| (n.to_string(), u))
        .chain((0..latest.buckets.len()).map(|k| (aging_name(k), Unit::Money)))
        .collect();
    let mut points: Vec<TrendPoint> = Vec::with_capacity(held.len());
    for export in &held {
        let Some(c) = export.currency(currency) else { continue };
        let same_buckets = export.buckets == latest.buckets;
        let value = |name: &str| -> Figure {
            let kept = match name.strip_prefix("aging_").and_then(|k| k.parse::<usize>().ok()) {
                Some(k) if same_buckets => c.aged.get(k).copied(),
                Some(_) => None,
                None => c.figures.get(name).copied(),
            };
            kept.ok_or(Unavailable::NothingToAverage)
        };
        let previous = points.last();
        let figures = names
            .iter()
            .enumerate()
            .map(|(k, (name, unit))| {
                let value = value(name);
                let change = previous.map(|p| match (value, p.figures.get(k).map(|f| f.value)) {
                    (Ok(a), Some(Ok(b))) => Ok(a - b),
                    (Err(e), _) | (_, Some(Err(e))) => Err(e),
                    (_, None) => Err(Unavailable::NothingToAverage),
                });
                TrendFigure { name: name.clone(), unit: *unit, value, change }
            })
            .collect();
        points.push(TrendPoint { date: export.as_of, figures });
    }
    Trend { period: latest.period, points }
}

#[cfg(test)]
mod tests {
    use super::super::CurrencySnapshot;
    use super::*;
    use crate::domain::analysis::kpi::aging::Buckets;
    use crate::domain::analysis::kpi::Period;
    use crate::domain::ledger::tests::{d, dec};
    use std::collections::BTreeMap;

    fn export(date: &str, ar: &str, dso: Option<&str>, aged: &[&str], buckets: Buckets) -> Snapshot {
        let mut figures = BTreeMap::from([("ar_total".to_string(), dec(ar))]);
        if let Some(v) = dso {
            figures.insert("dso_standard".into(), dec(v));
        }
        Snapshot {
            as_of: d(date),
            file_name: "f.csv".into(),
            period: Period::D90,
            buckets,
            invoice_ids: true,
            currencies: vec![CurrencySnapshot {
                currency: "EUR".into(),
                figures,
                aged: aged.iter().map(|a| dec(a)).collect(),
                customers: vec![],
            }],
        }
    }

    #[test]
    fn one_point_per_export_with_gaps_where_a_figure_was_not_kept() {
        let b = Buckets::new(vec![0, 30]).unwrap();
        let exports = vec![
            export("2026-08-31", "1000", Some("40"), &["600", "300", "100"], b.clone()),
            export("2026-09-30", "1200", None, &["500", "500", "200"], b.clone()),
            export("2026-10-31", "900", Some("35.5"), &["400", "300", "200"], b.clone()),
        ];
        let t = kept_trend(&exports, "EUR");
        assert_eq!(t.dates(), vec![d("2026-08-31"), d("2026-09-30"), d("2026-10-31")]);
        let ok = |s: Vec<Figure>| s.into_iter().map(Result::ok).collect::<Vec<_>>();
        assert_eq!(ok(t.series("ar_total").unwrap()), vec![Some(dec("1000")), Some(dec("1200")), Some(dec("900"))]);
        assert_eq!(ok(t.series("dso_standard").unwrap()), vec![Some(dec("40")), None, Some(dec("35.5"))]);
        assert_eq!(ok(t.series("aging_1").unwrap()), vec![Some(dec("300")), Some(dec("500")), Some(dec("300"))]);
        assert_eq!(t.series("aging_3"), None, "three buckets: aging_0 to aging_2");
        let ar = |i: usize| t.points[i].figures.iter().find(|f| f.name == "ar_total").unwrap().change;
        assert_eq!((ar(0), ar(1), ar(2)), (None, Some(Ok(dec("200"))), Some(Ok(dec("-300")))));
        assert_eq!(t.period, Period::D90);
        // Another currency: no point.
        assert!(kept_trend(&exports, "USD").points.is_empty());
    }

    #[test]
    fn buckets_follow_the_latest_export() {
        let exports = vec![
            export("2026-08-31", "1000", None, &["600", "400"], Buckets::new(vec![0]).unwrap()),
            export("2026-09-30", "1200", None, &["500", "500", "200"], Buckets::new(vec![0, 30]).unwrap()),
        ];
        let t = kept_trend(&exports, "EUR");
        assert_eq!(t.series("aging_0").unwrap()[0], Err(Unavailable::NothingToAverage), "other buckets: a gap");
        assert_eq!(t.series("aging_2").unwrap()[1], Ok(dec("200")));
    }
}
