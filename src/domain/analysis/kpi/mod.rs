//! Every figure for one ledger, as-of date and period (kpi.md). `kpis`
//! computes the dashboard's `KpiSet`; the submodules hold one family each.

pub mod aging;
pub mod collection;
pub mod dso;
pub mod outstanding;
pub mod provisions;
pub mod trend;

use crate::domain::ledger::money::Total;
use crate::domain::ledger::{Currency, Invoice, Ledger, Settlement, View};
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
    /// An open-items file (kpi.md "Open-items file"): it lists only the
    /// invoices still open, so its invoices are not the period's sales;
    /// Sales(N) and every figure divided by it wait for the sales typed
    /// by the user.
    OpenItemsFile,
    /// The sales typed for an open-items file are the whole period's:
    /// the countback needs each month's sales.
    NeedsMonthlySales,
    /// The sales typed for an open-items file are those of the whole file
    /// (in its currency), not of a division, sales rep or customer.
    TypedSalesWholeFile,
    /// The converted view (kpi.md "Currencies") has no rate (or no
    /// positive rate) for this currency of the file: nothing is converted
    /// rather than currencies mixed.
    NoRate(Currency),
    /// An amount converted at the rates given is beyond what an amount can
    /// hold (a rate typed wrong by orders of magnitude).
    ConvertedTooLarge,
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
    /// The amounts of the file's lines invoiced in the window. On an
    /// open-items file these are not the period's sales: the figures use
    /// `period_sales`.
    pub sales: Decimal,
    /// Sales(N) as the figures divide by it (kpi.md "Open-items file"):
    /// the file's `sales`, or the sales the user typed for an open-items
    /// file (`sales_typed`), or unavailable.
    pub period_sales: Figure,
    /// `period_sales` is the amount the user typed.
    pub sales_typed: bool,
    /// The file is an open-items file (`is_open_items`): its sales are asked.
    pub open_items: bool,
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
            ("sales", self.period_sales, Unit::Money),
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

    /// Every figure unavailable for `reason` (a converted view without a
    /// rate): the page shows each as "—" with the reason.
    pub fn unavailable(as_of: NaiveDate, period: Period, reason: Unavailable) -> KpiSet {
        KpiSet {
            as_of,
            period,
            sales: Decimal::ZERO,
            period_sales: Err(reason),
            sales_typed: false,
            open_items: false,
            outstanding: Err(reason),
            dso_standard: Err(reason),
            dso_countback: Err(reason),
            bpdso: Err(reason),
            ddso: Err(reason),
            dbt: Err(reason),
            dso_disputed: Err(reason),
            cei: Err(reason),
            collection_rate: Err(reason),
            behaviour: collection::PaymentBehaviour::unavailable(reason),
            provision_total: Err(reason),
            dispute_resolution_rate: Err(reason),
            workings: Workings::default(),
        }
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

/// Whether `ledger` is an open-items file (kpi.md "Open-items file"): a
/// snapshot (open amounts known at the export's date, a line or the whole
/// file) in which every invoice is still open. Read from each line's
/// settlement: a line paid in full (a snapshot line with nothing open, or
/// payments reaching its amount) means the file lists closed invoices too,
/// so it lists every invoice and its sales are known. Stops at the first
/// such line. The whole file is read, not a selection of it: one
/// customer's invoices all being open says nothing of the file.
pub fn is_open_items(ledger: &Ledger) -> bool {
    let mut snapshot = ledger.snapshot_date.is_some();
    let mut sales = false;
    for inv in ledger.invoices.iter().filter(|i| i.is_sale() && !i.amount.is_zero()) {
        if paid_in_full(inv) {
            return false;
        }
        sales = true;
        snapshot |= matches!(inv.settlement, Settlement::OpenAtSnapshot(_));
    }
    snapshot && sales
}

/// Nothing (or less than nothing) left open once every known payment is
/// counted: for a snapshot line, its open amount; else the amount less the
/// payments, whatever their dates.
fn paid_in_full(inv: &Invoice) -> bool {
    let open = match &inv.settlement {
        Settlement::OpenAtSnapshot(open) => *open,
        Settlement::Payments(ps) => inv.amount - ps.iter().map(|p| p.amount).sum(),
    };
    open.is_zero() || open.is_positive() != inv.amount.is_positive()
}

/// Whether the ledger holds its settlement history: not a snapshot of
/// open amounts as a whole, nor an open-items file. Without it, the
/// figures of the past (CEI, collection rate, days to pay, trends, the
/// charts of flows) are unavailable.
pub fn has_history(ledger: &Ledger) -> bool {
    ledger.snapshot_date.is_none() && !is_open_items(ledger)
}

/// The sales the user typed for an open-items file (kpi.md "Open-items
/// file"), as a figures query gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TypedSales {
    /// None typed.
    #[default]
    Nothing,
    /// Sales(N) of the lines asked, in their currency.
    Amount(Decimal),
    /// Typed for the whole file, but the lines asked are a part of it (a
    /// division, a sales rep, a customer).
    ForWholeFile,
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
    kpis_with_sales(ledger, t, period, rates, TypedSales::Nothing)
}

