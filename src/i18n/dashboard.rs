//! The dashboard's texts beyond the figures (aged balance controls,
//! provisions, "how it is computed", charts, customers, exports, print),
//! French and English: one struct, so the compiler checks both are complete.

use super::Locale;
use crate::domain::kpi::aging::AgeBasis;

pub struct DashTexts {
    pub basis_label: &'static str,
    pub basis: fn(AgeBasis) -> &'static str,
    /// The first bucket's label when aged from the invoice date.
    pub bucket_invoiced_today: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    /// "Rows 51 to 100 of 4,210".
    pub rows_of: fn(&str, &str, &str) -> String,
    pub previous_page: &'static str,
    pub next_page: &'static str,
    pub no_match: &'static str,
    /// The aria label of a sortable column's button: "Sort by Total".
    pub sort_by: fn(&str) -> String,
    pub provisions_title: &'static str,
    pub provisions_intro: &'static str,
    pub provision_band: &'static str,
    pub provision_rate: &'static str,
    pub provision_open: &'static str,
    pub provision_amount: &'static str,
    pub provision_rate_invalid: &'static str,
    pub provisions_reset: &'static str,
    pub how_computed: &'static str,
    /// The kpi.md formula of a figure, in words.
    pub formula: fn(&str) -> &'static str,
    pub with_your_numbers: &'static str,
    pub nav_label: &'static str,
    pub nav_figures: &'static str,
    pub nav_charts: &'static str,
    pub nav_customers: &'static str,
    pub nav_aged: &'static str,
    pub nav_forecast: &'static str,
    pub chart_png: &'static str,
    pub chart_failed: &'static str,
    pub chart_data: &'static str,
}

pub fn dash_tr(locale: Locale) -> &'static DashTexts {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

static FR: DashTexts = DashTexts {
    basis_label: "Âge calculé depuis",
    basis: |b| match b {
        AgeBasis::DueDate => "la date d'échéance",
        AgeBasis::InvoiceDate => "la date de facture",
    },
    bucket_invoiced_today: "Du jour",
    search_label: "Rechercher",
    search_placeholder: "Nom ou code",
    rows_of: |a, b, n| format!("Lignes {a} à {b} sur {n}"),
    previous_page: "Précédentes",
    next_page: "Suivantes",
    no_match: "Aucune ligne ne correspond à la recherche.",
    sort_by: |c| format!("Trier par {c}"),
    provisions_title: "Provisions pour créances douteuses",
    provisions_intro: "Taux de provision par ancienneté du retard (jours après l'échéance), modifiables. Provision = Σ restant dû × taux de sa tranche.",
    provision_band: "Retard",
    provision_rate: "Taux (%)",
    provision_open: "Restant dû",
    provision_amount: "Provision",
    provision_rate_invalid: "Un taux est un pourcentage entre 0 et 100.",
    provisions_reset: "Taux par défaut",
    how_computed: "Comment est-il calculé ?",
    formula: |name| match name {
        "sales" => "Somme des factures et avoirs datés de la période (t − N, t].",
        "ar_total" => "Somme des restants dus à la date t, avoirs et encaissements non affectés compris (encours net).",
        "ar_overdue" => "Somme des restants dus dont l'échéance est dépassée à t (retard > 0 jour).",
        "ar_current" => "Somme des restants dus non échus à t (échéance ≥ t).",
        "ar_disputed" => "Somme des restants dus des factures en litige.",
        "ar_gross" => "Somme des restants dus positifs (sans les avoirs).",
        "credit_notes_open" => "Somme des avoirs et encaissements non affectés encore ouverts à t.",
        "unapplied_cash" => "Somme des règlements reçus non affectés à une facture.",
        "open_invoices" => "Nombre de factures et avoirs dont le restant dû n'est pas nul à t.",
        "ar_at_risk" => "Restant dû en retard de plus de 90 jours, ou en litige, ou d'un client au-delà de sa limite de crédit.",
        "provision_total" => "Σ restant dû × taux de provision de sa tranche de retard.",
        "dso_standard" => "DSO = Encours(t) ÷ CA(N) × N.",
        "dso_countback" => "L'encours est épuisé par le CA des mois précédents, du plus récent au plus ancien : chaque mois entièrement couvert compte tous ses jours, le dernier au prorata.",
        "bpdso" => "BPDSO = Encours non échu(t) ÷ CA(N) × N.",
        "ddso" => "DDSO = Encours échu(t) ÷ CA(N) × N.",
        "dbt" => "DBT = DSO − BPDSO.",
        "weighted_dpd" => "Σ (restant dû × jours de retard) ÷ Σ restant dû, sur les factures échues.",
        "dso_disputed" => "DSO litiges = Encours en litige(t) ÷ CA(N) × N.",
        "cei" => "CEI = (Encours(t − N) + CA(N) − Encours(t)) ÷ (Encours(t − N) + CA(N) − Encours non échu(t)) × 100.",
        "collection_rate" => "Encaissements de la période ÷ (Encours(t − N) + CA(N)) × 100.",
        "adp" => "Moyenne pondérée par les montants de (date de règlement − date de facture), factures réglées dans la période.",
        "avg_days_late" => "Moyenne pondérée par les montants de max(0, date de règlement − échéance), factures réglées dans la période.",
        "on_time_rate" => "Nombre de factures réglées au plus tard à l'échéance ÷ nombre de factures réglées dans la période × 100.",
        "penalties_due" => "Σ restant dû × taux annuel × jours de retard ÷ 365, arrondi au centime par facture échue.",
        "recovery_indemnities" => "40 € × nombre de factures échues avec un restant dû.",
        "dispute_resolution_rate" => "Litiges réglés dans la période ÷ (litiges ouverts à t − N ou émis dans la période) × 100.",
        _ => "",
    },
    with_your_numbers: "Avec vos chiffres",
    nav_label: "Sections du tableau de bord",
    nav_figures: "Indicateurs",
    nav_charts: "Graphiques",
    nav_customers: "Clients",
    nav_aged: "Balance âgée",
    nav_forecast: "Prévisions",
    chart_png: "Image PNG",
    chart_failed: "Le graphique n'a pas pu être affiché ; ses données sont dans le tableau ci-dessous.",
    chart_data: "Données du graphique",
};

