//! Every dashboard figure (the dispute KPIs included) as a table: name,
//! value, unit.

use super::{column, Cell, Kind, Table};
use super::{text, w};
use crate::domain::analysis::kpi::{KpiSet, Unit};
use crate::domain::lang::Lang;

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
