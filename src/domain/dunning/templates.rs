//! Ready-made plans with progressive escalation, in French and English: a
//! gentle plan for good payers, a standard plan, a firm plan for late
//! payers. A user starts from one and edits it.

use super::plan::{Channel, Conditions, DunningPlan, Performer, Step};
use crate::domain::lang::Lang;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The ready-made plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Template {
    Gentle,
    Standard,
    Firm,
}

impl Template {
    pub const ALL: [Template; 3] = [Template::Gentle, Template::Standard, Template::Firm];

    pub fn id(self) -> &'static str {
        match self {
            Template::Gentle => "gentle",
            Template::Standard => "standard",
            Template::Firm => "firm",
        }
    }
}

fn step(offset_days: i32, channel: Channel, performer: Performer, minutes: u32, subject: &str, body: &str) -> Step {
    Step {
        offset_days,
        channel,
        subject: subject.to_string(),
        body: body.to_string(),
        conditions: Conditions::default(),
        performer,
        minutes,
        response_rate: None,
    }
}

/// The formal notice's text: the amounts, the legal penalties and the
/// indemnity (kpi.md "Late-payment penalties"), a last delay.
fn formal_notice(lang: Lang) -> Step {
    let mut s = match lang {
        Lang::Fr => step(
            30,
            Channel::FormalNotice,
            Performer::CreditManager,
            20,
            "Mise en demeure de payer – factures {factures}",
            "Lettre recommandée avec accusé de réception\n\n{client},\n\nMalgré nos relances, les factures {factures} (échéances {echeances}) restent impayées pour un montant de {montant}.\n\nPar la présente, nous vous mettons en demeure de régler sous huit jours la somme de {total}, comprenant :\n- le principal : {montant} ;\n- les pénalités de retard au taux annuel de {taux}, exigibles de plein droit dès le lendemain de l'échéance (article L. 441-10 du Code de commerce) : {penalites} à ce jour ;\n- l'indemnité forfaitaire pour frais de recouvrement de 40 € par facture (article D. 441-5 du Code de commerce) : {indemnite}.\n\nÀ défaut de règlement dans ce délai, nous engagerons sans autre avis une procédure de recouvrement judiciaire (injonction de payer), dont les frais resteront à votre charge.\n\n{contact}",
        ),
        Lang::En => step(
            30,
            Channel::FormalNotice,
            Performer::CreditManager,
            20,
            "Formal notice to pay – invoices {invoices}",
            "Registered letter with acknowledgement of receipt\n\n{customer},\n\nDespite our reminders, invoices {invoices} (due {due_dates}) remain unpaid for {amount}.\n\nWe hereby give you formal notice to pay within eight days the sum of {total}, made of:\n- the principal: {amount};\n- late-payment interest at {rate} a year, due by law from the day after the due date (French Commercial Code, art. L. 441-10): {penalties} to date;\n- the fixed recovery indemnity of €40 per invoice (art. D. 441-5): {indemnity}.\n\nFailing payment within this delay, we will start court proceedings (order for payment) without further notice, at your expense.\n\n{contact}",
        ),
    };
    s.conditions.min_amount = Some(Decimal::from(100));
    s
}

