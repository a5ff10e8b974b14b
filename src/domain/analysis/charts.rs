//! The dashboard's chart series (the widgets seed 004 names: "Évolution du
//! CA et paiement", "Jour de paiement", "Évolution balance âgée"), for a
//! selection at t in one currency. Plain series of exact decimals, labelled
//! by dates or (year, month); the UI only draws them. Each series is one
//! pass over the lines; the overdue amounts at ~55 dates come from one pass
//! too (a difference array over the dates), not one pass per date.

use crate::domain::analysis::kpi::aging::{AgedBalance, Buckets, Group};
use crate::domain::analysis::kpi::trend::month_end;
use crate::domain::analysis::kpi::{has_history, Unavailable};
use crate::domain::ledger::money::Total;
use crate::domain::ledger::{Invoice, ItemKind, View};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A calendar month: (year, month 1-12).
pub type Month = (i32, u32);

/// How many months the flows chart covers (seed 004: "12 mois glissants").
pub const FLOW_MONTHS: usize = 12;

/// Monthly revenue, expected and actual payments over the 12 months ending
/// with t's month (seed 004 "Évolution du CA et paiement").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyFlows {
    /// Oldest first; the last is t's month.
    pub months: Vec<Month>,
    /// Amounts invoiced in the month up to t, credit notes included (a
    /// month's Sales, kpi.md "Period"; unapplied cash is no sale).
    pub revenue: Vec<Decimal>,
    /// Amounts of the invoices and credit notes issued by t that fall due
    /// in the month, the whole month (for t's month, also what falls due
    /// after t: it is what the month should bring). Net of credit notes,
    /// as revenue is, so that the two compare.
    pub expected: Vec<Decimal>,
    /// Payments dated in the month up to t, as the collection rate counts
    /// them (kpi.md "Collection"): payments applied to invoices issued by
    /// t (refunds of credit notes negative) and unapplied cash received.
    pub actual: Vec<Decimal>,
}

/// The month of `date`.
pub fn month_of(date: NaiveDate) -> Month {
    (date.year(), date.month())
}

/// A month as a count of months since year 0 (to index a month range).
fn month_number((y, m): Month) -> i64 {
    i64::from(y) * 12 + i64::from(m) - 1
}

fn from_number(n: i64) -> Month {
    (n.div_euclid(12) as i32, n.rem_euclid(12) as u32 + 1)
}

/// The 12 months ending with `t`'s, oldest first.
pub fn last_months(t: NaiveDate, n: usize) -> Vec<Month> {
    let last = month_number(month_of(t));
    (0..n as i64).rev().map(|back| from_number(last - back)).collect()
}

/// The flows chart's series at `t`. Unavailable for an open-items
/// snapshot: it lists no paid invoice, so neither its sales nor its
/// payments are the company's.
pub fn monthly_flows<'a>(ledger: impl Into<View<'a>>, t: NaiveDate) -> Result<MonthlyFlows, Unavailable> {
    let ledger: View<'a> = ledger.into();
    if !has_history(ledger.ledger()) {
        return Err(Unavailable::NoHistory);
    }
    let months = last_months(t, FLOW_MONTHS);
    let first = month_number(months.first().copied().unwrap_or(month_of(t)));
    let slot = |d: NaiveDate| -> Option<usize> {
        let k = month_number(month_of(d)) - first;
        (0..FLOW_MONTHS as i64).contains(&k).then_some(k as usize)
    };
    let mut revenue = vec![Total::ZERO; FLOW_MONTHS];
    let mut expected = vec![Total::ZERO; FLOW_MONTHS];
    let mut actual = vec![Total::ZERO; FLOW_MONTHS];
    for inv in ledger.items().filter(|i| i.issued_by(t)) {
        match inv.kind {
            ItemKind::Invoice | ItemKind::Receivable | ItemKind::Doubtful | ItemKind::DoubtfulSale => {
                // Revenue is the sales; a receivable brought forward is expected and paid all the same.
                if let Some(k) = slot(inv.invoice_date).filter(|_| inv.is_sale()) {
                    revenue[k] += inv.amount;
                }
                if let Some(k) = slot(inv.due_date) {
                    expected[k] += inv.amount;
                }
                for p in inv.payments().iter().filter(|p| p.date <= t) {
                    if let Some(k) = slot(p.date) {
                        actual[k] += p.amount;
                    }
                }
            }
            ItemKind::UnappliedCash => {
                if let Some(k) = slot(inv.invoice_date) {
                    actual[k] -= inv.amount;
                }
                // Applied to an invoice later (an advance): the invoice's
                // payment that day is this cash, not more.
                for p in inv.payments().iter().filter(|p| p.date <= t) {
                    if let Some(k) = slot(p.date) {
                        actual[k] += p.amount;
                    }
                }
            }
        }
    }
    let decimals = |v: Vec<Total>| v.into_iter().map(Total::to_decimal).collect();
    Ok(MonthlyFlows { months, revenue: decimals(revenue), expected: decimals(expected), actual: decimals(actual) })
}

