//! The aged balance ("balance âgée"), kpi.md "Aged balance": open amounts
//! at t in buckets of days past due, by customer. Every row's buckets sum
//! exactly to its total and the rows sum exactly to AR(t).

use super::outstanding::known_at;
use super::Unavailable;
use crate::domain::ledger::money::Total;
use crate::domain::ledger::{CustomerIx, Invoice, LabelIx, Ledger, View};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Age buckets as their upper bounds in days past due: `[0, 30, 60, 90]`
/// means not due (<= 0), 1-30, 31-60, 61-90 and over 90.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Vec<i64>")]
pub struct Buckets(Vec<i64>);

/// Buckets read from a message are checked as those built here.
impl TryFrom<Vec<i64>> for Buckets {
    type Error = &'static str;

    fn try_from(bounds: Vec<i64>) -> Result<Buckets, &'static str> {
        Buckets::new(bounds).ok_or("bucket bounds must increase from 0")
    }
}

impl Buckets {
    /// Buckets from strictly increasing upper bounds, the first >= 0.
    pub fn new(bounds: Vec<i64>) -> Option<Buckets> {
        let ok = !bounds.is_empty() && bounds[0] >= 0 && bounds.windows(2).all(|w| w[0] < w[1]);
        ok.then_some(Buckets(bounds))
    }

    /// Buckets typed by a user as the upper bounds of the overdue buckets:
    /// "30, 60, 90" (also with `;` or spaces) gives not due, 1-30, 31-60,
    /// 61-90 and over 90. Strictly increasing whole days above 0, at most 12.
    pub fn parse(text: &str) -> Option<Buckets> {
        let days: Vec<i64> = text
            .split([',', ';', ' ', '/'])
            .filter(|p| !p.trim().is_empty())
            .map(|p| p.trim().parse::<i64>().ok())
            .collect::<Option<_>>()?;
        if days.is_empty() || days.len() > 12 || days[0] <= 0 {
            return None;
        }
        Buckets::new(std::iter::once(0).chain(days).collect())
    }

    /// The overdue bounds as a user types them: "30, 60, 90".
    pub fn describe(&self) -> String {
        self.0.iter().skip(1).map(i64::to_string).collect::<Vec<_>>().join(", ")
    }

    pub fn bounds(&self) -> &[i64] {
        &self.0
    }

    /// How many buckets (one more than bounds).
    pub fn len(&self) -> usize {
        self.0.len() + 1
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// The bucket of an age in days.
    pub fn index(&self, age: i64) -> usize {
        self.0.iter().position(|&b| age <= b).unwrap_or(self.0.len())
    }

    /// Each bucket's (low, high) days, `None` meaning unbounded; the first
    /// bucket is "not due" (age <= first bound).
    pub fn ranges(&self) -> Vec<(Option<i64>, Option<i64>)> {
        let mut v = Vec::with_capacity(self.len());
        v.push((None, Some(self.0[0])));
        for w in self.0.windows(2) {
            v.push((Some(w[0] + 1), Some(w[1])));
        }
        v.push((Some(self.0[self.0.len() - 1] + 1), None));
        v
    }
}

impl Default for Buckets {
    fn default() -> Self {
        Buckets(vec![0, 30, 60, 90])
    }
}

/// What the rows of an aged balance are (kpi.md: by customer, division,
/// sales rep and dispute reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum GroupBy {
    #[default]
    Customer,
    Division,
    SalesRep,
    DisputeReason,
}

impl GroupBy {
    pub const ALL: [GroupBy; 4] = [GroupBy::Customer, GroupBy::Division, GroupBy::SalesRep, GroupBy::DisputeReason];

