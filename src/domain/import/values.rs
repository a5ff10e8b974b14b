//! Reading one cell: amounts ("1 234,56 €", "00012.50", "(12.00)", "12-"),
//! dates (ISO, dd/mm/yyyy or mm/dd/yyyy, yyyymmdd, Excel serial numbers,
//! with or without a time), yes/no flags in French and English, and ids
//! written as floats by spreadsheets ("611365.0"). Each parser returns
//! `None` for a value it cannot read, so the caller can report the place.

use crate::domain::ledger::money::Money;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Which of day and month comes first in a slashed date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DateOrder {
    /// 31/12/2026 (French, and the default when a file never tells).
    #[default]
    DayFirst,
    /// 12/31/2026 (US).
    MonthFirst,
}

/// What a slashed date says about the order: `Some(DayFirst)` when its first
/// number cannot be a month, `Some(MonthFirst)` when its second cannot.
pub fn date_order_evidence(s: &str) -> Option<DateOrder> {
    let (a, b, _) = split_dmy(s.trim())?;
    match (a > 12, b > 12) {
        (true, false) => Some(DateOrder::DayFirst),
        (false, true) => Some(DateOrder::MonthFirst),
        _ => None,
    }
}

/// True for a date written a/b/yyyy, whose reading depends on the order.
pub fn order_matters(s: &str) -> bool {
    split_dmy(s.trim()).is_some()
}

/// True for a date written year first: yyyy-mm-dd (also with '/' or '.',
/// with or without a time after it) or yyyymmdd.
pub fn year_first(s: &str) -> bool {
    let s = date_part(s);
    let digits =
        |r: &str, n: std::ops::RangeInclusive<usize>| n.contains(&r.len()) && r.bytes().all(|b| b.is_ascii_digit());
    if digits(s, 8..=8) {
        return true;
    }
    let Some(sep) = s.chars().nth(4).filter(|c| matches!(c, '-' | '/' | '.')) else { return false };
    let mut it = s.split(sep);
    matches!((it.next(), it.next(), it.next(), it.next()),
        (Some(y), Some(m), Some(d), None) if digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2))
}

/// Splits "a/b/yyyy" (also with '-' or '.') into its three numbers, the
/// year made four digits. ISO "yyyy-mm-dd" is not this form.
fn split_dmy(s: &str) -> Option<(u32, u32, i32)> {
    // The common form, read straight from its digits: dd/mm/yyyy.
    if let &[a0, a1, s1, b0, b1, s2, c0, c1, c2, c3] = s.as_bytes() {
        let digits = [a0, a1, b0, b1, c0, c1, c2, c3];
        if s1 == s2 && matches!(s1, b'/' | b'-' | b'.') && digits.iter().all(u8::is_ascii_digit) {
            let n = |hi: u8, lo: u8| u32::from(hi - b'0') * 10 + u32::from(lo - b'0');
            return Some((n(a0, a1), n(b0, b1), (n(c0, c1) * 100 + n(c2, c3)) as i32));
        }
    }
    let s = date_part(s);
    let sep = s.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let mut it = s.split(sep);
    let a = it.next()?;
    let b = it.next()?;
    let y = it.next()?;
    if it.next().is_some() || a.len() > 2 || b.len() > 2 || a.is_empty() || b.is_empty() {
        return None;
    }
    let a: u32 = a.parse().ok()?;
    let b: u32 = b.parse().ok()?;
    let y: i32 = match y.len() {
        4 => y.parse().ok()?,
        2 => {
            let yy: i32 = y.parse().ok()?;
            if yy < 70 {
                2000 + yy
            } else {
                1900 + yy
            }
        }
        _ => return None,
    };
    Some((a, b, y))
}

/// The date part of a date-time ("2013-01-02 00:00:00", "2013-01-02T10:00").
fn date_part(s: &str) -> &str {
    let s = s.trim();
    match s.find([' ', 'T']) {
        Some(i) if i >= 6 => &s[..i],
        _ => s,
    }
}

