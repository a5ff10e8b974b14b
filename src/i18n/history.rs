//! The history of exports' texts (keeping an analysis, what changed since
//! the previous export, trends from kept exports, the histories on the
//! privacy page), French and English: one struct, so the compiler checks
//! both are complete.

use super::Locale;
use crate::domain::analysis::history::document::{HistoryProblem, Invalid};
use crate::domain::analysis::history::ExportKind;

pub struct HistTexts {
    pub title: &'static str,
    pub intro: &'static str,
    /// What is kept, said beside the button.
    pub what_is_kept: &'static str,
    pub history_label: &'static str,
    /// An option of the histories menu: (name, exports kept).
    pub history_option: fn(&str, usize) -> String,
    pub new_history: &'static str,
    pub name_label: &'static str,
    /// The kind of file, in a new history's suggested name.
    pub kind: fn(ExportKind) -> &'static str,
    pub keep: &'static str,
    /// The button when the history has an export at this date already.
    pub replace: fn(&str) -> String,
    /// (history, exports kept, their dates).
    pub kept: fn(&str, usize, &str) -> String,
    pub replaced: fn(&str, &str) -> String,
    /// The history's exports: (history, count, dates).
    pub exports_of: fn(&str, usize, &str) -> String,
    /// Why this analysis cannot be kept.
    pub cannot_keep: fn(&str) -> String,
    pub waiting: &'static str,
    pub name_missing: &'static str,
    pub store_unavailable: &'static str,
    pub save_failed: &'static str,
    /// Records moved aside while reading: (count).
    pub moved_aside: fn(usize) -> String,
    pub export: &'static str,
    pub import: &'static str,
    pub erase: &'static str,
    pub erase_confirm: fn(&str, usize) -> String,
    pub yes_erase: &'static str,
    pub cancel: &'static str,
    pub erased: fn(&str) -> String,
    /// (history, added, replaced).
    pub imported: fn(&str, usize, usize) -> String,
    pub import_failed: fn(&HistoryProblem, &dyn Fn(chrono::NaiveDate) -> String) -> String,
    pub second_export: &'static str,
    pub trends_title: &'static str,
    /// (count, history, currency).
    pub trends_from: fn(usize, &str, &str) -> String,
    pub chart_ar: &'static str,
    pub chart_aged: &'static str,
    pub chart_dso: &'static str,
    pub dso_missing: &'static str,
    pub export_of: &'static str,
    pub by_bucket: &'static str,
    /// The sparkline's source, under a figure.
    pub from_kept: &'static str,
    /// "since the export of 30/09/2026".
    pub since_export: fn(&str) -> String,
    pub changes_title: fn(&str) -> String,
    /// The headline: (overdue change, date, customers, share, rising).
    pub headline: fn(&str, &str, u32, &str, bool) -> String,
    pub unchanged_overdue: fn(&str) -> String,
    pub ar: &'static str,
    pub overdue: &'static str,
    pub gone: &'static str,
    pub new: &'static str,
    pub other: &'static str,
    /// "3 invoices, 2,800.00 €".
    pub invoices: fn(u32, &str) -> String,
    pub not_followed: &'static str,
    pub buckets_differ: &'static str,
    pub grew_title: &'static str,
    pub older_title: &'static str,
    pub over_limit_title: &'static str,
    pub customers_title: &'static str,
    pub none: &'static str,
    pub col_customer: &'static str,
    pub col_before: &'static str,
    pub col_now: &'static str,
    pub col_change: &'static str,
    pub col_from: &'static str,
    pub col_to: &'static str,
    pub col_in_bucket: &'static str,
    pub col_limit: &'static str,
    pub col_open: &'static str,
    pub col_overrun: &'static str,
    pub col_overdue_change: &'static str,
    /// The roll-forward's short column titles: gone, new, other.
    pub col_gone: &'static str,
    pub col_new: &'static str,
    pub col_other: &'static str,
    pub new_customer: &'static str,
    pub left_customer: &'static str,
    pub unchanged: fn(u32) -> String,
    pub show_all: fn(usize) -> String,
    pub stored_title: &'static str,
    pub stored_intro: &'static str,
    pub stored_none: &'static str,
    pub col_history: &'static str,
    pub col_exports: &'static str,
    pub col_period: &'static str,
    pub col_size: &'static str,
    pub aside_item: &'static str,
}