/// One bar of the aged balance chart: a row (or the rest) stacked by bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgedBar {
    /// The row's group; `None` for the bar of the other rows.
    pub group: Option<Group>,
    /// The row's text; `None` for a row without that label and for "others"
    /// (`group` tells which).
    pub label: Option<String>,
    pub buckets: Vec<Decimal>,
    pub total: Decimal,
}

/// The aged balance as stacked bars: the `top` largest rows, then the
/// other rows summed into one bar, and the totals per bucket (one bar for
/// the whole balance when stacking by bucket alone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgedBars {
    pub buckets: Buckets,
    pub bars: Vec<AgedBar>,
    /// Per bucket, summing the bars (= the balance's totals).
    pub totals: Vec<Decimal>,
    pub total: Decimal,
}

/// The largest `top` rows of `a` (already largest first) and one bar of
/// the rest when there is any, so that the bars sum exactly to AR(t).
pub fn aged_bars<'a>(ledger: impl Into<View<'a>>, a: &AgedBalance, top: usize) -> AgedBars {
    let ledger: View<'a> = ledger.into();
    let mut bars: Vec<AgedBar> = a
        .rows
        .iter()
        .take(top)
        .map(|r| AgedBar {
            group: Some(r.group),
            label: r.group.label(&ledger),
            buckets: r.buckets.clone(),
            total: r.total,
        })
        .collect();
    if a.rows.len() > top {
        let mut buckets = vec![Decimal::ZERO; a.buckets.len()];
        for r in a.rows.iter().skip(top) {
            for (s, v) in buckets.iter_mut().zip(&r.buckets) {
                *s += *v;
            }
        }
        bars.push(AgedBar { group: None, label: None, total: buckets.iter().sum(), buckets });
    }
    AgedBars { buckets: a.buckets.clone(), bars, totals: a.totals.clone(), total: a.total }
}

/// The overdue amount (open with dpd > 0, kpi.md "Overdue AR") over time
/// (seed 004 "Évolution balance âgée": "somme des montants échus").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueEvolution {
    /// Each day from the 1st of t's month to t.
    pub days: Vec<(NaiveDate, Decimal)>,
    /// t's year.
    pub year: i32,
    /// At the end of each month of t's year (January first); `None` for a
    /// month end after t.
    pub this_year: Vec<Option<Decimal>>,
    /// At the end of each month of the year before.
    pub last_year: Vec<Option<Decimal>>,
}

