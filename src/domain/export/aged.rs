//! The aged balance and the open invoices as tables, with the buckets'
//! titles in French or English.

use super::{column, Cell, Kind, Table};
use crate::domain::analysis::kpi::aging::{AgedBalance, Buckets, Group, GroupBy};
use crate::domain::analysis::kpi::outstanding::known_at;
use crate::domain::analysis::kpi::Unavailable;
use crate::domain::lang::Lang;
use crate::domain::ledger::{ItemKind, View};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The buckets' titles: "Non échu", "1-30 j", ..., "Plus de 90 j".
pub fn bucket_titles(buckets: &Buckets, lang: Lang) -> Vec<String> {
    let w = words(lang);
    buckets
        .ranges()
        .into_iter()
        .map(|range| match range {
            (None, _) => w.not_due.to_string(),
            (Some(low), Some(high)) => format!("{low}-{high} {}", w.days),
            (Some(low), None) => format!("{} {} {}", w.over, low - 1, w.days),
        })
        .collect()
}

/// The title of a grouping's column.
fn group_title(group_by: GroupBy, lang: Lang) -> &'static str {
    let w = words(lang);
    match group_by {
        GroupBy::Customer => w.customer,
        GroupBy::Division => w.division,
        GroupBy::SalesRep => w.sales_rep,
        GroupBy::DisputeReason => w.dispute_reason,
    }
}

/// Every row of an aged balance (kpi.md "Aged balance"): its label, its
/// buckets, its total and its open invoices, then a total row, which sums
/// exactly to AR(t) as the rows do.
pub fn aged_balance_table<'a>(ledger: impl Into<View<'a>>, a: &AgedBalance, lang: Lang) -> Table {
    let ledger: View<'a> = ledger.into();
    let w = words(lang);
    let mut columns = vec![column(group_title(a.group_by, lang), Kind::Text)];
    columns.extend(bucket_titles(&a.buckets, lang).into_iter().map(|t| column(t, Kind::Money)));
    columns.push(column(w.total, Kind::Money));
    columns.push(column(w.open_invoices, Kind::Number));
    let label = |g: Group| match (g, g.label(&ledger)) {
        (_, Some(l)) => l,
        (Group::Customer(_), None) => w.unnamed.to_string(),
        (Group::Label(_), None) => w.none.to_string(),
    };
    let mut rows: Vec<Vec<Cell>> = a
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![Cell::Text(label(r.group))];
            row.extend(r.buckets.iter().map(|v| Cell::Money(*v)));
            row.push(Cell::Money(r.total));
            row.push(Cell::Number(Decimal::from(r.open_invoices)));
            row
        })
        .collect();
    let mut total = vec![Cell::Text(w.total.to_string())];
    total.extend(a.totals.iter().map(|v| Cell::Money(*v)));
    total.push(Cell::Money(a.total));
    total.push(Cell::Number(a.rows.iter().map(|r| Decimal::from(r.open_invoices)).sum()));
    rows.push(total);
    Table { title: w.aged_title.to_string(), columns, rows }
}

