//! Les textes en français.

use super::{CalcTexts, Msg, Texts};
use crate::domain::analysis::kpi::aging::GroupBy;
use crate::domain::analysis::kpi::Unavailable;
use crate::domain::import::mapping::Role;
use crate::domain::import::report::ExclusionReason;
use crate::domain::import::{BinaryKind, DateForm, ImportError, Problem};
use chrono::NaiveDate;

/// "s" for a French plural: 0 and 1 take the singular.
fn s(n: u64) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}

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
        Role::Email => "E-mail du client",
        Role::Phone => "Téléphone du client",
        Role::Currency => "Devise",
        Role::AmountExclTax => "Montant HT",
        Role::DocType => "Type ou statut de pièce",
        Role::Label => "Libellé (texte libre)",
    }
}

fn problem(p: &Problem) -> String {
    match p {
        Problem::Missing => "valeur obligatoire absente".into(),
        Problem::NotADate => "date attendue (ex. 31/12/2026, 2026-12-31 ou 20261231)".into(),
        Problem::NotAnAmount => "montant attendu (ex. 1 234,56 ou 1234.56)".into(),
        Problem::NotAFlag => "oui/non attendu ; lu comme « non »".into(),
        Problem::NotACurrency => "code devise ISO à 3 lettres attendu (ex. EUR) ; devise par défaut utilisée".into(),
        Problem::DueDateAssumed { terms_days } => {
            format!("échéance absente ou illisible : date de facture + {terms_days} jours retenue")
        }
        Problem::ShortRow { cells, expected } => format!("ligne incomplète : {cells} cellules au lieu de {expected}"),
        Problem::DuplicateId { first_line } => {
            format!("n° de facture déjà vu ligne {first_line} ; les deux lignes sont gardées")
        }
        Problem::SettledBeforeInvoice => "réglée avant d'être émise ; date gardée telle quelle".into(),
        Problem::TooLarge => "montant hors de proportion (plus de 10¹⁴) : ce ne peut pas être une créance".into(),
        Problem::Excluded { reason } => format!("ligne écartée : {}", exclusion(*reason)),
    }
}

fn exclusion(r: ExclusionReason) -> &'static str {
    match r {
        ExclusionReason::SupplierBill => "facture fournisseur (pas une créance client)",
        ExclusionReason::Draft => "brouillon ou pro forma (non émise)",
        ExclusionReason::Voided => "annulée ou supprimée",
        ExclusionReason::PaymentLine => "ligne de règlement dans un fichier de factures",
    }
}

