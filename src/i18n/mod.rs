//! French and English texts. One `Texts` struct holds every string the UI
//! shows, so the compiler checks that both languages are complete; `fr.rs`
//! and `en.rs` fill it. Texts with arguments are plain functions.

mod dashboard;
mod dunning;
mod en;
mod figures;
mod fr;
mod history;
mod payments;

pub use dashboard::{dash_tr, DashText, DashTexts};
pub use dunning::{dunning_tr, DunningTexts};
pub use figures::{fig_tr, FigureTexts};
pub use history::{hist_tr, HistTexts};
pub use payments::{pay_tr, PayTexts};

use crate::domain::analysis::kpi::aging::GroupBy;
use crate::domain::analysis::kpi::Unavailable;
use crate::domain::import::mapping::Role;
use crate::domain::import::{DateForm, ImportError, Problem};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The languages of the app. French first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    Fr,
    En,
}

/// A template's or message's language is the reader's.
impl From<Locale> for crate::domain::lang::Lang {
    fn from(l: Locale) -> Self {
        match l {
            Locale::Fr => Self::Fr,
            Locale::En => Self::En,
        }
    }
}

impl From<crate::domain::lang::Lang> for Locale {
    fn from(l: crate::domain::lang::Lang) -> Self {
        match l {
            crate::domain::lang::Lang::Fr => Locale::Fr,
            crate::domain::lang::Lang::En => Locale::En,
        }
    }
}

impl Locale {
    /// The BCP 47 tag given to the browser's Intl and to `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::Fr => "fr-FR",
            Locale::En => "en-GB",
        }
    }

    /// The short code used in URLs and storage.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Fr => "fr",
            Locale::En => "en",
        }
    }

    /// The colon as the language writes it: French puts a no-break space before.
    pub fn colon(self) -> &'static str {
        match self {
            Locale::Fr => "\u{a0}: ",
            Locale::En => ": ",
        }
    }

    /// Between the items of a list that may hold commas (amounts).
    pub fn semicolon(self) -> &'static str {
        match self {
            Locale::Fr => "\u{a0}; ",
            Locale::En => "; ",
        }
    }

    pub fn from_code(s: &str) -> Option<Locale> {
        match s.trim().to_ascii_lowercase().get(..2)? {
            "fr" => Some(Locale::Fr),
            "en" => Some(Locale::En),
            _ => None,
        }
    }
}

/// Texts of the import's options, mapping screen, payments file and
/// summary, worded by `Texts::msg` (an exhaustive match per language, so
/// the compiler checks both are complete).
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    OptionsTitle,
    OptCurrency,
    OptDecimal,
    OptDateOrder,
    OptTerms,
    OptTermsDays,
    Auto,
    DecimalComma,
    DecimalDot,
    DayFirst,
    MonthFirst,
    /// Payment terms by name: (days, end of month).
    Terms(u32, bool),
    TermsCustom,
    MappingTitle,
    MappingIntro,
    MappingColumn,
    MappingRole,
    MappingSample,
    MappingIgnore,
    MappingMissing(String),
    MappingApply,
    MappingCancel,
    MappingRemembered,
    /// Beside a column whose role was guessed from its content.
    MappingByContent,
    CheckColumns,
    /// The terms used and how many invoices took them.
    TermsUsed(String, u64),
    NoPaymentInfo,
    /// The same, when a status says some invoices are paid.
    NoPaymentInfoBesideStatus,
    ByContent(String),
    MappingSaved,
    DecimalAssumed(char),
    TaxExcluded,
    /// (why, value, lines)
    ExcludedLines(crate::domain::import::report::ExclusionReason, String, u64),
    ExcludedTitle(u64),
    /// (further lines merged, of which added as line amounts)
    MergedLines(u64, u64),
    /// Payment lines not cleared, read as unapplied cash.
    UnappliedCash(u64),
    /// Invoices paid in part with no payment date: known at the export's date only.
    SnapshotLines(u64),
    /// Invoices a status says paid, with no payment date: settled, no date.
    PaidWithoutDate(u64),
    RepeatedHeaders(u64),
    Rounded(u64, String),
    /// FEC: (entries, 411 lines, lettered groups, partial groups, unapplied lines, opening lines)
    Fec(u64, u64, u64, u64, u64, u64),
    /// FEC: (balance, last entry date)
    FecBalance(String, String),
    /// FEC: (411 debits outside the sales journals lettered with credits: refunds; unlettered: returned payments)
    FecRefunds(u64, u64),
    /// FEC: no recognisable sales journal, every 411 debit counted as a sale.
    FecNoSalesJournal,
    /// FEC, account 416: (lines, invoices moved there, balance)
    FecDoubtful(u64, u64, String),
    /// FEC, account 4191: (advances received, balance)
    FecAdvances(u64, String),
    PaymentsTitle,
    PaymentsPrompt,
    PaymentsChoose,
    PaymentsReading(String),
    /// (file, payments read, matched, of which normalised, unmatched)
    PaymentsSummary(String, u64, u64, u64, u64),
    /// (unmatched amount)
    PaymentsUnapplied(String),
    PaymentsOverPaid(u64),
    PaymentsSkipped(u64),
    PaymentsFailed(String),
    UnappliedTitle,
    UnappliedRef,
    UnappliedCustomer,
    UnappliedDate,
    UnappliedAmount,
    UnknownCustomer,
    NoFile,
    WorkerRestarted,
    FilterDivision,
    FilterSalesRep,
    FilterCustomer,
    FilterAll,
    FilterAllCustomers,
    /// (bytes read, file size, rows read), formatted.
    Progress(String, String, String),
    Cancel,
    /// (shown, in all): the largest of a longer list.
    LargestOf(usize, usize),
}

