//! The collections forecast by week and month, and each open invoice
//! with its expected payment date.

use super::{column, Cell, Kind, Table};
use super::{text, w};
use crate::domain::analysis::forecast::{Expected, ExpectedLine, Forecast};
use crate::domain::lang::Lang;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The forecast: each week (from, to) then "after 13 weeks", each month
/// then later, with the range and the uncertain part; then the total to
/// collect and the credit notes kept apart.
pub fn forecast_table(f: &Forecast, lang: Lang) -> Table {
    let columns = vec![
        column(w(lang, "Période", "Period"), Kind::Text),
        column(w(lang, "Du", "From"), Kind::Date),
        column(w(lang, "Au", "To"), Kind::Date),
        column(w(lang, "Encaissements prévus", "Expected collections"), Kind::Money),
        column(w(lang, "Hypothèse haute", "Optimistic"), Kind::Money),
        column(w(lang, "Hypothèse basse", "Pessimistic"), Kind::Money),
        column(w(lang, "Dont incertain", "Of which uncertain"), Kind::Money),
    ];
    let row = |label: String, from: Option<NaiveDate>, to: Option<NaiveDate>, e: &Expected| {
        vec![
            Cell::Text(label),
            from.map_or(Cell::Empty, Cell::Date),
            to.map_or(Cell::Empty, Cell::Date),
            Cell::Money(e.amount),
            Cell::Money(e.optimistic),
            Cell::Money(e.pessimistic),
            Cell::Money(e.uncertain),
        ]
    };
    let mut rows = Vec::new();
    let mut start = f.as_of.succ_opt();
    for (k, week) in f.weeks.iter().enumerate() {
        rows.push(row(format!("{} {}", w(lang, "Semaine", "Week"), k + 1), start, Some(week.end), &week.expected));
        start = week.end.succ_opt();
    }
    rows.push(row(w(lang, "Après 13 semaines", "After 13 weeks").to_string(), start, None, &f.later));
    for m in &f.months {
        let last = m.month.checked_add_months(chrono::Months::new(1)).and_then(|d| d.pred_opt());
        rows.push(row(m.month.format("%m/%Y").to_string(), Some(m.month), last, &m.expected));
    }
    rows.push(row(w(lang, "Après 6 mois", "After 6 months").to_string(), None, None, &f.months_later));
    let apart = |label: &str, v: Decimal| {
        vec![text(label), Cell::Empty, Cell::Empty, Cell::Money(v), Cell::Empty, Cell::Empty, Cell::Empty]
    };
    rows.push(apart(w(lang, "Total à encaisser", "Total to collect"), f.open_total));
    rows.push(apart(
        w(lang, "Avoirs et encaissements non affectés (à part)", "Credit notes and unapplied cash (apart)"),
        f.credit_notes,
    ));
    Table { title: w(lang, "Prévision d'encaissements", "Collections forecast").to_string(), columns, rows }
}

/// Each open invoice with its expected payment date: an invoice under an
/// instalment schedule or a promise once per agreed payment (and once for
/// what they leave), as the forecast counts it.
pub fn expected_table(lines: &[ExpectedLine], lang: Lang) -> Table {
    let columns = vec![
        column(w(lang, "Facture", "Invoice"), Kind::Text),
        column(w(lang, "Code client", "Customer code"), Kind::Text),
        column(w(lang, "Client", "Customer"), Kind::Text),
        column(w(lang, "Échéance", "Due date"), Kind::Date),
        column(w(lang, "Montant attendu", "Expected amount"), Kind::Money),
        column(w(lang, "Paiement attendu le", "Expected on"), Kind::Date),
        column(w(lang, "Incertain", "Uncertain"), Kind::Text),
        column(w(lang, "Convenu avec le client", "Agreed with the customer"), Kind::Text),
    ];
    let yes = w(lang, "oui", "yes");
    let rows = lines
        .iter()
        .map(|l| {
            vec![
                Cell::Text(l.invoice.clone()),
                Cell::Text(l.customer_id.clone()),
                Cell::Text(l.customer.clone()),
                Cell::Date(l.due_date),
                Cell::Money(l.open),
                Cell::Date(l.expected),
                if l.uncertain { text(yes) } else { Cell::Empty },
                if l.agreed { text(yes) } else { Cell::Empty },
            ]
        })
        .collect();
    Table { title: w(lang, "Paiements attendus", "Expected payments").to_string(), columns, rows }
}