fn msg(m: &Msg) -> String {
    match m {
        Msg::OptionsTitle => "Options d'import".into(),
        Msg::OptCurrency => "Devise par défaut".into(),
        Msg::OptDecimal => "Séparateur décimal".into(),
        Msg::OptDateOrder => "Ordre des dates".into(),
        Msg::OptTerms => "Conditions de paiement (sans échéance)".into(),
        Msg::OptTermsDays => "Nombre de jours".into(),
        Msg::Auto => "Détection automatique".into(),
        Msg::DecimalComma => "Virgule (1 234,56)".into(),
        Msg::DecimalDot => "Point (1,234.56)".into(),
        Msg::DayFirst => "Jour d'abord (31/12/2026)".into(),
        Msg::MonthFirst => "Mois d'abord (12/31/2026)".into(),
        Msg::Terms(n, false) => format!("{n} jours"),
        Msg::Terms(n, true) => format!("{n} jours fin de mois"),
        Msg::TermsCustom => "Autre nombre de jours".into(),
        Msg::MappingTitle => "Colonnes du fichier".into(),
        Msg::MappingIntro => "Indiquez ce que contient chaque colonne. Votre choix est retenu pour les prochains fichiers de même présentation (dans ce navigateur seulement).".into(),
        Msg::MappingColumn => "Colonne".into(),
        Msg::MappingRole => "Contenu".into(),
        Msg::MappingSample => "Premières valeurs".into(),
        Msg::MappingIgnore => "— Ne pas utiliser —".into(),
        Msg::MappingMissing(roles) => format!("Encore à indiquer : {roles}."),
        Msg::MappingApply => "Analyser avec ces colonnes".into(),
        Msg::MappingCancel => "Annuler".into(),
        Msg::MappingRemembered => "Colonnes lues selon votre choix précédent pour cette présentation de fichier.".into(),
        Msg::MappingByContent => "deviné d'après le contenu".into(),
        Msg::CheckColumns => "Vérifier les colonnes".into(),
        Msg::TermsUsed(terms, n) => format!("Échéance absente pour {n} facture{} : échéance calculée à {terms} (modifiable dans les options d'import).", if *n > 1 { "s" } else { "" }),
        Msg::NoPaymentInfoBesideStatus => "Hormis le statut, ce fichier ne dit rien des règlements (ni date de règlement, ni montant restant dû ou réglé) : les factures non marquées payées sont considérées comme impayées en totalité à la date de l'export (un règlement partiel n'est pas vu). Si une colonne contient ces informations, indiquez-la.".into(),
        Msg::NoPaymentInfo => "Ce fichier ne dit rien des règlements (ni date de règlement, ni montant restant dû ou réglé) : chaque facture est considérée comme impayée à la date de l'export. Si une colonne contient ces informations, indiquez-la.".into(),
        Msg::ByContent(roles) => format!("Reconnues d'après leur contenu (vérifiez) : {roles}."),
        Msg::MappingSaved => "colonnes choisies".into(),
        Msg::DecimalAssumed(c) => format!("Aucun montant n'indique le séparateur décimal : « {c} » retenu (modifiable dans les options d'import)."),
        Msg::TaxExcluded => "Seul un montant hors taxes a été trouvé : il est utilisé, mais une créance s'entend TTC.".into(),
        Msg::ExcludedLines(reason, value, n) => format!("{n} ligne{} « {value} » : {}", if *n > 1 { "s" } else { "" }, exclusion(*reason)),
        Msg::ExcludedTitle(n) => format!("{n} ligne{} écartée{} (pas des créances clients) :", if *n > 1 { "s" } else { "" }, if *n > 1 { "s" } else { "" }),
        Msg::MergedLines(n, summed) => {
            let pl = |k: u64| if k > 1 { "s" } else { "" };
            let repeated = n - summed.min(n);
            let mut t = format!("{n} ligne{} de détail regroupée{} avec leur facture (une ligne par article) :", pl(*n), pl(*n));
            if *summed > 0 {
                t.push_str(&format!(" {summed} montant{} additionné{} comme lignes", pl(*summed), pl(*summed)));
            }
            if *summed > 0 && repeated > 0 {
                t.push_str(" ;");
            }
            if repeated > 0 {
                t.push_str(&format!(" {repeated} répétant le total de leur facture, comptée{} une fois", pl(repeated)));
            }
            t.push('.');
            t
        }
        Msg::UnappliedCash(n) => format!("{n} paiement{} non lettré{} compté{} en encaissements non affectés : {} l'encours net, sans être des ventes.", if *n > 1 { "s" } else { "" }, if *n > 1 { "s" } else { "" }, if *n > 1 { "s" } else { "" }, if *n > 1 { "ils réduisent" } else { "il réduit" }),
        Msg::SnapshotLines(n) => format!("{n} facture{} payée{} en partie sans date de paiement : {} reste dû est celui de la date de l'export, l'historique d'avant n'est pas connu.", if *n > 1 { "s" } else { "" }, if *n > 1 { "s" } else { "" }, if *n > 1 { "leur" } else { "son" }),
        Msg::PaidWithoutDate(n) => {
            let s = if *n > 1 { "s" } else { "" };
            format!("{n} facture{s} marquée{s} payée{s} sans date de paiement : comptée{s} réglée{s}, sans date de paiement (pas de délai de paiement pour {}).", if *n > 1 { "elles" } else { "elle" })
        }
        Msg::RepeatedHeaders(n) => format!("{n} ligne{} d'en-tête répétée{} ignorée{}.", if *n > 1 { "s" } else { "" }, if *n > 1 { "s" } else { "" }, if *n > 1 { "s" } else { "" }),
        Msg::Rounded(n, ex) => format!("{n} montant{} à décimales parasites arrondi{} au centime (ex. {ex}).", if *n > 1 { "s" } else { "" }, if *n > 1 { "s" } else { "" }),
        Msg::Fec(entries, lines, lettered, partial, unapplied, opening) => format!("FEC : {entries} écritures, dont {lines} sur les comptes clients (411, 416, 4191) ; {lettered} lettrages complets, {partial} partiels ; {unapplied} règlement{} non lettré{} ; {opening} ligne{} d'à-nouveaux.", if *unapplied > 1 { "s" } else { "" }, if *unapplied > 1 { "s" } else { "" }, if *opening > 1 { "s" } else { "" }),
        Msg::FecBalance(balance, date) => format!("Solde des comptes clients (411, 416, 4191) au {date} : {balance}."),
        Msg::FecRefunds(refunds, returned) => format!("{refunds} débit{} client hors journaux de ventes lettré{} avec des crédits : remboursement{} d'avoirs ou de trop-perçus, pas des ventes ; {returned} non lettré{} : paiement{} revenu{} impayé{}, de nouveau dû{}, pas des ventes.", s(*refunds), s(*refunds), s(*refunds), s(*returned), s(*returned), s(*returned), s(*returned), s(*returned)),
        Msg::FecNoSalesJournal => "Aucun journal de ventes reconnu : chaque débit 411 (à-nouveaux à part) est compté comme une vente.".into(),
        Msg::FecDoubtful(lines, moved, balance) => format!("Clients douteux (416) : {lines} ligne{}, solde {balance}, compté à risque ; {moved} facture{} reclassée{} en douteux, gardée{} comme les ventes qu'elles étaient.", s(*lines), s(*moved), s(*moved), s(*moved)),
        Msg::FecAdvances(n, balance) => format!("Avances reçues (4191) : {n} acompte{}, solde {balance}, compté comme encaissement non affecté jusqu'à son imputation sur une facture.", s(*n)),
        Msg::PaymentsTitle => "Fichier des règlements".into(),
        Msg::PaymentsPrompt => "Ajoutez un export des règlements ou des encaissements bancaires (référence de facture, date, montant) : ils sont rapprochés des factures par leur référence.".into(),
        Msg::PaymentsChoose => "Ajouter les règlements…".into(),
        Msg::PaymentsReading(name) => format!("Lecture des règlements {name}…"),
        Msg::PaymentsSummary(file, read, matched, normalised, unmatched) => format!("{file} : {read} règlement{} lu{}, {matched} rapproché{} d'une facture{}, {unmatched} non rapproché{}.", if *read > 1 { "s" } else { "" }, if *read > 1 { "s" } else { "" }, if *matched > 1 { "s" } else { "" }, if *normalised > 0 { format!(" (dont {normalised} par référence normalisée)") } else { String::new() }, if *unmatched > 1 { "s" } else { "" }),
        Msg::PaymentsUnapplied(amount) => format!("Encaissements non affectés : {amount}, comptés en diminution de l'encours net."),
        Msg::PaymentsOverPaid(n) => format!("{n} facture{} payée{} au-delà de son montant (trop-perçu).", if *n > 1 { "s" } else { "" }, if *n > 1 { "s" } else { "" }),
        Msg::PaymentsSkipped(n) => format!("{n} ligne{} illisible{} ignorée{} (voir le détail).", if *n > 1 { "s" } else { "" }, if *n > 1 { "s" } else { "" }, if *n > 1 { "s" } else { "" }),
        Msg::PaymentsFailed(why) => format!("Fichier des règlements non lu : {why}"),
        Msg::UnappliedTitle => "Règlements non rapprochés".into(),
        Msg::UnappliedRef => "Référence".into(),
        Msg::UnappliedCustomer => "Client".into(),
        Msg::UnappliedDate => "Date".into(),
        Msg::UnappliedAmount => "Montant".into(),
        Msg::UnknownCustomer => "Client inconnu".into(),
        Msg::WorkerRestarted => "Le moteur d'analyse s'est arrêté de façon inattendue : il a été relancé et le fichier relu.".into(),
        Msg::FilterDivision => "Division".into(),
        Msg::FilterSalesRep => "Commercial".into(),
        Msg::FilterCustomer => "Client".into(),
        Msg::FilterAll => "Tous".into(),
        Msg::FilterAllCustomers => "Tous les clients".into(),
        Msg::Progress(read, total, rows) => format!("{read} lus sur {total}, {rows} lignes"),
        Msg::Cancel => "Annuler".into(),
        Msg::LargestOf(shown, all) => format!("Les {shown} plus importants sur {all}."),
        Msg::NoFile => "L'analyse a été interrompue : déposez à nouveau le fichier.".into(),
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
        ImportError::NeedsMapping { missing, .. } => format!(
            "Colonnes obligatoires non reconnues : {}. Indiquez ci-dessous le rôle de chaque colonne.",
            missing.iter().map(|r| role(*r)).collect::<Vec<_>>().join(", ")
        ),
        ImportError::NoRows => "Le fichier a un en-tête mais aucune ligne de données.".into(),
        ImportError::TooBig => "Ce fichier est trop gros pour être gardé en mémoire par le navigateur (4 Go en tout). Exportez une période plus courte, ou une seule devise ou division, puis déposez-le.".into(),
        ImportError::UnreadableWorkbook => "Ce classeur n'a pas pu être lu (fichier endommagé ou protégé par un mot de passe ?). Enregistrez-le à nouveau, ou en CSV, puis déposez-le.".into(),
        ImportError::NotText(kind) => match kind {
            BinaryKind::Zip | BinaryKind::OldExcel => "C'est un classeur (Excel ou OpenDocument) : cette version lit les fichiers CSV. Dans votre tableur, choisissez « Enregistrer sous » puis « CSV », et déposez ce fichier.".into(),
            BinaryKind::Pdf => "C'est un PDF : il faut un export de données (CSV) de votre logiciel comptable ou de votre ERP.".into(),
            BinaryKind::Other => "Ce fichier n'est pas du texte : il faut un export CSV (valeurs séparées par des virgules, points-virgules ou tabulations).".into(),
        },
    }
}