/// Every text of the UI in one language.
pub struct Texts {
    /// The texts of `Msg`.
    pub msg: fn(&Msg) -> String,
    pub tagline: &'static str,
    pub nav_analyse: &'static str,
    pub nav_calculators: &'static str,
    pub nav_dunning: &'static str,
    pub nav_embed: &'static str,
    pub language: &'static str,
    pub privacy: &'static str,
    /// Units after a figure: days on the dashboard ("j", "days"), megabytes.
    pub unit_days_long: &'static str,
    pub unit_mb: &'static str,
    /// The main navigation's accessible name.
    pub nav_label: &'static str,
    /// The browser tab's title on a page: (page name) -> title.
    pub doc_title: fn(&str) -> String,

    /// The privacy page ("Your data stays on your computer").
    pub privacy_link: &'static str,
    pub privacy_title: &'static str,
    pub privacy_intro: &'static str,
    /// What the app guarantees, one sentence each.
    pub privacy_points: &'static [&'static str],
    pub privacy_stored_title: &'static str,
    pub privacy_stored_intro: &'static str,
    /// What a stored key holds, by key (`encours.v1.locale`, ...).
    pub privacy_key: fn(&str) -> String,
    pub privacy_nothing_stored: &'static str,
    pub privacy_item: &'static str,
    pub privacy_key_name: &'static str,
    pub privacy_erase_title: &'static str,
    pub privacy_erase: &'static str,
    pub privacy_erase_confirm_text: &'static str,
    pub privacy_erase_confirm: &'static str,
    pub privacy_cancel: &'static str,
    pub privacy_erased: &'static str,
    pub privacy_erase_failed: &'static str,

    /// A newer version of the app is ready; the button reloads onto it.
    pub update_ready: &'static str,
    pub update_reload: &'static str,

    /// The crash screen (a bug in the app): title, what to do, how to report.
    pub crash_title: &'static str,
    pub crash_text: &'static str,
    pub crash_report: &'static str,
    pub crash_reload: &'static str,

    pub analyse_title: &'static str,
    pub analyse_intro: &'static str,
    pub drop_prompt: &'static str,
    pub drop_formats: &'static str,
    pub choose_file: &'static str,
    pub try_sample: &'static str,
    pub reading: &'static str,
    pub computing: &'static str,
    pub read_failed: &'static str,
    pub replace_file: &'static str,

    pub as_of: &'static str,
    pub period: &'static str,
    pub period_days: fn(u32) -> String,
    pub currency: &'static str,
    pub figures_in: fn(&str) -> String,
    pub unavailable: &'static str,

    pub section_outstanding: &'static str,
    pub section_dso: &'static str,
    pub section_behaviour: &'static str,
    pub over_limit_title: &'static str,
    pub credit_limit: &'static str,
    pub overrun: &'static str,
    pub aged_title: &'static str,
    pub aged_intro: &'static str,
    pub aged_customer: &'static str,
    pub aged_group_by: &'static str,
    pub aged_buckets: &'static str,
    pub aged_buckets_invalid: &'static str,
    pub group_by_name: fn(GroupBy) -> &'static str,
    pub aged_no_label: &'static str,
    /// An expanded row's invoice: (id, invoice date, due date).
    pub aged_invoice: fn(&str, &str, &str) -> String,
    pub aged_total: &'static str,
    pub aged_all_customers: &'static str,
    pub aged_none: &'static str,
    pub bucket_not_due: &'static str,
    pub bucket_range: fn(i64, i64) -> String,
    pub bucket_over: fn(i64) -> String,

    pub summary_title: &'static str,
    pub summary_line: fn(u64, u64, u64, u64) -> String,
    pub summary_skipped: fn(u64) -> String,
    pub summary_sheet: fn(&str) -> String,
    /// Encoding, delimiter, how the dates are written (with whether a/b/yyyy
    /// dates were read month first), decimal comma.
    pub summary_format: fn(&str, char, DateForm, bool, bool) -> String,
    pub summary_invalid_bytes: fn(u64) -> String,
    pub summary_date_assumed: &'static str,
    pub summary_default_currency: fn(u64, &str) -> String,
    pub summary_snapshot: fn(&str) -> String,
    pub summary_columns: &'static str,
    pub summary_ignored: &'static str,
    pub summary_duplicates: &'static str,
    pub summary_issues: fn(u64) -> String,
    pub summary_issues_cut: fn(usize, u64) -> String,
    /// Read time (ms), workers that read the file, compute time (ms).
    pub summary_timing: fn(f64, u32, f64) -> String,
    pub issue_line: &'static str,
    pub issue_column: &'static str,
    pub issue_value: &'static str,
    pub issue_problem: &'static str,
    pub issue_skipped: &'static str,
    pub issue_kept: &'static str,

    pub role: fn(Role) -> &'static str,
    pub problem: fn(&Problem) -> String,
    pub import_error: fn(&ImportError) -> String,
    pub unavailable_reason: fn(&Unavailable, &dyn Fn(NaiveDate) -> String) -> String,
    /// (label, one-line explanation with its formula) of a kpi.md name.
    pub kpi: fn(&str) -> (&'static str, &'static str),

    pub calc_title: &'static str,
    pub calc_intro: &'static str,
    pub from_ar: &'static str,
    pub from_ar_apply: &'static str,
    pub use_my_figures: &'static str,
    pub use_my_figures_hint: &'static str,
    pub use_my_figures_none: &'static str,
    pub used_my_figures: fn(&str) -> String,
    pub share_title: &'static str,
    pub copy_link: &'static str,
    pub copied: &'static str,
    pub copy_failed: &'static str,
    pub reset: &'static str,

    pub embed_title: &'static str,
    pub embed_intro: &'static str,
    pub embed_options: &'static str,
    pub opt_language: &'static str,
    pub opt_currency: &'static str,
    pub opt_color: &'static str,
    pub opt_calculator: &'static str,
    pub opt_calc_savings: &'static str,
    pub opt_calc_dso: &'static str,
    pub opt_calc_both: &'static str,
    pub opt_defaults: &'static str,
    pub snippet_script: &'static str,
    pub snippet_script_help: &'static str,
    pub snippet_iframe: &'static str,
    pub snippet_iframe_help: &'static str,
    pub copy_snippet: &'static str,
    pub preview: &'static str,
    /// The calculators' texts (the part the widget links).
    pub calc: &'static CalcTexts,
}