/// Reads a date in any of the forms this module knows. Excel serial
/// numbers are accepted only when `allow_serial` (a column whose dates are
/// all numbers), so that an amount is never taken for a date.
pub fn parse_date(s: &str, order: DateOrder, allow_serial: bool) -> Option<NaiveDate> {
    // The common forms, read straight from their digits: dd/mm/yyyy (or
    // mm/dd/yyyy) and yyyy-mm-dd, with '/', '-' or '.'.
    if let &[a0, a1, s1, b0, b1, s2, c0, c1, c2, c3] = s.as_bytes() {
        let digits = [a0, a1, b0, b1, c0, c1, c2, c3];
        if s1 == s2 && matches!(s1, b'/' | b'-' | b'.') && digits.iter().all(u8::is_ascii_digit) {
            let n = |hi: u8, lo: u8| u32::from(hi - b'0') * 10 + u32::from(lo - b'0');
            let (a, b, y) = (n(a0, a1), n(b0, b1), (n(c0, c1) * 100 + n(c2, c3)) as i32);
            let (d, m) = match order {
                DateOrder::DayFirst => (a, b),
                DateOrder::MonthFirst => (b, a),
            };
            return NaiveDate::from_ymd_opt(y, m, d);
        }
    }
    if let &[y0, y1, y2, y3, s1, m0, m1, s2, d0, d1] = s.as_bytes() {
        let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
        if s1 == s2 && matches!(s1, b'/' | b'-' | b'.') && digits.iter().all(u8::is_ascii_digit) {
            let n = |hi: u8, lo: u8| u32::from(hi - b'0') * 10 + u32::from(lo - b'0');
            return NaiveDate::from_ymd_opt((n(y0, y1) * 100 + n(y2, y3)) as i32, n(m0, m1), n(d0, d1));
        }
    }
    let s = s.trim().trim_matches('"').trim();
    if s.is_empty() {
        return None;
    }
    let p = date_part(s);
    // A yyyymmdd written by a spreadsheet or a dataframe as a float:
    // "20190307.0" (as ids are, see `clean_id`).
    let p = match p.split_once('.') {
        Some((digits, zeros))
            if digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit()) && zeros.bytes().all(|b| b == b'0') =>
        {
            digits
        }
        _ => p,
    };
    let bytes = p.as_bytes();
    // ISO yyyy-mm-dd or yyyy/mm/dd
    if bytes.len() >= 8 && bytes[..4].iter().all(u8::is_ascii_digit) && matches!(bytes[4], b'-' | b'/' | b'.') {
        let sep = bytes[4] as char;
        let mut it = p.split(sep);
        let y: i32 = it.next()?.parse().ok()?;
        let m: u32 = it.next()?.parse().ok()?;
        let d: u32 = it.next()?.parse().ok()?;
        if it.next().is_some() {
            return None;
        }
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    // yyyymmdd (FEC)
    if bytes.len() == 8 && bytes.iter().all(u8::is_ascii_digit) {
        let y: i32 = p[..4].parse().ok()?;
        let m: u32 = p[4..6].parse().ok()?;
        let d: u32 = p[6..].parse().ok()?;
        if (1900..=2200).contains(&y) {
            return NaiveDate::from_ymd_opt(y, m, d);
        }
    }
    if let Some((a, b, y)) = split_dmy(p) {
        let (d, m) = match order {
            DateOrder::DayFirst => (a, b),
            DateOrder::MonthFirst => (b, a),
        };
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    if let Some(d) = named_month_date(s) {
        return Some(d);
    }
    if allow_serial {
        return excel_serial(p);
    }
    None
}

/// A date with its month in words, English or French: "15-Jan-2024",
/// "15 janv. 2024", "Jan 15, 2024", "1er mars 2026".
fn named_month_date(s: &str) -> Option<NaiveDate> {
    let tokens: Vec<String> =
        s.split([' ', '-', '/', '.', ',']).filter(|t| !t.is_empty()).map(|t| t.to_lowercase()).collect();
    if tokens.len() != 3 {
        return None;
    }
    let month_of = |t: &str| -> Option<u32> {
        const NAMES: [(&str, u32); 26] = [
            ("jan", 1),
            ("janv", 1),
            ("feb", 2),
            ("fev", 2),
            ("fév", 2),
            ("févr", 2),
            ("mar", 3),
            ("mars", 3),
            ("apr", 4),
            ("avr", 4),
            ("may", 5),
            ("mai", 5),
            ("jun", 6),
            ("juin", 6),
            ("jul", 7),
            ("juil", 7),
            ("aug", 8),
            ("aou", 8),
            ("aoû", 8),
            ("août", 8),
            ("sep", 9),
            ("sept", 9),
            ("oct", 10),
            ("nov", 11),
            ("dec", 12),
            ("déc", 12),
        ];
        NAMES
            .iter()
            .find(|(n, _)| t == *n || (t.len() > 3 && t.starts_with(n) && n.chars().count() >= 3))
            .map(|(_, m)| *m)
    };
    let day_of =
        |t: &str| t.trim_end_matches("er").trim_end_matches(['s', 't', 'n', 'd', 'h', 'r']).parse::<u32>().ok();
    let year_of = |t: &str| match t.len() {
        4 => t.parse::<i32>().ok(),
        2 => t.parse::<i32>().ok().map(|y| if y < 70 { 2000 + y } else { 1900 + y }),
        _ => None,
    };
    let (d, m, y) = if let Some(m) = month_of(&tokens[1]) {
        (day_of(&tokens[0])?, m, year_of(&tokens[2])?)
    } else {
        (day_of(&tokens[1])?, month_of(&tokens[0])?, year_of(&tokens[2])?)
    };
    NaiveDate::from_ymd_opt(y, m, d)
}

/// An Excel serial day number (1900 date system): 45292 is 2024-01-01.
pub fn excel_serial(s: &str) -> Option<NaiveDate> {
    let v: f64 = s.trim().replace(',', ".").parse().ok()?;
    if !(1.0..2_958_466.0).contains(&v) {
        return None;
    }
    // Day 60 is the 1900-02-29 that never was; from 61 on, day 0 is 1899-12-30.
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_days(chrono::Days::new(v.floor() as u64))
}

/// True when `s` looks like a bare number (a candidate Excel serial).
pub fn is_plain_number(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && s.chars().any(|c| c.is_ascii_digit())
}

/// Amounts over this are not receivables (10^14, a hundred thousand
/// billion): refused by every import, so that a line's amount and its
/// payments are exact in a `Money` and no sum of a file's amounts can
/// overflow.
pub const MAX_AMOUNT: i64 = 100_000_000_000_000;

/// Which character separates decimals in the file's amounts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DecimalSeparator {
    Dot,
    #[default]
    Comma,
}

