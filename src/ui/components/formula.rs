//! "How is it computed": each figure's kpi.md formula, then the same
//! formula with the user's own numbers filled in (from the figures'
//! `Workings`, computed in the worker with the figures themselves).

use crate::domain::analysis::kpi::{KpiSet, Unit};
use crate::i18n::Locale;
use crate::ui::format;
use chrono::Datelike;
use rust_decimal::Decimal;

/// The formula of figure `name` with the numbers of `set`, ending with its
/// value ("1 200,00 € ÷ 3 000,00 € × 90 = 36,0 j"); `None` where the
/// formula is a plain sum (its value says it all) or the figure is missing.
pub fn workings(l: Locale, name: &str, set: &KpiSet, currency: &str) -> Option<String> {
    let value = set.get(name)?.ok()?;
    let money = |v: Decimal| format::money(l, v, currency);
    let days = |v: Decimal| format::days(l, v);
    let pct = |v: Decimal| format::percent(l, v);
    let n = set.period.days().to_string();
    let o = set.outstanding.as_ref().ok();
    let w = &set.workings;
    // Sales(N) as the figures divide by it: the file's, or the sales typed
    // for an open-items file, said as such.
    let typed = if set.sales_typed { format!(" {}", crate::i18n::fig_tr(l).typed_mark) } else { String::new() };
    let sales = || set.period_sales.ok().map(|s| format!("{}{typed}", money(s)));
    let over_sales = |ar: Decimal| Some(format!("{} ÷ {} × {n} = {}", money(ar), sales()?, days(value)));
    let text = match name {
        "sales" => {
            let first = set.period.start_excluded(set.as_of).succ_opt()?;
            format!("{} → {} = {}{typed}", format::date(l, first), format::date(l, set.as_of), money(value))
        }
        "ar_total" => format!("{} + {} = {}", money(o?.overdue), money(o?.current), money(value)),
        "ar_gross" => format!("{} − ({}) = {}", money(o?.total), money(o?.credit_notes), money(value)),
        "credit_notes_open" if !o?.unapplied.is_zero() => {
            format!("{} + {} = {}", money(o?.credit_notes - o?.unapplied), money(o?.unapplied), money(value))
        }
        "dso_standard" => over_sales(o?.total)?,
        "bpdso" => over_sales(o?.current)?,
        "ddso" => over_sales(o?.overdue)?,
        "dso_disputed" => over_sales(o?.disputed)?,
        "dbt" => format!("{} − {} = {}", days(set.dso_standard.ok()?), days(set.bpdso.ok()?), days(value)),
        "weighted_dpd" => {
            let (weighted, weight) = o?.weighted_dpd_sums;
            format!("{} ÷ {} = {}", format::number_upto(l, weighted, 2), money(weight), days(value))
        }
        "cei" => {
            let before = w.ar_before?;
            let (ar, current) = (o?.total, o?.current);
            format!(
                "({} + {} − {}) ÷ ({} + {} − {}) × 100 = {}",
                money(before),
                sales()?,
                money(ar),
                money(before),
                sales()?,
                money(current),
                pct(value)
            )
        }
        "collection_rate" => {
            let before = w.ar_before?;
            format!("{} ÷ ({} + {}) × 100 = {}", money(w.paid_in_window?), money(before), sales()?, pct(value))
        }
        "adp" => format!(
            "{} ÷ {} = {}",
            format::number_upto(l, w.behaviour.days_to_pay, 2),
            money(w.behaviour.weight),
            days(value)
        ),
        "avg_days_late" => format!(
            "{} ÷ {} = {}",
            format::number_upto(l, w.behaviour.days_late, 2),
            money(w.behaviour.weight),
            days(value)
        ),
        "on_time_rate" => format!(
            "{} ÷ {} × 100 = {}",
            format::count(l, w.behaviour.on_time),
            format::count(l, w.behaviour.settled),
            pct(value)
        ),
        "dso_countback" => countback(l, set, value, currency)?,
        "provision_total" => {
            let labels = band_labels(l, set);
            let parts: Vec<String> = w
                .provision_bands
                .iter()
                .zip(labels)
                .filter(|((open, _), _)| !open.is_zero())
                .map(|((open, rate), label)| format!("{label}{}{} × {}", l.colon(), money(*open), pct(*rate)))
                .collect();
            if parts.is_empty() {
                return None;
            }
            format!("{} = {}", parts.join(" + "), format::figure(l, value, Unit::Money, currency))
        }
        _ => return None,
    };
    Some(text)
}

/// The countback month by month, as the domain went through it (its
/// `CountbackStep`s; no arithmetic here): "06/2013 : 30 j (CA 1 234 €) + 05/2013 : 40 % de 31 j = 42,4 j".
fn countback(l: Locale, set: &KpiSet, value: Decimal, currency: &str) -> Option<String> {
    let ar = set.outstanding.as_ref().ok()?.total;
    let steps = &set.workings.countback_months;
    if steps.is_empty() {
        return None;
    }
    let parts: Vec<String> = steps
        .iter()
        .map(|s| {
            let label = format!("{:02}/{}", s.month.month(), s.month.year());
            if s.share == Decimal::ONE_HUNDRED {
                format!("{label} {}", format::days(l, s.days))
            } else {
                format!(
                    "{label} {} × {} ({} / {})",
                    format::percent(l, s.share),
                    format::days(l, s.days),
                    format::money(l, s.remaining, currency),
                    format::money(l, s.sales, currency)
                )
            }
        })
        .collect();
    Some(format!("{}{}{} = {}", format::money(l, ar, currency), l.colon(), parts.join(" + "), format::days(l, value)))
}

/// The provision bands' labels: "Non échu", "1–90 j", "> 360 j".
fn band_labels(l: Locale, set: &KpiSet) -> Vec<String> {
    let t = crate::i18n::tr(l);
    crate::ui::components::aged_balance_table::bucket_labels(t, &set.workings.provision_buckets)
}