/// Every line open at `t` (invoices, credit notes and unapplied cash: what
/// AR(t) sums), the oldest due date first: id, customer code and name,
/// dates, days past due, bucket, open amount, dispute, division, sales rep.
pub fn open_invoices_table<'a>(
    ledger: impl Into<View<'a>>,
    t: NaiveDate,
    buckets: &Buckets,
    lang: Lang,
) -> Result<Table, Unavailable> {
    let ledger: View<'a> = ledger.into();
    known_at(ledger, t)?;
    let w = words(lang);
    let titles = bucket_titles(buckets, lang);
    let columns = vec![
        column(w.invoice, Kind::Text),
        column(w.customer_code, Kind::Text),
        column(w.customer_name, Kind::Text),
        column(w.invoice_date, Kind::Date),
        column(w.due_date, Kind::Date),
        column(w.days_past_due, Kind::Number),
        column(w.bucket, Kind::Text),
        column(w.open, Kind::Money),
        column(w.disputed, Kind::Text),
        column(w.dispute_reason, Kind::Text),
        column(w.division, Kind::Text),
        column(w.sales_rep, Kind::Text),
    ];
    let mut open: Vec<_> = ledger.items().map(|i| (i, i.open_at(t))).filter(|(_, o)| !o.is_zero()).collect();
    open.sort_by(|a, b| a.0.due_date.cmp(&b.0.due_date).then_with(|| a.0.id.cmp(&b.0.id)));
    let text = |s: Option<&str>| s.filter(|s| !s.is_empty()).map_or(Cell::Empty, |s| Cell::Text(s.to_string()));
    let rows = open
        .into_iter()
        .map(|(inv, amount)| {
            let customer = ledger.customers.get(inv.customer as usize);
            let dpd = inv.dpd(t);
            let id = match inv.kind {
                ItemKind::Invoice | ItemKind::Receivable | ItemKind::Doubtful | ItemKind::DoubtfulSale => {
                    inv.id.to_string()
                }
                ItemKind::UnappliedCash if inv.id.is_empty() => w.unapplied.to_string(),
                ItemKind::UnappliedCash => format!("{} ({})", inv.id, w.unapplied),
            };
            vec![
                Cell::Text(id),
                text(customer.map(|c| c.id.as_str())),
                text(customer.and_then(|c| c.name.as_deref())),
                Cell::Date(inv.invoice_date),
                Cell::Date(inv.due_date),
                Cell::Number(Decimal::from(dpd)),
                titles.get(buckets.index(dpd)).map_or(Cell::Empty, |t| Cell::Text(t.clone())),
                Cell::Money(amount.to_decimal()),
                Cell::Text(if inv.disputed { w.yes } else { w.no }.to_string()),
                text(inv.dispute_reason.map(|ix| ledger.label(ix))),
                text(inv.division.map(|ix| ledger.label(ix))),
                text(inv.sales_rep.map(|ix| ledger.label(ix))),
            ]
        })
        .collect();
    Ok(Table { title: w.open_title.to_string(), columns, rows })
}

/// The words of the exported tables.
fn words(lang: Lang) -> Words {
    match lang {
        Lang::Fr => Words {
            aged_title: "Balance âgée",
            open_title: "Factures ouvertes",
            customer: "Client",
            division: "Division",
            sales_rep: "Commercial",
            dispute_reason: "Motif de litige",
            none: "(sans)",
            unnamed: "(non affecté)",
            total: "Total",
            open_invoices: "Factures ouvertes",
            not_due: "Non échu",
            days: "j",
            over: "Plus de",
            invoice: "Facture",
            customer_code: "Code client",
            customer_name: "Nom du client",
            invoice_date: "Date de facture",
            due_date: "Échéance",
            days_past_due: "Jours de retard",
            bucket: "Tranche",
            open: "Montant ouvert",
            disputed: "En litige",
            yes: "oui",
            no: "non",
            unapplied: "Encaissement non affecté",
        },
        Lang::En => Words {
            aged_title: "Aged balance",
            open_title: "Open invoices",
            customer: "Customer",
            division: "Division",
            sales_rep: "Sales rep",
            dispute_reason: "Dispute reason",
            none: "(none)",
            unnamed: "(unassigned)",
            total: "Total",
            open_invoices: "Open invoices",
            not_due: "Not due",
            days: "days",
            over: "Over",
            invoice: "Invoice",
            customer_code: "Customer code",
            customer_name: "Customer name",
            invoice_date: "Invoice date",
            due_date: "Due date",
            days_past_due: "Days past due",
            bucket: "Bucket",
            open: "Open amount",
            disputed: "Disputed",
            yes: "yes",
            no: "no",
            unapplied: "Unapplied cash",
        },
    }
}

struct Words {
    aged_title: &'static str,
    open_title: &'static str,
    customer: &'static str,
    division: &'static str,
    sales_rep: &'static str,
    dispute_reason: &'static str,
    none: &'static str,
    unnamed: &'static str,
    total: &'static str,
    open_invoices: &'static str,
    not_due: &'static str,
    days: &'static str,
    over: &'static str,
    invoice: &'static str,
    customer_code: &'static str,
    customer_name: &'static str,
    invoice_date: &'static str,
    due_date: &'static str,
    days_past_due: &'static str,
    bucket: &'static str,
    open: &'static str,
    disputed: &'static str,
    yes: &'static str,
    no: &'static str,
    unapplied: &'static str,
}
