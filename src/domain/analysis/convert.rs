//! The converted view (kpi.md "Currencies"): every line of the ledger in
//! one reporting currency, at the rates the user typed (never fetched).
//! Amounts are only ever added within one currency, so the conversion is
//! made line by line before anything is summed: each line's amount, each
//! payment and each open amount is converted with the exact decimal rate
//! and rounded to the cent (halves away from zero). A payment is converted
//! as the change of the rounded running total paid, so an invoice paid in
//! full in its currency is paid in full converted, to the cent. A currency
//! without a rate makes the whole view unavailable: nothing is mixed.

use crate::domain::analysis::kpi::Unavailable;
use crate::domain::lang::Lang;
use crate::domain::ledger::money::Money;
use crate::domain::ledger::{Currency, Invoice, Ledger, Payment, Payments, Settlement};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::HashMap;

/// The decimals a converted amount keeps: cents.
pub const CONVERTED_DP: u32 = 2;

/// The rates of a converted view: 1 unit of each currency = `rate` units
/// of the reporting currency, as the user typed them ("1 USD = 0.92 EUR").
/// A code that is not a currency is left out; a rate that is not positive
/// counts as none.
pub fn rates_of(rates: &[(String, Decimal)]) -> HashMap<Currency, Decimal> {
    rates
        .iter()
        .filter(|(_, r)| *r > Decimal::ZERO)
        .filter_map(|(code, r)| Currency::new(code).map(|c| (c, *r)))
        .collect()
}

/// `amount` x `rate`, rounded to the cent (halves away from zero);
/// `None` beyond what an amount holds.
pub fn convert_amount(amount: Money, rate: Decimal) -> Option<Money> {
    let exact = amount.to_decimal().checked_mul(rate)?;
    Money::from_decimal(exact.round_dp_with_strategy(CONVERTED_DP, RoundingStrategy::MidpointAwayFromZero))
}

/// `ledger` with every line in `to`: lines in `to` as they are, the others
/// converted at their currency's rate in `rates`. Customers' credit limits
/// are converted at the rate of their lines' currency when all their lines
/// share one; a customer billed in several currencies has no limit in the
/// converted view (its currency cannot be told). Unavailable when a
/// currency of the ledger has no rate (`NoRate`, the first in code order).
pub fn converted(ledger: &Ledger, to: Currency, rates: &[(String, Decimal)]) -> Result<Ledger, Unavailable> {
    let rates = rates_of(rates);
    let rate = |c: Currency| -> Result<Decimal, Unavailable> {
        if c == to {
            Ok(Decimal::ONE)
        } else {
            rates.get(&c).copied().ok_or(Unavailable::NoRate(c))
        }
    };
    // Every currency checked first, so the reason names the first missing one.
    let mut present: Vec<Currency> = ledger.invoices.iter().map(|i| i.currency).collect();
    present.sort();
    present.dedup();
    for c in &present {
        rate(*c)?;
    }
    let mut invoices = Vec::with_capacity(ledger.invoices.len());
    // The one currency of each customer's lines (`None` once they differ).
    let mut customer_currency: Vec<Option<Option<Currency>>> = vec![None; ledger.customers.len()];
    for inv in &ledger.invoices {
        if let Some(slot) = customer_currency.get_mut(inv.customer as usize) {
            *slot = match *slot {
                None => Some(Some(inv.currency)),
                Some(Some(c)) if c == inv.currency => Some(Some(c)),
                Some(_) => Some(None),
            };
        }
        invoices.push(if inv.currency == to { inv.clone() } else { convert_line(inv, rate(inv.currency)?, to)? });
    }
    let customers = ledger
        .customers
        .iter()
        .zip(customer_currency)
        .map(|(c, currency)| {
            let mut c = c.clone();
            c.credit_limit = match (c.credit_limit, currency) {
                (Some(limit), Some(Some(cur))) if cur == to => Some(limit),
                (Some(limit), Some(Some(cur))) => rate(cur)
                    .ok()
                    .and_then(|r| Money::from_decimal(limit).and_then(|m| convert_amount(m, r)).map(Money::to_decimal)),
                // A limit and no line, or lines in several currencies.
                (Some(limit), None) => Some(limit),
                _ => None,
            };
            c
        })
        .collect();
    Ok(Ledger { customers, invoices, labels: ledger.labels.clone(), snapshot_date: ledger.snapshot_date })
}

