//! The payments file's texts beyond the first summary line (which source
//! an invoice's payments come from, amounts per currency, why a payment
//! was not matched, its mapping screen), French and English: one struct,
//! so the compiler checks both are complete.

use super::Locale;
use crate::domain::import::mapping::Role;
use crate::domain::import::matching::Unmatched;

pub struct PayTexts {
    /// Invoices whose own settled date or paid amount the payments file replaced.
    pub replaced: fn(u64) -> String,
    /// Invoices paid per the invoices file that the payments file does not name.
    pub kept: fn(u64) -> String,
    /// Invoices whose two sources disagree on the amount paid.
    pub differing: fn(u64) -> String,
    /// Listed of them, when cut: (shown, all).
    pub differing_cut: fn(u64, u64) -> String,
    pub col_invoice: &'static str,
    pub col_customer: &'static str,
    pub col_paid_invoices_file: &'static str,
    pub col_paid_payments_file: &'static str,
    /// The caption of the table of amounts per currency.
    pub by_currency_caption: &'static str,
    pub col_currency: &'static str,
    pub col_matched: &'static str,
    pub col_unapplied: &'static str,
    /// Payments naming no currency: (how many, the default currency).
    pub no_currency: fn(u64, &str) -> String,
    /// Payments found by one invoice id inside the label or reference text.
    pub in_label: fn(u64) -> String,
    /// Matched payments whose payer is not a customer of the invoices file.
    pub payer_unknown: fn(u64) -> String,
    /// Payments dated before their invoice (the payments file's).
    pub advances: fn(u64) -> String,
    /// The same, of the invoices file (on the import summary).
    pub advances_invoices: fn(u64) -> String,
    pub col_label: &'static str,
    pub col_why: &'static str,
    pub col_candidates: &'static str,
    pub why: fn(Unmatched) -> &'static str,
    /// The payments mapping screen's title and introduction.
    pub mapping_title: &'static str,
    pub mapping_intro: &'static str,
    /// Said while the mapping screen waits for the user.
    pub mapping_needed: &'static str,
    /// A payments file's column roles, in the payment sense.
    pub role: fn(Role) -> &'static str,
    /// What a payments file lacks when it has neither a reference nor a label.
    pub reference_or_label: &'static str,
}

pub fn pay_tr(locale: Locale) -> &'static PayTexts {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

fn s(n: u64) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}

static FR: PayTexts = PayTexts {
    replaced: |n| {
        format!(
            "{n} facture{} du fichier des factures avai{} déjà une date de règlement ou un montant réglé : le fichier des règlements, qui {} nomme, est retenu à la place (jamais les deux additionnés).",
            s(n),
            if n > 1 { "ent" } else { "t" },
            if n > 1 { "les" } else { "la" }
        )
    },
    kept: |n| {
        format!(
            "{n} facture{} réglée{} selon le fichier des factures, absente{} du fichier des règlements, garde{} ce que dit le fichier des factures.",
            s(n),
            s(n),
            s(n),
            if n > 1 { "nt" } else { "" }
        )
    },
    differing: |n| {
        format!(
            "{n} facture{} dont les deux fichiers ne donnent pas le même montant réglé (celui du fichier des règlements est retenu) :",
            s(n)
        )
    },
    differing_cut: |shown, all| format!("Les {shown} premières sur {all}."),
    col_invoice: "Facture",
    col_customer: "Client",
    col_paid_invoices_file: "Réglé selon le fichier des factures",
    col_paid_payments_file: "Réglé selon le fichier des règlements",
    by_currency_caption: "Règlements par devise (jamais additionnés d'une devise à l'autre)",
    col_currency: "Devise",
    col_matched: "Rapprochés",
    col_unapplied: "Non affectés",
    no_currency: |n, code| {
        format!(
            "{n} règlement{} sans devise lu{} en {code}, la devise par défaut des options d'import : {} ne règle{} aucune facture d'une autre devise.",
            s(n),
            s(n),
            if n > 1 { "ils" } else { "il" },
            if n > 1 { "nt" } else { "" }
        )
    },
    in_label: |n| {
        format!(
            "{n} règlement{} rapproché{} par la seule référence de facture trouvée dans {} libellé.",
            s(n),
            s(n),
            if n > 1 { "leur" } else { "son" }
        )
    },
    payer_unknown: |n| {
        format!(
            "{n} règlement{} nomme{} un payeur absent du fichier des factures : rapproché{} par {} seule référence.",
            s(n),
            if n > 1 { "nt" } else { "" },
            s(n),
            if n > 1 { "leur" } else { "sa" }
        )
    },
    advances: |n| {
        format!(
            "{n} règlement{} daté{} avant {} facture : encaissement{} non affecté{} jusqu'à la date de la facture, puis imputé{} sur elle.",
            s(n),
            s(n),
            if n > 1 { "leur" } else { "sa" },
            s(n),
            s(n),
            s(n)
        )
    },
    advances_invoices: |n| {
        format!(
            "{n} règlement{} du fichier daté{} avant {} facture : compté{} en encaissement non affecté (en diminution de l'encours net) jusqu'à la date de la facture, puis imputé{} sur elle.",
            s(n),
            s(n),
            if n > 1 { "leur" } else { "sa" },
            s(n),
            s(n)
        )
    },
    col_label: "Libellé",
    col_why: "Pourquoi",
    col_candidates: "Factures possibles",
    why: |w| match w {
        Unmatched::NoInvoice => "aucune facture de cette référence",
        Unmatched::OtherCurrency => "facture dans une autre devise que le règlement",
        Unmatched::OtherCustomer => "facture d'un autre client que le payeur",
        Unmatched::SeveralCustomers => "plusieurs clients ont une facture de cette référence, le payeur n'est pas connu",
        Unmatched::NotAllFound => "la référence ne désigne pas que des factures",
        Unmatched::SeveralInLabel => "le libellé cite plusieurs factures",
    },
    mapping_title: "Colonnes du fichier des règlements",
    mapping_intro: "Indiquez ce que contient chaque colonne : la date et le montant du règlement, et la référence de facture ou le libellé bancaire où la chercher. Votre choix est retenu pour les prochains fichiers de même présentation (dans ce navigateur seulement).",
    mapping_needed: "Indiquez les colonnes du fichier des règlements ci-dessous.",
    role: |r| match r {
        Role::InvoiceId => "Référence de facture",
        Role::Label => "Libellé bancaire (texte libre)",
        Role::CustomerId => "Payeur (code client)",
        Role::CustomerName => "Payeur (nom)",
        Role::SettledDate => "Date du règlement",
        Role::Amount => "Montant réglé",
        Role::Currency => "Devise",
        _ => "—",
    },
    reference_or_label: "Référence de facture ou libellé bancaire",
};

