//! More tables to export (beside `export`'s aged balance and open
//! invoices): the customers table with payer behaviour, the collections
//! forecast by week and month, each open invoice with its expected payment
//! date, and every dashboard figure (the dispute KPIs included).

use crate::domain::analysis::behaviour::{CustomerRow, Rating};
use crate::domain::analysis::forecast::{Expected, ExpectedLine, Forecast};
use crate::domain::analysis::kpi::{KpiSet, Unit};
use crate::domain::export::{column, Cell, Kind, Table};
use crate::domain::lang::Lang;
use crate::domain::ledger::View;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// French or English.
fn w(lang: Lang, fr: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

fn opt(v: Option<Decimal>, cell: fn(Decimal) -> Cell) -> Cell {
    v.map_or(Cell::Empty, cell)
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// The customers table: one row per customer, in the order given.
pub fn customers_table<'a>(view: impl Into<View<'a>>, rows: &[CustomerRow], lang: Lang) -> Table {
    let view: View<'a> = view.into();
    let columns = vec![
        column(w(lang, "Code client", "Customer code"), Kind::Text),
        column(w(lang, "Client", "Customer"), Kind::Text),
        column(w(lang, "Note", "Rating"), Kind::Text),
        column(w(lang, "Encours", "Open"), Kind::Money),
        column(w(lang, "Échu", "Overdue"), Kind::Money),
        column(w(lang, "Retard moyen (j)", "Average days late"), Kind::Number),
        column(w(lang, "Retard médian (j)", "Median days late"), Kind::Number),
        column(w(lang, "Dispersion (j)", "Spread (days)"), Kind::Number),
        column(w(lang, "Ponctualité (%)", "On-time rate (%)"), Kind::Percent),
        column(w(lang, "Délai moyen de paiement (j)", "Average days to pay"), Kind::Number),
        column(w(lang, "Tendance (j)", "Trend (days)"), Kind::Number),
        column(w(lang, "Chiffres de l'entreprise", "Company figures"), Kind::Text),
        column(w(lang, "Limite de crédit", "Credit limit"), Kind::Money),
        column(w(lang, "Dépassement", "Overrun"), Kind::Money),
        column(w(lang, "Factures ouvertes", "Open invoices"), Kind::Number),
        column(w(lang, "Factures émises sur 12 mois", "Invoices issued in the year"), Kind::Number),
    ];
    let yes = w(lang, "oui", "yes");
    let rows = rows
        .iter()
        .map(|r| {
            let c = view.customer(r.customer);
            vec![
                Cell::Text(c.id.clone()),
                Cell::Text(c.label()),
                text(r.rating.map_or(w(lang, "non noté", "not rated"), Rating::letter)),
                Cell::Money(r.open),
                Cell::Money(r.overdue),
                opt(r.avg_days_late, Cell::Number),
                opt(r.median_days_late, Cell::Number),
                opt(r.spread, Cell::Number),
                opt(r.on_time_rate, Cell::Percent),
                opt(r.adp, Cell::Number),
                opt(r.trend, Cell::Number),
                if r.company_figures { text(yes) } else { Cell::Empty },
                opt(r.credit_limit, Cell::Money),
                opt(r.overrun, Cell::Money),
                Cell::Number(Decimal::from(r.open_invoices)),
                Cell::Number(Decimal::from(r.issued_in_year)),
            ]
        })
        .collect();
    Table { title: w(lang, "Clients", "Customers").to_string(), columns, rows }
}

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

/// Every dashboard figure with its kpi.md name, in the page's order
/// (`label` gives a name's label); an unavailable figure is empty.
pub fn figures_table(set: &KpiSet, label: impl Fn(&str) -> String, lang: Lang) -> Table {
    let columns = vec![
        column(w(lang, "Indicateur", "Figure"), Kind::Text),
        column(w(lang, "Code", "Name"), Kind::Text),
        column(w(lang, "Valeur", "Value"), Kind::Number),
        column(w(lang, "Unité", "Unit"), Kind::Text),
    ];
    let rows = set
        .figures()
        .into_iter()
        .map(|(name, figure, unit)| {
            let unit_text = match unit {
                Unit::Money => w(lang, "montant", "amount"),
                Unit::Days => w(lang, "jours", "days"),
                Unit::Percent => "%",
                Unit::Count => w(lang, "nombre", "count"),
            };
            vec![Cell::Text(label(name)), text(name), figure.map_or(Cell::Empty, Cell::Number), text(unit_text)]
        })
        .collect();
    Table { title: w(lang, "Indicateurs", "Figures").to_string(), columns, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::analysis::behaviour::{behaviours, customer_rows, Thresholds};
    use crate::domain::analysis::forecast::{forecast, lags};
    use crate::domain::export::table_csv;
    use crate::domain::ledger::tests::{d, dec, inv, ledger};

    #[test]
    fn customers_and_forecast_tables() {
        let t = d("2026-03-31");
        let l = ledger(vec![
            inv(0, "2026-01-01", "2026-01-31", "100", Some("2026-02-10")),
            inv(0, "2026-01-05", "2026-02-04", "100", Some("2026-02-14")),
            inv(0, "2026-01-10", "2026-02-09", "100", Some("2026-02-19")),
            inv(0, "2026-03-10", "2026-04-09", "250", None),
            inv(1, "2026-02-01", "2026-03-03", "80", None),
            inv(1, "2026-03-20", "2026-04-19", "-30", None),
        ]);
        let table = customer_rows(&l, t, &Thresholds::default());
        let c = customers_table(&l, &table.rows, Lang::Fr);
        assert_eq!(c.rows.len(), 2);
        assert_eq!(c.columns.len(), c.rows[0].len());
        // Customer 0: three invoices 10 days late, rated B; 250 open, nothing overdue.
        assert_eq!(c.rows[0][2], Cell::Text("B".into()));
        assert_eq!((c.rows[0][3].clone(), c.rows[0][5].clone()), (Cell::Money(dec("250")), Cell::Number(dec("10"))));
        // Customer 1: not rated, on the company's figures.
        assert_eq!(c.rows[1][2], Cell::Text("non noté".into()));
        assert_eq!(c.rows[1][11], Cell::Text("oui".into()));

        let f = forecast(&l, t, &lags(&behaviours(&l, t, &Thresholds::default())), 0).unwrap();
        let ft = forecast_table(&f, Lang::En);
        // 13 weeks, after, 6 months, after, total, credit notes.
        assert_eq!(ft.rows.len(), 13 + 1 + 6 + 1 + 2);
        let amount = |r: &Vec<Cell>| match r[3] {
            Cell::Money(v) => v,
            _ => Decimal::ZERO,
        };
        let weeks: Decimal = ft.rows[..14].iter().map(amount).sum();
        let months: Decimal = ft.rows[14..21].iter().map(amount).sum();
        assert_eq!((weeks, months, amount(&ft.rows[21])), (dec("330"), dec("330"), dec("330")));
        assert_eq!(amount(&ft.rows[22]), dec("-30"), "credit notes apart");
        // Week 1 runs from the day after t.
        assert_eq!(ft.rows[0][1], Cell::Date(d("2026-04-01")));
        let csv = String::from_utf8(table_csv(&ft, Lang::En)).unwrap();
        assert!(csv.contains("Week 1,2026-04-01,2026-04-07,"), "{csv}");
    }
}