fn unavailable(u: &Unavailable, date: &dyn Fn(NaiveDate) -> String) -> String {
    match u {
        Unavailable::NoSalesInPeriod => "aucune vente sur la période".into(),
        Unavailable::NoHistory => "fichier sans historique de règlements".into(),
        Unavailable::SnapshotFrom(d) => format!("encours connu à partir du {} seulement (date de l'export)", date(*d)),
        Unavailable::OverCountbackHorizon => "plus de 24 mois".into(),
        Unavailable::ZeroDenominator => "dénominateur nul".into(),
        Unavailable::NothingToAverage => "aucune facture échue".into(),
        Unavailable::OpenItemsFile => "fichier de postes ouverts : ses factures ne sont pas les ventes de la période (saisissez le CA de la période)".into(),
        Unavailable::NeedsMonthlySales => "demande le CA de chaque mois ; le CA saisi est celui de toute la période".into(),
        Unavailable::TypedSalesWholeFile => "le CA saisi vaut pour tout le fichier, pas pour cette sélection".into(),
        Unavailable::NoRate(c) => format!("aucun taux saisi pour {c}"),
        Unavailable::ConvertedTooLarge => "montant converti hors limites (vérifiez les taux)".into(),
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
        "unapplied_cash" => (
            "Encaissements non affectés",
            "Règlements reçus qui ne correspondent à aucune facture du fichier (en négatif dans l'encours net).",
        ),
        "credit_notes_open" => (
            "Avoirs et encaissements non imputés",
            "Somme des montants ouverts négatifs : avoirs, trop-perçus et règlements non affectés.",
        ),
        "open_invoices" => ("Factures ouvertes", "Nombre de factures et avoirs avec un montant ouvert."),
        "dso_standard" => ("DSO standard", "Encours ÷ CA de la période × N jours."),
        "dso_countback" => (
            "DSO par épuisement",
            "L'encours est « épuisé » par le CA des mois précédents, du plus récent au plus ancien.",
        ),
        "bpdso" => ("Meilleur DSO possible (BPDSO)", "Encours non échu ÷ CA de la période × N."),
        "ddso" => ("DSO retard (DDSO)", "Encours échu ÷ CA de la période × N."),
        "dbt" => ("Retard moyen (DBT)", "DSO standard − meilleur DSO possible."),
        "weighted_dpd" => ("Retard moyen pondéré", "Σ(ouvert × jours de retard) ÷ Σ(ouvert), factures échues."),
        "dso_disputed" => ("DSO litiges", "Encours en litige ÷ CA de la période × N."),
        "dispute_resolution_rate" => (
            "Taux de résolution des litiges",
            "Factures en litige réglées dans la période ÷ factures en litige ouvertes au début ou émises dans la période × 100.",
        ),
        "ar_at_risk" => (
            "Encours à risque",
            "Échu depuis plus de 90 jours, en litige, ou d'un client au-delà de sa limite de crédit.",
        ),
        "penalties_due" => (
            "Pénalités de retard dues",
            "Σ par facture échue : ouvert × taux × jours de retard ÷ 365, arrondi au centime.",
        ),
        "recovery_indemnities" => {
            ("Indemnités forfaitaires", "40 € par facture échue et non réglée (art. D. 441-5 du Code de commerce).")
        }
        "provision_total" => (
            "Provision pour créances douteuses",
            "Σ ouvert × taux de sa tranche : 0 % jusqu'à 90 j, 25 %, 50 %, 75 % puis 100 % au-delà de 360 j.",
        ),
        "collection_rate" => {
            ("Taux de recouvrement", "Encaissements de la période ÷ (encours début + CA de la période) × 100.")
        }
        "adp" => (
            "Délai moyen de paiement (ADP)",
            "Moyenne pondérée par les montants de (règlement − facture), factures réglées sur la période.",
        ),
        "avg_days_late" => (
            "Retard moyen de paiement",
            "Moyenne pondérée de max(0, règlement − échéance), factures réglées sur la période.",
        ),
        "on_time_rate" => {
            ("Factures payées à l'heure", "Part des factures réglées sur la période au plus tard à l'échéance.")
        }
        "cei" => (
            "Efficacité du recouvrement (CEI)",
            "(Encours début + CA − encours fin) ÷ (encours début + CA − non échu fin) × 100.",
        ),
        _ => ("", ""),
    }
}

