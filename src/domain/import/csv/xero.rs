//! A Xero invoice export (tests/fixtures/xero-invoice-lines-status-no-
//! payment-dates.csv): 22 columns, month-first dates, one row per invoice
//! line (the invoice's Total repeated on each, LineAmount per line), the
//! ledger account (AccountCode: 200 on every sales line, 429 on the
//! supplier bill), a tax type per line, Type ACCREC / ACCRECCREDIT /
//! ACCPAY and a Status (PAID, "Paid", AUTHORISED, DRAFT, SUBMITTED,
//! VOIDED, DELETED), no payment date and no open or paid amount.
//!
//! By hand, at 2026-03-31 (the latest invoice, the export's date):
//! - in: INV-0101 960 (PAID), INV-0102 900 (due 02-14), INV-0103 1,150
//!   (three lines, domestic reverse charge, due 02-21), INV-0104 USD 2,000,
//!   INV-0105 480 ("Paid"), INV-0106 1,440 (due 03-22), INV-0107 600 (due
//!   04-01), CN-0001 -120 (due 03-12), INV-0111 120 (due 04-30);
//! - out: the supplier bill OSD-5521 (180), INV-0108 voided (480), INV-0110
//!   deleted (240), INV-0109 draft (360), INV-0112 submitted (240);
//! - GBP: AR 900 + 1,150 + 1,440 + 600 - 120 + 120 = 4,090, of which
//!   overdue 900 + 1,150 + 1,440 - 120 = 3,370; sales over 90 days
//!   960 + 900 + 1,150 + 480 + 1,440 + 600 - 120 + 120 = 5,530.

use super::*;
use crate::domain::analysis::kpi::{kpis, Period, Unavailable};
use crate::domain::ledger::tests::{d, dec, m};
use crate::domain::ledger::View;

const XERO: &[u8] = include_bytes!("../../../../tests/fixtures/xero-invoice-lines-status-no-payment-dates.csv");

fn xero() -> (Ledger, ImportReport) {
    import_csv(XERO, &ImportOptions::default()).unwrap()
}

fn column(r: &ImportReport, role: Role) -> Option<&str> {
    r.columns.iter().find(|(x, _)| *x == role).map(|(_, h)| h.as_str())
}

fn by_id<'a>(l: &'a Ledger, id: &str) -> &'a Invoice {
    l.invoices.iter().find(|i| i.id == id).unwrap()
}

#[test]
fn the_ledger_account_is_not_the_customer() {
    // AccountCode is 200 on every sales line; only the supplier bill, left
    // out, carries 429. Judged on every row it varied, so it was taken as
    // the customer code and every sale was one customer, "200".
    let (l, r) = xero();
    assert_eq!(column(&r, Role::CustomerId), None, "{:?}", r.columns);
    assert_eq!(column(&r, Role::CustomerName), Some("ContactName"));
    assert!(r.ignored_columns.iter().any(|h| h == "AccountCode"), "{:?}", r.ignored_columns);
    let mut names: Vec<String> = l.customers.iter().map(|c| c.label()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "Harbour Lights Café",
            "Marlow & Sons Joinery",
            "Northwind Traders Inc",
            "Quayside Dental Practice",
            "Ridgeway Bakery Ltd",
            "Smith, Jones & Partners"
        ]
    );
    assert_eq!(l.customer(by_id(&l, "INV-0106").customer).email.as_deref(), Some("finance@quaysidedental.co.uk"));
}

#[test]
fn a_paid_status_settles_the_invoice_without_a_date() {
    let (l, r) = xero();
    // PAID and "Paid": nothing open, no payment date invented.
    for id in ["INV-0101", "INV-0105"] {
        let inv = by_id(&l, id);
        assert_eq!(inv.settlement, Settlement::OpenAtSnapshot(Money::ZERO), "{id}");
        assert_eq!(inv.settled_date(), None, "{id}");
    }
    assert_eq!(by_id(&l, "INV-0102").settlement, Settlement::OpenAtSnapshot(m("900")));
    // Said once per invoice (INV-0101 and INV-0105 are two lines each).
    assert_eq!(r.paid_without_date, 2);
    // Beside the status, nothing of payments: the others are open in full
    // (a part payment is not seen), which the summary still says.
    assert!(r.no_payment_info);
    // The file as a whole is known at its export's date, the latest invoice's.
    assert_eq!(l.snapshot_date, Some(d("2026-03-31")));
    assert_eq!(r.snapshot_lines, 0);
}

#[test]
fn figures_of_a_snapshot_that_lists_its_paid_invoices() {
    // kpi.md "Open-items file": a snapshot with fully paid lines lists every
    // invoice, so its sales are known and the DSO family is computed; what
    // needs payment dates (CEI, collection rate, days to pay, countback
    // against the months) is unavailable, never zero.
    let (l, _) = xero();
    let gbp: Vec<u32> =
        l.invoices.iter().enumerate().filter(|(_, i)| i.currency.as_str() == "GBP").map(|(i, _)| i as u32).collect();
    let k = kpis(View::rows(&l, &gbp), d("2026-03-31"), Period::D90);
    assert!(!k.open_items);
    assert_eq!(k.get("ar_total"), Some(Ok(dec("4090"))));
    assert_eq!(k.get("ar_overdue"), Some(Ok(dec("3370"))));
    assert_eq!(k.get("ar_current"), Some(Ok(dec("720"))));
    assert_eq!(k.sales, dec("5530"));
    // 4,090 / 5,530 x 90.
    assert_eq!(k.get("dso_standard").map(|f| f.map(|x| x.round_dp(6))), Some(Ok(dec("66.564195"))));
    for name in ["cei", "collection_rate", "adp", "avg_days_late", "on_time_rate", "dso_countback"] {
        assert_eq!(k.get(name), Some(Err(Unavailable::NoHistory)), "{name}");
    }
    // USD apart: Northwind's 2,000, overdue since 03-05.
    let usd: Vec<u32> =
        l.invoices.iter().enumerate().filter(|(_, i)| i.currency.as_str() == "USD").map(|(i, _)| i as u32).collect();
    let k = kpis(View::rows(&l, &usd), d("2026-03-31"), Period::D90);
    assert_eq!((k.get("ar_total"), k.get("ar_overdue")), (Some(Ok(dec("2000"))), Some(Ok(dec("2000")))));
}