/// A small count in words ("trois", "three"), else in digits.
fn words(l: Locale, n: u32) -> String {
    const FR: [&str; 11] = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"];
    const EN: [&str; 11] = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    let list = if l == Locale::Fr { FR } else { EN };
    list.get(n as usize).map_or_else(|| n.to_string(), |w| w.to_string())
}

fn s(n: usize) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}

fn invalid_fr(i: &Invalid, date: &dyn Fn(chrono::NaiveDate) -> String) -> String {
    match i {
        Invalid::Blank => "il n'a pas de nom".to_string(),
        Invalid::SameDate(d) => format!("deux exports y sont datés du {}", date(*d)),
        Invalid::Currency { date: d, currency } => {
            format!("l'export du {} a une devise « {currency} » illisible ou en double", date(*d))
        }
        Invalid::Buckets { date: d, currency } => {
            format!("l'export du {} ({currency}) n'a pas un montant par tranche", date(*d))
        }
        Invalid::Customer { date: d, currency, customer } => format!(
            "dans l'export du {} ({currency}), les tranches du client « {customer} » ne font pas son encours",
            date(*d)
        ),
        Invalid::Totals { date: d, currency } => {
            format!("dans l'export du {} ({currency}), les clients ne font pas la balance âgée", date(*d))
        }
    }
}

fn invalid_en(i: &Invalid, date: &dyn Fn(chrono::NaiveDate) -> String) -> String {
    match i {
        Invalid::Blank => "it has no name".to_string(),
        Invalid::SameDate(d) => format!("two of its exports are dated {}", date(*d)),
        Invalid::Currency { date: d, currency } => {
            format!("the export of {} has an unreadable or repeated currency \"{currency}\"", date(*d))
        }
        Invalid::Buckets { date: d, currency } => {
            format!("the export of {} ({currency}) does not have one amount per bucket", date(*d))
        }
        Invalid::Customer { date: d, currency, customer } => format!(
            "in the export of {} ({currency}), customer \"{customer}\"'s buckets do not add up to what it owes",
            date(*d)
        ),
        Invalid::Totals { date: d, currency } => {
            format!("in the export of {} ({currency}), the customers do not add up to the aged balance", date(*d))
        }
    }
}

