//! The aged balance's questions: the balance is computed once per date,
//! selection, grouping, buckets and basis and kept; opening a row, sorting,
//! searching or showing more rows only reads it.

use super::protocol::{AgedAnswer, AgedColumn, AgedQuery, AgedRowView, AgedView, InvoiceLine, Selection};
use super::{remember, Engine};
use crate::domain::analysis::kpi::aging::{
    aged_balance_by, open_invoices_in, AgeBasis, AgedBalance, AgedRow, Buckets, Group, GroupBy,
};
use crate::domain::analysis::kpi::Unavailable;
use crate::domain::ledger::View;
use chrono::NaiveDate;

/// What makes an aged balance (not which of its rows are shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct AgedKey {
    as_of: NaiveDate,
    selection: Selection,
    group_by: GroupBy,
    buckets: Buckets,
    basis: AgeBasis,
}

impl Engine {
    /// The aged balance for a query: the balance is computed once per date,
    /// selection, grouping and buckets; opening a row or showing more rows
    /// only reads it.
    pub fn aged(&mut self, q: &AgedQuery) -> AgedAnswer {
        let key = AgedKey {
            as_of: q.as_of,
            selection: q.selection.clone(),
            group_by: q.group_by,
            buckets: q.buckets.clone(),
            basis: q.basis,
        };
        self.select(&q.selection);
        let view = match self.view() {
            Ok(view) => view,
            Err(e) => return AgedAnswer { aged: Err(e), compute_ms: 0 },
        };
        if !self.aged_balances.iter().any(|(k, _)| *k == key) {
            let balance = aged_balance_by(view, q.as_of, &q.buckets, q.group_by, q.basis);
            remember(&mut self.aged_balances, key.clone(), balance);
        }
        let Ok(view) = self.view() else {
            return AgedAnswer { aged: Err(Unavailable::NothingToAverage), compute_ms: 0 };
        };
        let aged = match self.aged_balances.iter().find(|(k, _)| *k == key) {
            Some((_, Ok(balance))) => Ok(view_of(view, balance, q)),
            Some((_, Err(e))) => Err(*e),
            None => Err(Unavailable::NothingToAverage),
        };
        AgedAnswer { aged, compute_ms: 0 }
    }
}

/// The rows of an aged balance that `q` asks for, in its order: those
/// whose label holds `q.search`, sorted by `q.sort`, from `q.first`, at
/// most `q.rows`; with their labels and the invoices of the expanded ones.
fn view_of(ledger: View<'_>, a: &AgedBalance, q: &AgedQuery) -> AgedView {
    let label = |r: &AgedRow| r.group.label(&ledger);
    let needle = q.search.trim().to_lowercase();
    // The balance is kept largest first; only another order or a search
    // makes a list of its rows.
    let mut kept: Vec<&AgedRow> = if needle.is_empty() {
        a.rows.iter().collect()
    } else {
        a.rows.iter().filter(|r| label(r).is_some_and(|l| l.to_lowercase().contains(&needle))).collect()
    };
    let by_label = |x: &&AgedRow, y: &&AgedRow| label(x).cmp(&label(y));
    match q.sort.column {
        AgedColumn::Total => {}
        AgedColumn::Label => kept.sort_by(by_label),
        AgedColumn::Bucket(i) => kept.sort_by(|x, y| {
            let v = |r: &AgedRow| r.buckets.get(i).copied().unwrap_or_default();
            v(y).cmp(&v(x)).then_with(|| by_label(x, y))
        }),
        AgedColumn::Count => {
            kept.sort_by(|x, y| y.open_invoices.cmp(&x.open_invoices).then_with(|| by_label(x, y)));
        }
    }
    // Labels read A to Z by default; amounts the largest first.
    let natural_ascending = q.sort.column == AgedColumn::Label;
    if q.sort.ascending != natural_ascending {
        kept.reverse();
    }
    let first = q.first.min(kept.len());
    let rows = kept[first..]
        .iter()
        .take(q.rows)
        .map(|r| AgedRowView {
            group: r.group,
            label: r.group.label(&ledger),
            customer_id: match r.group {
                Group::Customer(c) => Some(ledger.customer(c).id.clone()),
                Group::Label(_) => None,
            },
            buckets: r.buckets.clone(),
            total: r.total,
            open_invoices: r.open_invoices,
            invoices: q.expanded.contains(&r.group).then(|| {
                open_invoices_in(ledger, q.as_of, q.group_by, r.group)
                    .into_iter()
                    .map(|(inv, open)| InvoiceLine {
                        id: inv.id.to_string(),
                        invoice_date: inv.invoice_date,
                        due_date: inv.due_date,
                        bucket: q.buckets.index(q.basis.age(inv, q.as_of)),
                        open,
                    })
                    .collect()
            }),
        })
        .collect();
    AgedView {
        buckets: a.buckets.clone(),
        group_by: a.group_by,
        basis: q.basis,
        rows,
        first,
        n_rows: kept.len(),
        all_rows: a.rows.len(),
        totals: a.totals.clone(),
        total: a.total,
    }
}