/// What one amount says about the decimal separator, if anything:
/// "1 234,56" or "12,5" say comma; "1,234.56" or "12.5" say dot; "1,234"
/// alone says nothing.
pub fn decimal_evidence(s: &str) -> Option<DecimalSeparator> {
    let digits: String = s.chars().filter(|c| c.is_ascii_digit() || *c == ',' || *c == '.').collect();
    let last_comma = digits.rfind(',');
    let last_dot = digits.rfind('.');
    match (last_comma, last_dot) {
        (Some(c), Some(d)) => Some(if c > d { DecimalSeparator::Comma } else { DecimalSeparator::Dot }),
        (Some(c), None) => {
            let after = digits.len() - c - 1;
            (digits.matches(',').count() == 1 && after != 3).then_some(DecimalSeparator::Comma)
        }
        (None, Some(d)) => {
            let after = digits.len() - d - 1;
            (digits.matches('.').count() == 1 && after != 3).then_some(DecimalSeparator::Dot)
        }
        (None, None) => None,
    }
}

/// An amount read from a cell, with the currency written beside it if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedAmount {
    pub value: Decimal,
    pub currency: Option<String>,
}

/// Reads an amount: spaces (also non-breaking) and thousands separators
/// are dropped, `sep` is the decimal separator, a minus may lead or trail,
/// parentheses mean negative, a currency symbol or ISO code may stand on
/// either side. Zero-padded amounts read as the number they are.
pub fn parse_amount(s: &str, sep: DecimalSeparator) -> Option<ParsedAmount> {
    if let Some(value) = plain_amount(s.trim(), sep) {
        return Some(ParsedAmount { value, currency: None });
    }
    let mut t = s.trim().trim_matches('"').trim();
    if t.is_empty() {
        return None;
    }
    let mut negative = false;
    if t.starts_with('(') && t.ends_with(')') {
        negative = true;
        t = &t[1..t.len() - 1];
    }
    let mut currency = None;
    let mut body = String::with_capacity(t.len());
    let mut letters = String::new();
    for c in t.chars() {
        match c {
            '0'..='9' => body.push(c),
            '.' | ',' => body.push(c),
            '-' | '\u{2212}' => {
                if negative && !body.is_empty() {
                    return None;
                }
                negative = true;
            }
            '+' => {}
            ' ' | '\u{a0}' | '\u{202f}' | '\'' | '\t' => {}
            '€' => currency = Some("EUR".to_string()),
            '$' => currency = Some("USD".to_string()),
            '£' => currency = Some("GBP".to_string()),
            '¥' => currency = Some("JPY".to_string()),
            c if c.is_ascii_alphabetic() => letters.push(c.to_ascii_uppercase()),
            _ => return None,
        }
    }
    if !letters.is_empty() {
        if letters.len() == 3 {
            currency = Some(letters);
        } else if letters == "CHF" || letters == "EURO" || letters == "EUROS" {
            currency = Some(if letters == "CHF" { letters } else { "EUR".into() });
        } else {
            return None;
        }
    }
    if !body.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let (dec, group) = match sep {
        DecimalSeparator::Dot => ('.', ','),
        DecimalSeparator::Comma => (',', '.'),
    };
    // A lone separator of the other kind with exactly 3 digits after may be
    // thousands ("1,234"); with anything else it can only be the decimal mark
    // ("12,5" in a dot file means a person typed a comma).
    let mut normalized: String = body.chars().filter(|c| *c != group).collect();
    if body.matches(group).count() == 1 && !body.contains(dec) {
        let after = body.len() - body.rfind(group)? - 1;
        if after != 3 {
            normalized = body.replace(group, ".");
        }
    }
    if normalized.matches(dec).count() > 1 {
        return None;
    }
    let normalized = normalized.replace(dec, ".");
    let mut value = Decimal::from_str(&normalized).ok()?;
    if negative {
        value = -value;
    }
    Some(ParsedAmount { value, currency })
}