pub static FR: HistTexts = HistTexts {
    title: "Historique des exports",
    intro: "Gardez, dans ce navigateur, ce que montre cet export : les exports suivants de même disposition montreront leurs tendances et ce qui a changé depuis le précédent. Rien n'est envoyé.",
    what_is_kept: "Sont gardés les totaux de l'export (chiffres, balance âgée, encours et retard par client) et une empreinte de chaque facture ouverte avec son montant, pour reconnaître les factures disparues et nouvelles : jamais une ligne du fichier, un numéro ni une date de facture.",
    history_label: "Historique",
    history_option: |name, n| format!("{name} ({n} export{})", s(n)),
    new_history: "Nouvel historique…",
    name_label: "Nom du nouvel historique",
    kind: |k| match k {
        ExportKind::OpenItems => "balance âgée",
        ExportKind::Fec => "FEC",
        ExportKind::Receivables => "encours clients",
    },
    keep: "Garder cette analyse",
    replace: |date| format!("Remplacer l'export du {date} déjà gardé"),
    kept: |name, n, dates| format!("Gardé dans « {name} » : {n} export{} ({dates}).", s(n)),
    replaced: |name, date| format!("L'export du {date} de « {name} » a été remplacé."),
    exports_of: |name, n, dates| format!("« {name} » : {n} export{} gardé{} ({dates}).", s(n), s(n)),
    cannot_keep: |why| format!("Cette analyse ne peut pas être gardée : {why}"),
    waiting: "Préparation des totaux de l'export…",
    name_missing: "Donnez un nom à l'historique.",
    store_unavailable: "Ce navigateur ne permet pas de garder un historique (stockage IndexedDB indisponible, par exemple en navigation privée).",
    save_failed: "Le navigateur a refusé d'enregistrer l'historique (espace plein ?) : rien n'a changé.",
    moved_aside: |n| {
        if n > 1 {
            format!("{n} historiques gardés n'ont pas pu être relus (endommagés, ou écrits par une version plus récente d'encours) : ils sont mis de côté, intacts. Vous pouvez les effacer depuis la page « Vos données restent sur votre ordinateur ».")
        } else {
            "Un historique gardé n'a pas pu être relu (endommagé, ou écrit par une version plus récente d'encours) : il est mis de côté, intact. Vous pouvez l'effacer depuis la page « Vos données restent sur votre ordinateur ».".to_string()
        }
    },
    export: "Exporter l'historique (JSON)",
    import: "Importer un historique (JSON)",
    erase: "Effacer cet historique",
    erase_confirm: |name, n| format!("Effacer l'historique « {name} » et ses {n} export{} de ce navigateur ? Exportez-le d'abord pour le garder ailleurs.", s(n)),
    yes_erase: "Oui, effacer",
    cancel: "Annuler",
    erased: |name| format!("L'historique « {name} » a été effacé."),
    imported: |name, added, replaced| {
        let r = if replaced > 0 { format!(", {replaced} remplacé{}", s(replaced)) } else { String::new() };
        format!("Historique « {name} » importé : {added} export{} ajouté{}{r}.", s(added), s(added))
    },
    import_failed: |p, date| match p {
        HistoryProblem::Unreadable => "Ce fichier n'a pas pu être lu comme un historique (endommagé ?) : rien n'a changé.".to_string(),
        HistoryProblem::NotAHistory => "Ce fichier n'est pas un historique d'exports d'encours : rien n'a changé.".to_string(),
        HistoryProblem::Newer(v) => format!("Cet historique a été écrit par une version plus récente d'encours (format {v}) : rien n'a changé. Mettez l'application à jour (rechargez la page)."),
        HistoryProblem::Invalid(i) => format!("Cet historique n'a pas été importé car {} : rien n'a changé.", invalid_fr(i, date)),
    },
    second_export: "Gardez au moins deux exports de cet historique pour en voir les tendances.",
    trends_title: "Tendances d'après les exports gardés",
    trends_from: |n, name, currency| format!("D'après les {n} exports gardés dans « {name} », un point par export, en {currency}. Les tendances calculées sur l'historique de paiements du fichier, s'il en a un, restent au-dessus."),
    chart_ar: "Encours, retard et provisions (exports gardés)",
    chart_aged: "Balance âgée (exports gardés)",
    chart_dso: "DSO (exports gardés)",
    dso_missing: "Le DSO n'a pu être calculé que pour moins de deux de ces exports : pas de courbe.",
    export_of: "Export du",
    by_bucket: "Par tranche d'âge",
    from_kept: "Exports gardés",
    since_export: |date| format!("depuis l'export du {date}"),
    changes_title: |date| format!("Ce qui a changé depuis l'export du {date}"),
    headline: |change, date, n, share, rising| {
        let what = if rising { "hausse" } else { "baisse" };
        let who = if n == 1 {
            format!("un client en fait {share}")
        } else {
            format!("{} clients en font {share}", words(Locale::Fr, n))
        };
        format!("Retard {change} depuis le {date} : {who} de la {what}.")
    },
    unchanged_overdue: |date| format!("Retard inchangé depuis le {date}."),
    ar: "Encours",
    overdue: "En retard",
    gone: "Factures disparues (payées ou annulées)",
    new: "Nouvelles factures",
    other: "Autres mouvements (paiements partiels, montants modifiés, encaissements non lettrés)",
    invoices: |n, amount| format!("{n} pièce{}, {amount}", if n > 1 { "s" } else { "" }),
    not_followed: "Ces fichiers ne numérotent pas leurs factures : les factures disparues et nouvelles ne peuvent pas être distinguées ; tout mouvement est compté en « autres ».",
    buckets_differ: "Les deux exports n'ont pas été vieillis dans les mêmes tranches : les passages de tranche ne sont pas comparés.",
    grew_title: "Clients dont le retard a le plus augmenté",
    older_title: "Clients passés dans une tranche plus ancienne",
    over_limit_title: "Nouveaux clients au-delà de leur limite de crédit",
    customers_title: "Par client",
    none: "Aucun.",
    col_customer: "Client",
    col_before: "Avant",
    col_now: "Maintenant",
    col_change: "Variation",
    col_from: "De",
    col_to: "Vers",
    col_in_bucket: "Dans cette tranche",
    col_limit: "Limite",
    col_open: "Encours",
    col_overrun: "Dépassement",
    col_overdue_change: "Retard (variation)",
    col_gone: "Disparues",
    col_new: "Nouvelles",
    col_other: "Autres",
    new_customer: "nouveau",
    left_customer: "soldé",
    unchanged: |n| format!("{n} client{} sans changement.", if n > 1 { "s" } else { "" }),
    show_all: |n| format!("Voir les {n} clients"),
    stored_title: "Historiques d'exports gardés",
    stored_intro: "Seulement ceux que vous avez demandé de garder, dans la base IndexedDB de ce navigateur : pour chaque export, ses totaux (par devise, par tranche et par client) et une empreinte de chaque facture ouverte avec son montant. Jamais une ligne du fichier, un numéro ni une date de facture.",
    stored_none: "Aucun historique gardé.",
    col_history: "Historique",
    col_exports: "Exports",
    col_period: "Période",
    col_size: "Taille",
    aside_item: "Historique illisible, mis de côté",
};

