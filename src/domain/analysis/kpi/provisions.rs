//! Provisions for doubtful receivables, kpi.md "Provisions": a rate per
//! age bucket (editable), provision = sum of open x the rate of its bucket.

use super::aging::Buckets;
use super::outstanding::known_at;
use super::Figure;
use crate::domain::ledger::money::{Money, Total};
use crate::domain::ledger::View;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Rates in percent, one per bucket of `buckets` (checked when read from
/// a message too).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RatesMessage")]
pub struct ProvisionRates {
    pub buckets: Buckets,
    pub rates: Vec<Decimal>,
}

/// Provision rates as a message carries them, before they are checked.
#[derive(Deserialize)]
struct RatesMessage {
    buckets: Buckets,
    rates: Vec<Decimal>,
}

impl TryFrom<RatesMessage> for ProvisionRates {
    type Error = &'static str;

    fn try_from(m: RatesMessage) -> Result<ProvisionRates, &'static str> {
        ProvisionRates::new(m.buckets, m.rates).ok_or("one rate between 0 and 100 per bucket")
    }
}

impl ProvisionRates {
    /// Rates for buckets, one each, between 0 and 100.
    pub fn new(buckets: Buckets, rates: Vec<Decimal>) -> Option<ProvisionRates> {
        let ok =
            rates.len() == buckets.len() && rates.iter().all(|r| *r >= Decimal::ZERO && *r <= Decimal::ONE_HUNDRED);
        ok.then_some(ProvisionRates { buckets, rates })
    }
}

impl Default for ProvisionRates {
    /// Not due 0%, 1-90 days 0%, 91-180 25%, 181-270 50%, 271-360 75%, over 360 100%.
    fn default() -> Self {
        ProvisionRates {
            buckets: Buckets::new(vec![0, 90, 180, 270, 360]).unwrap_or_default(),
            rates: [0, 0, 25, 50, 75, 100].map(Decimal::from).to_vec(),
        }
    }
}

/// The provision at t: sum of open x rate / 100, each invoice in the bucket
/// of its days past due. Unavailable where AR(t) is.
pub fn provision_total<'a>(ledger: impl Into<View<'a>>, t: NaiveDate, rates: &ProvisionRates) -> Figure {
    let ledger: View<'a> = ledger.into();
    known_at(ledger, t)?;
    let mut sums = ProvisionSums::new(rates);
    for inv in ledger.items() {
        sums.add(inv.open_at(t), inv.dpd(t));
    }
    Ok(sums.finish())
}

/// Open amounts summed per bucket in one pass (shared with `kpis`), then
/// each sum times its rate: the same exact figure as a rate per invoice.
pub(crate) struct ProvisionSums<'r> {
    rates: &'r ProvisionRates,
    per_bucket: Vec<Total>,
}

impl<'r> ProvisionSums<'r> {
    pub(crate) fn new(rates: &'r ProvisionRates) -> Self {
        ProvisionSums { rates, per_bucket: vec![Total::ZERO; rates.rates.len()] }
    }

    /// A line open by `open`, `dpd` days past due.
    pub(crate) fn add(&mut self, open: Money, dpd: i64) {
        if !open.is_zero() {
            if let Some(sum) = self.per_bucket.get_mut(self.rates.buckets.index(dpd)) {
                *sum += open;
            }
        }
    }

    /// The open amount of each band.
    pub(crate) fn per_band(&self) -> Vec<Decimal> {
        self.per_bucket.iter().map(|s| s.to_decimal()).collect()
    }

    pub(crate) fn finish(self) -> Decimal {
        self.per_bucket.iter().zip(&self.rates.rates).map(|(sum, rate)| sum.to_decimal() * rate).sum::<Decimal>()
            / Decimal::ONE_HUNDRED
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::tests::{d, dec, inv, ledger};

    #[test]
    fn provisions_by_hand() {
        let t = d("2026-12-31");
        let l = ledger(vec![
            inv(0, "2026-12-01", "2026-12-31", "1000", None), // not due: 0%
            inv(0, "2026-09-01", "2026-10-02", "1000", None), // 90 days: 0%
            inv(0, "2026-08-01", "2026-10-01", "1000", None), // 91 days: 25%
            inv(0, "2026-03-01", "2026-04-05", "1000", None), // 270 days: 50%
            inv(0, "2026-01-01", "2026-01-05", "1000", None), // 360 days: 75%
            inv(0, "2025-01-01", "2025-01-31", "1000", None), // over 360: 100%
        ]);
        assert_eq!(provision_total(&l, t, &ProvisionRates::default()), Ok(dec("2500")));
        assert!(ProvisionRates::new(Buckets::default(), vec![dec("10"); 2]).is_none());
    }
}