/// `kpis_with`, with the sales the user typed for an open-items file
/// (ignored on any other file: its sales are known).
pub fn kpis_with_sales<'a>(
    ledger: impl Into<View<'a>>,
    t: NaiveDate,
    period: Period,
    rates: &provisions::ProvisionRates,
    typed: TypedSales,
) -> KpiSet {
    let ledger: View<'a> = ledger.into();
    let known = outstanding::known_at(ledger, t);
    let open_items = is_open_items(ledger.ledger());
    let history = ledger.snapshot_date.is_none() && !open_items;
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
    // An open-items file's invoices are not its sales: the user's, or none.
    let (period_sales, sales_typed) = match (open_items, typed) {
        (false, _) => (Ok(sales), false),
        (true, TypedSales::Amount(s)) => (Ok(s), true),
        (true, TypedSales::Nothing) => (Err(Unavailable::OpenItemsFile), false),
        (true, TypedSales::ForWholeFile) => (Err(Unavailable::TypedSalesWholeFile), false),
    };
    let outstanding = known.map(|()| open_sums.finish(ledger));
    let mut workings = Workings {
        behaviour: if history { behaviour.sums() } else { Default::default() },
        provision_bands: provision_sums.per_band().into_iter().zip(rates.rates.iter().copied()).collect(),
        provision_buckets: rates.buckets.clone(),
        ..Workings::default()
    };
    let n = Decimal::from(period.days());
    let days = |amount: Decimal| period_sales.and_then(|s| dso::days_of_sales(amount, s, n));
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
        (_, false) => {
            // An open-items file's months' sales are not its sales: typed
            // sales, being the period's total, do not give them either.
            let countback = match (open_items, sales_typed) {
                (false, _) => Err(Unavailable::NoHistory),
                (true, false) => period_sales.and(Err(Unavailable::OpenItemsFile)),
                (true, true) => Err(Unavailable::NeedsMonthlySales),
            };
            (Err(Unavailable::NoHistory), Err(Unavailable::NoHistory), countback)
        }
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
        period_sales,
        sales_typed,
        open_items,
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
        for name in ["cei", "collection_rate", "adp"] {
            assert_eq!(k.get(name), Some(Err(Unavailable::NoHistory)), "{name}");
        }
        // Every line open: an open-items file, whose months' sales are not known.
        assert_eq!(k.get("dso_countback"), Some(Err(Unavailable::OpenItemsFile)));
        // Unapplied cash lowers AR but is no sale, in Sales(N) nor in the countback months.
        let mut cash = inv(0, "2026-03-20", "2026-03-20", "-40", None);
        cash.kind = ItemKind::UnappliedCash;
        let l = ledger(vec![inv(0, "2026-03-10", "2026-04-09", "100", None), cash]);
        let k = kpis(&l, d("2026-03-31"), Period::D30);
        assert_eq!((k.sales, k.get("ar_total")), (dec("100"), Some(Ok(dec("60")))));
        // Countback: AR 60 against March's 100 of sales over its 31 days.
        assert_eq!(k.dso_countback, Ok(dec("60") / dec("100") * dec("31")));
    }

    /// kpi.md "Open-items file", at 2026-03-31 over 90 days: A 1,000 open
    /// (due 02-14, overdue), B 2,000 of which 1,500 open (due 04-09, not
    /// due), C 500 open, disputed (due 03-22, overdue). AR 3,000, overdue
    /// 1,500, current 1,500, disputed 500.
    fn open_items_ledger() -> Ledger {
        use crate::domain::ledger::Settlement;
        let mut a = inv(0, "2026-01-15", "2026-02-14", "1000", None);
        a.settlement = Settlement::OpenAtSnapshot(m("1000"));
        let mut b = inv(1, "2026-03-10", "2026-04-09", "2000", None);
        b.settlement = Settlement::OpenAtSnapshot(m("1500"));
        let mut c = inv(1, "2026-02-20", "2026-03-22", "500", None);
        c.settlement = Settlement::OpenAtSnapshot(m("500"));
        c.disputed = true;
        let mut l = ledger(vec![a, b, c]);
        l.snapshot_date = Some(d("2026-03-10"));
        l
    }

    #[test]
    fn an_open_items_file_has_no_sales_until_they_are_typed() {
        let l = open_items_ledger();
        assert!(is_open_items(&l) && !has_history(&l));
        let t = d("2026-03-31");
        let rates = provisions::ProvisionRates::default();
        let k = kpis(&l, t, Period::D90);
        assert_eq!(k.get("ar_total"), Some(Ok(dec("3000"))));
        // Sales(N) and every figure divided by it: unavailable, with the reason.
        for name in ["sales", "dso_standard", "dso_countback", "bpdso", "ddso", "dbt", "dso_disputed"] {
            assert_eq!(k.get(name), Some(Err(Unavailable::OpenItemsFile)), "{name}");
        }
        assert!(!k.sales_typed);
        for name in ["cei", "collection_rate", "adp", "dispute_resolution_rate"] {
            assert_eq!(k.get(name), Some(Err(Unavailable::NoHistory)), "{name}");
        }
        // Not divided by sales: still there (1,000 x 45 + 500 x 9) / 1,500 = 33.
        assert_eq!(k.get("weighted_dpd"), Some(Ok(dec("33"))));
        // 9,000 typed for the 90 days: 3,000 / 9,000 x 90 = 30; 1,500 / 9,000 x 90 = 15 (current
        // and overdue); DBT 30 - 15 = 15; disputed 500 / 9,000 x 90 = 5.
        let k = kpis_with_sales(&l, t, Period::D90, &rates, TypedSales::Amount(dec("9000")));
        assert!(k.sales_typed);
        assert_eq!(k.get("sales"), Some(Ok(dec("9000"))));
        assert_eq!(k.dso_standard, Ok(dec("30")));
        assert_eq!((k.bpdso, k.ddso, k.dbt), (Ok(dec("15")), Ok(dec("15")), Ok(dec("15"))));
        assert_eq!(k.dso_disputed, Ok(dec("5")));
        // The countback needs each month's sales, which a total does not give.
        assert_eq!(k.dso_countback, Err(Unavailable::NeedsMonthlySales));
        assert_eq!(k.cei, Err(Unavailable::NoHistory));
        // Typed for the whole file, asked for a part of it.
        let k = kpis_with_sales(&l, t, Period::D90, &rates, TypedSales::ForWholeFile);
        assert_eq!(k.dso_standard, Err(Unavailable::TypedSalesWholeFile));
        assert_eq!(k.get("sales"), Some(Err(Unavailable::TypedSalesWholeFile)));
    }

    #[test]
    fn open_items_are_told_by_each_line_not_by_a_file_flag() {
        use crate::domain::ledger::{Payment, Settlement};
        let t = d("2026-03-31");
        let rates = provisions::ProvisionRates::default();
        // A line fully paid (open 0 at the export) means the file lists every
        // invoice: its sales are known, typed sales are ignored.
        let mut l = open_items_ledger();
        let mut paid = inv(0, "2026-03-01", "2026-03-31", "400", None);
        paid.settlement = Settlement::OpenAtSnapshot(m("0"));
        l.invoices.push(paid);
        assert!(!is_open_items(&l));
        let k = kpis_with_sales(&l, t, Period::D90, &rates, TypedSales::Amount(dec("9000")));
        assert!(!k.sales_typed);
        // Sales 1,000 + 2,000 + 500 + 400 = 3,900: 3,000 / 3,900 x 90.
        assert_eq!(k.get("sales"), Some(Ok(dec("3900"))));
        assert_eq!(k.dso_standard, Ok(dec("3000") * dec("90") / dec("3900")));
        // Per-invoice snapshots (a partly paid line without a date) in a file
        // whose other lines have payment dates, one of them settled: history.
        let mut l = open_items_ledger();
        l.snapshot_date = None;
        l.invoices.push(inv(2, "2026-01-05", "2026-02-04", "300", Some("2026-02-10")));
        assert!(!is_open_items(&l) && has_history(&l));
        // The same lines without the settled one, and no file-wide snapshot
        // date: every invoice is open, some known only at the export: open items.
        l.invoices.pop();
        assert!(is_open_items(&l) && !has_history(&l));
        assert_eq!(kpis(&l, t, Period::D90).dso_standard, Err(Unavailable::OpenItemsFile));
        // Open in full without a snapshot line (a FEC with nothing lettered):
        // its lines are the sales journal, not an open-items list.
        let fec = ledger(vec![inv(0, "2026-03-01", "2026-03-31", "100", None)]);
        assert!(!is_open_items(&fec) && has_history(&fec));
        // Payments reaching the amount settle a line, whatever their dates.
        let mut l = open_items_ledger();
        let mut settled = inv(0, "2026-03-01", "2026-03-31", "100", None);
        settled.add_payment(Payment { date: d("2026-03-05"), amount: m("60") });
        settled.add_payment(Payment { date: d("2026-03-20"), amount: m("40") });
        l.invoices.push(settled);
        assert!(!is_open_items(&l));
        // A credit note used up is a closed item too.
        let mut l = open_items_ledger();
        let mut credit = inv(0, "2026-03-01", "2026-03-01", "-80", None);
        credit.settlement = Settlement::OpenAtSnapshot(m("0"));
        l.invoices.push(credit);
        assert!(!is_open_items(&l));
        // An empty file is no open-items file.
        assert!(!is_open_items(&ledger(vec![])));
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
                    (_, Some(_)) if is_open_items(&l) => Err(Unavailable::OpenItemsFile),
                    (_, Some(_)) => Err(Unavailable::NoHistory),
                    (Ok(o), None) => dso::dso_countback(&l, t, o.total),
                    (Err(e), None) => Err(*e),
                };
                assert_eq!(k.dso_countback, countback, "case {case}");
            }
        }
    }
}
