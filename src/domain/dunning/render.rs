//! A step's message with its placeholders filled for one action, and the
//! links that hand it to the user's own mail client, phone or SMS app.

use crate::domain::lang::Lang;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The placeholders a message may hold, French name then English name.
pub const PLACEHOLDERS: [(&str, &str); 11] = [
    ("client", "customer"),
    ("factures", "invoices"),
    ("montant", "amount"),
    ("echeances", "due_dates"),
    ("jours_retard", "days_late"),
    ("penalites", "penalties"),
    ("indemnite", "indemnity"),
    ("total", "total"),
    ("taux", "rate"),
    ("contact", "contact"),
    ("societe", "company"),
];

/// What fills the placeholders of one action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageData {
    pub customer: String,
    pub invoices: Vec<String>,
    /// Open amount of those invoices.
    pub amount: Decimal,
    pub due_dates: Vec<NaiveDate>,
    /// The most days late among them (0 before the due date).
    pub days_late: i64,
    pub penalties: Decimal,
    pub indemnity: Decimal,
    /// Annual penalty rate, in percent.
    pub rate: Decimal,
    pub currency: String,
    /// The sender's signature and company (the user's settings).
    pub contact: String,
    pub company: String,
}

/// `n` with two decimals and thousands grouped as `lang` writes them.
pub fn number(lang: Lang, n: Decimal) -> String {
    let n = n.round_dp(2);
    let negative = n.is_sign_negative() && !n.is_zero();
    let text = format!("{:.2}", n.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let (group, point) = match lang {
        Lang::Fr => ('\u{a0}', ','),
        Lang::En => (',', '.'),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    format!("{}{grouped}{point}{frac}", if negative { "-" } else { "" })
}

/// An amount with its currency as `lang` writes it: "1 234,56 €", "€1,234.56".
pub fn money(lang: Lang, n: Decimal, currency: &str) -> String {
    let symbol = match currency {
        "EUR" => Some("€"),
        "USD" => Some("$"),
        "GBP" => Some("£"),
        _ => None,
    };
    match (lang, symbol) {
        (Lang::Fr, Some(s)) if currency == "EUR" => format!("{}\u{a0}{s}", number(lang, n)),
        (Lang::En, Some(s)) => format!("{s}{}", number(lang, n)),
        _ => format!("{}\u{a0}{currency}", number(lang, n)),
    }
}

/// An amount in `currency` with the recovery indemnity, which is in euros
/// (Code de commerce L441-10): added when the amount is in euros, else
/// stated beside it ("1 240,37 USD + 80,00 €"), never summed across
/// currencies (kpi.md "Currencies").
pub fn with_indemnity(lang: Lang, amount: Decimal, currency: &str, indemnity: Decimal) -> String {
    if indemnity.is_zero() {
        money(lang, amount, currency)
    } else if currency == "EUR" {
        money(lang, amount + indemnity, currency)
    } else {
        format!("{} + {}", money(lang, amount, currency), money(lang, indemnity, "EUR"))
    }
}

fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// `text` with every known placeholder (in braces, in either language)
/// replaced; anything else is left as written.
pub fn render(text: &str, data: &MessageData, lang: Lang) -> String {
    let value = |key: &str| -> Option<String> {
        let ix = PLACEHOLDERS.iter().position(|(fr, en)| *fr == key || *en == key)?;
        let mut dates = data.due_dates.clone();
        dates.sort_unstable();
        dates.dedup();
        Some(match ix {
            0 => data.customer.clone(),
            1 => data.invoices.join(", "),
            2 => money(lang, data.amount, &data.currency),
            3 => dates.into_iter().map(date).collect::<Vec<_>>().join(", "),
            4 => data.days_late.max(0).to_string(),
            5 => money(lang, data.penalties, &data.currency),
            6 => money(lang, data.indemnity, "EUR"),
            7 => with_indemnity(lang, data.amount + data.penalties, &data.currency, data.indemnity),
            8 => match lang {
                Lang::Fr => format!("{}\u{a0}%", number(lang, data.rate)),
                Lang::En => format!("{}%", number(lang, data.rate)),
            },
            9 => data.contact.clone(),
            _ => data.company.clone(),
        })
    };
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| value(&after[..close]).map(|v| (close, v))) {
            Some((close, v)) => {
                out.push_str(&v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `text` safe to put in HTML: `<`, `>`, `&` and quotes escaped.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes everything but the unreserved characters (RFC 3986),
/// as a `mailto:` or `sms:` query needs.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A `mailto:` link: the user's mail client opens the message, ready to send.
pub fn mailto(to: &str, subject: &str, body: &str) -> String {
    // Line ends as CRLF, as RFC 6068 asks.
    let body = body.replace("\r\n", "\n").replace('\n', "\r\n");
    let to: String =
        to.split([',', ';']).map(str::trim).filter(|a| !a.is_empty()).map(percent_encode).collect::<Vec<_>>().join(",");
    format!("mailto:{to}?subject={}&body={}", percent_encode(subject), percent_encode(&body))
}

/// The number a phone dials from a number as people write it: its digits
/// and a leading "+"; the trunk prefix "(0)" written after a country code
/// ("+33 (0)1 23 45 67 89", "+44 (0)20 ...") left out, as an international
/// call needs; an extension ("ext. 12", "poste 12", "x12", "#12", after a
/// "," or ";") and a second number after "/" are not part of it. Words
/// before the number ("Tél. :") are skipped.
fn dial(phone: &str) -> String {
    let mut out = String::new();
    let mut chars = phone.trim().char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let has_digits = out.chars().any(|d| d.is_ascii_digit());
        match c {
            '0'..='9' => out.push(c),
            '+' if !has_digits && !out.starts_with('+') => out.push('+'),
            // "(0)" after a country code: the trunk prefix, not dialled
            // from abroad (without a country code it is the number's own 0).
            '(' if international(&out) => {
                let rest = &phone.trim()[i + 1..];
                let inner = rest.split(')').next().unwrap_or("");
                if rest.contains(')') && inner.trim() == "0" {
                    while chars.next_if(|(_, c)| *c != ')').is_some() {}
                    chars.next();
                }
            }
            '#' | ',' | ';' | '/' if has_digits => break,
            c if c.is_alphabetic() => {
                // A word: after digits, an extension ("ext", "poste", "x") ends the number.
                let mut word = c.to_lowercase().to_string();
                while let Some((_, c)) = chars.next_if(|(_, c)| c.is_alphabetic()) {
                    word.extend(c.to_lowercase());
                }
                if has_digits && ["x", "ext", "extn", "extension", "poste", "p"].contains(&word.as_str()) {
                    break;
                }
            }
            _ => {}
        }
    }
    out
}

/// A number so far that starts with a country code ("+33", "0033").
fn international(so_far: &str) -> bool {
    so_far.len() > 1 && (so_far.starts_with('+') || (so_far.starts_with("00") && so_far.len() > 2))
}

/// An `sms:` link with the message.
pub fn sms(phone: &str, body: &str) -> String {
    format!("sms:{}?body={}", dial(phone), percent_encode(body))
}

/// A `tel:` link.
pub fn tel(phone: &str) -> String {
    format!("tel:{}", dial(phone))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::tests::{d, dec};

    fn data() -> MessageData {
        MessageData {
            customer: "Société <script>alert(1)</script> & Cie".into(),
            invoices: vec!["F1".into(), "F2".into()],
            amount: dec("1234.5"),
            due_dates: vec![d("2026-03-31"), d("2026-03-31")],
            days_late: 12,
            penalties: dec("5.87"),
            indemnity: dec("80"),
            rate: dec("12.15"),
            currency: "EUR".into(),
            contact: "Marie, 01 23 45 67 89".into(),
            company: "Acme".into(),
        }
    }

    #[test]
    fn placeholders_in_either_language() {
        let text = "{client} : {factures}, {montant} échu le {echeances} ({jours_retard} j), {penalites} + {indemnite} = {total} à {taux}. {inconnu} {";
        assert_eq!(
            render(text, &data(), Lang::Fr),
            "Société <script>alert(1)</script> & Cie : F1, F2, 1\u{a0}234,50\u{a0}€ échu le 31/03/2026 (12 j), 5,87\u{a0}€ + 80,00\u{a0}€ = 1\u{a0}320,37\u{a0}€ à 12,15\u{a0}%. {inconnu} {"
        );
        assert_eq!(
            render("{customer} owes {total} ({rate})", &data(), Lang::En),
            "Société <script>alert(1)</script> & Cie owes €1,320.37 (12.15%)"
        );
        assert_eq!(money(Lang::En, dec("-1234567.891"), "CHF"), "-1,234,567.89\u{a0}CHF");
    }

    /// The 40 EUR indemnity is never added to an amount in another currency
    /// (kpi.md "Currencies"): it is stated beside it.
    #[test]
    fn the_indemnity_in_euros_beside_another_currency() {
        let mut usd = data();
        usd.currency = "USD".into();
        assert_eq!(
            render("{total} ({indemnite})", &usd, Lang::Fr),
            "1\u{a0}240,37\u{a0}USD + 80,00\u{a0}€ (80,00\u{a0}€)"
        );
        assert_eq!(render("{total}", &usd, Lang::En), "$1,240.37 + €80.00");
        // In euros: one sum.
        assert_eq!(render("{total}", &data(), Lang::En), "€1,320.37");
        // No indemnity (not late yet): the amount alone.
        usd.indemnity = Decimal::ZERO;
        assert_eq!(render("{total}", &usd, Lang::En), "$1,240.37");
    }

    #[test]
    fn hostile_text_is_escaped_and_encoded() {
        let m = render("{client}", &data(), Lang::Fr);
        assert_eq!(escape_html(&m), "Société &lt;script&gt;alert(1)&lt;/script&gt; &amp; Cie");
        let link = mailto("compta@client.fr; dg@client.fr", &m, "Ligne 1\nLigne 2 & <b>");
        assert!(link.starts_with("mailto:compta%40client.fr,dg%40client.fr?subject=Soci%C3%A9t%C3%A9%20%3Cscript%3E"));
        assert!(link.ends_with("&body=Ligne%201%0D%0ALigne%202%20%26%20%3Cb%3E"));
        assert!(!link.contains('<') && !link.contains(' '));
        assert_eq!(tel(" +33 (0)1 23-45 "), "tel:+3312345");
        assert_eq!(sms("06 12", "a&b"), "sms:0612?body=a%26b");
    }

    /// The number as a phone dials it: the trunk "(0)" after a country code
    /// dropped, an extension left out.
    #[test]
    fn phone_numbers_as_dialled() {
        let check = |written: &str, dialled: &str| assert_eq!(tel(written), format!("tel:{dialled}"), "{written}");
        check("+33 (0)1 23 45 67 89", "+33123456789");
        check("+33(0)123456789", "+33123456789");
        check("+44 (0) 20 7946 0958", "+442079460958");
        check("0033 (0)1 23 45 67 89", "0033123456789");
        // Without a country code the 0 is the number's own first digit.
        check("(0)1 23 45 67 89", "0123456789");
        check("01 23 45 67 89", "0123456789");
        check("+39 06 1234 5678", "+390612345678");
        // Extensions are not dialled.
        check("01 23 45 67 89 ext. 12", "0123456789");
        check("01 23 45 67 89 poste 12", "0123456789");
        check("+1 (555) 010-0199 x12", "+15550100199");
        check("+1 555 010 0199 #12", "+15550100199");
        check("01.23.45.67.89 Ext 7", "0123456789");
        check("Tél. : +33 (0)6 12 34 56 78", "+33612345678");
        check("01 23 45 67 89 / 06 12 34 56 78", "0123456789");
        check("06 12 34 56 78 (Max)", "0612345678");
        assert_eq!(sms("+33 (0)6 12 34 56 78 poste 4", "x"), "sms:+33612345678?body=x");
    }
}
