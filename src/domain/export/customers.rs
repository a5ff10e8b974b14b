//! The customers table with payer behaviour and the A-D rating, one row
//! per customer.

use super::{column, Cell, Kind, Table};
use super::{opt, text, w};
use crate::domain::analysis::behaviour::{CustomerRow, Rating};
use crate::domain::lang::Lang;
use crate::domain::ledger::View;
use rust_decimal::Decimal;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::analysis::behaviour::{behaviours, customer_rows, Thresholds};
    use crate::domain::analysis::forecast::{forecast, lags};
    use crate::domain::export::csv::table_csv;
    use crate::domain::export::forecast::forecast_table;
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