/// The calculators' texts in one language: all the embeddable widget
/// links, so that it carries none of the analysis texts.
pub struct CalcTexts {
    pub savings_title: &'static str,
    pub savings_intro: &'static str,
    pub savings_inputs: &'static str,
    pub savings_results: &'static str,
    /// (label, short help) of a calculator input by its kpi.md name.
    pub param: fn(&str) -> (&'static str, &'static str),
    /// The unit written after a typed value: "€" is given by Intl, this is for days, %, ...
    pub unit_days: &'static str,
    pub unit_minutes: &'static str,
    pub unit_hours_month: &'static str,
    pub per_year: &'static str,
    /// (label, what it means) of a calculator result by its kpi.md name.
    pub output: fn(&str) -> (&'static str, &'static str),
    /// The formula of a result, in words.
    pub formula: fn(&str) -> &'static str,
    pub dso_target: &'static str,
    pub dso_calc_title: &'static str,
    pub dso_calc_intro: &'static str,
    pub dso_simple_label: &'static str,
    pub dso_simple_formula: &'static str,
    pub countback_title: &'static str,
    pub countback_intro: &'static str,
    pub countback_month: fn(usize) -> String,
    pub countback_sales: &'static str,
    pub countback_days: &'static str,
    pub countback_result: &'static str,
    pub widget_credit: &'static str,
    /// Why a calculator's figure cannot be computed.
    pub unavailable_reason: fn(&Unavailable, &dyn Fn(NaiveDate) -> String) -> String,
}

