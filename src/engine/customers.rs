//! The customers table's question: one page of it (sorted, searched and
//! cut here, so the page receives only the rows it shows). The table is
//! kept until the date, the selection or the thresholds change, so that
//! turning a page costs nothing.

use super::protocol::{CustomerColumn, CustomerLine, CustomersAnswer, CustomersQuery, Selection, TOP_OVERDUE};
use super::Engine;
use crate::domain::analysis::behaviour::{customer_rows, payment_delays, CustomerRow, CustomerTable, Thresholds};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// The latest customers table: its date, selection and thresholds.
pub(super) type Kept = Option<(NaiveDate, Selection, Thresholds, CustomerTable)>;

impl Engine {
    /// One page of the customers table for `q`.
    pub fn customers(&mut self, q: &CustomersQuery) -> CustomersAnswer {
        self.select(&q.selection);
        let kept = self.customers.take();
        let view = match self.view() {
            Ok(view) => view,
            Err(e) => {
                return CustomersAnswer {
                    currency: q.selection.currency.clone(),
                    rows: Vec::new(),
                    total_rows: 0,
                    top20_overdue: Vec::new(),
                    over_limit_count: 0,
                    company: CustomerRow::default(),
                    delays: None,
                    unavailable: Some(e),
                    compute_ms: 0,
                }
            }
        };
        let table = match kept {
            Some((t, s, th, table)) if t == q.as_of && s == q.selection && th == q.thresholds => table,
            _ => customer_rows(view, q.as_of, &q.thresholds),
        };
        let ledger = view.ledger();
        let label =
            |row: &CustomerRow| ledger.customers.get(row.customer as usize).map(|c| c.label()).unwrap_or_default();
        let line = |row: &CustomerRow| CustomerLine {
            customer_id: ledger.customers.get(row.customer as usize).map(|c| c.id.clone()).unwrap_or_default(),
            label: label(row),
            row: row.clone(),
        };
        let needle = q.search.trim().to_lowercase();
        let mut picked: Vec<Listed> = table
            .rows
            .iter()
            .map(|r| {
                let l = label(r);
                let lower = l.to_lowercase();
                (r, l, lower)
            })
            .filter(|(r, _, lower)| {
                needle.is_empty()
                    || lower.contains(&needle)
                    || ledger.customers.get(r.customer as usize).is_some_and(|c| c.id.to_lowercase().contains(&needle))
            })
            .collect();
        let (column, descending) = q.sort;
        picked.sort_by(|a, b| compare(a, b, column, descending));
        let mut by_overdue: Vec<&CustomerRow> = table.rows.iter().filter(|r| r.overdue > Decimal::ZERO).collect();
        by_overdue.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.customer.cmp(&b.customer)));
        let delays = q.delays_of.as_ref().map(|code| {
            match ledger.customers.iter().position(|c| c.id == *code || c.label() == *code) {
                Some(ix) => payment_delays(view, ix as u32, q.as_of),
                None => Vec::new(),
            }
        });
        let answer = CustomersAnswer {
            currency: q.selection.currency.clone(),
            rows: picked.iter().skip(q.first).take(q.rows).map(|(r, _, _)| line(r)).collect(),
            total_rows: picked.len(),
            top20_overdue: by_overdue.into_iter().take(TOP_OVERDUE).map(line).collect(),
            over_limit_count: table.rows.iter().filter(|r| r.overrun.is_some()).count(),
            company: table.company.clone(),
            delays,
            unavailable: None,
            compute_ms: 0,
        };
        self.customers = Some((q.as_of, q.selection.clone(), q.thresholds.clone(), table));
        answer
    }
}

/// A row being listed: the row, its label and the label in lower case.
type Listed<'a> = (&'a CustomerRow, String, String);

/// The order of two rows by `column`: missing figures last whichever the
/// direction, then by label, then by customer index (a stable page order).
fn compare(a: &Listed, b: &Listed, column: CustomerColumn, descending: bool) -> Ordering {
    let (ra, rb) = (a.0, b.0);
    let key = |f: fn(&CustomerRow) -> Option<Decimal>| missing_last(f(ra), f(rb), descending);
    let by = match column {
        CustomerColumn::Customer => directed(a.2.cmp(&b.2), descending),
        CustomerColumn::Rating => missing_last(ra.rating, rb.rating, descending),
        CustomerColumn::Open => key(|r| Some(r.open)),
        CustomerColumn::Overdue => key(|r| Some(r.overdue)),
        CustomerColumn::AvgDaysLate => key(|r| r.avg_days_late),
        CustomerColumn::MedianDaysLate => key(|r| r.median_days_late),
        CustomerColumn::Spread => key(|r| r.spread),
        CustomerColumn::OnTimeRate => key(|r| r.on_time_rate),
        CustomerColumn::Adp => key(|r| r.adp),
        CustomerColumn::Trend => key(|r| r.trend),
        CustomerColumn::CreditLimit => key(|r| r.credit_limit),
        CustomerColumn::Overrun => key(|r| r.overrun),
        CustomerColumn::OpenInvoices => key(|r| Some(Decimal::from(r.open_invoices))),
        CustomerColumn::IssuedInYear => key(|r| Some(Decimal::from(r.issued_in_year))),
    };
    by.then_with(|| a.2.cmp(&b.2)).then(ra.customer.cmp(&rb.customer))
}

