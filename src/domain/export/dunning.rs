//! The action list as a CSV file (for a mail merge or a CRM) and the
//! calendar as an iCalendar (.ics) file, from the actions the engine lists.

use crate::domain::export::csv::{CsvField, CsvOut};
use crate::domain::lang::Lang;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One action as listed and exported: every text already in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionLine {
    pub date: NaiveDate,
    pub customer_id: String,
    pub customer: String,
    /// The customer's email and phone, when the file gives them.
    pub email: Option<String>,
    pub phone: Option<String>,
    pub plan: String,
    /// 1-based.
    pub step: u32,
    pub channel: crate::domain::dunning::plan::Channel,
    pub performer: crate::domain::dunning::plan::Performer,
    pub minutes: u32,
    pub invoices: Vec<String>,
    /// The keys a "done" mark records (`simulate::step_key`, one per invoice).
    pub keys: Vec<String>,
    pub amount: Decimal,
    pub currency: String,
    pub days_late: i64,
    pub penalties: Decimal,
    pub indemnity: Decimal,
    pub catch_up: bool,
    pub done: bool,
    pub subject: String,
    pub body: String,
}

/// The words an export needs in the user's language.
pub struct Words<'a> {
    pub headers: [&'a str; 16],
    pub channel: &'a dyn Fn(crate::domain::dunning::plan::Channel) -> String,
    pub performer: &'a dyn Fn(crate::domain::dunning::plan::Performer) -> String,
}

/// The actions as CSV (the penalties in the invoices' currency, the
/// recovery indemnities in euros, each its own column): in French, Excel's French dialect (`;`, decimal
/// comma, UTF-8 with a byte order mark); in English, `,` and a point.
pub fn actions_csv(lines: &[ActionLine], lang: Lang, words: &Words) -> Vec<u8> {
    // In English, no byte order mark (as before).
    let mut out = CsvOut::new(lang, lang == Lang::Fr);
    // Plain numbers (no grouping), as a spreadsheet reads them.
    let plain = |n: Decimal| {
        let text = format!("{:.2}", n.round_dp(2));
        if lang == Lang::Fr {
            text.replace('.', ",")
        } else {
            text
        }
    };
    out.record(words.headers.iter().map(|h| CsvField::Text(h)));
    for a in lines {
        let (channel, performer) = ((words.channel)(a.channel), (words.performer)(a.performer));
        let invoices = a.invoices.join(" ");
        let plain_cells = [
            a.date.format("%d/%m/%Y").to_string(),
            a.step.to_string(),
            a.minutes.to_string(),
            plain(a.amount),
            a.days_late.max(0).to_string(),
            plain(a.penalties),
            plain(a.indemnity),
        ];
        let [date, step, minutes, amount, days_late, penalties, indemnity] = &plain_cells;
        out.record([
            CsvField::Plain(date),
            CsvField::Text(&a.customer_id),
            CsvField::Text(&a.customer),
            CsvField::Text(&a.plan),
            CsvField::Plain(step),
            CsvField::Text(&channel),
            CsvField::Text(&performer),
            CsvField::Plain(minutes),
            CsvField::Text(&invoices),
            CsvField::Plain(amount),
            CsvField::Text(&a.currency),
            CsvField::Plain(days_late),
            CsvField::Plain(penalties),
            CsvField::Plain(indemnity),
            CsvField::Text(&a.subject),
            CsvField::Text(&a.body),
        ]);
    }
    out.finish()
}

/// Escapes a text value of iCalendar (RFC 5545 3.3.11).
fn ics_text(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace("\r\n", "\\n").replace('\n', "\\n")
}

