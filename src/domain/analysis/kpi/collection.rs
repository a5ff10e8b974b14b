//! Collection figures, kpi.md "Collection": the collection effectiveness
//! index (CEI), the collection rate, and how customers pay (average days to
//! pay, average days late, on-time rate) over the period.

use super::outstanding::{ar_at, outstanding};
use super::{sales, Figure, Period, Unavailable};
use crate::domain::ledger::money::{ratio, Total};
use crate::domain::ledger::{Invoice, ItemKind, View};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// CEI over N days = (AR(t-N) + Sales(N) - AR(t)) / (AR(t-N) + Sales(N) -
/// Current AR(t)) x 100. Unavailable for a snapshot (no AR(t-N)) and when
/// the denominator is zero.
pub fn cei<'a>(ledger: impl Into<View<'a>>, t: NaiveDate, period: Period) -> Figure {
    let ledger: View<'a> = ledger.into();
    if !super::has_history(ledger.ledger()) {
        return Err(Unavailable::NoHistory);
    }
    let now = outstanding(ledger, t)?;
    let before = ar_at(ledger, period.start_excluded(t))?;
    cei_from(before, sales(ledger, t, period), now.total, now.current)
}

/// CEI from its parts: AR(t-N), Sales(N), AR(t), Current AR(t).
pub fn cei_from(ar_before: Decimal, sales: Decimal, ar: Decimal, current: Decimal) -> Figure {
    let collectible = ar_before + sales;
    let denominator = collectible - current;
    if denominator.is_zero() {
        return Err(Unavailable::ZeroDenominator);
    }
    Ok((collectible - ar) * Decimal::ONE_HUNDRED / denominator)
}

/// Collection rate over N days = payments dated in (t - N, t] /
/// (AR(t-N) + Sales(N)) x 100. Payments are those applied to invoices
/// (a settled date is a payment of the whole amount) and the unapplied
/// cash received in the window.
pub fn collection_rate<'a>(ledger: impl Into<View<'a>>, t: NaiveDate, period: Period) -> Figure {
    let ledger: View<'a> = ledger.into();
    if !super::has_history(ledger.ledger()) {
        return Err(Unavailable::NoHistory);
    }
    let before = ar_at(ledger, period.start_excluded(t))?;
    collection_rate_from(ledger, t, period, before + sales(ledger, t, period))
}

/// Collection rate given the collectible amount AR(t-N) + Sales(N).
pub fn collection_rate_from<'a>(
    ledger: impl Into<View<'a>>,
    t: NaiveDate,
    period: Period,
    collectible: Decimal,
) -> Figure {
    let ledger: View<'a> = ledger.into();
    let mut paid = PaidInWindow::new(t, period);
    for inv in ledger.items() {
        paid.add(inv);
    }
    paid.rate(collectible)
}

/// Cash received in (t - N, t], gathered in one pass (shared with `kpis`):
/// payments applied to invoices, and unapplied cash received then.
pub(crate) struct PaidInWindow {
    start: NaiveDate,
    t: NaiveDate,
    paid: Total,
}

impl PaidInWindow {
    pub(crate) fn new(t: NaiveDate, period: Period) -> Self {
        PaidInWindow { start: period.start_excluded(t), t, paid: Total::ZERO }
    }

    pub(crate) fn add(&mut self, inv: &Invoice) {
        if !inv.issued_by(self.t) {
            return;
        }
        // Unapplied cash applied later to an invoice (an advance: see
        // `Ledger::apply_advances`) is cash once: its application, a payment
        // of the line, is taken off as the invoice's payment comes in.
        self.paid += match inv.kind {
            ItemKind::Invoice | ItemKind::Receivable | ItemKind::Doubtful | ItemKind::DoubtfulSale => {
                inv.paid_between(self.start, self.t)
            }
            ItemKind::UnappliedCash if inv.invoice_date > self.start => {
                inv.paid_between(self.start, self.t) - inv.amount
            }
            ItemKind::UnappliedCash => inv.paid_between(self.start, self.t),
        };
    }

    /// The cash received in the window.
    pub(crate) fn paid(&self) -> Decimal {
        self.paid.to_decimal()
    }

    /// The collection rate against `collectible`.
    pub(crate) fn rate(&self, collectible: Decimal) -> Figure {
        if collectible.is_zero() {
            return Err(Unavailable::ZeroDenominator);
        }
        Ok(self.paid.to_decimal() * Decimal::ONE_HUNDRED / collectible)
    }
}