static EN: PayTexts = PayTexts {
    replaced: |n| {
        format!(
            "{n} invoice{} already had a settled date or a paid amount in the invoices file: the payments file, which names {}, is used instead (never both added).",
            s(n),
            if n > 1 { "them" } else { "it" }
        )
    },
    kept: |n| {
        format!(
            "{n} invoice{} paid according to the invoices file and absent from the payments file keep{} what the invoices file says.",
            s(n),
            if n > 1 { "" } else { "s" }
        )
    },
    differing: |n| {
        format!(
            "{n} invoice{} whose two files do not give the same amount paid (the payments file's is used):",
            s(n)
        )
    },
    differing_cut: |shown, all| format!("The first {shown} of {all}."),
    col_invoice: "Invoice",
    col_customer: "Customer",
    col_paid_invoices_file: "Paid per the invoices file",
    col_paid_payments_file: "Paid per the payments file",
    by_currency_caption: "Payments by currency (never added across currencies)",
    col_currency: "Currency",
    col_matched: "Matched",
    col_unapplied: "Unapplied",
    no_currency: |n, code| {
        format!(
            "{n} payment{} without a currency read in {code}, the import options' default currency: {} settle{} no invoice in another currency.",
            s(n),
            if n > 1 { "they" } else { "it" },
            if n > 1 { "" } else { "s" }
        )
    },
    in_label: |n| {
        format!(
            "{n} payment{} matched by the one invoice reference found in {} label.",
            s(n),
            if n > 1 { "their" } else { "its" }
        )
    },
    payer_unknown: |n| {
        format!(
            "{n} payment{} name{} a payer absent from the invoices file: matched by {} reference alone.",
            s(n),
            if n > 1 { "" } else { "s" },
            if n > 1 { "their" } else { "its" }
        )
    },
    advances: |n| {
        format!(
            "{n} payment{} dated before {} invoice: unapplied cash until the invoice date, then applied to it.",
            s(n),
            if n > 1 { "their" } else { "its" }
        )
    },
    advances_invoices: |n| {
        format!(
            "{n} payment{} in the file dated before {} invoice: counted as unapplied cash (reducing net AR) until the invoice date, then applied to it.",
            s(n),
            if n > 1 { "their" } else { "its" }
        )
    },
    col_label: "Label",
    col_why: "Why",
    col_candidates: "Possible invoices",
    why: |w| match w {
        Unmatched::NoInvoice => "no invoice has this reference",
        Unmatched::OtherCurrency => "the invoice is in another currency than the payment",
        Unmatched::OtherCustomer => "the invoice is another customer's than the payer's",
        Unmatched::SeveralCustomers => "several customers have an invoice of this reference, and the payer is not known",
        Unmatched::NotAllFound => "the reference does not name invoices only",
        Unmatched::SeveralInLabel => "the label names several invoices",
    },
    mapping_title: "The payments file's columns",
    mapping_intro: "Say what each column holds: the payment's date and amount, and the invoice reference or the bank label to look for it in. Your choice is remembered for the next files laid out the same way (in this browser only).",
    mapping_needed: "Say which column is which in the payments file, below.",
    role: |r| match r {
        Role::InvoiceId => "Invoice reference",
        Role::Label => "Bank label (free text)",
        Role::CustomerId => "Payer (customer code)",
        Role::CustomerName => "Payer (name)",
        Role::SettledDate => "Payment date",
        Role::Amount => "Amount paid",
        Role::Currency => "Currency",
        _ => "—",
    },
    reference_or_label: "Invoice reference or bank label",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::import::payments::PAYMENT_ROLES;

    #[test]
    fn every_payment_role_and_reason_is_named_in_both_languages() {
        for l in [Locale::Fr, Locale::En] {
            let t = pay_tr(l);
            for r in PAYMENT_ROLES {
                assert_ne!((t.role)(r), "—", "{r:?} in {l:?}");
            }
            use Unmatched::*;
            for w in [NoInvoice, OtherCurrency, OtherCustomer, SeveralCustomers, NotAllFound, SeveralInLabel] {
                assert!(!(t.why)(w).is_empty());
            }
        }
        assert!((pay_tr(Locale::Fr).kept)(2).starts_with("2 factures réglées"));
        assert!((pay_tr(Locale::En).kept)(1).ends_with("keeps what the invoices file says."));
    }
}