    /// The name used in the page (`data-group`, the select's values).
    pub fn key(self) -> &'static str {
        match self {
            GroupBy::Customer => "customer",
            GroupBy::Division => "division",
            GroupBy::SalesRep => "sales_rep",
            GroupBy::DisputeReason => "dispute_reason",
        }
    }

    pub fn from_key(k: &str) -> Option<GroupBy> {
        GroupBy::ALL.into_iter().find(|g| g.key() == k)
    }

    fn of(self, inv: &Invoice) -> Group {
        match self {
            GroupBy::Customer => Group::Customer(inv.customer),
            GroupBy::Division => Group::Label(inv.division),
            GroupBy::SalesRep => Group::Label(inv.sales_rep),
            GroupBy::DisputeReason => Group::Label(inv.dispute_reason),
        }
    }
}

/// The key of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Group {
    Customer(CustomerIx),
    /// A division, sales rep or dispute reason; `None` where the invoice has none.
    Label(Option<LabelIx>),
}

impl Group {
    /// The row's text, `None` for an invoice without that label (or a
    /// payment without a customer).
    pub fn label(self, ledger: &Ledger) -> Option<String> {
        match self {
            // Unapplied cash with no customer named has none.
            Group::Customer(c) => Some(ledger.customer(c)).filter(|c| !c.id.is_empty()).map(|c| c.label()),
            Group::Label(l) => l.map(|ix| ledger.label(ix).to_string()),
        }
    }
}

/// One row: a customer, division, sales rep or dispute reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgedRow {
    pub group: Group,
    pub buckets: Vec<Decimal>,
    pub total: Decimal,
    pub open_invoices: u32,
}

/// The aged balance at t.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgedBalance {
    pub buckets: Buckets,
    pub group_by: GroupBy,
    /// Largest total first.
    pub rows: Vec<AgedRow>,
    pub totals: Vec<Decimal>,
    pub total: Decimal,
}

/// Ages each open amount at `t` by days past due (t - due date) and sums by
/// customer.
pub fn aged_balance_by_customer<'a>(
    ledger: impl Into<View<'a>>,
    t: NaiveDate,
    buckets: &Buckets,
) -> Result<AgedBalance, Unavailable> {
    let ledger: View<'a> = ledger.into();
    aged_balance(ledger, t, buckets, GroupBy::Customer)
}

/// What an open amount's age is counted from (kpi.md "Aged balance"):
/// its due date (days past due, the default) or its invoice date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum AgeBasis {
    #[default]
    DueDate,
    InvoiceDate,
}

impl AgeBasis {
    pub const ALL: [AgeBasis; 2] = [AgeBasis::DueDate, AgeBasis::InvoiceDate];

    /// The name used in the page (the select's values).
    pub fn key(self) -> &'static str {
        match self {
            AgeBasis::DueDate => "due_date",
            AgeBasis::InvoiceDate => "invoice_date",
        }
    }

    pub fn from_key(k: &str) -> Option<AgeBasis> {
        AgeBasis::ALL.into_iter().find(|b| b.key() == k)
    }

    /// The age of `inv` at `t` in days: t - due date, or t - invoice date.
    pub fn age(self, inv: &Invoice, t: NaiveDate) -> i64 {
        match self {
            AgeBasis::DueDate => inv.dpd(t),
            AgeBasis::InvoiceDate => (t - inv.invoice_date).num_days(),
        }
    }
}

/// Ages each open amount at `t` by days past due and sums by `group_by`.
pub fn aged_balance<'a>(
    ledger: impl Into<View<'a>>,
    t: NaiveDate,
    buckets: &Buckets,
    group_by: GroupBy,
) -> Result<AgedBalance, Unavailable> {
    aged_balance_by(ledger, t, buckets, group_by, AgeBasis::DueDate)
}