#[test]
fn a_tax_type_is_not_a_document_type() {
    // "Domestic Reverse Charge @ 20% (VAT on Income)" is how a sale to a
    // builder is taxed, not a reversed invoice: INV-0103 is in.
    let (l, r) = xero();
    let doc_columns: Vec<&str> = r
        .layout
        .roles
        .iter()
        .zip(&r.layout.headers)
        .filter(|(x, _)| **x == Some(Role::DocType))
        .map(|(_, h)| h.as_str())
        .collect();
    assert_eq!(doc_columns, ["Type", "Status"]);
    assert_eq!(by_id(&l, "INV-0103").amount, m("1150"));
}

#[test]
fn lines_types_statuses_and_currencies() {
    let (l, r) = xero();
    assert_eq!(r.date_order, DateOrder::MonthFirst);
    assert_eq!(column(&r, Role::Amount), Some("Total"), "the invoice's total, not a line's");
    assert_eq!(column(&r, Role::Currency), Some("Currency"));
    assert_eq!(column(&r, Role::Division), Some("Department"));
    assert_eq!((r.rows_read, r.rows_excluded, r.rows_skipped), (19, 5, 0));
    assert_eq!((r.invoices, r.credit_notes, r.merged_lines, r.summed_lines), (9, 1, 5, 0));
    let out = |reason: ExclusionReason| {
        r.excluded.iter().filter(|e| e.reason == reason).fold((0, dec("0")), |(n, a), e| (n + e.lines, a + e.amount))
    };
    assert_eq!(out(ExclusionReason::SupplierBill), (1, dec("180")));
    assert_eq!(out(ExclusionReason::Voided), (2, dec("720")));
    assert_eq!(out(ExclusionReason::Draft), (2, dec("600")));
    assert_eq!(by_id(&l, "CN-0001").amount, m("-120"));
    assert_eq!(by_id(&l, "INV-0104").currency.as_str(), "USD");
    assert_eq!(by_id(&l, "INV-0103").due_date, d("2026-02-21"));
    assert_eq!(l.label(by_id(&l, "INV-0103").division.unwrap()), "Build");
}

#[test]
fn a_paid_status_beside_payment_dates_and_amounts() {
    // A file with payment dates: F1's date is used; F2, "Payée" without a
    // date, is settled without one (not a partly paid snapshot line); F3
    // awaits payment and F4 is paid in part by an amount the file does not
    // give: both open in full. The file keeps its history.
    let (l, r) = super::tests::import(
        "Facture;Client;Date facture;Échéance;Montant TTC;Statut;Date de règlement\n\
         F1;A;05/01/2026;04/02/2026;100,00;Payée;10/02/2026\n\
         F2;A;06/01/2026;05/02/2026;200,00;Payée;\n\
         F3;B;07/01/2026;06/02/2026;300,00;En attente de paiement;\n\
         F4;B;08/01/2026;07/02/2026;400,00;Partiellement payée;\n",
    );
    assert_eq!(by_id(&l, "F1").settled_date(), Some(d("2026-02-10")));
    assert_eq!(by_id(&l, "F2").settlement, Settlement::OpenAtSnapshot(Money::ZERO));
    assert_eq!(
        (by_id(&l, "F3").settlement.clone(), by_id(&l, "F4").settlement.clone()),
        (Settlement::open(), Settlement::open())
    );
    assert_eq!((r.paid_without_date, r.snapshot_lines, l.snapshot_date), (1, 0, None));
    let k = kpis(&l, d("2026-02-28"), Period::D90);
    assert_eq!(k.get("ar_total"), Some(Ok(dec("700"))));
    // Days to pay: F1 alone (36 days), F2 has no date to count.
    assert_eq!(k.get("adp"), Some(Ok(dec("36"))));
    // An open or paid amount says more than the status: F1 keeps 40 open;
    // F2's blank cell says nothing against its status.
    let (l, r) = super::tests::import(
        "InvoiceNumber,ContactName,InvoiceDate,Total,AmountDue,Status\n\
         F1,A,2026-01-05,100.00,40.00,PAID\n\
         F2,A,2026-01-06,200.00,,PAID\n\
         F3,B,2026-01-07,300.00,300.00,AUTHORISED\n",
    );
    assert_eq!(by_id(&l, "F1").settlement, Settlement::OpenAtSnapshot(m("40")));
    assert_eq!(by_id(&l, "F2").settlement, Settlement::OpenAtSnapshot(Money::ZERO));
    assert_eq!(r.paid_without_date, 1);
}

#[test]
fn tracking_categories_give_the_sales_rep() {
    // TrackingName2 is "Salesperson" on every line: TrackingOption2 is the
    // sales rep. TrackingName1 is "Region", but Department is the division.
    let (l, r) = xero();
    assert_eq!(column(&r, Role::SalesRep), Some("TrackingOption2"));
    assert_eq!(column(&r, Role::Division), Some("Department"));
    assert!(r.layout.by_content.contains(&Role::SalesRep));
    assert_eq!(l.label(by_id(&l, "INV-0106").sales_rep.unwrap()), "Ben Okafor");
}
