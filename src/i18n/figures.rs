//! The texts of the figures' own inputs and notices, French and English:
//! the period's sales typed for an open-items file (kpi.md "Open-items
//! file"), the reporting currency and its rates (kpi.md "Currencies"), the
//! exact amount behind a compact figure, the charts a file cannot draw.

use super::Locale;

pub struct FigureTexts {
    pub period_sales_title: &'static str,
    /// Why the sales are asked: from, to (dates), days, currency.
    pub period_sales_intro: fn(&str, &str, u32, &str) -> String,
    /// The input's label, with the currency.
    pub period_sales_label: fn(&str) -> String,
    pub period_sales_invalid: &'static str,
    pub period_sales_used: &'static str,
    pub period_sales_remembered: &'static str,
    pub period_sales_part: &'static str,
    pub period_sales_clear: &'static str,
    /// Under a figure computed with the typed sales.
    pub uses_typed_sales: &'static str,
    /// Beside the typed sales in "with your numbers".
    pub typed_mark: &'static str,
    /// Under the period's sales themselves when they are the typed ones.
    pub sales_are_typed: &'static str,
    pub reporting_label: &'static str,
    pub reporting_none: &'static str,
    /// An input's name: "Rate: 1 USD in EUR".
    pub rate_aria: fn(&str, &str) -> String,
    pub rate_invalid: &'static str,
    pub rates_hint: &'static str,
    /// The currencies still without a rate.
    pub rates_missing: fn(&str) -> String,
    /// Where converted figures are shown: to, the rates ("1 USD = 0,92 EUR, ...").
    pub converted_note: fn(&str, &str) -> String,
    /// One notice for the charts a file cannot draw: the reason, the charts.
    pub charts_not_drawn: fn(&str, &[String]) -> String,
    /// The exact value behind a compact figure (its tooltip's name).
    pub exact_value: &'static str,
    /// Why the per-currency menu is inactive while a converted view is shown.
    pub currency_while_converted: fn(&str) -> String,
    pub use_mine_open_items: &'static str,
}

pub fn fig_tr(locale: Locale) -> &'static FigureTexts {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

static FR: FigureTexts = FigureTexts {
    period_sales_title: "Chiffre d'affaires de la période",
    period_sales_intro: |from, to, n, cur| {
        format!(
            "Ce fichier ne liste que des factures encore ouvertes (balance âgée, postes ouverts) : ses factures ne sont pas les ventes de la période. Le DSO et les indicateurs divisés par le chiffre d'affaires attendent le CA TTC facturé du {from} au {to} ({n} jours), en {cur}, tiré de votre comptabilité."
        )
    },
    period_sales_label: |cur| format!("CA TTC de la période, en {cur}"),
    period_sales_invalid: "Saisissez un montant positif (chiffres, virgule ou point pour les centimes).",
    period_sales_used: "Les indicateurs du DSO utilisent ce chiffre d'affaires saisi.",
    period_sales_remembered: "Retenu dans ce navigateur pour ce format de fichier, cette devise et cette période.",
    period_sales_part: "Le chiffre d'affaires saisi vaut pour tout le fichier : il ne s'applique pas à une division, un commercial ou un client.",
    period_sales_clear: "Effacer",
    uses_typed_sales: "Calculé avec le CA saisi",
    typed_mark: "(saisi)",
    sales_are_typed: "CA saisi par vous",
    reporting_label: "Devise de présentation",
    reporting_none: "Aucune : une devise à la fois",
    rate_aria: |from, to| format!("Taux : 1 {from} en {to}"),
    rate_invalid: "Un taux est un nombre positif (0,92 ou 0.92).",
    rates_hint: "Taux saisis par vous, jamais téléchargés ; chaque ligne est convertie puis arrondie au centime.",
    rates_missing: |codes| {
        format!("Saisissez le taux de {codes} : sans lui, la vue convertie n'est pas disponible (aucune devise n'est mélangée).")
    },
    converted_note: |to, rates| format!("Converti en {to} au taux {rates} (chaque ligne arrondie au centime)."),
    charts_not_drawn: |reason, charts| format!("Non tracés ({reason})\u{a0}: {}.", charts.join("\u{a0}; ")),
    exact_value: "Montant exact",
    currency_while_converted: |to| format!("Sans effet\u{a0}: tout est converti en {to}"),
    use_mine_open_items: "Ce fichier ne liste que des factures ouvertes : son chiffre d'affaires n'y est pas. Sur la page Analyser, choisissez la période de 365 jours et saisissez le CA de l'année, puis revenez.",
};

static EN: FigureTexts = FigureTexts {
    period_sales_title: "Sales of the period",
    period_sales_intro: |from, to, n, cur| {
        format!(
            "This file lists only invoices still open (an aged balance, an open-items list): its invoices are not the period's sales. DSO and the figures divided by sales wait for the sales invoiced (tax included) from {from} to {to} ({n} days), in {cur}, from your books."
        )
    },
    period_sales_label: |cur| format!("Sales of the period (tax included), in {cur}"),
    period_sales_invalid: "Type a positive amount (digits, a comma or point for the cents).",
    period_sales_used: "The DSO figures use these typed sales.",
    period_sales_remembered: "Kept in this browser for this file layout, currency and period.",
    period_sales_part: "The typed sales are the whole file's: they do not apply to a division, sales rep or customer.",
    period_sales_clear: "Clear",
    uses_typed_sales: "Computed with the typed sales",
    typed_mark: "(typed)",
    sales_are_typed: "Sales typed by you",
    reporting_label: "Reporting currency",
    reporting_none: "None: one currency at a time",
    rate_aria: |from, to| format!("Rate: 1 {from} in {to}"),
    rate_invalid: "A rate is a positive number (0.92).",
    rates_hint: "Rates typed by you, never fetched; each line is converted, then rounded to the cent.",
    rates_missing: |codes| {
        format!("Type the rate for {codes}: without it the converted view is unavailable (no currencies are mixed).")
    },
    converted_note: |to, rates| format!("Converted to {to} at {rates} (each line rounded to the cent)."),
    charts_not_drawn: |reason, charts| format!("Not drawn ({reason}): {}.", charts.join("; ")),
    exact_value: "Exact amount",
    currency_while_converted: |to| format!("No effect: everything is converted to {to}"),
    use_mine_open_items: "This file lists only open invoices: its sales are not in it. On the Analyse page, choose the 365-day period and type the year's sales, then come back.",
};