/// Ages each open amount at `t` from its due or invoice date (`basis`) and
/// sums by `group_by`.
pub fn aged_balance_by<'a>(
    ledger: impl Into<View<'a>>,
    t: NaiveDate,
    buckets: &Buckets,
    group_by: GroupBy,
    basis: AgeBasis,
) -> Result<AgedBalance, Unavailable> {
    let ledger: View<'a> = ledger.into();
    known_at(ledger, t)?; // same availability as AR(t)
                          // Sums in a dense table, a row per customer (or per label, "none"
                          // first) and a column per bucket: no hashing per invoice.
    let k = buckets.len();
    let n = match group_by {
        GroupBy::Customer => ledger.customers.len(),
        _ => ledger.labels.len() + 1,
    };
    let slot = |group: Group| match group {
        Group::Customer(c) => c as usize,
        Group::Label(l) => l.map_or(0, |ix| ix as usize + 1),
    };
    let mut sums = vec![Total::ZERO; n * k];
    let mut counts = vec![0u32; n];
    for inv in ledger.items() {
        let open = inv.open_at(t);
        if open.is_zero() {
            continue;
        }
        let g = slot(group_by.of(inv));
        if g >= n {
            continue;
        }
        sums[g * k + buckets.index(basis.age(inv, t))] += open;
        counts[g] += 1;
    }
    let group_of = |g: usize| match group_by {
        GroupBy::Customer => Group::Customer(g as CustomerIx),
        _ => Group::Label(g.checked_sub(1).map(|ix| ix as LabelIx)),
    };
    let mut totals = vec![Decimal::ZERO; k];
    let rows: Vec<AgedRow> = (0..n)
        .filter(|g| counts[*g] > 0)
        .map(|g| {
            let row: Vec<Decimal> = sums[g * k..(g + 1) * k].iter().map(|s| s.to_decimal()).collect();
            for (t, v) in totals.iter_mut().zip(&row) {
                *t += *v;
            }
            AgedRow { group: group_of(g), total: row.iter().sum(), buckets: row, open_invoices: counts[g] }
        })
        .collect();
    let total: Decimal = totals.iter().sum();
    // Largest first; equal totals (few) by label, made only for them.
    let mut rows = rows;
    rows.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.group.label(&ledger).cmp(&b.group.label(&ledger))));
    Ok(AgedBalance { buckets: buckets.clone(), group_by, rows, totals, total })
}