static EN: DashTexts = DashTexts {
    basis_label: "Age counted from",
    basis: |b| match b {
        AgeBasis::DueDate => "the due date",
        AgeBasis::InvoiceDate => "the invoice date",
    },
    bucket_invoiced_today: "Same day",
    search_label: "Search",
    search_placeholder: "Name or code",
    rows_of: |a, b, n| format!("Rows {a} to {b} of {n}"),
    previous_page: "Previous",
    next_page: "Next",
    no_match: "No row matches the search.",
    sort_by: |c| format!("Sort by {c}"),
    provisions_title: "Provisions for doubtful receivables",
    provisions_intro: "Provision rate by days past due, editable. Provision = Σ open amount × the rate of its band.",
    provision_band: "Past due",
    provision_rate: "Rate (%)",
    provision_open: "Open",
    provision_amount: "Provision",
    provision_rate_invalid: "A rate is a percentage between 0 and 100.",
    provisions_reset: "Default rates",
    how_computed: "How is it computed?",
    formula: |name| {
        match name {
        "sales" => "Sum of invoices and credit notes dated in the period (t − N, t].",
        "ar_total" => "Sum of open amounts at t, credit notes and unapplied cash included (net receivables).",
        "ar_overdue" => "Sum of open amounts past their due date at t (more than 0 days late).",
        "ar_current" => "Sum of open amounts not yet due at t (due date on or after t).",
        "ar_disputed" => "Sum of open amounts of disputed invoices.",
        "ar_gross" => "Sum of positive open amounts (credit notes left out).",
        "credit_notes_open" => "Sum of credit notes and unapplied cash still open at t.",
        "unapplied_cash" => "Sum of payments received and not applied to an invoice.",
        "open_invoices" => "Number of invoices and credit notes with a non-zero open amount at t.",
        "ar_at_risk" => "Open amounts over 90 days past due, or disputed, or of a customer over its credit limit.",
        "provision_total" => "Σ open amount × the provision rate of its past-due band.",
        "dso_standard" => "DSO = AR(t) ÷ Sales(N) × N.",
        "dso_countback" => "AR is exhausted by the sales of the previous months, latest first: each month fully covered counts all its days, the last one pro rata.",
        "bpdso" => "BPDSO = Current AR(t) ÷ Sales(N) × N.",
        "ddso" => "DDSO = Overdue AR(t) ÷ Sales(N) × N.",
        "dbt" => "DBT = DSO − BPDSO.",
        "weighted_dpd" => "Σ (open × days past due) ÷ Σ open, over overdue invoices.",
        "dso_disputed" => "Disputed DSO = Disputed AR(t) ÷ Sales(N) × N.",
        "cei" => "CEI = (AR(t − N) + Sales(N) − AR(t)) ÷ (AR(t − N) + Sales(N) − Current AR(t)) × 100.",
        "collection_rate" => "Cash received in the period ÷ (AR(t − N) + Sales(N)) × 100.",
        "adp" => "Amount-weighted mean of (settled date − invoice date), invoices settled in the period.",
        "avg_days_late" => "Amount-weighted mean of max(0, settled date − due date), invoices settled in the period.",
        "on_time_rate" => "Invoices settled on or before their due date ÷ invoices settled in the period × 100.",
        "penalties_due" => "Σ open amount × annual rate × days late ÷ 365, rounded to the cent per overdue invoice.",
        "recovery_indemnities" => "40 × the number of overdue invoices with an open amount.",
        "dispute_resolution_rate" => "Disputes settled in the period ÷ (disputes open at t − N or raised in the period) × 100.",
        _ => "",
    }
    },
    with_your_numbers: "With your numbers",
    nav_label: "Dashboard sections",
    nav_figures: "Figures",
    nav_charts: "Charts",
    nav_customers: "Customers",
    nav_aged: "Aged balance",
    nav_forecast: "Forecast",
    chart_png: "PNG image",
    chart_failed: "The chart could not be drawn; its data is in the table below.",
    chart_data: "Chart data",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_figure_has_a_formula_in_both_languages() {
        use crate::domain::ledger::tests::{d, ledger};
        let set = crate::domain::kpi::kpis(&ledger(vec![]), d("2026-03-31"), Default::default());
        for (name, _, _) in set.figures() {
            for l in [Locale::Fr, Locale::En] {
                assert!(!(dash_tr(l).formula)(name).is_empty(), "{name} in {l:?}");
            }
        }
    }
}