/// One line in `to`: its amount, its payments (each the change of the
/// rounded running total) or its open amount (the converted amount less
/// the converted amount paid).
fn convert_line(inv: &Invoice, rate: Decimal, to: Currency) -> Result<Invoice, Unavailable> {
    let conv = |m: Money| convert_amount(m, rate).ok_or(Unavailable::ConvertedTooLarge);
    let amount = conv(inv.amount)?;
    let settlement = match &inv.settlement {
        Settlement::Payments(ps) => {
            let mut out = Payments::new();
            let (mut paid, mut paid_converted) = (Money::ZERO, Money::ZERO);
            for p in ps {
                paid = paid.checked_add(p.amount).ok_or(Unavailable::ConvertedTooLarge)?;
                let now = conv(paid)?;
                out.push(Payment { date: p.date, amount: now - paid_converted });
                paid_converted = now;
            }
            Settlement::Payments(out)
        }
        Settlement::OpenAtSnapshot(open) => Settlement::OpenAtSnapshot(amount - conv(inv.amount - *open)?),
    };
    Ok(Invoice { amount, settlement, currency: to, ..inv.clone() })
}

/// The rates as a person reads them, in `lang`: "1 USD = 0.92 EUR, 1 GBP
/// = 1.17 EUR" ("1 USD = 0,92 EUR, ..." in French), the codes in order,
/// each rate exactly as typed (no rounding).
pub fn rates_text(to: &str, rates: &[(String, Decimal)], lang: Lang) -> String {
    let mut shown: Vec<(String, Decimal)> = rates_of(rates).into_iter().map(|(c, r)| (c.to_string(), r)).collect();
    shown.sort();
    shown
        .iter()
        .filter(|(c, _)| c != to)
        .map(|(c, r)| {
            let n = r.normalize().to_string();
            let n = if lang == Lang::Fr { n.replace('.', ",") } else { n };
            format!("1 {c} = {n} {to}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a converted export says of itself (its about sheet, its CSV
/// header): "Converted to EUR at 1 USD = 0.92 EUR, 1 GBP = 1.17 EUR; each
/// line rounded to the cent".
pub fn statement(to: &str, rates: &[(String, Decimal)], lang: Lang) -> String {
    let text = rates_text(to, rates, lang);
    match lang {
        Lang::Fr => format!("Converti en {to} au taux {text} ; chaque ligne arrondie au centime"),
        Lang::En => format!("Converted to {to} at {text}; each line rounded to the cent"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::analysis::kpi::{kpis, Period};
    use crate::domain::ledger::tests::{d, dec, inv, ledger, m};

    fn cur(code: &str) -> Currency {
        Currency::new(code).unwrap()
    }

    fn rates(pairs: &[(&str, &str)]) -> Vec<(String, Decimal)> {
        pairs.iter().map(|(c, r)| (c.to_string(), dec(r))).collect()
    }

    /// Three currencies into EUR at 1 USD = 0.92 EUR and 1 GBP = 1.17 EUR,
    /// every line rounded to the cent before anything is added.
    #[test]
    fn lines_are_converted_then_summed() {
        let mut usd = inv(0, "2026-03-01", "2026-03-31", "1000.05", None);
        usd.currency = cur("USD");
        let mut usd2 = inv(1, "2026-03-02", "2026-04-01", "333.33", None);
        usd2.currency = cur("USD");
        let mut gbp = inv(1, "2026-03-03", "2026-04-02", "250.10", None);
        gbp.currency = cur("GBP");
        let eur = inv(2, "2026-03-04", "2026-04-03", "99.99", None);
        let l = ledger(vec![usd, usd2, gbp, eur]);
        let c = converted(&l, cur("EUR"), &rates(&[("USD", "0.92"), ("GBP", "1.17")])).unwrap();
        // 1,000.05 x 0.92 = 920.046 -> 920.05; 333.33 x 0.92 = 306.6636 -> 306.66;
        // 250.10 x 1.17 = 292.617 -> 292.62; 99.99 as it is.
        let amounts: Vec<Money> = c.invoices.iter().map(|i| i.amount).collect();
        assert_eq!(amounts, [m("920.05"), m("306.66"), m("292.62"), m("99.99")]);
        assert!(c.invoices.iter().all(|i| i.currency == Currency::EUR));
        // AR = 920.05 + 306.66 + 292.62 + 99.99 = 1,619.32 (not the converted
        // sum of each currency's total: (1,333.38 x 0.92 = 1,226.71)).
        let k = kpis(&c, d("2026-03-31"), Period::D90);
        assert_eq!(k.get("ar_total"), Some(Ok(dec("1619.32"))));
        assert_eq!(k.sales, dec("1619.32"));
        // Halves go away from zero: 0.05 x 0.5 = 0.025 -> 0.03; -0.025 -> -0.03.
        assert_eq!(convert_amount(m("0.05"), dec("0.5")), Some(m("0.03")));
        assert_eq!(convert_amount(m("-0.05"), dec("0.5")), Some(m("-0.03")));
    }

    /// A missing rate makes the view unavailable, naming the currency,
    /// rather than leaving its lines out or adding them unconverted.
    #[test]
    fn a_missing_rate_converts_nothing() {
        let mut usd = inv(0, "2026-03-01", "2026-03-31", "100", None);
        usd.currency = cur("USD");
        let mut gbp = inv(0, "2026-03-01", "2026-03-31", "100", None);
        gbp.currency = cur("GBP");
        let l = ledger(vec![usd, gbp, inv(0, "2026-03-01", "2026-03-31", "100", None)]);
        let to = Currency::EUR;
        assert_eq!(converted(&l, to, &rates(&[("USD", "0.92")])), Err(Unavailable::NoRate(cur("GBP"))));
        // A rate of zero or below is no rate; a code that is no currency is ignored.
        assert_eq!(
            converted(&l, to, &rates(&[("USD", "0.92"), ("GBP", "0"), ("XX", "2")])),
            Err(Unavailable::NoRate(cur("GBP")))
        );
        assert_eq!(converted(&l, to, &[]), Err(Unavailable::NoRate(cur("GBP"))), "GBP before USD");
        // Beyond what an amount holds: said, not wrapped.
        assert_eq!(
            converted(&l, to, &rates(&[("USD", "100000000000000"), ("GBP", "1")])),
            Err(Unavailable::ConvertedTooLarge)
        );
    }

    /// Payments convert as changes of the rounded running total: 0.02 paid
    /// 0.01 + 0.01 at 0.25 is 0.01 paid in full (each payment rounded
    /// alone would be 0.00 + 0.00, leaving 0.01 open for ever).
    #[test]
    fn paid_in_full_stays_paid_in_full() {
        use crate::domain::ledger::Payment;
        let mut a = inv(0, "2026-03-01", "2026-03-31", "0.02", None);
        a.currency = cur("USD");
        a.add_payment(Payment { date: d("2026-03-10"), amount: m("0.01") });
        a.add_payment(Payment { date: d("2026-03-20"), amount: m("0.01") });
        let mut b = inv(0, "2026-03-01", "2026-03-31", "10.03", None);
        b.currency = cur("USD");
        b.add_payment(Payment { date: d("2026-03-10"), amount: m("5.01") });
        let mut snap = inv(1, "2026-03-01", "2026-03-31", "100.01", None);
        snap.currency = cur("USD");
        snap.settlement = Settlement::OpenAtSnapshot(m("40.01"));
        let l = ledger(vec![a, b, snap]);
        let c = converted(&l, Currency::EUR, &rates(&[("USD", "0.25")])).unwrap();
        // 0.02 x 0.25 = 0.005 -> 0.01; paid 0.01 -> 0.0025 -> 0.00, then 0.02 -> 0.01.
        assert_eq!(c.invoices[0].amount, m("0.01"));
        assert_eq!(c.invoices[0].payments().iter().map(|p| p.amount).collect::<Vec<_>>(), [m("0"), m("0.01")]);
        assert_eq!(c.invoices[0].open_at(d("2026-03-31")), dec("0"));
        assert_eq!(c.invoices[0].settled_date(), Some(d("2026-03-20")));
        // 10.03 x 0.25 = 2.5075 -> 2.51; 5.01 paid -> 1.2525 -> 1.25: 1.26 open.
        assert_eq!(c.invoices[1].open_at(d("2026-03-31")), dec("1.26"));
        // 100.01 -> 25.00 (25.0025); paid 60.00 -> 15.00: 10.00 open.
        assert_eq!(c.invoices[2].settlement, Settlement::OpenAtSnapshot(m("10")));
    }

    #[test]
    fn credit_limits_follow_their_customers_currency() {
        let mut a = inv(0, "2026-03-01", "2026-03-31", "100", None);
        a.currency = cur("USD");
        let mut b = inv(1, "2026-03-01", "2026-03-31", "100", None);
        b.currency = cur("USD");
        let c = inv(1, "2026-03-01", "2026-03-31", "100", None);
        let mut l = ledger(vec![a, b, c, inv(2, "2026-03-01", "2026-03-31", "5", None)]);
        for cust in &mut l.customers {
            cust.credit_limit = Some(dec("1000"));
        }
        let c = converted(&l, Currency::EUR, &rates(&[("USD", "0.92")])).unwrap();
        let limits: Vec<Option<Decimal>> = c.customers.iter().map(|c| c.credit_limit).collect();
        assert_eq!(limits, [Some(dec("920")), None, Some(dec("1000"))]);
    }

    #[test]
    fn the_rates_as_read() {
        let r = rates(&[("GBP", "1.170"), ("USD", "0.92"), ("EUR", "1")]);
        assert_eq!(rates_text("EUR", &r, Lang::En), "1 GBP = 1.17 EUR, 1 USD = 0.92 EUR");
        assert_eq!(
            statement("EUR", &r, Lang::Fr),
            "Converti en EUR au taux 1 GBP = 1,17 EUR, 1 USD = 0,92 EUR ; chaque ligne arrondie au centime"
        );
    }
}
