//! Every figure for one ledger, as-of date and period (kpi.md). `kpis`
//! computes the dashboard's `KpiSet`; the submodules hold one family each.

pub mod aging;
pub mod collection;
pub mod dso;
pub mod outstanding;
pub mod provisions;
pub mod trend;

use crate::domain::ledger::View;
use crate::domain::money::Total;
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The length of a KPI window in days: (t - N, t], N in {30, 90, 365};
/// checked when read from a message too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32")]
pub struct Period(u32);

impl TryFrom<u32> for Period {
    type Error = String;

    fn try_from(days: u32) -> Result<Period, String> {
        Period::new(days).ok_or_else(|| format!("a period of {days} days is not one of {:?}", Period::ALLOWED))
    }
}

impl Period {
    pub const ALLOWED: [u32; 3] = [30, 90, 365];
    pub const D30: Period = Period(30);
    pub const D90: Period = Period(90);
    pub const D365: Period = Period(365);

    /// A period of `days`, one of `ALLOWED`.
    pub fn new(days: u32) -> Option<Period> {
        Self::ALLOWED.contains(&days).then_some(Period(days))
    }

    pub fn days(self) -> u32 {
        self.0
    }

    /// The window's first excluded day: t - N.
    pub fn start_excluded(self, t: NaiveDate) -> NaiveDate {
        t.checked_sub_days(Days::new(self.0.into())).unwrap_or(NaiveDate::MIN)
    }
}

impl Default for Period {
    fn default() -> Self {
        Period(90)
    }
}

/// Why a figure cannot be computed (kpi.md: never 0 or NaN).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unavailable {
    /// Sales(N) is zero or negative: a days ratio has no meaning.
    NoSalesInPeriod,
    /// The file is a snapshot of open amounts: no history before it.
    NoHistory,
    /// The file is a snapshot: open amounts are known from the date of its
    /// latest invoice on (the export cannot be older), not before.
    SnapshotFrom(NaiveDate),
    /// DSO countback: AR is not exhausted by 24 months of sales.
    OverCountbackHorizon,
    /// A ratio whose denominator is zero.
    ZeroDenominator,
    /// Nothing to average (no overdue open invoice).
    NothingToAverage,
}

/// A figure or the reason it is missing.
pub type Figure = Result<Decimal, Unavailable>;

/// How a figure reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    Money,
    Days,
    Percent,
    Count,
}

/// The dashboard's figures at one as-of date and period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiSet {
    pub as_of: NaiveDate,
    pub period: Period,
    pub sales: Decimal,
    pub outstanding: Result<outstanding::Outstanding, Unavailable>,
    pub dso_standard: Figure,
    pub dso_countback: Figure,
    pub bpdso: Figure,
    pub ddso: Figure,
    pub dbt: Figure,
    pub dso_disputed: Figure,
    pub cei: Figure,
    pub collection_rate: Figure,
    pub behaviour: collection::PaymentBehaviour,
    pub provision_total: Figure,
    /// kpi.md "Collection": disputed invoices settled in the window over
    /// those open at its start or issued in it, in percent.
    pub dispute_resolution_rate: Figure,
    /// What the figures are made of, shown in "how it is computed".
    pub workings: Workings,
}

/// The user's own numbers behind the figures (kpi.md formulas filled in).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workings {
    /// AR(t - N) (`None` without history).
    pub ar_before: Option<Decimal>,
    /// Cash received in (t - N, t] (`None` without history).
    pub paid_in_window: Option<Decimal>,
    /// The months the countback went through, the latest first.
    pub countback_months: Vec<dso::CountbackStep>,
    pub behaviour: collection::BehaviourWorkings,
    /// The provision bands and each band's open amount and rate.
    pub provision_bands: Vec<(Decimal, Decimal)>,
    pub provision_buckets: aging::Buckets,
}