/// Overdue AR(d) = the sum of open amounts at d of the lines with
/// d > due date, at every day of t's month up to t and at the month ends
/// of t's year and the year before, in one pass: each line adds its amount
/// from the first day it is both issued and overdue, and takes off each
/// payment from the later of its date and that day (a partial payment
/// lowers what is overdue from its date on), into a difference array over
/// the dates asked. Unavailable for an open-items snapshot (no history).
pub fn overdue_evolution<'a>(ledger: impl Into<View<'a>>, t: NaiveDate) -> Result<OverdueEvolution, Unavailable> {
    let ledger: View<'a> = ledger.into();
    if !has_history(ledger.ledger()) {
        return Err(Unavailable::NoHistory);
    }
    let year = t.year();
    let month_ends: Vec<Option<NaiveDate>> = [year - 1, year]
        .into_iter()
        .flat_map(|y| (1..=12).map(move |m| NaiveDate::from_ymd_opt(y, m, 1).map(month_end)))
        .map(|d| d.filter(|d| *d <= t))
        .collect();
    let first_day = t.with_day(1).unwrap_or(t);
    let days: Vec<NaiveDate> = first_day.iter_days().take_while(|d| *d <= t).collect();
    let mut dates: Vec<NaiveDate> = days.iter().copied().chain(month_ends.iter().flatten().copied()).collect();
    dates.sort_unstable();
    dates.dedup();
    let values = overdue_at_dates(ledger, &dates);
    let at = |d: NaiveDate| dates.binary_search(&d).ok().and_then(|k| values.get(k).copied());
    let ends: Vec<Option<Decimal>> = month_ends.iter().map(|d| d.and_then(at)).collect();
    Ok(OverdueEvolution {
        days: days.iter().filter_map(|d| at(*d).map(|v| (*d, v))).collect(),
        year,
        last_year: ends.get(..12).map(<[_]>::to_vec).unwrap_or_default(),
        this_year: ends.get(12..).map(<[_]>::to_vec).unwrap_or_default(),
    })
}

/// Overdue AR at each of `dates` (sorted, distinct), in one pass.
pub fn overdue_at_dates<'a>(ledger: impl Into<View<'a>>, dates: &[NaiveDate]) -> Vec<Decimal> {
    let ledger: View<'a> = ledger.into();
    let mut diff = vec![Total::ZERO; dates.len() + 1];
    // The first date index >= d.
    let index = |d: NaiveDate| dates.partition_point(|x| *x < d);
    for inv in ledger.items() {
        add_overdue(inv, &mut diff, index);
    }
    let mut running = Total::ZERO;
    diff.iter()
        .take(dates.len())
        .map(|d| {
            running += *d;
            running.to_decimal()
        })
        .collect()
}

/// Adds one line's overdue amounts to the difference array: its amount
/// from the first day it is issued and past due, less each payment from
/// the later of the payment's date and that day (`open_at` counts every
/// payment dated <= the day, even one dated before the invoice).
fn add_overdue(inv: &Invoice, diff: &mut [Total], index: impl Fn(NaiveDate) -> usize) {
    let Some(overdue_from) = inv.due_date.succ_opt() else { return };
    let from = overdue_from.max(inv.invoice_date);
    let start = index(from);
    let Some(slot) = diff.get_mut(start) else { return };
    *slot += inv.amount;
    for p in inv.payments() {
        if let Some(slot) = diff.get_mut(index(p.date.max(from))) {
            *slot -= p.amount;
        }
    }
}

/// Payments per day of t's month (seed 004 "Jour de paiement").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentDays {
    /// t's month.
    pub month: Month,
    /// `counts[i]` is the number of payments dated on day i + 1, for the
    /// days up to t (so `counts.len()` is t's day of the month).
    pub counts: Vec<u64>,
}