/// The common case without allocating: an optional leading minus, digits,
/// at most one decimal separator. Anything else: `None`, and the general
/// path decides.
fn plain_amount(s: &str, sep: DecimalSeparator) -> Option<Decimal> {
    let dec = match sep {
        DecimalSeparator::Dot => b'.',
        DecimalSeparator::Comma => b',',
    };
    let (negative, digits) = match s.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        all => (false, all),
    };
    if digits.is_empty() || digits.len() > 27 {
        return None;
    }
    let (mut mantissa, mut scale, mut seen_dec, mut any_digit) = (0i128, 0u32, false, false);
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + i128::from(b - b'0');
                any_digit = true;
                if seen_dec {
                    scale += 1;
                }
            }
            _ if b == dec && !seen_dec => seen_dec = true,
            _ => return None,
        }
    }
    if !any_digit {
        return None;
    }
    let v = Decimal::try_from_i128_with_scale(if negative { -mantissa } else { mantissa }, scale).ok()?;
    Some(v)
}

/// True for what exports write in an empty date or amount cell: "", "-",
/// "NULL", "N/A", "0", "00/00/0000", "0000-00-00" (with or without a time).
pub fn is_blank(s: &str) -> bool {
    let t = s.trim();
    if t.is_empty() {
        return true;
    }
    const WORDS: [&str; 9] = ["-", "--", "null", "nil", "none", "n/a", "na", "#n/a", "nan"];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(t))
        || (t.len() <= 19
            && t.chars().any(|c| c == '0')
            && t.chars().all(|c| matches!(c, '0' | '/' | '-' | '.' | ':' | ' ' | 'T')))
}

/// Reads a yes/no flag in French or English; an empty cell is "no".
pub fn parse_flag(s: &str) -> Option<bool> {
    const NO: [&str; 9] = ["", "no", "n", "non", "false", "faux", "0", "f", "-"];
    const YES: [&str; 12] = ["yes", "y", "oui", "o", "true", "vrai", "1", "x", "t", "disputed", "litige", "en litige"];
    let t = s.trim();
    // Most cells are one of these short ASCII words, in any case: compared
    // without a lower-case copy.
    if t.is_ascii() {
        let is = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(t));
        return if is(&NO) {
            Some(false)
        } else if is(&YES) {
            Some(true)
        } else {
            None
        };
    }
    let lower = t.to_lowercase();
    if NO.contains(&lower.as_str()) {
        Some(false)
    } else if YES.contains(&lower.as_str()) {
        Some(true)
    } else {
        None
    }
}

/// An id as a person means it: padding spaces dropped, and a spreadsheet's
/// "611365.0" read as "611365". Leading zeros are kept: they are part of
/// many invoice numbers. Always a slice of the input.
pub fn clean_id(s: &str) -> &str {
    // Most ids are letters, digits and dashes with nothing around them.
    if s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'/') {
        return s;
    }
    let t = s.trim().trim_matches('"').trim();
    if let Some((int, frac)) = t.split_once('.') {
        if !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && !frac.is_empty()
            && frac.bytes().all(|b| b == b'0')
        {
            return int;
        }
    }
    t
}

/// What a document-type or status cell says a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocClass {
    /// A sales invoice (or a status that leaves it one: sent, posted, paid...).
    Invoice,
    /// A credit note: its amount is negative whatever sign the file wrote.
    CreditNote,
    SupplierBill,
    Draft,
    Voided,
    Payment,
    /// A value this list does not know: the line is kept as an invoice.
    Unknown,
}