impl KpiSet {
    /// The figures in display order with their kpi.md names and units.
    pub fn figures(&self) -> Vec<(&'static str, Figure, Unit)> {
        let o = self.outstanding.as_ref().map_err(|e| *e);
        let money = |f: fn(&outstanding::Outstanding) -> Decimal| o.map(f);
        vec![
            ("sales", Ok(self.sales), Unit::Money),
            ("ar_total", money(|o| o.total), Unit::Money),
            ("ar_overdue", money(|o| o.overdue), Unit::Money),
            ("ar_current", money(|o| o.current), Unit::Money),
            ("ar_disputed", money(|o| o.disputed), Unit::Money),
            ("ar_gross", money(|o| o.gross), Unit::Money),
            ("credit_notes_open", money(|o| o.credit_notes), Unit::Money),
            ("unapplied_cash", money(|o| o.unapplied), Unit::Money),
            ("open_invoices", o.map(|o| Decimal::from(o.open_invoices)), Unit::Count),
            ("ar_at_risk", money(|o| o.at_risk), Unit::Money),
            ("provision_total", self.provision_total, Unit::Money),
            ("dso_standard", self.dso_standard, Unit::Days),
            ("dso_countback", self.dso_countback, Unit::Days),
            ("bpdso", self.bpdso, Unit::Days),
            ("ddso", self.ddso, Unit::Days),
            ("dbt", self.dbt, Unit::Days),
            ("weighted_dpd", o.and_then(|o| o.weighted_dpd), Unit::Days),
            ("dso_disputed", self.dso_disputed, Unit::Days),
            ("cei", self.cei, Unit::Percent),
            ("collection_rate", self.collection_rate, Unit::Percent),
            ("adp", self.behaviour.adp, Unit::Days),
            ("avg_days_late", self.behaviour.avg_days_late, Unit::Days),
            ("on_time_rate", self.behaviour.on_time_rate, Unit::Percent),
            ("dispute_resolution_rate", self.dispute_resolution_rate, Unit::Percent),
        ]
    }

    /// One figure by its kpi.md name.
    pub fn get(&self, name: &str) -> Option<Figure> {
        self.figures().into_iter().find(|(n, _, _)| *n == name).map(|(_, f, _)| f)
    }
}

/// Sales(N): amounts (credit notes included) invoiced in (t - N, t].
pub fn sales<'a>(ledger: impl Into<View<'a>>, t: NaiveDate, period: Period) -> Decimal {
    let ledger: View<'a> = ledger.into();
    sales_between(ledger, period.start_excluded(t), t)
}

/// Amounts invoiced in (after, until] (unapplied cash is not a sale).
pub fn sales_between<'a>(ledger: impl Into<View<'a>>, after: NaiveDate, until: NaiveDate) -> Decimal {
    let ledger: View<'a> = ledger.into();
    ledger.items().filter(|i| i.sold_between(after, until)).map(|i| i.amount).sum::<Total>().to_decimal()
}

/// Every dashboard figure for `ledger` at `t` over `period` (kpi.md), in
/// one pass over the lines: each family's sums are gathered side by side
/// (the same accumulators its own function uses), then the figures are
/// made from them.
pub fn kpis<'a>(ledger: impl Into<View<'a>>, t: NaiveDate, period: Period) -> KpiSet {
    kpis_with(ledger, t, period, &provisions::ProvisionRates::default())
}