/// The open invoices of one row at `t`, the oldest due date first: what a
/// row of the aged balance expands to.
pub fn open_invoices_in<'a>(
    ledger: impl Into<View<'a>>,
    t: NaiveDate,
    group_by: GroupBy,
    group: Group,
) -> Vec<(&'a Invoice, Decimal)> {
    let ledger: View<'a> = ledger.into();
    let mut v: Vec<(&Invoice, Decimal)> = ledger
        .items()
        .filter(|inv| group_by.of(inv) == group)
        .map(|inv| (inv, inv.open_at(t).to_decimal()))
        .filter(|(_, open)| !open.is_zero())
        .collect();
    v.sort_by(|a, b| a.0.due_date.cmp(&b.0.due_date).then_with(|| a.0.id.cmp(&b.0.id)));
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::tests::{d, dec, inv, ledger, m};

    #[test]
    fn by_division_with_unlabelled_invoices_and_expanded_rows() {
        let t = d("2026-03-31");
        let mut l = ledger(vec![
            inv(0, "2026-03-01", "2026-03-31", "100", None),
            inv(1, "2026-01-01", "2026-01-31", "200", None),
            inv(1, "2026-02-01", "2026-03-01", "50", None),
            inv(2, "2026-02-01", "2026-03-03", "70", None),
        ]);
        l.labels = vec!["Nord".into(), "Sud".into()];
        l.invoices[0].division = Some(0);
        l.invoices[1].division = Some(1);
        l.invoices[2].division = Some(1);
        let a = aged_balance(&l, t, &Buckets::default(), GroupBy::Division).unwrap();
        let rows: Vec<(Option<String>, Decimal)> = a.rows.iter().map(|r| (r.group.label(&l), r.total)).collect();
        assert_eq!(rows, vec![(Some("Sud".into()), dec("250")), (Some("Nord".into()), dec("100")), (None, dec("70"))]);
        assert_eq!(a.total, dec("420"));
        let sud = open_invoices_in(&l, t, GroupBy::Division, Group::Label(Some(1)));
        assert_eq!(
            sud.iter().map(|(i, o)| (i.amount, *o)).collect::<Vec<_>>(),
            vec![(m("200"), dec("200")), (m("50"), dec("50"))]
        );
        assert_eq!(GroupBy::from_key("sales_rep"), Some(GroupBy::SalesRep));
    }

    #[test]
    fn bucket_edges() {
        let b = Buckets::default();
        assert_eq!([-5, 0, 1, 30, 31, 60, 61, 90, 91, 400].map(|a| b.index(a)), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
        assert_eq!(b.ranges()[0], (None, Some(0)));
        assert_eq!(b.ranges()[4], (Some(91), None));
        assert!(Buckets::new(vec![30, 30]).is_none());
        assert_eq!(Buckets::parse("30, 60, 90"), Some(Buckets::default()));
        assert_eq!(Buckets::parse(" 15;45 120 "), Buckets::new(vec![0, 15, 45, 120]));
        assert_eq!(Buckets::default().describe(), "30, 60, 90");
        for bad in ["", "30, 30", "60, 30", "0, 30", "-5", "trente", "1,2,3,4,5,6,7,8,9,10,11,12,13"] {
            assert_eq!(Buckets::parse(bad), None, "{bad:?}");
        }
        assert!(Buckets::new(vec![-1]).is_none());
    }

    #[test]
    fn aged_by_invoice_date() {
        let t = d("2026-03-31");
        let l = ledger(vec![
            // Invoiced 30 days before t, due at t: 30 days old, not due.
            inv(0, "2026-03-01", "2026-03-31", "100", None),
            // Invoiced 89 days before t, due 59 days before.
            inv(1, "2026-01-01", "2026-01-31", "200", None),
        ]);
        let by_due = aged_balance_by(&l, t, &Buckets::default(), GroupBy::Customer, AgeBasis::DueDate).unwrap();
        assert_eq!(by_due.totals, vec![dec("100"), dec("0"), dec("200"), dec("0"), dec("0")]);
        let by_inv = aged_balance_by(&l, t, &Buckets::default(), GroupBy::Customer, AgeBasis::InvoiceDate).unwrap();
        assert_eq!(by_inv.totals, vec![dec("0"), dec("100"), dec("0"), dec("200"), dec("0")]);
        assert_eq!(by_inv.total, by_due.total);
        assert_eq!(AgeBasis::from_key("invoice_date"), Some(AgeBasis::InvoiceDate));
    }

    #[test]
    fn rows_and_buckets_sum_exactly() {
        let t = d("2026-03-31");
        let l = ledger(vec![
            inv(0, "2026-03-01", "2026-03-31", "100.10", None), // dpd 0: not due
            inv(0, "2026-02-01", "2026-03-01", "200.20", None), // dpd 30
            inv(1, "2025-12-01", "2025-12-31", "300.30", None), // dpd 90
            inv(1, "2025-11-01", "2025-12-30", "400.40", None), // dpd 91
            inv(1, "2026-02-15", "2026-03-17", "-50", None),    // dpd 14: credit note
            inv(2, "2026-01-01", "2026-01-31", "999", Some("2026-03-01")),
        ]);
        let a = aged_balance_by_customer(&l, t, &Buckets::default()).unwrap();
        assert_eq!(a.totals, vec![dec("100.10"), dec("150.20"), dec("0"), dec("300.30"), dec("400.40")]);
        assert_eq!(a.total, dec("951.00"));
        assert_eq!(a.rows.len(), 2, "the settled customer has no row");
        assert_eq!(a.rows[0].group, Group::Customer(1), "largest first");
        for r in &a.rows {
            assert_eq!(r.buckets.iter().copied().sum::<Decimal>(), r.total);
        }
        assert_eq!(a.rows.iter().map(|r| r.total).sum::<Decimal>(), a.total);
    }
}