/// How invoices settled in the period were paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PaymentBehaviour {
    /// Average days to pay: amount-weighted mean of (settled - invoice date).
    pub adp: Figure,
    /// Average days late: amount-weighted mean of max(0, settled - due date).
    pub avg_days_late: Figure,
    /// Share (by count, in percent) settled on or before the due date.
    pub on_time_rate: Figure,
}

impl PaymentBehaviour {
    pub(crate) fn unavailable(u: Unavailable) -> PaymentBehaviour {
        PaymentBehaviour { adp: Err(u), avg_days_late: Err(u), on_time_rate: Err(u) }
    }

    /// An open-items snapshot has no payments to learn from.
    pub(crate) fn unavailable_for_snapshot() -> PaymentBehaviour {
        PaymentBehaviour::unavailable(Unavailable::NoHistory)
    }
}

/// kpi.md "Collection": over invoices with amount > 0 settled in
/// (t - N, t]. Unavailable when there are none, or for a snapshot.
pub fn payment_behaviour<'a>(ledger: impl Into<View<'a>>, t: NaiveDate, period: Period) -> PaymentBehaviour {
    let ledger: View<'a> = ledger.into();
    if !super::has_history(ledger.ledger()) {
        return PaymentBehaviour::unavailable_for_snapshot();
    }
    let mut sums = BehaviourSums::new(t, period);
    for inv in ledger.items() {
        sums.add(inv);
    }
    sums.finish()
}

/// What ADP, average days late and the on-time rate are made of, over the
/// invoices settled in the window.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BehaviourWorkings {
    /// Sum of the amounts settled.
    pub weight: Decimal,
    /// Sum of amount x (settled - invoice date).
    pub days_to_pay: Decimal,
    /// Sum of amount x max(0, settled - due date).
    pub days_late: Decimal,
    /// How many invoices were settled, and how many on or before their due date.
    pub settled: u64,
    pub on_time: u64,
}

/// The sums behind `PaymentBehaviour`, gathered in one pass (shared with `kpis`).
pub(crate) struct BehaviourSums {
    start: NaiveDate,
    t: NaiveDate,
    weight: Total,
    to_pay: Total,
    late: Total,
    count: u64,
    on_time: u64,
}

impl BehaviourSums {
    pub(crate) fn new(t: NaiveDate, period: Period) -> Self {
        BehaviourSums {
            start: period.start_excluded(t),
            t,
            weight: Total::ZERO,
            to_pay: Total::ZERO,
            late: Total::ZERO,
            count: 0,
            on_time: 0,
        }
    }

    pub(crate) fn add(&mut self, inv: &Invoice) {
        if !inv.amount.is_positive() {
            return;
        }
        let Some(settled) = inv.settled_by(self.t).filter(|d| *d > self.start) else { return };
        self.weight += inv.amount;
        self.to_pay.add_times(inv.amount, (settled - inv.invoice_date).num_days());
        self.late.add_times(inv.amount, (settled - inv.due_date).num_days().max(0));
        self.count += 1;
        if settled <= inv.due_date {
            self.on_time += 1;
        }
    }

    /// The sums as figures are made of them (for "how it is computed").
    pub(crate) fn sums(&self) -> BehaviourWorkings {
        BehaviourWorkings {
            weight: self.weight.to_decimal(),
            days_to_pay: self.to_pay.to_decimal(),
            days_late: self.late.to_decimal(),
            settled: self.count,
            on_time: self.on_time,
        }
    }

    pub(crate) fn finish(self) -> PaymentBehaviour {
        if self.count == 0 {
            return PaymentBehaviour::unavailable(Unavailable::NothingToAverage);
        }
        let weight = self.weight.to_decimal();
        PaymentBehaviour {
            adp: ratio(self.to_pay.to_decimal(), weight).ok_or(Unavailable::ZeroDenominator),
            avg_days_late: ratio(self.late.to_decimal(), weight).ok_or(Unavailable::ZeroDenominator),
            on_time_rate: Ok(Decimal::from(self.on_time) * Decimal::ONE_HUNDRED / Decimal::from(self.count)),
        }
    }
}

/// Dispute resolution rate over N days, kpi.md "Collection": disputed
/// invoices settled in (t - N, t] / disputed invoices open at t - N or
/// disputed and issued in the window, x 100. Invoices are counted (a
/// dispute is resolved or not, whatever its amount), and only invoices
/// (amount > 0): a credit note is how a dispute ends, not one to resolve.
/// The disputed flag is the file's, read as it is now (the file gives no
/// dispute dates). Unavailable for a snapshot (no settlement history) and
/// when no disputed invoice was open in the window (the denominator is 0).
pub fn dispute_resolution_rate<'a>(ledger: impl Into<View<'a>>, t: NaiveDate, period: Period) -> Figure {
    let ledger: View<'a> = ledger.into();
    if !super::has_history(ledger.ledger()) {
        return Err(Unavailable::NoHistory);
    }
    let mut sums = DisputeSums::new(t, period);
    for inv in ledger.items() {
        sums.add(inv);
    }
    sums.rate()
}

