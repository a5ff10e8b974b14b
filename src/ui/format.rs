//! Numbers and dates as the reader's locale writes them, through the
//! browser's Intl (French: 1 234,56 € and 31/12/2026). Display only: the
//! values were computed exactly by the domain core. And the other way:
//! a number the reader typed in a field.

use crate::domain::analysis::kpi::Unit;
use crate::i18n::Locale;
use chrono::{Datelike, NaiveDate};
use js_sys::{Array, Intl, Object, Reflect};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::JsValue;

fn options(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

fn locales(l: Locale) -> Array {
    Array::of1(&JsValue::from_str(l.tag()))
}

thread_local! {
    /// Formatters by locale and options: building an Intl.NumberFormat costs
    /// far more than using one, and a table formats hundreds of cells.
    static FORMATTERS: RefCell<HashMap<String, js_sys::Function>> = RefCell::new(HashMap::new());
}

fn number(l: Locale, v: f64, opts: &[(&str, JsValue)]) -> String {
    // The key names the options; a number by its bits (no float formatting
    // is linked into the widget for it).
    let mut key = l.tag().to_string();
    for (k, v) in opts {
        key.push_str(k);
        match (v.as_string(), v.as_f64()) {
            (Some(s), _) => key.push_str(&s),
            (None, Some(f)) => key.push_str(&f.to_bits().to_string()),
            (None, None) => {}
        }
        key.push(';');
    }
    let format = FORMATTERS.with(|f| {
        f.borrow_mut()
            .entry(key)
            .or_insert_with(|| Intl::NumberFormat::new(&locales(l), &options(opts)).format())
            .clone()
    });
    format.call1(&JsValue::NULL, &JsValue::from_f64(v)).ok().and_then(|s| s.as_string()).unwrap_or_default()
}

/// An amount in `currency` with cents: "1 234,56 €" / "€1,234.56".
pub fn money(l: Locale, v: Decimal, currency: &str) -> String {
    number(
        l,
        v.to_f64().unwrap_or(0.0),
        &[
            ("style", "currency".into()),
            ("currency", currency.into()),
            ("minimumFractionDigits", 2.into()),
            ("maximumFractionDigits", 2.into()),
        ],
    )
}

/// A calculator amount: one currency is chosen there, so "$" says enough
/// (no "US$"); `extra` gives the notation and decimals.
fn calculator_money(l: Locale, v: Decimal, currency: &str, extra: [(&str, JsValue); 2]) -> String {
    let [a, b] = extra;
    number(
        l,
        v.to_f64().unwrap_or(0.0),
        &[
            ("style", "currency".into()),
            ("currency", currency.into()),
            ("currencyDisplay", "narrowSymbol".into()),
            a,
            b,
        ],
    )
}

/// An amount without cents: "1 234 567 €" / "€1,234,567".
pub fn money_whole(l: Locale, v: Decimal, currency: &str) -> String {
    calculator_money(l, v, currency, [("maximumFractionDigits", 0.into()), ("minimumFractionDigits", 0.into())])
}

/// An amount in k and M: "5 M€" reads faster on a slider than "5 000 000 €".
pub fn money_compact(l: Locale, v: Decimal, currency: &str) -> String {
    calculator_money(l, v, currency, [("notation", "compact".into()), ("maximumFractionDigits", 2.into())])
}

/// A number with at most `dp` decimals: "2,5".
pub fn number_upto(l: Locale, v: Decimal, dp: u32) -> String {
    number(l, v.to_f64().unwrap_or(0.0), &[("maximumFractionDigits", dp.into())])
}

/// A calculator input as it reads: "5 000 000 €", "60 j", "3 %", "6 min".
pub fn param_value(l: Locale, v: Decimal, unit: crate::domain::calculators::ParamUnit, currency: &str) -> String {
    use crate::domain::calculators::ParamUnit;
    let t = crate::i18n::calc_tr(l);
    match unit {
        ParamUnit::Money => money_compact(l, v, currency),
        ParamUnit::Days => format!("{}\u{a0}{}", number_upto(l, v, 1), t.unit_days),
        ParamUnit::Percent => match l {
            Locale::Fr => format!("{}\u{a0}%", number_upto(l, v, 2)),
            Locale::En => format!("{}%", number_upto(l, v, 2)),
        },
        ParamUnit::Count => number_upto(l, v, 1),
        ParamUnit::Minutes => format!("{}\u{a0}{}", number_upto(l, v, 1), t.unit_minutes),
    }
}

/// A whole number: "1 234".
pub fn integer(l: Locale, v: f64) -> String {
    number(l, v, &[("maximumFractionDigits", 0.into())])
}

/// A number with exactly `dp` decimals.
pub fn decimal(l: Locale, v: f64, dp: u32) -> String {
    number(l, v, &[("minimumFractionDigits", dp.into()), ("maximumFractionDigits", dp.into())])
}

/// Days with one decimal: "12,4 j" / "12.4 days".
pub fn days(l: Locale, v: Decimal) -> String {
    let n = decimal(l, v.to_f64().unwrap_or(0.0), 1);
    format!("{n}\u{a0}{}", crate::i18n::tr(l).unit_days_long)
}

/// A percentage given in percent, one decimal: "96,1 %".
pub fn percent(l: Locale, v: Decimal) -> String {
    let n = decimal(l, v.to_f64().unwrap_or(0.0), 1);
    match l {
        Locale::Fr => format!("{n}\u{a0}%"),
        Locale::En => format!("{n}%"),
    }
}

/// A figure by its unit.
pub fn figure(l: Locale, v: Decimal, unit: Unit, currency: &str) -> String {
    match unit {
        Unit::Money => money(l, v, currency),
        Unit::Days => days(l, v),
        Unit::Percent => percent(l, v),
        Unit::Count => integer(l, v.to_f64().unwrap_or(0.0)),
    }
}

/// A figure in compact notation, for a card too narrow for its exact
/// value: "275,1 M$US" / "US$275.1M", "1,2 k j"; `None` below a thousand
/// (the exact value is as short).
pub fn figure_compact(l: Locale, v: Decimal, unit: Unit, currency: &str) -> Option<String> {
    if v.abs() < Decimal::ONE_THOUSAND {
        return None;
    }
    let f = v.to_f64().unwrap_or(0.0);
    let compact = [("notation", "compact".into()), ("maximumFractionDigits", 1.into())];
    Some(match unit {
        Unit::Money => {
            let [a, b] = compact;
            number(l, f, &[("style", "currency".into()), ("currency", currency.into()), a, b])
        }
        Unit::Days => format!("{}\u{a0}{}", number(l, f, &compact), crate::i18n::tr(l).unit_days_long),
        Unit::Percent => match l {
            Locale::Fr => format!("{}\u{a0}%", number(l, f, &compact)),
            Locale::En => format!("{}%", number(l, f, &compact)),
        },
        Unit::Count => number(l, f, &compact),
    })
}

/// A file size in MB (one decimal), in the locale's digits: "84,2 Mo" / "84.2 MB".
pub fn bytes(l: Locale, n: u64) -> String {
    let mb = decimal(l, n as f64 / 1e6, 1);
    format!("{mb}\u{a0}{}", crate::i18n::tr(l).unit_mb)
}

/// A count in the locale's digits ("150 000", "150,000").
pub fn count(l: Locale, n: u64) -> String {
    integer(l, n as f64)
}

thread_local! {
    /// The date formatter of each locale, made once.
    static DATE_FORMATTERS: RefCell<HashMap<Locale, js_sys::Function>> = RefCell::new(HashMap::new());
}

/// A date: "31/12/2026".
pub fn date(l: Locale, d: NaiveDate) -> String {
    let js = js_sys::Date::new_with_year_month_day(d.year() as u32, d.month0() as i32, d.day() as i32);
    let format = DATE_FORMATTERS.with(|f| {
        f.borrow_mut()
            .entry(l)
            .or_insert_with(|| {
                Intl::DateTimeFormat::new(
                    &locales(l),
                    &options(&[("day", "2-digit".into()), ("month", "2-digit".into()), ("year", "numeric".into())]),
                )
                .format()
            })
            .clone()
    });
    format.call1(&JsValue::NULL, &js).ok().and_then(|s| s.as_string()).unwrap_or_else(|| d.to_string())
}

/// Makes the formatters the figures use while the page waits (a file is
/// being read): the browser's first formatter of a locale loads its data,
/// a cost better paid then than when the figures arrive.
pub fn warm_up(l: Locale, currency: &str) {
    let _ = (money(l, Decimal::ZERO, currency), days(l, Decimal::ZERO), integer(l, 0.0));
    let _ = date(l, NaiveDate::default());
}

/// A number typed in a field, in either locale's way ("1 234,5", "12.5").
pub fn parse_number(text: &str) -> Option<Decimal> {
    text.trim().replace([' ', '\u{a0}', '\u{202f}'], "").replace(',', ".").parse().ok()
}