/// A ready-made plan in `lang`.
pub fn template(t: Template, lang: Lang) -> DunningPlan {
    use Channel::*;
    use Performer::*;
    let fr = lang == Lang::Fr;
    let pick = |a: &'static str, b: &'static str| if fr { a } else { b };
    let pre_due = step(
        -5,
        Email,
        CreditController,
        3,
        pick("Échéance prochaine de vos factures {factures}", "Invoices {invoices} falling due soon"),
        pick(
            "Bonjour {client},\n\nPour faciliter votre organisation, nous vous rappelons que les factures {factures}, d'un montant de {montant}, arrivent à échéance le {echeances}.\n\nSi le règlement est déjà programmé, merci de ne pas tenir compte de ce message.\n\n{contact}",
            "Dear {customer},\n\nTo help your planning, invoices {invoices}, for {amount}, fall due on {due_dates}.\n\nIf payment is already scheduled, please disregard this message.\n\n{contact}",
        ),
    );
    let reminder = |offset| {
        step(
            offset,
            Email,
            CreditController,
            3,
            pick("Rappel : factures {factures} échues", "Reminder: invoices {invoices} overdue"),
            pick(
                "Bonjour {client},\n\nSauf erreur de notre part, les factures {factures} ({montant}), échues le {echeances}, restent impayées à ce jour ({jours_retard} jours de retard).\n\nNous vous remercions de bien vouloir procéder à leur règlement, ou de nous signaler toute difficulté.\n\n{contact}",
                "Dear {customer},\n\nUnless we are mistaken, invoices {invoices} ({amount}), due on {due_dates}, are still unpaid ({days_late} days late).\n\nPlease arrange payment, or let us know of any difficulty.\n\n{contact}",
            ),
        )
    };
    let second_reminder = |offset| {
        step(
            offset,
            Email,
            CreditController,
            5,
            pick("Deuxième relance : factures {factures}", "Second reminder: invoices {invoices}"),
            pick(
                "Bonjour {client},\n\nMalgré notre premier rappel, les factures {factures} ({montant}) restent impayées, avec {jours_retard} jours de retard.\n\nNous vous rappelons que tout retard entraîne de plein droit des pénalités au taux annuel de {taux} ({penalites} à ce jour) et une indemnité forfaitaire de 40 € par facture ({indemnite}).\n\nMerci de régulariser sous huit jours.\n\n{contact}",
                "Dear {customer},\n\nDespite our first reminder, invoices {invoices} ({amount}) remain unpaid, {days_late} days late.\n\nLate payment makes interest due by law at {rate} a year ({penalties} to date) and a fixed indemnity of €40 per invoice ({indemnity}).\n\nPlease settle within eight days.\n\n{contact}",
            ),
        )
    };
    let call = |offset, minutes| {
        step(
            offset,
            Call,
            CreditController,
            minutes,
            pick("Appel : factures {factures}", "Call: invoices {invoices}"),
            pick(
                "Appeler {client} au sujet des factures {factures} ({montant}, {jours_retard} jours de retard) ; obtenir une date et un montant de règlement (promesse de paiement) et la noter.",
                "Call {customer} about invoices {invoices} ({amount}, {days_late} days late); get a payment date and amount (promise to pay) and note it.",
            ),
        )
    };
    let sms = |offset| {
        step(
            offset,
            Sms,
            CreditController,
            1,
            "",
            pick(
                "{client} : les factures {factures} ({montant}) arrivent à échéance le {echeances}. Merci. {societe}",
                "{customer}: invoices {invoices} ({amount}) fall due on {due_dates}. Thank you. {company}",
            ),
        )
    };
    let task = |offset, channel, performer, minutes, what_fr: &'static str, what_en: &'static str| {
        step(offset, channel, performer, minutes, pick(what_fr, what_en), pick(what_fr, what_en))
    };
    let (name, steps) = match t {
        Template::Gentle => (
            pick("Doux – bons payeurs", "Gentle – good payers"),
            vec![pre_due, reminder(3), call(15, 10), {
                let mut s = second_reminder(30);
                s.channel = Letter;
                s.minutes = 10;
                s
            }],
        ),
        Template::Standard => (
            pick("Standard", "Standard"),
            vec![
                {
                    let mut s = pre_due;
                    s.offset_days = -7;
                    s
                },
                reminder(1),
                call(8, 10),
                second_reminder(15),
                formal_notice(lang),
                task(
                    45,
                    HandToSales,
                    SalesRep,
                    15,
                    "Transmettre le dossier {client} au commercial : {factures}, {total} dus",
                    "Hand the {customer} account to its sales rep: {invoices}, {total} due",
                ),
                task(
                    60,
                    CollectionAgency,
                    CreditManager,
                    30,
                    "Confier le recouvrement de {factures} ({total}) à une société de recouvrement",
                    "Hand {invoices} ({total}) to a collection agency",
                ),
            ],
        ),
        Template::Firm => (
            pick("Ferme – payeurs en retard", "Firm – late payers"),
            vec![
                {
                    let mut s = pre_due;
                    s.offset_days = -10;
                    s
                },
                sms(-3),
                call(1, 10),
                {
                    let mut s = second_reminder(5);
                    s.performer = CreditManager;
                    s
                },
                {
                    let mut s = formal_notice(lang);
                    s.offset_days = 10;
                    s.conditions.min_amount = None;
                    s
                },
                task(
                    20,
                    Injunction,
                    Legal,
                    60,
                    "Déposer une requête en injonction de payer pour {factures} ({total})",
                    "File for an order for payment (injonction de payer) for {invoices} ({total})",
                ),
            ],
        ),
    };
    DunningPlan { id: t.id().to_string(), name: name.to_string(), steps }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_escalates_and_is_usable() {
        for lang in [Lang::Fr, Lang::En] {
            for t in Template::ALL {
                let p = template(t, lang);
                assert!(p.problems().is_empty(), "{t:?} {lang:?}: {:?}", p.problems());
                let offsets: Vec<i32> = p.steps.iter().map(|s| s.offset_days).collect();
                assert!(offsets.windows(2).all(|w| w[0] < w[1]), "{t:?}: days rise: {offsets:?}");
                assert!(offsets[0] < 0, "{t:?}: a notice before the due date");
                assert!(p.steps.iter().any(|s| s.channel == Channel::Call), "{t:?}: a call");
            }
            // The standard and firm plans go to a formal notice with the legal mentions.
            for t in [Template::Standard, Template::Firm] {
                let notice = template(t, lang).steps.into_iter().find(|s| s.channel == Channel::FormalNotice).unwrap();
                let (article, indemnity) = ("L. 441-10", "D. 441-5");
                assert!(notice.body.contains(article) && notice.body.contains(indemnity), "{t:?} {lang:?}");
            }
        }
        assert!(template(Template::Firm, Lang::Fr).steps.iter().any(|s| s.channel == Channel::Injunction));
    }
}
