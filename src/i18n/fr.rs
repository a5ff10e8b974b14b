//! Les textes en français.

use super::Texts;
use crate::domain::import::mapping::Role;
use crate::domain::import::{ImportError, Problem};
use crate::domain::kpi::Unavailable;
use chrono::NaiveDate;

fn delimiter_name(c: char) -> String {
    match c {
        ';' => "point-virgule".into(),
        ',' => "virgule".into(),
        '\t' => "tabulation".into(),
        '|' => "barre verticale".into(),
        c => format!("« {c} »"),
    }
}

fn role(r: Role) -> &'static str {
    match r {
        Role::InvoiceId => "N° de facture",
        Role::CustomerId => "Code client",
        Role::CustomerName => "Nom du client",
        Role::InvoiceDate => "Date de facture",
        Role::DueDate => "Date d'échéance",
        Role::Amount => "Montant TTC",
        Role::OpenAmount => "Montant restant dû",
        Role::PaidAmount => "Montant réglé",
        Role::SettledDate => "Date de règlement",
        Role::Disputed => "En litige",
        Role::DisputeReason => "Motif de litige",
        Role::Division => "Division",
        Role::SalesRep => "Commercial",
        Role::CreditLimit => "Limite de crédit",
        Role::Currency => "Devise",
    }
}

fn problem(p: &Problem) -> String {
    match p {
        Problem::Missing => "valeur obligatoire absente".into(),
        Problem::NotADate => "date attendue (ex. 31/12/2026, 2026-12-31 ou 20261231)".into(),
        Problem::NotAnAmount => "montant attendu (ex. 1 234,56 ou 1234.56)".into(),
        Problem::NotAFlag => "oui/non attendu ; lu comme « non »".into(),
        Problem::NotACurrency => "code devise ISO à 3 lettres attendu (ex. EUR) ; devise par défaut utilisée".into(),
        Problem::DueDateAssumed { terms_days } => format!("échéance absente ou illisible : date de facture + {terms_days} jours retenue"),
        Problem::ShortRow { cells, expected } => format!("ligne incomplète : {cells} cellules au lieu de {expected}"),
        Problem::DuplicateId { first_line } => format!("n° de facture déjà vu ligne {first_line} ; les deux lignes sont gardées"),
        Problem::SettledBeforeInvoice => "réglée avant d'être émise ; date gardée telle quelle".into(),
    }
}

fn import_error(e: &ImportError) -> String {
    match e {
        ImportError::Empty => "Le fichier est vide.".into(),
        ImportError::NoHeader => "Aucune ligne d'en-tête reconnue dans les 30 premières lignes. Il faut au moins les colonnes client, date de facture et montant.".into(),
        ImportError::MissingColumns { missing, found } => format!(
            "Colonnes obligatoires introuvables : {}. Colonnes du fichier : {}.",
            missing.iter().map(|r| role(*r)).collect::<Vec<_>>().join(", "),
            found.join(", ")
        ),
        ImportError::NoRows => "Le fichier a un en-tête mais aucune ligne de données.".into(),
    }
}

fn unavailable(u: &Unavailable, date: &dyn Fn(NaiveDate) -> String) -> String {
    match u {
        Unavailable::NoSalesInPeriod => "aucune vente sur la période".into(),
        Unavailable::NoHistory => "fichier sans historique de règlements".into(),
        Unavailable::SnapshotOnlyAt(d) => format!("encours connu seulement au {}", date(*d)),
        Unavailable::OverCountbackHorizon => "plus de 24 mois".into(),
        Unavailable::ZeroDenominator => "dénominateur nul".into(),
        Unavailable::NothingToAverage => "aucune facture échue".into(),
    }
}

fn kpi(name: &str) -> (&'static str, &'static str) {
    match name {
        "sales" => ("Chiffre d'affaires de la période", "Factures et avoirs émis sur la période (t − N, t]."),
        "ar_total" => ("Encours total (net)", "Somme des montants ouverts à la date d'analyse, avoirs compris."),
        "ar_gross" => ("Encours brut", "Somme des montants ouverts positifs."),
        "ar_overdue" => ("Encours échu", "Montants ouverts dont l'échéance est dépassée (retard > 0 j)."),
        "ar_current" => ("Encours non échu", "Montants ouverts dont l'échéance n'est pas dépassée."),
        "ar_disputed" => ("Encours en litige", "Montants ouverts marqués en litige."),
        "credit_notes_open" => ("Avoirs non imputés", "Somme des avoirs (montants négatifs) encore ouverts."),
        "open_invoices" => ("Factures ouvertes", "Nombre de factures et avoirs avec un montant ouvert."),
        "dso_standard" => ("DSO standard", "Encours ÷ CA de la période × N jours."),
        "dso_countback" => ("DSO par épuisement", "L'encours est « épuisé » par le CA des mois précédents, du plus récent au plus ancien."),
        "bpdso" => ("Meilleur DSO possible (BPDSO)", "Encours non échu ÷ CA de la période × N."),
        "ddso" => ("DSO retard (DDSO)", "Encours échu ÷ CA de la période × N."),
        "dbt" => ("Retard moyen (DBT)", "DSO standard − meilleur DSO possible."),
        "weighted_dpd" => ("Retard moyen pondéré", "Σ(ouvert × jours de retard) ÷ Σ(ouvert), factures échues."),
        "dso_disputed" => ("DSO litiges", "Encours en litige ÷ CA de la période × N."),
        "cei" => ("Efficacité du recouvrement (CEI)", "(Encours début + CA − encours fin) ÷ (encours début + CA − non échu fin) × 100."),
        _ => ("", ""),
    }
}