impl DocClass {
    /// How strongly a class decides a line when several type or status
    /// columns speak (0 is the strongest): a supplier bill is out whatever
    /// its status; a voided or draft status takes a sales type out; a
    /// payment or credit note type is kept whatever its status says
    /// ("Paid", "Authorised").
    fn precedence(self) -> u8 {
        match self {
            DocClass::SupplierBill => 0,
            DocClass::Voided => 1,
            DocClass::Draft => 2,
            DocClass::Payment => 3,
            DocClass::CreditNote => 4,
            DocClass::Invoice => 5,
            DocClass::Unknown => 6,
        }
    }

    /// What several type or status cells of one row say together, with the
    /// index of the cell that decided (the first of the strongest class).
    pub fn of_cells<I: IntoIterator<Item = DocClass>>(classes: I) -> Option<(DocClass, usize)> {
        classes.into_iter().enumerate().min_by_key(|(i, c)| (c.precedence(), *i)).map(|(i, c)| (c, i))
    }
}

/// Reads a document-type or status cell by its words, French or English.
pub fn doc_class(s: &str) -> DocClass {
    let w = super::mapping::words(s);
    let has = |set: &[&str]| w.iter().any(|x| set.contains(&x.as_str()));
    let starts = |prefixes: &[&str]| w.iter().any(|x| prefixes.iter().any(|p| x.starts_with(p)));
    if w.is_empty() {
        return DocClass::Invoice;
    }
    // SAP's standard customer document types, as FBL5N lists them.
    if let [code] = w.as_slice() {
        match code.as_str() {
            "rv" | "dr" | "da" => return DocClass::Invoice,
            "dg" => return DocClass::CreditNote,
            "dz" => return DocClass::Payment,
            _ => {}
        }
    }
    // The payables side, whatever else the value says (a voided bill is
    // still not ours): supplier, vendor, purchase, bill, achat, ACCPAY...
    if starts(&["fournisseur", "supplier", "vendor", "purchase", "achat", "accpay"])
        || has(&["ap", "payable", "payables", "bill", "bills"])
    {
        return DocClass::SupplierBill;
    }
    if starts(&["annul", "void", "cancel", "supprim", "delet", "extourn", "revers", "rejet", "reject"]) {
        return DocClass::Voided;
    }
    if starts(&["brouillon", "draft", "proforma", "devis", "quot", "provisoire", "estimate", "submitted", "soumis"])
        || has(&["pro", "forma"]) && has(&["forma"])
        || has(&["awaiting", "attente"]) && has(&["approval", "validation", "approbation"])
    {
        return DocClass::Draft;
    }
    // An ERP's status of an invoice a credit note was issued against: still an invoice.
    if has(&["credit"]) && has(&["note"]) && has(&["issued"]) {
        return DocClass::Invoice;
    }
    if starts(&["avoir", "refund", "rembours"])
        || has(&["cn", "credit", "creditnote", "creditmemo", "accreccredit", "return", "retour"]) && !has(&["debit"])
    {
        return DocClass::CreditNote;
    }
    // "Awaiting payment", "En attente de paiement": an invoice issued, not paid.
    if has(&["awaiting", "attente"]) {
        return DocClass::Invoice;
    }
    if starts(&["paiement", "payment", "reglement", "receipt", "encaissement", "versement", "virement", "cheque"]) {
        return DocClass::Payment;
    }
    if starts(&[
        "factur",
        "invoice",
        "inv",
        "fa",
        "fac",
        "vente",
        "sale",
        "valid",
        "post",
        "comptabilis",
        "open",
        "ouvert",
        "paid",
        "paye",
        "regle",
        "sent",
        "envoy",
        "emis",
        "issued",
        "due",
        "echu",
        "final",
        "definitif",
        "lettr",
        "solde",
        "closed",
        "partial",
        "partiel",
        "litige",
        "disput",
        "relance",
        "overdue",
        "retard",
        "debit",
        "accrec",
        "authoris",
        "authoriz",
        "approv",
        "unpaid",
        "awaiting",
        "billed",
    ]) {
        return DocClass::Invoice;
    }
    DocClass::Unknown
}

/// Whether a status cell says the invoice is paid in full ("PAID", "Paid",
/// "Fully paid", "Payée", "Réglée", "Soldée", "Acquittée", "Settled"),
/// not in part, not yet, nor to be ("Partly paid", "Unpaid", "Non réglée",
/// "Awaiting payment", "À régler", "To be paid").
pub fn says_paid(s: &str) -> bool {
    let w = super::mapping::words(s);
    let has = |set: &[&str]| w.iter().any(|x| set.contains(&x.as_str()));
    has(&[
        "paid",
        "paye",
        "payee",
        "payes",
        "payees",
        "regle",
        "reglee",
        "regles",
        "reglees",
        "solde",
        "soldee",
        "soldes",
        "soldees",
        "acquitte",
        "acquittee",
        "settled",
        "encaisse",
        "encaissee",
        "lettre",
        "lettree",
        "bezahlt",
        "pagado",
        "pagada",
        "pagato",
        "pagata",
    ]) && !has(&[
        "unpaid",
        "impaye",
        "impayee",
        "part",
        "partly",
        "partial",
        "partially",
        "partiel",
        "partielle",
        "partiellement",
        "not",
        "non",
        "pas",
        "awaiting",
        "attente",
        "to",
        "a",
        "be",
        "due",
        "teilweise",
        "nicht",
        "parcial",
        "parziale",
    ])
}