/// `kpis` with the user's provision rates.
pub fn kpis_with<'a>(
    ledger: impl Into<View<'a>>,
    t: NaiveDate,
    period: Period,
    rates: &provisions::ProvisionRates,
) -> KpiSet {
    let ledger: View<'a> = ledger.into();
    let known = outstanding::known_at(ledger, t);
    let history = ledger.snapshot_date.is_none();
    let start = period.start_excluded(t);
    let mut sales = Total::ZERO;
    let mut ar_before = Total::ZERO;
    let mut open_sums = outstanding::OutstandingSums::new(ledger.customers.len());
    let mut provision_sums = provisions::ProvisionSums::new(rates);
    let mut months = dso::MonthlySales::new(t, dso::COUNTBACK_MONTHS);
    let mut paid = collection::PaidInWindow::new(t, period);
    let mut behaviour = collection::BehaviourSums::new(t, period);
    let mut disputes = collection::DisputeSums::new(t, period);
    for inv in ledger.items() {
        if inv.sold_between(start, t) {
            sales += inv.amount;
        }
        if known.is_ok() {
            let (open, dpd) = (inv.open_at(t), inv.dpd(t));
            open_sums.add(inv, open, dpd);
            provision_sums.add(open, dpd);
        }
        if history {
            months.add(inv);
            ar_before += inv.open_at(start);
            paid.add(inv);
            behaviour.add(inv);
            disputes.add(inv);
        }
    }
    let sales = sales.to_decimal();
    let outstanding = known.map(|()| open_sums.finish(ledger));
    let mut workings = Workings {
        behaviour: if history { behaviour.sums() } else { Default::default() },
        provision_bands: provision_sums.per_band().into_iter().zip(rates.rates.iter().copied()).collect(),
        provision_buckets: rates.buckets.clone(),
        ..Workings::default()
    };
    let n = Decimal::from(period.days());
    let days = |amount: Decimal| dso::days_of_sales(amount, sales, n);
    let over_sales = |f: fn(&outstanding::Outstanding) -> Decimal| -> Figure {
        match &outstanding {
            Ok(o) => days(f(o)),
            Err(e) => Err(*e),
        }
    };
    let dso_standard = over_sales(|o| o.total);
    let bpdso = over_sales(|o| o.current);
    let ddso = over_sales(|o| o.overdue);
    let dbt = match (dso_standard, bpdso) {
        (Ok(a), Ok(b)) => Ok(a - b),
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    // Figures that need the history: unavailable for an open-items snapshot.
    let (cei, collection_rate, dso_countback) = match (&outstanding, history) {
        (_, false) => (Err(Unavailable::NoHistory), Err(Unavailable::NoHistory), Err(Unavailable::NoHistory)),
        (Err(e), true) => (Err(*e), Err(*e), Err(*e)),
        (Ok(o), true) => {
            let before = ar_before.to_decimal();
            workings.ar_before = Some(before);
            workings.paid_in_window = Some(paid.paid());
            let months = months.finish();
            workings.countback_months = dso::countback_steps(o.total, t, &months);
            (
                collection::cei_from(before, sales, o.total, o.current),
                paid.rate(before + sales),
                dso::countback_from(o.total, months),
            )
        }
    };
    KpiSet {
        as_of: t,
        period,
        sales,
        // An open-items snapshot lists no paid invoice: its months' sales
        // are not the sales, so nothing can be counted back against them.
        dso_countback,
        dso_standard,
        bpdso,
        ddso,
        dbt,
        dso_disputed: over_sales(|o| o.disputed),
        cei,
        collection_rate,
        behaviour: if history { behaviour.finish() } else { collection::PaymentBehaviour::unavailable_for_snapshot() },
        provision_total: known.map(|()| provision_sums.finish()),
        dispute_resolution_rate: if history { disputes.rate() } else { Err(Unavailable::NoHistory) },
        outstanding,
        workings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::tests::{d, dec, inv, ledger, m};

    /// The seed 001 situation through a ledger: AR 40,000, sales 100,000 in
    /// the 30-day window: 40,000 / 100,000 x 30 = 12 (the 31-day example,
    /// 12.4, is `dso::days_of_sales`'s test: periods here are 30/90/365).
    #[test]
    fn dso_standard_worked_example() {
        let l = ledger(vec![
            inv(0, "2026-03-02", "2026-04-01", "60000", Some("2026-03-20")),
            inv(1, "2026-03-25", "2026-04-24", "40000", None),
        ]);
        let k = kpis(&l, d("2026-03-31"), Period::D30);
        assert_eq!(k.sales, dec("100000"));
        assert_eq!(k.get("ar_total"), Some(Ok(dec("40000"))));
        assert_eq!(k.dso_standard, Ok(dec("12")));
    }

    #[test]
    fn bpdso_ddso_dbt_split_dso() {
        // At 2026-03-31: 300 overdue (due 03-15), 100 not due, 50 disputed among the overdue.
        let mut disputed = inv(0, "2026-02-10", "2026-03-12", "50", None);
        disputed.disputed = true;
        let l = ledger(vec![
            inv(0, "2026-02-13", "2026-03-15", "250", None),
            disputed,
            inv(1, "2026-03-20", "2026-04-19", "100", None),
            inv(1, "2026-03-01", "2026-03-31", "600", Some("2026-03-30")),
        ]);
        let k = kpis(&l, d("2026-03-31"), Period::D90);
        // Sales(90): all four, 1,000.
        assert_eq!(k.sales, dec("1000"));
        assert_eq!(k.dso_standard, Ok(dec("36")), "400 / 1000 x 90");
        assert_eq!(k.bpdso, Ok(dec("9")), "100 / 1000 x 90");
        assert_eq!(k.ddso, Ok(dec("27")), "300 / 1000 x 90");
        assert_eq!(k.dbt, Ok(dec("27")));
        assert_eq!(k.dso_disputed, Ok(dec("4.5")), "50 / 1000 x 90");
    }

    /// The set computes CEI and the collection rate from shared parts: they
    /// must equal the stand-alone functions.
    #[test]
    fn set_agrees_with_stand_alone_functions() {
        // The CEI ledger, its last invoice turned into a credit note.
        let mut l = collection::tests::march_ledger();
        l.invoices[3].amount = -l.invoices[3].amount;
        for p in [Period::D30, Period::D90, Period::D365] {
            let t = d("2026-03-31");
            let k = kpis(&l, t, p);
            assert_eq!(k.cei, collection::cei(&l, t, p));
            assert_eq!(k.collection_rate, collection::collection_rate(&l, t, p));
            assert!(k.cei.is_ok() && k.collection_rate.is_ok());
        }
    }

    #[test]
    fn history_figures_are_unavailable_on_a_snapshot_and_cash_is_no_sale() {
        use crate::domain::ledger::{ItemKind, Settlement};
        let mut open = inv(0, "2026-03-10", "2026-04-09", "100", None);
        open.settlement = Settlement::OpenAtSnapshot(m("100"));
        let mut l = ledger(vec![open]);
        l.snapshot_date = Some(d("2026-03-10"));
        let k = kpis(&l, d("2026-03-31"), Period::D30);
        assert_eq!(k.get("ar_total"), Some(Ok(dec("100"))));
        for name in ["dso_countback", "cei", "collection_rate", "adp"] {
            assert_eq!(k.get(name), Some(Err(Unavailable::NoHistory)), "{name}");
        }
        // Unapplied cash lowers AR but is no sale, in Sales(N) nor in the countback months.
        let mut cash = inv(0, "2026-03-20", "2026-03-20", "-40", None);
        cash.kind = ItemKind::UnappliedCash;
        let l = ledger(vec![inv(0, "2026-03-10", "2026-04-09", "100", None), cash]);
        let k = kpis(&l, d("2026-03-31"), Period::D30);
        assert_eq!((k.sales, k.get("ar_total")), (dec("100"), Some(Ok(dec("60")))));
        // Countback: AR 60 against March's 100 of sales over its 31 days.
        assert_eq!(k.dso_countback, Ok(dec("60") / dec("100") * dec("31")));
    }

    #[test]
    fn no_sales_means_unavailable_not_zero() {
        let l = ledger(vec![inv(0, "2025-01-10", "2025-02-09", "100", None)]);
        let k = kpis(&l, d("2026-03-31"), Period::D30);
        assert_eq!(k.dso_standard, Err(Unavailable::NoSalesInPeriod));
        assert_eq!(k.get("ar_total"), Some(Ok(dec("100"))));
    }

    #[test]
    fn periods_are_validated() {
        assert!(Period::new(45).is_none());
        assert!(serde_json::from_str::<Period>("45").is_err(), "a message cannot carry a bad period");
        assert_eq!(serde_json::from_str::<Period>("365").ok(), Some(Period::D365));
        assert_eq!(Period::default().days(), 90);
        assert_eq!(Period::D30.start_excluded(d("2026-03-31")), d("2026-03-01"));
    }

    /// The one-pass `kpis` gives exactly what each figure's own function
    /// gives, on random ledgers: payments in parts, credit notes, disputes,
    /// credit limits, unapplied cash, every period, and snapshots.
    #[test]
    fn one_pass_equals_each_figure_alone() {
        use crate::domain::ledger::{ItemKind, Payment, Settlement};
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let day = |n: u64| d("2025-01-01") + chrono::Days::new(n);
        for case in 0..60 {
            let mut invoices = Vec::new();
            for k in 0..(20 + next() % 80) {
                let issued = next() % 500;
                let cents = (1 + next() % 900_000) as i64 * if next() % 6 == 0 { -1 } else { 1 };
                let mut i = inv((next() % 7) as u32, "2025-01-01", "2025-01-31", "0", None);
                i.id = compact_str::format_compact!("F{k}");
                i.invoice_date = day(issued);
                i.due_date = day(issued + [0, 30, 45, 60][(next() % 4) as usize]);
                i.amount = m(&Decimal::new(cents, 2).to_string());
                i.disputed = next() % 9 == 0;
                if next() % 12 == 0 {
                    i.kind = ItemKind::UnappliedCash;
                    i.amount = -i.amount.abs();
                }
                for _ in 0..(next() % 3) {
                    let part = m(&Decimal::new(cents / 3, 2).to_string());
                    i.add_payment(Payment { date: day(issued + next() % 200), amount: part });
                }
                invoices.push(i);
            }
            let mut l = ledger(invoices);
            for c in l.customers.iter_mut() {
                let limit = next() % 40_000;
                c.credit_limit = (limit % 2 == 0).then(|| Decimal::from(limit / 2));
            }
            if case % 5 == 4 {
                // An open-items snapshot.
                for i in &mut l.invoices {
                    i.settlement = Settlement::OpenAtSnapshot(i.amount);
                }
                l.snapshot_date = l.invoices.iter().map(|i| i.invoice_date).max();
            }
            for (t, period) in [(day(300), Period::D30), (day(420), Period::D90), (day(520), Period::D365)] {
                let k = kpis(&l, t, period);
                assert_eq!(k.sales, sales(&l, t, period), "case {case}");
                assert_eq!(k.outstanding, outstanding::outstanding(&l, t), "case {case}");
                assert_eq!(k.cei, collection::cei(&l, t, period), "case {case}");
                assert_eq!(k.collection_rate, collection::collection_rate(&l, t, period), "case {case}");
                assert_eq!(k.behaviour, collection::payment_behaviour(&l, t, period), "case {case}");
                assert_eq!(
                    k.dispute_resolution_rate,
                    collection::dispute_resolution_rate(&l, t, period),
                    "case {case}"
                );
                let rates = provisions::ProvisionRates::default();
                assert_eq!(k.provision_total, provisions::provision_total(&l, t, &rates), "case {case}");
                let countback = match (&k.outstanding, l.snapshot_date) {
                    (_, Some(_)) => Err(Unavailable::NoHistory),
                    (Ok(o), None) => dso::dso_countback(&l, t, o.total),
                    (Err(e), None) => Err(*e),
                };
                assert_eq!(k.dso_countback, countback, "case {case}");
            }
        }
    }
}