pub static TEXTS: Texts = Texts {
    tagline: "Votre poste clients, analysé dans votre navigateur",
    nav_analyse: "Analyse",
    nav_calculators: "Calculateurs",
    nav_dunning: "Relances",
    nav_embed: "Intégrer",
    language: "Langue",
    privacy: "Vos fichiers sont lus dans votre navigateur : rien n'est envoyé, rien ne quitte votre poste.",
    coming_title: "Bientôt disponible",
    coming_calculators: "Les calculateurs d'économies et de DSO ne sont pas encore disponibles dans cette version.",
    coming_dunning: "La conception et la simulation de plans de relance ne sont pas encore disponibles dans cette version.",
    coming_embed: "Le widget à intégrer sur votre site n'est pas encore disponible dans cette version.",

    analyse_title: "Analyser votre poste clients",
    analyse_intro: "Déposez un export de vos factures clients (CSV) : encours, DSO, CEI et balance âgée s'affichent aussitôt.",
    drop_prompt: "Déposez votre fichier ici",
    drop_formats: "CSV, TXT ou TSV ; séparateur, encodage, format des dates et des montants détectés automatiquement.",
    choose_file: "Choisir un fichier",
    try_sample: "Essayer avec des données d'exemple",
    reading: "Lecture du fichier…",
    read_failed: "Le fichier n'a pas pu être lu par le navigateur.",
    replace_file: "Analyser un autre fichier",

    as_of: "Date d'analyse",
    period: "Période",
    period_days: |n| format!("{n} jours"),
    currency: "Devise",
    figures_in: |c| format!("Montants en {c}"),
    unavailable: "Non disponible",

    section_outstanding: "Encours",
    section_dso: "Délais de paiement",
    aged_title: "Balance âgée par client",
    aged_intro: "Montants ouverts à la date d'analyse, par ancienneté de retard (jours après l'échéance).",
    aged_customer: "Client",
    aged_total: "Total",
    aged_all_customers: "Total général",
    aged_show_all: |n| format!("Afficher les {n} clients"),
    aged_none: "Aucun montant ouvert à cette date.",
    bucket_not_due: "Non échu",
    bucket_range: |a, b| format!("{a} à {b} j"),
    bucket_over: |a| format!("> {a} j"),

    summary_title: "Fichier importé",
    summary_line: |rows, invoices, credit_notes, customers| {
        format!("{rows} lignes lues : {invoices} pièces dont {credit_notes} avoirs, {customers} clients.")
    },
    summary_skipped: |n| format!("{n} lignes écartées : elles ne sont pas dans les chiffres (détail ci-dessous)."),
    summary_format: |enc, delim, month_first, comma| {
        format!(
            "Encodage {enc}, séparateur {}, dates {}, décimales avec {}.",
            delimiter_name(delim),
            if month_first { "mois/jour/année (US)" } else { "jour/mois/année" },
            if comma { "virgule" } else { "point" }
        )
    },
    summary_date_assumed: "Aucune date du fichier ne distingue jour et mois : jour/mois/année retenu.",
    summary_default_currency: |n, c| format!("{n} pièces sans devise : comptées en {c}."),
    summary_snapshot: |d| format!("Fichier sans dates de règlement : encours connu au {d} seulement ; le CEI n'est pas calculable."),
    summary_columns: "Colonnes utilisées",
    summary_ignored: "Colonnes non utilisées",
    summary_duplicates: "Colonnes en double (ignorées)",
    summary_issues: |n| format!("{n} remarques sur les lignes"),
    summary_issues_cut: |shown, total| format!("{shown} premières remarques sur {total}."),
    summary_timing: |read, compute| format!("Lu en {:.0} ms, calculé en {:.0} ms.", read, compute),
    issue_line: "Ligne",
    issue_column: "Colonne",
    issue_value: "Valeur lue",
    issue_problem: "Attendu",
    issue_skipped: "écartée",
    issue_kept: "gardée",

    role,
    problem,
    import_error,
    unavailable_reason: unavailable,
    kpi,
};