fn param(key: &str) -> (&'static str, &'static str) {
    match key {
        "revenue" => ("Chiffre d'affaires annuel", "TTC, sur 12 mois."),
        "dso_current" => ("DSO actuel", "Délai moyen de paiement de vos clients aujourd'hui."),
        "dso_reduction" => ("Réduction du DSO visée", "Jours de délai gagnés."),
        "yield_rate" => {
            ("Rendement de la trésorerie", "Taux annuel obtenu sur la trésorerie libérée (placement ou dette évitée).")
        }
        "bad_debt_rate" => ("Taux d'impayés", "Part du chiffre d'affaires jamais encaissée."),
        "bad_debt_avoided" => ("Impayés évités", "Part des impayés qu'un meilleur suivi permet d'éviter."),
        "invoices_per_month" => ("Factures par mois", "Nombre de factures émises chaque mois."),
        "reminders_per_invoice" => ("Relances par facture", "Nombre moyen de relances manuelles par facture."),
        "minutes_per_reminder" => {
            ("Minutes par relance", "Temps passé sur une relance manuelle (recherche, rédaction, envoi).")
        }
        "automated_share" => {
            ("Relances automatisées", "Part des relances qu'un plan automatique envoie à votre place.")
        }
        "dso_receivables" => ("Créances clients", "Montant des factures non encore payées (TTC)."),
        "dso_revenue" => ("Chiffre d'affaires de la période", "TTC, sur la même période."),
        "dso_days" => ("Jours de la période", "31 pour un mois de 31 jours, 365 pour une année."),
        _ => ("", ""),
    }
}