/// The calculators' texts of `locale` (the widget reads only these).
pub fn calc_tr(locale: Locale) -> &'static CalcTexts {
    match locale {
        Locale::Fr => &fr::CALC,
        Locale::En => &en::CALC,
    }
}

/// The texts of `locale`.
pub fn tr(locale: Locale) -> &'static Texts {
    match locale {
        Locale::Fr => &fr::TEXTS,
        Locale::En => &en::TEXTS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::analysis::kpi::{kpis, Period};
    use crate::domain::ledger::Ledger;

    #[test]
    fn every_dashboard_figure_has_a_label_in_both_languages() {
        let k = kpis(&Ledger::default(), NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), Period::default());
        for (name, _, _) in k.figures() {
            for l in [Locale::Fr, Locale::En] {
                let (label, help) = (tr(l).kpi)(name);
                assert!(!label.is_empty() && label != name, "{name} has no {l:?} label");
                assert!(!help.is_empty(), "{name} has no {l:?} help");
            }
        }
        assert_ne!((tr(Locale::Fr).kpi)("dso_standard").0, (tr(Locale::En).kpi)("dso_standard").0);
    }

    #[test]
    fn every_calculator_input_and_result_is_named() {
        use crate::domain::calculators::{DSO_PARAMS, SAVINGS_PARAMS};
        for l in [Locale::Fr, Locale::En] {
            let t = calc_tr(l);
            assert!(std::ptr::eq(t, tr(l).calc), "the app and the widget read the same calculator texts");
            for p in SAVINGS_PARAMS.iter().chain(DSO_PARAMS.iter()) {
                assert!(!(t.param)(p.key).0.is_empty(), "{} has no {l:?} label", p.key);
            }
            for k in ["cash_increase", "collections_increase", "investment_income", "hours_saved_month"] {
                assert!(!(t.output)(k).0.is_empty() && !(t.formula)(k).is_empty(), "{k} in {l:?}");
            }
        }
    }

    #[test]
    fn every_role_is_named() {
        for r in Role::ALL {
            assert!(!(tr(Locale::Fr).role)(r).is_empty());
            assert!(!(tr(Locale::En).role)(r).is_empty());
        }
    }

    #[test]
    fn counts_agree_with_their_nouns() {
        let fr = tr(Locale::Fr);
        assert_eq!((fr.summary_skipped)(1), "1 ligne écartée : elle n'est pas dans les chiffres (détail ci-dessous).");
        assert!((fr.summary_skipped)(2).starts_with("2 lignes écartées"));
        assert_eq!((fr.summary_line)(1, 1, 0, 1), "1 ligne lue : 1 pièce dont 0 avoir, 1 client.");
        assert_eq!(
            (tr(Locale::En).summary_line)(1, 2, 0, 1),
            "1 row read: 2 documents including 0 credit notes, 1 customer."
        );
        assert!((tr(Locale::En).summary_default_currency)(1, "EUR").starts_with("1 document names no currency"));
    }

    #[test]
    fn locale_codes() {
        assert_eq!(Locale::from_code("en-US"), Some(Locale::En));
        assert_eq!(Locale::from_code("FR"), Some(Locale::Fr));
        assert_eq!(Locale::from_code("de"), None);
    }
}