/// The payments received on each day of t's month up to t: each dated
/// payment of a positive amount on a line issued by t (a settled date is
/// one payment of the whole amount in the ledger), and each line of
/// unapplied cash. Refunds (negative payments, on credit notes) are money
/// paid out, not received: not counted. Unavailable for a snapshot.
pub fn payment_days<'a>(ledger: impl Into<View<'a>>, t: NaiveDate) -> Result<PaymentDays, Unavailable> {
    let ledger: View<'a> = ledger.into();
    if !has_history(ledger.ledger()) {
        return Err(Unavailable::NoHistory);
    }
    let mut counts = vec![0i64; t.day() as usize];
    let month = month_of(t);
    let mut count = |d: NaiveDate, n: i64| {
        if d <= t && month_of(d) == month {
            if let Some(c) = counts.get_mut(d.day0() as usize) {
                *c += n;
            }
        }
    };
    for inv in ledger.items().filter(|i| i.issued_by(t)) {
        match inv.kind {
            ItemKind::Invoice | ItemKind::Receivable | ItemKind::Doubtful | ItemKind::DoubtfulSale => {
                for p in inv.payments().iter().filter(|p| p.amount.is_positive()) {
                    count(p.date, 1);
                }
            }
            ItemKind::UnappliedCash if inv.amount.is_negative() => {
                count(inv.invoice_date, 1);
                // Applied to an invoice later (an advance): that day's
                // payment of the invoice is this one, received before.
                for p in inv.payments() {
                    count(p.date, -1);
                }
            }
            ItemKind::UnappliedCash => {}
        }
    }
    let counts = counts.into_iter().map(|c| c.max(0) as u64).collect();
    Ok(PaymentDays { month, counts })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::analysis::kpi::aging::{aged_balance, GroupBy};
    use crate::domain::ledger::tests::{d, dec, inv, ledger, m};
    use crate::domain::ledger::{Ledger, Payment};
    use chrono::Days;

    /// Invoices and credit notes across a year boundary, partial payments
    /// (one dated before its invoice), unapplied cash, months without
    /// sales (2025-03 .. 2025-05), a refund on a credit note.
    fn mixed() -> Ledger {
        let mut a = inv(0, "2024-12-20", "2025-01-19", "1000", None);
        a.add_payment(Payment { date: d("2025-02-03"), amount: m("300") });
        a.add_payment(Payment { date: d("2025-06-15"), amount: m("200") });
        a.add_payment(Payment { date: d("2026-03-04"), amount: m("100") });
        let mut b = inv(1, "2025-01-05", "2025-02-04", "-250", None);
        b.add_payment(Payment { date: d("2025-02-10"), amount: m("-100") });
        let mut early = inv(2, "2025-02-10", "2025-02-28", "400", None);
        early.add_payment(Payment { date: d("2025-02-01"), amount: m("150") });
        early.add_payment(Payment { date: d("2026-03-02"), amount: m("250") });
        let mut cash = inv(1, "2026-03-06", "2026-03-06", "-75", None);
        cash.kind = ItemKind::UnappliedCash;
        let mut l = ledger(vec![
            a,
            b,
            early,
            inv(0, "2025-06-01", "2025-07-01", "500", Some("2025-08-20")),
            inv(1, "2025-11-30", "2025-12-31", "620.55", Some("2026-03-02")),
            inv(2, "2026-01-10", "2026-02-09", "800", None),
            inv(2, "2026-02-27", "2026-03-10", "130", None),
            inv(0, "2026-03-05", "2026-04-04", "90", Some("2026-03-05")),
            inv(0, "2026-03-08", "2026-03-08", "-40", None),
            cash,
            // Issued after t: in nothing.
            inv(0, "2026-03-20", "2026-03-21", "999", Some("2026-03-09")),
        ]);
        l.invoices[1].disputed = true;
        l
    }

    const T: &str = "2026-03-09";

    #[test]
    fn flows_against_brute_force() {
        for t in [d(T), d("2026-01-01"), d("2025-05-31"), d("2025-12-31")] {
            let l = mixed();
            let f = monthly_flows(&l, t).unwrap();
            assert_eq!(f.months.len(), 12);
            assert_eq!(f.months[11], month_of(t));
            for (k, &(y, mo)) in f.months.iter().enumerate() {
                let first = NaiveDate::from_ymd_opt(y, mo, 1).unwrap();
                let last = month_end(first);
                let within = |x: NaiveDate| x >= first && x <= last;
                let issued = l.invoices.iter().filter(|i| i.invoice_date <= t);
                let revenue: Decimal = issued
                    .clone()
                    .filter(|i| i.is_sale() && within(i.invoice_date))
                    .map(|i| i.amount.to_decimal())
                    .sum();
                let expected: Decimal = issued
                    .clone()
                    .filter(|i| i.is_invoice() && within(i.due_date))
                    .map(|i| i.amount.to_decimal())
                    .sum();
                // Payments in the month up to t: by the collection rate's own sums over a day window.
                let mut actual = Decimal::ZERO;
                for day in first.iter_days().take_while(|x| *x <= last.min(t)) {
                    let before = day.pred_opt().unwrap();
                    for i in issued.clone() {
                        actual += match i.kind {
                            ItemKind::Invoice | ItemKind::Receivable | ItemKind::Doubtful | ItemKind::DoubtfulSale => {
                                i.paid_between(before, day).to_decimal()
                            }
                            ItemKind::UnappliedCash if i.invoice_date == day => -i.amount.to_decimal(),
                            ItemKind::UnappliedCash => Decimal::ZERO,
                        };
                    }
                }
                assert_eq!((f.revenue[k], f.expected[k], f.actual[k]), (revenue, expected, actual), "{y}-{mo} at {t}");
            }
        }
        // By hand at T, March 2026: revenue 90 - 40; due 130 - 40 (the 90 falls due in April); paid
        // 100 + 250 + 620.55 + 90 + 75 cash (the invoice issued after t is not counted).
        let f = monthly_flows(&mixed(), d(T)).unwrap();
        assert_eq!((f.revenue[11], f.expected[11], f.actual[11]), (dec("50"), dec("90"), dec("1135.55")));
        // 2025-03 .. 2025-05: no sale, nothing due, nothing paid: zeros (a month with nothing).
        assert_eq!(f.months[0], (2025, 4));
        assert_eq!((f.revenue[0], f.actual[0]), (dec("0"), dec("0")));
        // Over the months up to t, the revenue sums to the sales of those months.
        let sales = crate::domain::analysis::kpi::sales_between(&mixed(), d("2025-03-31"), d(T));
        assert_eq!(f.revenue.iter().sum::<Decimal>(), sales);
    }

    /// Overdue AR at each date by brute force: open_at and dpd at that date.
    fn brute_overdue(l: &Ledger, at: NaiveDate) -> Decimal {
        l.invoices.iter().filter(|i| i.dpd(at) > 0).map(|i| i.open_at(at).to_decimal()).sum()
    }

    #[test]
    fn overdue_evolution_against_brute_force() {
        let l = mixed();
        for t in [d(T), d("2026-01-01"), d("2025-02-28"), d("2025-12-31"), d("2026-03-31")] {
            let e = overdue_evolution(&l, t).unwrap();
            assert_eq!(e.days.len() as u32, t.day());
            for (day, v) in &e.days {
                assert_eq!(*v, brute_overdue(&l, *day), "{day}");
                // The same as the dashboard's overdue AR at that date.
                let k = crate::domain::analysis::kpi::kpis(&l, *day, crate::domain::analysis::kpi::Period::D30);
                assert_eq!(k.get("ar_overdue"), Some(Ok(*v)), "{day}");
            }
            assert_eq!((e.this_year.len(), e.last_year.len(), e.year), (12, 12, t.year()));
            for (m0, (now, before)) in e.this_year.iter().zip(&e.last_year).enumerate() {
                let m = m0 as u32 + 1;
                let end_now = month_end(NaiveDate::from_ymd_opt(t.year(), m, 1).unwrap());
                let end_before = month_end(NaiveDate::from_ymd_opt(t.year() - 1, m, 1).unwrap());
                assert_eq!(*now, (end_now <= t).then(|| brute_overdue(&l, end_now)), "{end_now} at {t}");
                assert_eq!(*before, Some(brute_overdue(&l, end_before)), "{end_before}");
            }
        }
        // By hand at 2025-02-28: A 1,000 - 300 (paid 02-03) = 700, the credit note
        // -250 + 100 refunded = -150; `early` not due until 03-01.
        let e = overdue_evolution(&l, d("2025-02-28")).unwrap();
        assert_eq!(e.this_year[1], Some(dec("550")));
        assert_eq!(e.this_year[2], None, "after t");
        // A partial payment lowers the overdue amount from its date on.
        let e = overdue_evolution(&l, d(T)).unwrap();
        let v = |day: &str| e.days.iter().find(|(x, _)| *x == d(day)).map(|(_, v)| *v);
        assert_eq!(v("2026-03-03").unwrap() - v("2026-03-04").unwrap(), dec("100"));
    }

    #[test]
    fn overdue_at_random_dates_on_random_ledgers() {
        let mut seed = 0x1234_5678_9ABC_DEF1u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let day = |n: u64| d("2024-11-01") + Days::new(n);
        for _ in 0..40 {
            let mut invoices = Vec::new();
            for k in 0..(5 + next() % 30) {
                let issued = next() % 500;
                let cents = (1 + next() % 90_000) as i64 * if next() % 5 == 0 { -1 } else { 1 };
                let mut i = inv((next() % 4) as u32, "2025-01-01", "2025-01-31", "0", None);
                i.id = compact_str::format_compact!("F{k}");
                i.invoice_date = day(issued);
                i.due_date = day(issued + [0, 10, 30, 60][(next() % 4) as usize]);
                if next() % 7 == 0 {
                    // A due date before the invoice date (a data error a file can hold).
                    i.due_date = day(issued) - Days::new(9);
                }
                i.amount = m(&Decimal::new(cents, 2).to_string());
                if next() % 10 == 0 {
                    i.kind = ItemKind::UnappliedCash;
                    i.amount = -i.amount.abs();
                    i.due_date = i.invoice_date;
                }
                for _ in 0..(next() % 4) {
                    let when = (issued + next() % 200).saturating_sub(10);
                    i.add_payment(Payment { date: day(when), amount: m(&Decimal::new(cents / 4, 2).to_string()) });
                }
                invoices.push(i);
            }
            let l = ledger(invoices);
            let mut dates: Vec<NaiveDate> = (0..20).map(|_| day(next() % 560)).collect();
            dates.sort_unstable();
            dates.dedup();
            let got = overdue_at_dates(&l, &dates);
            for (at, v) in dates.iter().zip(got) {
                assert_eq!(v, brute_overdue(&l, *at), "{at}");
            }
        }
    }

    #[test]
    fn payment_days_against_brute_force() {
        let l = mixed();
        let t = d(T);
        let p = payment_days(&l, t).unwrap();
        assert_eq!((p.month, p.counts.len()), ((2026, 3), 9));
        // 03-02: `early`'s 250 and the 620.55 settled; 03-04 A's 100; 03-05
        // the 90 settled the day it was issued; 03-06 the cash; 03-09: the
        // invoice issued after t is not counted.
        assert_eq!(p.counts, vec![0, 2, 0, 1, 1, 1, 0, 0, 0]);
        for (k, n) in p.counts.iter().enumerate() {
            let day = t.with_day(k as u32 + 1).unwrap();
            let brute = l
                .invoices
                .iter()
                .filter(|i| i.issued_by(t))
                .map(|i| match i.kind {
                    ItemKind::Invoice | ItemKind::Receivable | ItemKind::Doubtful | ItemKind::DoubtfulSale => {
                        i.payments().iter().filter(|p| p.date == day && p.amount.is_positive()).count()
                    }
                    ItemKind::UnappliedCash => usize::from(i.invoice_date == day),
                })
                .sum::<usize>();
            assert_eq!(*n as usize, brute, "{day}");
        }
        // February 2025 holds a refund on the credit note (not counted) and A's 300.
        let p = payment_days(&l, d("2025-02-28")).unwrap();
        assert_eq!(p.counts.iter().sum::<u64>(), 2, "A's 300 (02-03) and early's 150 (02-01)");
        assert_eq!(p.counts[9], 0, "the refund of 02-10");
    }

    #[test]
    fn aged_bars_keep_the_top_rows_and_sum_the_rest() {
        let l = mixed();
        let t = d(T);
        let a = aged_balance(&l, t, &Buckets::default(), GroupBy::Customer).unwrap();
        assert_eq!(a.rows.len(), 3);
        let bars = aged_bars(&l, &a, 1);
        assert_eq!(bars.bars.len(), 2);
        assert_eq!(bars.bars[0].group, Some(a.rows[0].group));
        assert_eq!(bars.bars[1].group, None, "the others");
        let sum = |k: usize| bars.bars.iter().map(|b| b.buckets[k]).sum::<Decimal>();
        for k in 0..bars.buckets.len() {
            assert_eq!(sum(k), bars.totals[k]);
        }
        assert_eq!(bars.bars.iter().map(|b| b.total).sum::<Decimal>(), bars.total);
        assert_eq!(Ok(bars.total), crate::domain::analysis::kpi::outstanding::ar_at(&l, t));
        assert_eq!(aged_bars(&l, &a, 10).bars.len(), 3, "no bar of others when all fit");
    }

    #[test]
    fn snapshots_have_no_series() {
        let mut l = mixed();
        l.snapshot_date = Some(d(T));
        assert_eq!(monthly_flows(&l, d(T)), Err(Unavailable::NoHistory));
        assert_eq!(overdue_evolution(&l, d(T)), Err(Unavailable::NoHistory));
        assert_eq!(payment_days(&l, d(T)), Err(Unavailable::NoHistory));
    }
}