fn output(key: &str) -> (&'static str, &'static str) {
    match key {
        "cash_increase" => (
            "Augmentation du solde de trésorerie",
            "La trésorerie qui n'est plus immobilisée chez vos clients, une fois pour toutes.",
        ),
        "collections_increase" => ("Augmentation des encaissements", "Les impayés évités chaque année."),
        "investment_income" => {
            ("Revenu de la trésorerie libérée", "Ce que rapporte chaque année la trésorerie libérée.")
        }
        "hours_saved_month" => ("Temps gagné par mois", "Les heures de relance manuelle économisées chaque mois."),
        _ => ("", ""),
    }
}

fn formula(key: &str) -> &'static str {
    match key {
        "cash_increase" => "CA annuel ÷ 365 × réduction du DSO",
        "collections_increase" => "CA annuel × taux d'impayés × impayés évités",
        "investment_income" => "augmentation de trésorerie × rendement",
        "hours_saved_month" => "factures × relances × minutes × part automatisée ÷ 60",
        _ => "",
    }
}

pub static TEXTS: Texts = Texts {
    msg,
    tagline: "Votre poste clients, analysé dans votre navigateur",
    nav_analyse: "Analyse",
    nav_calculators: "Calculateurs",
    nav_dunning: "Relances",
    nav_embed: "Intégrer",
    language: "Langue",
    privacy: "Vos fichiers sont lus dans votre navigateur : rien n'est envoyé, rien ne quitte votre poste.",
    unit_days_long: "j",
    unit_mb: "Mo",
    nav_label: "Navigation principale",
    doc_title: |page| format!("{page} — encours"),
    privacy_link: "Vos données restent sur votre ordinateur",
    privacy_title: "Vos données restent sur votre ordinateur",
    privacy_intro: "encours est une application qui s'exécute entièrement dans votre navigateur. Vos fichiers y sont lus et analysés : ils ne sont envoyés nulle part.",
    privacy_points: &[
        "Aucun envoi : le fichier que vous choisissez est lu par votre navigateur, sur votre poste. Il n'existe aucun serveur d'analyse.",
        "Aucune connexion à un autre site : la politique de sécurité de l'application (Content-Security-Policy) interdit au navigateur de contacter un autre site que celui d'où l'application vient. Ni mesure d'audience, ni cookie, ni police ou script d'un tiers.",
        "Hors ligne : après une première visite, l'application fonctionne sans réseau.",
        "Le fichier analysé reste en mémoire tant que l'onglet est ouvert ; il n'est jamais enregistré. Fermer l'onglet l'efface.",
        "Un historique d'exports n'est gardé que si vous le demandez (« Garder cette analyse ») : les totaux de l'export, jamais ses lignes. Il reste dans ce navigateur et peut être exporté, déplacé et effacé ci-dessous.",
    ],
    privacy_stored_title: "Ce que l'application garde dans ce navigateur",
    privacy_stored_intro: "Vos réglages, jamais vos fichiers (les historiques d'exports que vous avez demandé de garder sont listés plus bas). Les fichiers de l'application elle-même sont aussi gardés pour fonctionner hors ligne : ils ne contiennent aucune donnée.",
    privacy_key: |key| match key.split(".backup").next().unwrap_or(key) {
        "encours.v1.locale" => "Langue choisie".to_string(),
        "encours.v1.import" => "Options d'import (devise, séparateur décimal, ordre des dates, délai de paiement)".to_string(),
        "encours.v1.mappings" => "Correspondances de colonnes mémorisées pour vos exports".to_string(),
        "encours.dunning" => "Plans de relance, règles d'affectation et réglages des relances".to_string(),
        _ => "Réglage de l'application".to_string(),
    } + if key.contains(".backup") { " (copie d'une valeur illisible, gardée de côté)" } else { "" },
    privacy_nothing_stored: "Rien n'est enregistré pour l'instant.",
    privacy_item: "Contenu",
    privacy_key_name: "Clé",
    privacy_erase_title: "Tout effacer",
    privacy_erase: "Effacer tout ce que l'application a enregistré",
    privacy_erase_confirm_text: "Vos réglages, correspondances de colonnes et historiques d'exports seront effacés de ce navigateur, et l'analyse affichée sera fermée. Continuer ?",
    privacy_erase_confirm: "Oui, tout effacer",
    privacy_cancel: "Annuler",
    privacy_erased: "Tout a été effacé : l'application ne garde plus rien dans ce navigateur.",
    privacy_erase_failed: "Le navigateur n'a pas permis d'effacer les réglages (stockage désactivé ?).",
    update_ready: "Une nouvelle version d'encours est prête.",
    update_reload: "Recharger",
    crash_title: "Une erreur inattendue est survenue",
    crash_text: "L'application a rencontré un problème qu'elle ne sait pas traiter. Vos données n'ont pas quitté votre poste. Rechargez la page pour reprendre.",
    crash_report: "Pour nous le signaler, copiez le détail ci-dessous dans votre message (il ne contient aucune de vos données).",
    crash_reload: "Recharger la page",

    analyse_title: "Analyser votre poste clients",
    analyse_intro: "Déposez un export de vos factures clients (CSV ou Excel) : encours, DSO, CEI et balance âgée s'affichent aussitôt.",
    drop_prompt: "Déposez votre fichier ici",
    drop_formats: "CSV ou classeur (Excel, OpenDocument) ; séparateur, encodage, format des dates et des montants détectés automatiquement.",
    choose_file: "Choisir un fichier",
    try_sample: "Essayer avec des données d'exemple",
    computing: "Calcul en cours…",
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
    section_behaviour: "Recouvrement et comportement de paiement",
    over_limit_title: "Clients au-delà de leur limite de crédit",
    credit_limit: "Limite de crédit",
    overrun: "Dépassement",
    aged_title: "Balance âgée",
    aged_intro: "Montants ouverts à la date d'analyse, par ancienneté de retard (jours après l'échéance). Cliquez une ligne pour voir ses factures.",
    aged_customer: "Client",
    aged_buckets: "Tranches de retard (jours)",
    aged_buckets_invalid: "Tranches non valides : donnez des nombres de jours croissants, par exemple 30, 60, 90 (au plus 12).",
    aged_group_by: "Regrouper par",
    group_by_name: |g| match g {
        GroupBy::Customer => "Client",
        GroupBy::Division => "Division",
        GroupBy::SalesRep => "Commercial",
        GroupBy::DisputeReason => "Motif de litige",
    },
    aged_no_label: "(non renseigné)",
    aged_invoice: |id, issued, due| format!("{id} — émise le {issued}, échéance {due}"),
    aged_total: "Total",
    aged_all_customers: "Total général",
    aged_none: "Aucun montant ouvert à cette date.",
    bucket_not_due: "Non échu",
    bucket_range: |a, b| format!("{a} à {b} j"),
    bucket_over: |a| format!("> {a} j"),

    summary_title: "Fichier importé",
    summary_line: |rows, invoices, credit_notes, customers| {
        format!(
            "{rows} ligne{} lue{} : {invoices} pièce{} dont {credit_notes} avoir{}, {customers} client{}.",
            s(rows),
            s(rows),
            s(invoices),
            s(credit_notes),
            s(customers)
        )
    },
    summary_skipped: |n| {
        if n > 1 {
            format!("{n} lignes écartées : elles ne sont pas dans les chiffres (détail ci-dessous).")
        } else {
            "1 ligne écartée : elle n'est pas dans les chiffres (détail ci-dessous).".to_string()
        }
    },
    summary_sheet: |s| format!("Classeur, feuille « {s} »."),
    summary_format: |enc, delim, dates, month_first, comma| {
        let dates = match dates {
            DateForm::DayMonth if month_first => ", dates mois/jour/année (US)",
            DateForm::DayMonth => ", dates jour/mois/année",
            DateForm::YearFirst => ", dates année-mois-jour",
            DateForm::Unwritten => "",
        };
        format!(
            "Encodage {enc}, séparateur {}{dates}, décimales avec {}.",
            delimiter_name(delim),
            if comma { "virgule" } else { "point" }
        )
    },
    summary_invalid_bytes: |n| {
        format!("{n} octet{} illisible{} dans cet encodage, remplacé{} par « \u{FFFD} » : vérifiez les libellés concernés.", s(n), s(n), s(n))
    },
    summary_date_assumed: "Aucune date du fichier ne distingue jour et mois : jour/mois/année retenu.",
    summary_default_currency: |n, c| format!("{n} pièce{} sans devise : comptée{} en {c}.", s(n), s(n)),
    summary_snapshot: |d| format!("Fichier sans dates de règlement : les montants ouverts sont pris tels qu'exportés. Réglez la date d'analyse sur la date de l'export (au plus tôt le {d}, date de la dernière facture). Les indicateurs qui demandent l'historique des règlements (CEI, taux de recouvrement, délai de paiement) ne sont pas calculables."),
    summary_columns: "Colonnes utilisées",
    summary_ignored: "Colonnes non utilisées",
    summary_duplicates: "Colonnes en double (ignorées)",
    summary_issues: |n| format!("{n} remarque{} sur les lignes", s(n)),
    summary_issues_cut: |shown, total| format!("{shown} premières remarques sur {total}."),
    summary_timing: |read, readers, compute| match readers {
        0 | 1 => format!("Lu en {:.0} ms, calculé en {:.0} ms.", read, compute),
        n => format!("Lu en {:.0} ms sur {n} cœurs en parallèle, calculé en {:.0} ms.", read, compute),
    },
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

    calc_title: "Calculateurs",
    calc_intro: "Ce que vaut un délai de paiement plus court, et votre DSO en un instant. Les formules sont affichées : vous savez d'où vient chaque chiffre.",
    from_ar: "Calculer le DSO actuel depuis l'encours clients",
    from_ar_apply: "Appliquer",
    use_my_figures: "Utiliser mes chiffres",
    use_my_figures_hint: "Remplit les calculateurs avec le CA des 12 derniers mois, l'encours et le DSO du fichier analysé.",
    use_my_figures_none: "Analysez d'abord un fichier (onglet Analyse) pour utiliser vos propres chiffres.",
    used_my_figures: |f| format!("Chiffres repris de « {f} »."),
    share_title: "Partager ce calcul",
    copy_link: "Copier le lien",
    copied: "Lien copié",
    copy_failed: "Copie impossible : sélectionnez le lien ci-dessus.",
    reset: "Valeurs par défaut",

    embed_title: "Intégrer le calculateur sur votre site",
    embed_intro: "Copiez ce code dans une page de votre site : le calculateur s'affiche dans un cadre qui s'adapte à sa hauteur. Il fonctionne sur tout hébergement statique et ne charge rien d'autre que lui-même.",
    embed_options: "Options",
    opt_language: "Langue",
    opt_currency: "Devise",
    opt_color: "Couleur principale",
    opt_calculator: "Calculateur",
    opt_calc_savings: "Économies",
    opt_calc_dso: "DSO",
    opt_calc_both: "Les deux",
    opt_defaults: "Valeurs par défaut : celles réglées dans l'onglet Calculateurs.",
    snippet_script: "Code à copier (script, hauteur automatique)",
    snippet_script_help: "Recommandé : le cadre prend la hauteur de son contenu.",
    snippet_iframe: "Variante sans script (iframe seule)",
    snippet_iframe_help: "Pour les sites qui n'acceptent pas les scripts : hauteur fixe.",
    copy_snippet: "Copier le code",
    preview: "Aperçu",
    calc: &CALC,
};