fn directed(o: Ordering, descending: bool) -> Ordering {
    if descending {
        o.reverse()
    } else {
        o
    }
}

/// Compares two optional values in the asked direction, `None` last.
fn missing_last<T: Ord>(x: Option<T>, y: Option<T>, descending: bool) -> Ordering {
    match (x, y) {
        (Some(x), Some(y)) => directed(x.cmp(&y), descending),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::tests::{d, dec};
    use crate::engine::forecast::tests::{engine, eur};
    use crate::engine::protocol::*;

    fn customers_query(sort: (CustomerColumn, bool), search: &str, first: usize, rows: usize) -> CustomersQuery {
        CustomersQuery {
            as_of: d("2026-06-30"),
            selection: eur(),
            thresholds: Thresholds::default(),
            sort,
            search: search.into(),
            first,
            rows,
            delays_of: None,
        }
    }

    #[test]
    fn customers_sorted_searched_and_paged_through_json() {
        let mut engine = engine();
        let q = customers_query((CustomerColumn::Open, true), "", 0, 2);
        let request = Request::Customers { id: 5, query: Box::new(q) };
        let Some(Request::Customers { id, query: q }) = decode::<Request>(&encode(&request)) else { panic!("decodes") };
        let answer = Response::Customers { id, answer: Box::new(engine.customers(&q)) };
        let Some(Response::Customers { id: 5, answer: a }) = decode_answer(&encode_answer(&answer)) else {
            panic!("decodes")
        };
        let ids = |a: &CustomersAnswer| a.rows.iter().map(|l| l.customer_id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&a), vec!["Alpha", "Gamma"], "1,000, 700, then Beta 360 on the next page");
        assert_eq!((a.total_rows, a.over_limit_count, a.company.open), (3, 1, dec("2060")));
        assert_eq!(
            a.top20_overdue.iter().map(|l| (l.customer_id.as_str(), l.row.overdue)).collect::<Vec<_>>(),
            vec![("Gamma", dec("700")), ("Beta", dec("360"))]
        );
        let next = engine.customers(&customers_query((CustomerColumn::Open, true), "", 2, 2));
        assert_eq!(ids(&next), vec!["Beta"]);
        // Ascending by days late: Alpha's own 10; Beta and Gamma on the company's 10 too, by label.
        let by_late = engine.customers(&customers_query((CustomerColumn::AvgDaysLate, false), "", 0, 10));
        assert_eq!(ids(&by_late), vec!["Alpha", "Beta", "Gamma"]);
        assert!(by_late.rows[1].row.company_figures && !by_late.rows[0].row.company_figures);
        // Missing figures last both ways: only Gamma has an overrun.
        let by_overrun = engine.customers(&customers_query((CustomerColumn::Overrun, false), "", 0, 10));
        assert_eq!(ids(&by_overrun)[0], "Gamma");
        let by_rating = engine.customers(&customers_query((CustomerColumn::Rating, true), "", 0, 10));
        assert_eq!(ids(&by_rating), vec!["Alpha", "Beta", "Gamma"], "only Alpha is rated");
        let by_name = engine.customers(&customers_query((CustomerColumn::Customer, true), "", 0, 10));
        assert_eq!(ids(&by_name), vec!["Gamma", "Beta", "Alpha"]);
        // Search, any case, on the code or label.
        let found = engine.customers(&customers_query((CustomerColumn::Open, true), "GAM", 0, 10));
        assert_eq!((ids(&found), found.total_rows), (vec!["Gamma".to_string()], 1));
        // A customer's delays come with the page.
        let with_delays = engine.customers(&CustomersQuery {
            delays_of: Some("Alpha".into()),
            ..customers_query((CustomerColumn::Open, true), "", 0, 1)
        });
        let delays = with_delays.delays.expect("Alpha's delays");
        assert_eq!(delays.iter().filter_map(|p| p.days_late).collect::<Vec<_>>(), vec![dec("10"); 3]);
    }
}