pub static EN: HistTexts = HistTexts {
    title: "History of exports",
    intro: "Keep, in this browser, what this export shows: later exports with the same layout will show their trends and what changed since the previous one. Nothing is sent.",
    what_is_kept: "What is kept is the export's totals (figures, aged balance, open and overdue amounts by customer) and a fingerprint of each open invoice with its amount, to recognise invoices gone and new: never a row of the file, an invoice number or date.",
    history_label: "History",
    history_option: |name, n| format!("{name} ({n} export{})", s(n)),
    new_history: "New history…",
    name_label: "Name of the new history",
    kind: |k| match k {
        ExportKind::OpenItems => "aged balance",
        ExportKind::Fec => "FEC",
        ExportKind::Receivables => "receivables",
    },
    keep: "Keep this analysis",
    replace: |date| format!("Replace the export of {date} kept before"),
    kept: |name, n, dates| format!("Kept in \"{name}\": {n} export{} ({dates}).", s(n)),
    replaced: |name, date| format!("The export of {date} in \"{name}\" was replaced."),
    exports_of: |name, n, dates| format!("\"{name}\": {n} export{} kept ({dates}).", s(n)),
    cannot_keep: |why| format!("This analysis cannot be kept: {why}"),
    waiting: "Preparing the export's totals…",
    name_missing: "Give the history a name.",
    store_unavailable: "This browser does not let the app keep a history (IndexedDB storage unavailable, in private browsing for instance).",
    save_failed: "The browser refused to store the history (storage full?): nothing changed.",
    moved_aside: |n| {
        if n > 1 {
            format!("{n} kept histories could not be read (damaged, or written by a newer version of encours): they are kept aside, untouched. You can erase them from the \"Your data stays on your computer\" page.")
        } else {
            "A kept history could not be read (damaged, or written by a newer version of encours): it is kept aside, untouched. You can erase it from the \"Your data stays on your computer\" page.".to_string()
        }
    },
    export: "Export the history (JSON)",
    import: "Import a history (JSON)",
    erase: "Erase this history",
    erase_confirm: |name, n| format!("Erase the history \"{name}\" and its {n} export{} from this browser? Export it first to keep it elsewhere.", s(n)),
    yes_erase: "Yes, erase",
    cancel: "Cancel",
    erased: |name| format!("The history \"{name}\" was erased."),
    imported: |name, added, replaced| {
        let r = if replaced > 0 { format!(", {replaced} replaced") } else { String::new() };
        format!("History \"{name}\" imported: {added} export{} added{r}.", s(added))
    },
    import_failed: |p, date| match p {
        HistoryProblem::Unreadable => "This file could not be read as a history (damaged?): nothing changed.".to_string(),
        HistoryProblem::NotAHistory => "This file is not an encours history of exports: nothing changed.".to_string(),
        HistoryProblem::Newer(v) => format!("This history was written by a newer version of encours (format {v}): nothing changed. Update the app (reload the page)."),
        HistoryProblem::Invalid(i) => format!("This history was not imported because {}: nothing changed.", invalid_en(i, date)),
    },
    second_export: "Keep at least two exports in this history to see its trends.",
    trends_title: "Trends from kept exports",
    trends_from: |n, name, currency| format!("From the {n} exports kept in \"{name}\", one point per export, in {currency}. The trends computed from the file's own payment history, if it has one, stay above."),
    chart_ar: "Receivables, overdue and provisions (kept exports)",
    chart_aged: "Aged balance (kept exports)",
    chart_dso: "DSO (kept exports)",
    dso_missing: "DSO could be computed for fewer than two of these exports: no line.",
    export_of: "Export of",
    by_bucket: "By age bucket",
    from_kept: "Kept exports",
    since_export: |date| format!("since the export of {date}"),
    changes_title: |date| format!("What changed since the export of {date}"),
    headline: |change, date, n, share, rising| {
        let what = if rising { "rise" } else { "fall" };
        let who = if n == 1 {
            format!("one customer makes {share}")
        } else {
            format!("{} customers make {share}", words(Locale::En, n))
        };
        format!("Overdue {change} since {date}: {who} of the {what}.")
    },
    unchanged_overdue: |date| format!("Overdue unchanged since {date}."),
    ar: "Receivables",
    overdue: "Overdue",
    gone: "Invoices gone (paid or cancelled)",
    new: "New invoices",
    other: "Other moves (part payments, changed amounts, unapplied cash)",
    invoices: |n, amount| format!("{n} document{}, {amount}", if n > 1 { "s" } else { "" }),
    not_followed: "These files do not number their invoices: invoices gone and new cannot be told apart; every move is counted as \"other\".",
    buckets_differ: "The two exports were not aged in the same buckets: moves between buckets are not compared.",
    grew_title: "Customers whose overdue grew most",
    older_title: "Customers that moved to an older bucket",
    over_limit_title: "Customers newly over their credit limit",
    customers_title: "By customer",
    none: "None.",
    col_customer: "Customer",
    col_before: "Before",
    col_now: "Now",
    col_change: "Change",
    col_from: "From",
    col_to: "To",
    col_in_bucket: "In that bucket",
    col_limit: "Limit",
    col_open: "Owed",
    col_overrun: "Overrun",
    col_overdue_change: "Overdue (change)",
    col_gone: "Gone",
    col_new: "New",
    col_other: "Other",
    new_customer: "new",
    left_customer: "settled",
    unchanged: |n| format!("{n} customer{} unchanged.", if n > 1 { "s" } else { "" }),
    show_all: |n| format!("Show all {n} customers"),
    stored_title: "Histories of exports kept",
    stored_intro: "Only those you asked to keep, in this browser's IndexedDB database: for each export, its totals (by currency, by bucket and by customer) and a fingerprint of each open invoice with its amount. Never a row of the file, an invoice number or date.",
    stored_none: "No history kept.",
    col_history: "History",
    col_exports: "Exports",
    col_period: "Period",
    col_size: "Size",
    aside_item: "Unreadable history, kept aside",
};

/// The history texts of `locale`.
pub fn hist_tr(locale: Locale) -> &'static HistTexts {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_headline_reads_in_both_languages() {
        assert_eq!(
            (FR.headline)("+12,3\u{a0}%", "31/10/2026", 3, "83\u{a0}%", true),
            "Retard +12,3\u{a0}% depuis le 31/10/2026 : trois clients en font 83\u{a0}% de la hausse."
        );
        assert_eq!(
            (EN.headline)("+12.3%", "31/10/2026", 1, "100%", false),
            "Overdue +12.3% since 31/10/2026: one customer makes 100% of the fall."
        );
        assert_eq!(
            (EN.headline)("+1%", "d", 12, "81%", true),
            "Overdue +1% since d: 12 customers make 81% of the rise."
        );
    }
}