pub static CALC: CalcTexts = CalcTexts {
    savings_title: "Calculez les économies sur vos retards de paiement",
    savings_intro: "Déplacez les curseurs ou saisissez vos chiffres : les résultats se mettent à jour aussitôt.",
    savings_inputs: "Vos chiffres",
    savings_results: "Ce que vous gagnez",
    param,
    unit_days: "j",
    unit_minutes: "min",
    unit_hours_month: "h / mois",
    per_year: "/ an",
    output,
    formula,
    dso_target: "DSO visé",
    dso_calc_title: "Calculateur de DSO",
    dso_calc_intro: "DSO = créances clients ÷ chiffre d'affaires × jours de la période. Exemple : 40 000 € de créances pour 100 000 € de CA sur un mois de 31 jours, soit 12,4 jours.",
    dso_simple_label: "DSO",
    dso_simple_formula: "créances ÷ CA × jours",
    countback_title: "DSO par épuisement",
    countback_intro: "Les créances sont « épuisées » par le chiffre d'affaires des mois précédents, du plus récent au plus ancien : plus juste quand les ventes varient d'un mois à l'autre.",
    countback_month: |k| if k == 0 { "Mois le plus récent".to_string() } else { format!("Mois −{k}") },
    countback_sales: "CA du mois",
    countback_days: "Jours",
    countback_result: "DSO par épuisement",
    widget_credit: "Calculé dans votre navigateur par encours",
    unavailable_reason: unavailable,
};