/// Folds a content line at 75 octets (RFC 5545 3.1), never inside a character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// The actions as an iCalendar file: one all-day event each, stamped with
/// the as-of date `stamp` (no clock is read).
pub fn actions_ics(lines: &[ActionLine], stamp: NaiveDate, words: &Words) -> String {
    let mut out = String::new();
    for l in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//encours//relances//FR", "CALSCALE:GREGORIAN"] {
        fold(l, &mut out);
    }
    for (i, a) in lines.iter().enumerate() {
        let day = a.date.format("%Y%m%d");
        let next = a.date.succ_opt().unwrap_or(a.date).format("%Y%m%d");
        fold("BEGIN:VEVENT", &mut out);
        fold(&format!("UID:{day}-{i}-{}-{}@encours", a.step, ics_text(&a.customer_id).replace(' ', "_")), &mut out);
        fold(&format!("DTSTAMP:{}T000000Z", stamp.format("%Y%m%d")), &mut out);
        fold(&format!("DTSTART;VALUE=DATE:{day}"), &mut out);
        fold(&format!("DTEND;VALUE=DATE:{next}"), &mut out);
        let summary = format!("{} – {} – {}", (words.channel)(a.channel), a.customer, a.invoices.join(", "));
        fold(&format!("SUMMARY:{}", ics_text(&summary)), &mut out);
        let description = format!("{} ({})\n{}\n\n{}", a.plan, (words.performer)(a.performer), a.subject, a.body);
        fold(&format!("DESCRIPTION:{}", ics_text(&description)), &mut out);
        fold("END:VEVENT", &mut out);
    }
    fold("END:VCALENDAR", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dunning::plan::{Channel, Performer};
    use crate::domain::ledger::tests::{d, dec};

    fn words() -> Words<'static> {
        Words {
            headers: [
                "Date",
                "Code",
                "Client",
                "Plan",
                "Étape",
                "Canal",
                "Qui",
                "Minutes",
                "Factures",
                "Montant",
                "Devise",
                "Retard",
                "Pénalités",
                "Indemnités (EUR)",
                "Objet",
                "Message",
            ],
            channel: &|c| format!("{c:?}"),
            performer: &|p| format!("{p:?}"),
        }
    }

    fn line() -> ActionLine {
        ActionLine {
            date: d("2026-04-05"),
            customer_id: "C1".into(),
            customer: "Dupont; \"fils\"".into(),
            email: None,
            phone: None,
            plan: "Standard".into(),
            step: 2,
            channel: Channel::Email,
            performer: Performer::CreditController,
            minutes: 3,
            invoices: vec!["F1".into(), "F2".into()],
            keys: vec![],
            amount: dec("1234.5"),
            currency: "EUR".into(),
            days_late: 3,
            penalties: dec("1.5"),
            indemnity: dec("80"),
            catch_up: false,
            done: false,
            subject: "Rappel".into(),
            body: "Ligne 1\nLigne 2, fin".into(),
        }
    }

    #[test]
    fn csv_in_the_french_excel_dialect() {
        let bytes = actions_csv(&[line()], Lang::Fr, &words());
        assert!(bytes.starts_with(b"\xEF\xBB\xBFDate;Code;"));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let mut r = csv::ReaderBuilder::new().delimiter(b';').from_reader(text.as_bytes());
        let row = r.records().next().unwrap().unwrap();
        assert_eq!(&row[2], "Dupont; \"fils\"");
        assert_eq!((&row[9], &row[12], &row[13]), ("1234,50", "1,50", "80,00"));
        assert_eq!(&row[15], "Ligne 1\nLigne 2, fin");
        let en = String::from_utf8(actions_csv(&[line()], Lang::En, &words())).unwrap();
        assert!(en.contains(",1234.50,EUR,3,1.50,80.00,"), "{en}");
    }

    #[test]
    fn hostile_texts_are_never_formulas() {
        use crate::domain::export::tests::{assert_no_formula, HOSTILE};
        let mut l = line();
        l.customer = HOSTILE[0].into();
        l.customer_id = HOSTILE[1].into();
        l.plan = HOSTILE[2].into();
        l.invoices = vec![HOSTILE[3].into()];
        l.subject = HOSTILE[4].into();
        l.body = HOSTILE[5].into();
        l.amount = dec("-12.5");
        for lang in [Lang::Fr, Lang::En] {
            let bytes = actions_csv(std::slice::from_ref(&l), lang, &words());
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&bytes).to_vec();
            assert_no_formula(&bytes, lang, &HOSTILE);
            let text = String::from_utf8(bytes).unwrap();
            let minus = if lang == Lang::Fr { ";-12,50;" } else { ",-12.50," };
            assert!(text.contains(minus), "the amount stays a number: {text}");
        }
    }

    /// The indemnity is in euros whatever the invoice's currency: its own
    /// column, never added to penalties in another currency.
    #[test]
    fn penalties_and_the_indemnity_in_their_own_currencies() {
        let mut l = line();
        l.currency = "USD".into();
        let text = String::from_utf8(actions_csv(&[l], Lang::En, &words())).unwrap();
        let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let headers = r.headers().unwrap().clone();
        let row = r.records().next().unwrap().unwrap();
        let at = |name: &str| headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name} in {headers:?}"));
        assert_eq!((&row[at("Montant")], &row[at("Devise")]), ("1234.50", "USD"));
        assert_eq!(&row[at("Pénalités")], "1.50");
        assert_eq!(&row[at("Indemnités (EUR)")], "80.00");
    }

    #[test]
    fn ics_events_escaped_and_folded() {
        let mut l = line();
        l.body = "x".repeat(200);
        let ics = actions_ics(&[l], d("2026-03-31"), &words());
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.contains("DTSTART;VALUE=DATE:20260405\r\nDTEND;VALUE=DATE:20260406\r\n"));
        assert!(ics.contains("SUMMARY:Email – Dupont\\; \"fils\" – F1\\, F2\r\n"));
        assert!(ics.lines().all(|l| l.len() <= 75), "folded");
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
    }
}