/// An amount with a float's long tail ("1249.9999999997", written by a
/// spreadsheet or a script) rounded to the cent; `None` when it has none.
pub fn float_tail_rounded(v: Decimal) -> Option<Decimal> {
    if v.scale() <= 4 {
        return None;
    }
    let r = v.round_dp(2);
    ((v - r).abs() < Decimal::new(1, 4)).then_some(r)
}

/// An amount read from a file as a ledger `Money`, and whether it was
/// rounded: `None` over `MAX_AMOUNT`; a float's long tail
/// ("1234.5600000001") rounded to the cent and other decimals beyond the
/// fourth rounded (the caller counts them in the report).
pub fn to_money(value: Decimal) -> Option<(Money, bool)> {
    if value.abs() > Decimal::from(MAX_AMOUNT) {
        return None;
    }
    let exact = match float_tail_rounded(value) {
        Some(r) => r,
        None => value,
    };
    if exact != value || exact.scale() > crate::domain::ledger::money::MONEY_DP {
        let rounded = Money::from_decimal(exact)?;
        return Some((rounded, rounded.to_decimal() != value));
    }
    Some((Money::from_decimal(exact)?, false))
}

/// True for "12,500" or "1,234,567": a comma that can only be a thousands
/// separator if amounts have two decimals.
pub fn thousands_with_comma(s: &str) -> bool {
    let t = s.trim().trim_start_matches('-');
    let mut groups = t.split(',');
    let first = groups.next().unwrap_or("");
    let rest: Vec<&str> = groups.collect();
    !rest.is_empty()
        && (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && rest.iter().all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// A currency code from its own column: "eur", " EUR ", "€".
pub fn parse_currency(s: &str) -> Option<String> {
    let t = s.trim();
    match t {
        "€" => return Some("EUR".into()),
        "$" => return Some("USD".into()),
        "£" => return Some("GBP".into()),
        _ => {}
    }
    let up = t.to_ascii_uppercase();
    (up.len() == 3 && up.bytes().all(|b| b.is_ascii_uppercase())).then_some(up)
}

#[cfg(test)]
mod tests {
    use super::*;
    use DateOrder::*;
    use DecimalSeparator::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[track_caller]
    fn check_amount(s: &str, sep: DecimalSeparator, expected: Option<&str>) {
        let got = parse_amount(s, sep).map(|p| p.value.normalize().to_string());
        let exp = expected.map(|e| Decimal::from_str(e).unwrap().normalize().to_string());
        assert_eq!(got, exp, "amount {s:?}");
    }

    #[test]
    fn document_types_and_statuses() {
        for (v, c) in [
            ("Facture", DocClass::Invoice),
            ("Invoice", DocClass::Invoice),
            ("Avoir", DocClass::CreditNote),
            ("Credit note", DocClass::CreditNote),
            ("Facture fournisseur", DocClass::SupplierBill),
            ("Vendor bill", DocClass::SupplierBill),
            ("Brouillon", DocClass::Draft),
            ("Pro forma", DocClass::Draft),
            ("Annulée", DocClass::Voided),
            ("VOID", DocClass::Voided),
            ("Deleted", DocClass::Voided),
            ("Paiement", DocClass::Payment),
            ("Validée", DocClass::Invoice),
            ("Posted", DocClass::Invoice),
            ("XYZ", DocClass::Unknown),
            // The payables side, however it is named.
            ("ACCPAY", DocClass::SupplierBill),
            ("ACCPAYCREDIT", DocClass::SupplierBill),
            ("Bill", DocClass::SupplierBill),
            ("Purchase", DocClass::SupplierBill),
            ("Purchase Invoice", DocClass::SupplierBill),
            ("Achat", DocClass::SupplierBill),
            ("Facture d'achat", DocClass::SupplierBill),
            ("Fournisseur", DocClass::SupplierBill),
            ("Supplier", DocClass::SupplierBill),
            // A connector's sales types and statuses.
            ("ACCREC", DocClass::Invoice),
            ("ACCRECCREDIT", DocClass::CreditNote),
            ("AUTHORISED", DocClass::Invoice),
            ("Approved", DocClass::Invoice),
            ("SUBMITTED", DocClass::Draft),
            ("Awaiting approval", DocClass::Draft),
            ("Awaiting payment", DocClass::Invoice),
            ("En attente de paiement", DocClass::Invoice),
            ("Unpaid", DocClass::Invoice),
            ("Partly Paid", DocClass::Invoice),
            // An ERP's invoice statuses: a return is a credit note; an
            // invoice a credit note was issued against is still an invoice.
            ("Return", DocClass::CreditNote),
            ("Credit Note Issued", DocClass::Invoice),
            ("Billed", DocClass::Invoice),
            // SAP document types (FBL5N).
            ("RV", DocClass::Invoice),
            ("DG", DocClass::CreditNote),
            ("DZ", DocClass::Payment),
            ("dz ", DocClass::Payment),
        ] {
            assert_eq!(doc_class(v), c, "{v}");
        }
    }

    #[test]
    fn paid_statuses() {
        for v in ["PAID", "Paid", "paid ", "Fully paid", "Payée", "Réglée", "Soldée", "Acquittée", "Settled", "Bezahlt"]
        {
            assert!(says_paid(v), "{v}");
        }
        for v in [
            "AUTHORISED",
            "Unpaid",
            "Partly Paid",
            "Partially paid",
            "Paid in part",
            "Non réglée",
            "Impayée",
            "Awaiting payment",
            "À régler",
            "To be paid",
            "Payment due",
            "DRAFT",
            "",
        ] {
            assert!(!says_paid(v), "{v}");
        }
    }

    #[test]
    fn several_type_and_status_cells_decide_together() {
        let of = |cells: &[&str]| DocClass::of_cells(cells.iter().map(|c| doc_class(c)));
        assert_eq!(of(&["ACCPAY", "PAID"]), Some((DocClass::SupplierBill, 0)));
        assert_eq!(of(&["ACCREC", "VOIDED"]), Some((DocClass::Voided, 1)));
        assert_eq!(of(&["ACCRECCREDIT", "AUTHORISED"]), Some((DocClass::CreditNote, 0)));
        assert_eq!(of(&["ACCREC", "PAID"]), Some((DocClass::Invoice, 0)));
        assert_eq!(of(&["Facture", "Brouillon"]), Some((DocClass::Draft, 1)));
        assert_eq!(of(&["XYZ", "Avoir"]), Some((DocClass::CreditNote, 1)));
        assert_eq!(of(&[]), None);
    }

    #[test]
    fn float_tails_and_thousands() {
        let r = float_tail_rounded(Decimal::from_str("1249.9999999997").unwrap());
        assert_eq!(r, Some(Decimal::from_str("1250.00").unwrap()));
        assert_eq!(float_tail_rounded(Decimal::from_str("12.345").unwrap()), None);
        assert!(thousands_with_comma("12,500"));
        assert!(thousands_with_comma("1,234,567"));
        assert!(!thousands_with_comma("12,50"));
        assert!(!thousands_with_comma("1234,567"));
    }

    #[test]
    fn amounts_in_every_form() {
        check_amount("1234.56", Dot, Some("1234.56"));
        check_amount("1,234.56", Dot, Some("1234.56"));
        check_amount("1 234,56 €", Comma, Some("1234.56"));
        check_amount("1\u{202f}234,56\u{a0}€", Comma, Some("1234.56"));
        check_amount("1.234,56", Comma, Some("1234.56"));
        check_amount("00012.50", Dot, Some("12.5"));
        check_amount("-12.00", Dot, Some("-12"));
        check_amount("12.00-", Dot, Some("-12"));
        check_amount("(12.00)", Dot, Some("-12"));
        check_amount("12,5", Dot, Some("12.5"));
        check_amount("1,234", Dot, Some("1234"));
        check_amount("EUR 100", Dot, Some("100"));
        check_amount("abc", Dot, None);
        check_amount("", Dot, None);
        check_amount("1,2,3", Comma, None);
    }

    #[test]
    fn amount_keeps_its_currency() {
        assert_eq!(parse_amount("100 USD", Dot).unwrap().currency.as_deref(), Some("USD"));
        assert_eq!(parse_amount("€100", Dot).unwrap().currency.as_deref(), Some("EUR"));
        assert_eq!(parse_amount("100", Dot).unwrap().currency, None);
    }

    #[test]
    fn decimal_separator_evidence() {
        assert_eq!(decimal_evidence("1 234,56"), Some(Comma));
        assert_eq!(decimal_evidence("1,234.56"), Some(Dot));
        assert_eq!(decimal_evidence("55.94"), Some(Dot));
        assert_eq!(decimal_evidence("1,234"), None);
        assert_eq!(decimal_evidence("100"), None);
    }

    #[test]
    fn dates_in_every_form() {
        assert_eq!(parse_date("2013-06-30", DayFirst, false), Some(d(2013, 6, 30)));
        assert_eq!(parse_date("2013-06-30 00:00:00", DayFirst, false), Some(d(2013, 6, 30)));
        assert_eq!(parse_date("2013-06-30T12:00:00Z", DayFirst, false), Some(d(2013, 6, 30)));
        assert_eq!(parse_date("20130630", DayFirst, false), Some(d(2013, 6, 30)));
        // As a dataframe writes it (the public HighRadius payment dataset's due_in_date).
        assert_eq!(parse_date("20190307.0", DayFirst, false), Some(d(2019, 3, 7)));
        assert_eq!(parse_date("20190307.00", MonthFirst, false), Some(d(2019, 3, 7)));
        assert_eq!(parse_date("20190307.5", DayFirst, false), None);
        assert_eq!(parse_date("30/06/2013", DayFirst, false), Some(d(2013, 6, 30)));
        assert_eq!(parse_date("6/30/2013", MonthFirst, false), Some(d(2013, 6, 30)));
        assert_eq!(parse_date("1/2/2013", MonthFirst, false), Some(d(2013, 1, 2)));
        assert_eq!(parse_date("1/2/2013", DayFirst, false), Some(d(2013, 2, 1)));
        assert_eq!(parse_date("30.06.13", DayFirst, false), Some(d(2013, 6, 30)));
        assert_eq!(parse_date("45292", DayFirst, true), Some(d(2024, 1, 1)));
        assert_eq!(parse_date("45292", DayFirst, false), None);
        assert_eq!(parse_date("31/02/2013", DayFirst, false), None);
        assert_eq!(parse_date("soon", DayFirst, false), None);
        assert_eq!(parse_date("15-Jan-2024", DayFirst, false), Some(d(2024, 1, 15)));
        assert_eq!(parse_date("15 janv. 2024", MonthFirst, false), Some(d(2024, 1, 15)));
        assert_eq!(parse_date("1er mars 2026", DayFirst, false), Some(d(2026, 3, 1)));
        assert_eq!(parse_date("Aug 31, 2025", DayFirst, false), Some(d(2025, 8, 31)));
        assert_eq!(parse_date("3 décembre 2025", DayFirst, false), Some(d(2025, 12, 3)));
        assert_eq!(parse_date("31 Foo 2025", DayFirst, false), None);
    }

    #[test]
    fn year_first_dates_are_told_from_day_month_ones() {
        for v in [
            "2026-01-05",
            "2026/01/05",
            "2026.01.05",
            "20260105",
            "2026-01-05T10:04:00Z",
            " 2026-01-05 10:04 ",
            "2026-1-5",
        ] {
            assert!(year_first(v), "{v}");
        }
        for v in ["05/01/2026", "5/1/2026", "05-01-26", "46027", "2026-1-5x", "", "2026-01/05", "202601051"] {
            assert!(!year_first(v), "{v}");
        }
    }

    #[test]
    fn date_order_from_evidence() {
        assert_eq!(date_order_evidence("1/26/2013"), Some(MonthFirst));
        assert_eq!(date_order_evidence("26/1/2013"), Some(DayFirst));
        assert_eq!(date_order_evidence("1/2/2013"), None);
        assert_eq!(date_order_evidence("2013-01-26"), None);
    }

    #[test]
    fn blank_markers() {
        for b in ["", " ", "-", "NULL", "n/a", "0", "00/00/0000", "0000-00-00", "0000-00-00 00:00:00"] {
            assert!(is_blank(b), "{b:?}");
        }
        for v in ["01/02/2026", "2026-01-02", "10", "x"] {
            assert!(!is_blank(v), "{v:?}");
        }
    }

    #[test]
    fn flags_and_ids() {
        assert_eq!(parse_flag("Yes"), Some(true));
        assert_eq!(parse_flag(" non "), Some(false));
        assert_eq!(parse_flag(""), Some(false));
        assert_eq!(parse_flag("maybe"), None);
        assert_eq!(clean_id("  611365.0 "), "611365");
        assert_eq!(clean_id("0000611365"), "0000611365");
        assert_eq!(clean_id("A-12.5"), "A-12.5");
        assert_eq!(parse_currency(" eur "), Some("EUR".into()));
        assert_eq!(parse_currency("euro"), None);
    }
}