/// The counts behind the dispute resolution rate, gathered in one pass
/// (shared with `kpis`).
pub(crate) struct DisputeSums {
    start: NaiveDate,
    t: NaiveDate,
    /// Disputed invoices open at t - N or issued in the window.
    disputed: u64,
    /// Of those, the ones settled in the window.
    resolved: u64,
}

impl DisputeSums {
    pub(crate) fn new(t: NaiveDate, period: Period) -> Self {
        DisputeSums { start: period.start_excluded(t), t, disputed: 0, resolved: 0 }
    }

    pub(crate) fn add(&mut self, inv: &Invoice) {
        if !inv.disputed || !inv.is_sale() || !inv.amount.is_positive() {
            return;
        }
        let open_at_start = !inv.open_at(self.start).is_zero();
        if !(open_at_start || inv.sold_between(self.start, self.t)) {
            return;
        }
        self.disputed += 1;
        if inv.settled_by(self.t).is_some_and(|s| s > self.start) {
            self.resolved += 1;
        }
    }

    pub(crate) fn rate(&self) -> Figure {
        if self.disputed == 0 {
            return Err(Unavailable::ZeroDenominator);
        }
        Ok(Decimal::from(self.resolved) * Decimal::ONE_HUNDRED / Decimal::from(self.disputed))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::ledger::tests::{d, dec, inv, ledger, m};
    use crate::domain::ledger::Ledger;

    /// At 2026-03-31 over 30 days: A 1,000 settled 03-10, B 500 open and
    /// overdue, C 800 issued and settled in the window, D 200 not due.
    pub(crate) fn march_ledger() -> Ledger {
        ledger(vec![
            inv(0, "2026-01-15", "2026-02-14", "1000", Some("2026-03-10")),
            inv(1, "2026-02-01", "2026-03-03", "500", None),
            inv(2, "2026-03-05", "2026-03-20", "800", Some("2026-03-25")),
            inv(3, "2026-03-25", "2026-04-24", "200", None),
        ])
    }

    #[test]
    fn cei_by_hand() {
        // t = 2026-03-31, N = 30 (window 03-02 .. 03-31).
        // AR(t-N = 03-01): 1,000 (A) + 500 (B) = 1,500.
        // Sales(30): C 800 + D 200 = 1,000.
        // AR(t): B 500 (overdue) + D 200 (not due) = 700; current 200.
        // CEI = (1500 + 1000 - 700) / (1500 + 1000 - 200) x 100 = 1800 / 2300 x 100.
        let l = march_ledger();
        let got = cei(&l, d("2026-03-31"), Period::D30).unwrap();
        assert_eq!(got.round_dp(6), (dec("1800") * dec("100") / dec("2300")).round_dp(6));
        assert_eq!(got.round_dp(2), dec("78.26"));
    }

    #[test]
    fn collection_rate_by_hand() {
        // Same ledger as `cei_by_hand`: payments in the window: A 1,000 (03-10)
        // and C 800 (03-25) = 1,800; collectible 1,500 + 1,000 = 2,500: 72%.
        let l = march_ledger();
        assert_eq!(collection_rate(&l, d("2026-03-31"), Period::D30), Ok(dec("72")));
    }

    #[test]
    fn collection_rate_reads_partial_payments_and_unapplied_cash() {
        // B (500, open) gets 200 on 03-15 and 100 on 02-20 (before the
        // window); 150 of unapplied cash arrives on 03-20. Payments in the
        // window: A 1,000 + C 800 + 200 + 150 = 2,150. AR(03-01) = 1,000 (A)
        // + 400 (B less 100): collectible 1,400 + 1,000 sales = 2,400.
        use crate::domain::ledger::{ItemKind, Payment};
        let mut l = march_ledger();
        l.invoices[1].add_payment(Payment { date: d("2026-03-15"), amount: m("200") });
        l.invoices[1].add_payment(Payment { date: d("2026-02-20"), amount: m("100") });
        let mut cash = inv(1, "2026-03-20", "2026-03-20", "-150", None);
        cash.kind = ItemKind::UnappliedCash;
        l.invoices.push(cash);
        let t = d("2026-03-31");
        let rate = collection_rate(&l, t, Period::D30).unwrap();
        assert_eq!(rate, dec("2150") * dec("100") / dec("2400"));
        // Sales ignore the cash; AR counts it: 200 (B) + 200 (D) - 150.
        assert_eq!(crate::domain::analysis::kpi::sales(&l, t, Period::D30), dec("1000"));
        assert_eq!(ar_at(&l, t), Ok(dec("250")));
    }

    #[test]
    fn payment_behaviour_by_hand() {
        // Settled in (03-01, 03-31]: A 1,000 after 54 days, 24 late; C 300
        // after 20 days, 5 days early; B settled before the window; D a
        // credit note (not averaged); E open.
        let l = ledger(vec![
            inv(0, "2026-01-15", "2026-02-14", "1000", Some("2026-03-10")),
            inv(1, "2026-01-01", "2026-01-31", "999", Some("2026-02-20")),
            inv(2, "2026-03-05", "2026-03-30", "300", Some("2026-03-25")),
            inv(3, "2026-03-06", "2026-03-06", "-50", Some("2026-03-20")),
            inv(4, "2026-03-07", "2026-04-06", "700", None),
        ]);
        let b = payment_behaviour(&l, d("2026-03-31"), Period::D30);
        // ADP = (1000 x 54 + 300 x 20) / 1300; late = 1000 x 24 / 1300; on time 1 of 2.
        assert_eq!(b.adp, Ok(dec("60000") / dec("1300")));
        assert_eq!(b.avg_days_late, Ok(dec("24000") / dec("1300")));
        assert_eq!(b.on_time_rate, Ok(dec("50")));
        let empty = payment_behaviour(&l, d("2025-03-31"), Period::D30);
        assert_eq!(empty.adp, Err(Unavailable::NothingToAverage));
    }

    #[test]
    fn snapshot_has_no_cei() {
        let mut l = ledger(vec![inv(0, "2026-01-15", "2026-02-14", "1000", None)]);
        l.snapshot_date = Some(d("2026-03-31"));
        assert_eq!(cei(&l, d("2026-03-31"), Period::default()), Err(Unavailable::NoHistory));
    }

    #[test]
    fn dispute_resolution_rate_by_hand() {
        // Window (03-01, 03-31]. Disputed: A open at 03-01, settled 03-10
        // (resolved); B open at 03-01, still open; C issued 03-05, settled
        // 03-20 (resolved); D settled 02-20, before the window (not counted);
        // E issued 04-02, after t (not counted); F a disputed credit note
        // (not counted); G not disputed, settled in the window (not counted).
        // H open at 03-01 with a part paid 03-15 (not resolved).
        use crate::domain::ledger::Payment;
        let mut l = ledger(vec![
            inv(0, "2026-01-15", "2026-02-14", "1000", Some("2026-03-10")),
            inv(1, "2026-02-01", "2026-03-03", "500", None),
            inv(2, "2026-03-05", "2026-03-20", "800", Some("2026-03-20")),
            inv(3, "2026-01-01", "2026-01-31", "300", Some("2026-02-20")),
            inv(3, "2026-04-02", "2026-05-02", "300", None),
            inv(3, "2026-02-02", "2026-02-02", "-300", None),
            inv(4, "2026-02-01", "2026-03-03", "100", Some("2026-03-11")),
            inv(4, "2026-02-01", "2026-03-03", "100", None),
        ]);
        l.invoices[7].add_payment(Payment { date: d("2026-03-15"), amount: m("40") });
        for (k, i) in l.invoices.iter_mut().enumerate() {
            i.disputed = k != 6;
        }
        let t = d("2026-03-31");
        // 2 resolved (A, C) of 4 (A, B, C, H).
        assert_eq!(dispute_resolution_rate(&l, t, Period::D30), Ok(dec("50")));
        assert_eq!(crate::domain::analysis::kpi::kpis(&l, t, Period::D30).dispute_resolution_rate, Ok(dec("50")));
        // Over 365 days D counts too, and is resolved: 3 of 5.
        assert_eq!(dispute_resolution_rate(&l, t, Period::D365), Ok(dec("60")));
        // Nothing disputed in the window: unavailable, not 0.
        assert_eq!(dispute_resolution_rate(&l, d("2025-06-30"), Period::D30), Err(Unavailable::ZeroDenominator));
        l.snapshot_date = Some(t);
        assert_eq!(dispute_resolution_rate(&l, t, Period::D30), Err(Unavailable::NoHistory));
    }
}
