//! The English texts.

use super::{CalcTexts, Msg, Texts};
use crate::domain::analysis::kpi::aging::GroupBy;
use crate::domain::analysis::kpi::Unavailable;
use crate::domain::import::mapping::Role;
use crate::domain::import::report::ExclusionReason;
use crate::domain::import::{BinaryKind, DateForm, ImportError, Problem};
use chrono::NaiveDate;

/// "s" for an English plural: 1 takes the singular.
fn s(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn delimiter_name(c: char) -> String {
    match c {
        ';' => "semicolon".into(),
        ',' => "comma".into(),
        '\t' => "tab".into(),
        '|' => "pipe".into(),
        c => format!("\"{c}\""),
    }
}

fn role(r: Role) -> &'static str {
    match r {
        Role::InvoiceId => "Invoice number",
        Role::CustomerId => "Customer code",
        Role::CustomerName => "Customer name",
        Role::InvoiceDate => "Invoice date",
        Role::DueDate => "Due date",
        Role::Amount => "Amount (incl. tax)",
        Role::OpenAmount => "Open amount",
        Role::PaidAmount => "Paid amount",
        Role::SettledDate => "Settled date",
        Role::Disputed => "Disputed",
        Role::DisputeReason => "Dispute reason",
        Role::Division => "Division",
        Role::SalesRep => "Sales rep",
        Role::CreditLimit => "Credit limit",
        Role::Email => "Customer email",
        Role::Phone => "Customer phone",
        Role::Currency => "Currency",
        Role::AmountExclTax => "Amount excl. tax",
        Role::DocType => "Document type or status",
        Role::Label => "Label (free text)",
    }
}

fn problem(p: &Problem) -> String {
    match p {
        Problem::Missing => "required value is empty".into(),
        Problem::NotADate => "a date was expected (e.g. 31/12/2026, 2026-12-31 or 20261231)".into(),
        Problem::NotAnAmount => "an amount was expected (e.g. 1234.56 or 1 234,56)".into(),
        Problem::NotAFlag => "yes/no was expected; read as \"no\"".into(),
        Problem::NotACurrency => "a 3-letter ISO currency code was expected (e.g. EUR); default currency used".into(),
        Problem::DueDateAssumed { terms_days } => {
            format!("due date missing or unreadable: invoice date + {terms_days} days used")
        }
        Problem::ShortRow { cells, expected } => format!("short row: {cells} cells instead of {expected}"),
        Problem::DuplicateId { first_line } => {
            format!("invoice number already seen on line {first_line}; both lines kept")
        }
        Problem::TooLarge => "amount out of all proportion (over 10¹⁴): it cannot be a receivable".into(),
        Problem::Excluded { reason } => format!("line left out: {}", exclusion(*reason)),
        Problem::SettledBeforeInvoice => "settled before it was issued; date kept as is".into(),
    }
}

fn exclusion(r: ExclusionReason) -> &'static str {
    match r {
        ExclusionReason::SupplierBill => "supplier bill (not a customer receivable)",
        ExclusionReason::Draft => "draft or pro forma (not issued)",
        ExclusionReason::Voided => "voided or deleted",
        ExclusionReason::PaymentLine => "payment line in an invoices file",
    }
}

fn msg(m: &Msg) -> String {
    match m {
        Msg::OptionsTitle => "Import options".into(),
        Msg::OptCurrency => "Default currency".into(),
        Msg::OptDecimal => "Decimal separator".into(),
        Msg::OptDateOrder => "Date order".into(),
        Msg::OptTerms => "Payment terms (no due date)".into(),
        Msg::OptTermsDays => "Number of days".into(),
        Msg::Auto => "Detect".into(),
        Msg::DecimalComma => "Comma (1 234,56)".into(),
        Msg::DecimalDot => "Dot (1,234.56)".into(),
        Msg::DayFirst => "Day first (31/12/2026)".into(),
        Msg::MonthFirst => "Month first (12/31/2026)".into(),
        Msg::Terms(n, false) => format!("{n} days"),
        Msg::Terms(n, true) => format!("{n} days end of month"),
        Msg::TermsCustom => "Other number of days".into(),
        Msg::MappingTitle => "The file's columns".into(),
        Msg::MappingIntro => "Say what each column holds. Your choice is remembered for the next files laid out the same way (in this browser only).".into(),
        Msg::MappingColumn => "Column".into(),
        Msg::MappingRole => "Holds".into(),
        Msg::MappingSample => "First values".into(),
        Msg::MappingIgnore => "— Do not use —".into(),
        Msg::MappingMissing(roles) => format!("Still to choose: {roles}."),
        Msg::MappingApply => "Analyse with these columns".into(),
        Msg::MappingCancel => "Cancel".into(),
        Msg::MappingRemembered => "Columns read as you chose before for files laid out this way.".into(),
        Msg::MappingByContent => "guessed from the content".into(),
        Msg::CheckColumns => "Check the columns".into(),
        Msg::TermsUsed(terms, n) => format!("No due date for {n} invoice{}: due date set at {terms} (change it in the import options).", if *n == 1 { "" } else { "s" }),
        Msg::NoPaymentInfoBesideStatus => "Apart from the status, this file says nothing about payments (no payment date, no open or paid amount): the invoices not marked paid are taken as unpaid in full at the export's date (a part payment is not seen). If a column holds that information, point to it.".into(),
        Msg::NoPaymentInfo => "This file says nothing about payments (no payment date, no open or paid amount): every invoice is taken as unpaid at the export's date. If a column holds that information, point to it.".into(),
        Msg::ByContent(roles) => format!("Recognised from their content (check them): {roles}."),
        Msg::MappingSaved => "chosen columns".into(),
        Msg::DecimalAssumed(c) => format!("No amount tells the decimal separator: \u{201c}{c}\u{201d} used (change it in the import options)."),
        Msg::TaxExcluded => "Only a tax-excluded amount was found: it is used, but a receivable is tax included.".into(),
        Msg::ExcludedLines(reason, value, n) => format!("{n} line{} \u{201c}{value}\u{201d}: {}", if *n == 1 { "" } else { "s" }, exclusion(*reason)),
        Msg::ExcludedTitle(n) => format!("{n} line{} left out (not customer receivables):", if *n == 1 { "" } else { "s" }),
        Msg::MergedLines(n, summed) => {
            let plural = |k: u64| if k == 1 { "" } else { "s" };
            let repeated = n - summed.min(n);
            let mut t = format!("{n} detail line{} merged into their invoice (one row per item):", plural(*n));
            if *summed > 0 {
                t.push_str(&format!(" {summed} amount{} added as line amounts", plural(*summed)));
            }
            if *summed > 0 && repeated > 0 {
                t.push(',');
            }
            if repeated > 0 {
                t.push_str(&format!(" {repeated} repeating the invoice's total, counted once"));
            }
            t.push('.');
            t
        }
        Msg::UnappliedCash(n) => format!("{n} uncleared payment{} counted as unapplied cash: {} net receivables, and {} not sales.", if *n == 1 { "" } else { "s" }, if *n == 1 { "it reduces" } else { "they reduce" }, if *n == 1 { "is" } else { "are" }),
        Msg::SnapshotLines(n) => format!("{n} invoice{} paid in part with no payment date: {} open amount is the one at the export's date, before it {} history is not known.", if *n == 1 { "" } else { "s" }, if *n == 1 { "its" } else { "their" }, if *n == 1 { "its" } else { "their" }),
        Msg::PaidWithoutDate(n) => format!("{n} invoice{} marked paid without a payment date: counted settled, without a payment date (no days to pay for {}).", if *n == 1 { "" } else { "s" }, if *n == 1 { "it" } else { "them" }),
        Msg::RepeatedHeaders(n) => format!("{n} repeated header row{} ignored.", if *n == 1 { "" } else { "s" }),
        Msg::Rounded(n, ex) => format!("{n} amount{} with a float's long tail rounded to the cent (e.g. {ex}).", if *n == 1 { "" } else { "s" }),
        Msg::Fec(entries, lines, lettered, partial, unapplied, opening) => format!("FEC: {entries} entries, {lines} of them on customer accounts (411, 416, 4191); {lettered} fully lettered groups, {partial} partly; {unapplied} unlettered payment{}; {opening} opening line{}.", if *unapplied == 1 { "" } else { "s" }, if *opening == 1 { "" } else { "s" }),
        Msg::FecBalance(balance, date) => format!("Balance of the customer accounts (411, 416, 4191) on {date}: {balance}."),
        Msg::FecRefunds(refunds, returned) => format!("{refunds} customer debit{} outside the sales journals lettered with credits: refund{} of credit notes or over-payments, not sales; {returned} unlettered: returned payment{} (unpaid direct debits or cheques), owed again, not sales.", s(*refunds), s(*refunds), s(*returned)),
        Msg::FecNoSalesJournal => "No recognisable sales journal: every 411 debit (opening entries apart) is counted as a sale.".into(),
        Msg::FecDoubtful(lines, moved, balance) => format!("Doubtful customers (416): {lines} line{}, balance {balance}, counted at risk; {moved} invoice{} moved there, kept as the sales they were.", s(*lines), s(*moved)),
        Msg::FecAdvances(n, balance) => format!("Advances received (4191): {n} advance{}, balance {balance}, counted as unapplied cash until an invoice takes it.", s(*n)),
        Msg::PaymentsTitle => "Payments file".into(),
        Msg::PaymentsPrompt => "Add an export of payments or bank receipts (invoice reference, date, amount): they are matched to the invoices by reference.".into(),
        Msg::PaymentsChoose => "Add payments…".into(),
        Msg::PaymentsReading(name) => format!("Reading payments {name}…"),
        Msg::PaymentsSummary(file, read, matched, normalised, unmatched) => format!("{file}: {read} payment{} read, {matched} matched to an invoice{}, {unmatched} unmatched.", if *read == 1 { "" } else { "s" }, if *normalised > 0 { format!(" ({normalised} by normalised reference)") } else { String::new() }),
        Msg::PaymentsUnapplied(amount) => format!("Unapplied cash: {amount}, deducted from net AR."),
        Msg::PaymentsOverPaid(n) => format!("{n} invoice{} paid beyond {} amount (over-payment).", if *n == 1 { "" } else { "s" }, if *n == 1 { "its" } else { "their" }),
        Msg::PaymentsSkipped(n) => format!("{n} unreadable line{} ignored (see the details).", if *n == 1 { "" } else { "s" }),
        Msg::PaymentsFailed(why) => format!("Payments file not read: {why}"),
        Msg::UnappliedTitle => "Unmatched payments".into(),
        Msg::UnappliedRef => "Reference".into(),
        Msg::UnappliedCustomer => "Customer".into(),
        Msg::UnappliedDate => "Date".into(),
        Msg::UnappliedAmount => "Amount".into(),
        Msg::UnknownCustomer => "Unknown customer".into(),
        Msg::WorkerRestarted => "The analysis engine stopped unexpectedly: it was restarted and the file read again.".into(),
        Msg::FilterDivision => "Division".into(),
        Msg::FilterSalesRep => "Sales rep".into(),
        Msg::FilterCustomer => "Customer".into(),
        Msg::FilterAll => "All".into(),
        Msg::FilterAllCustomers => "All customers".into(),
        Msg::Progress(read, total, rows) => format!("{read} of {total} read, {rows} rows"),
        Msg::Cancel => "Cancel".into(),
        Msg::LargestOf(shown, all) => format!("The {shown} largest of {all}."),
        Msg::NoFile => "The analysis was interrupted: drop the file again.".into(),
    }
}

fn import_error(e: &ImportError) -> String {
    match e {
        ImportError::Empty => "The file is empty.".into(),
        ImportError::NoHeader => "No header row was recognised in the first 30 lines. At least customer, invoice date and amount columns are needed.".into(),
        ImportError::MissingColumns { missing, found } => format!(
            "Required columns not found: {}. Columns in the file: {}.",
            missing.iter().map(|r| role(*r)).collect::<Vec<_>>().join(", "),
            found.join(", ")
        ),
        ImportError::NeedsMapping { missing, .. } => format!(
            "Required columns not recognised: {}. Say below what each column holds.",
            missing.iter().map(|r| role(*r)).collect::<Vec<_>>().join(", ")
        ),
        ImportError::NoRows => "The file has a header but no data row.".into(),
        ImportError::TooBig => "This file is too big for the browser to hold in memory (4 GB in all). Export a shorter period, or one currency or division, and drop it.".into(),
        ImportError::UnreadableWorkbook => "This workbook could not be read (damaged, or protected by a password?). Save it again, or as CSV, and drop it.".into(),
        ImportError::NotText(kind) => match kind {
            BinaryKind::Zip | BinaryKind::OldExcel => "This is a workbook (Excel or OpenDocument): this version reads CSV files. In your spreadsheet, use \"Save as\" then \"CSV\", and drop that file.".into(),
            BinaryKind::Pdf => "This is a PDF: a data export (CSV) from your accounting software or ERP is needed.".into(),
            BinaryKind::Other => "This file is not text: a CSV export is needed (values separated by commas, semicolons or tabs).".into(),
        },
    }
}

fn unavailable(u: &Unavailable, date: &dyn Fn(NaiveDate) -> String) -> String {
    match u {
        Unavailable::NoSalesInPeriod => "no sales in the period".into(),
        Unavailable::NoHistory => "file has no payment history".into(),
        Unavailable::SnapshotFrom(d) => format!("outstanding known from {} on only (the export's date)", date(*d)),
        Unavailable::OverCountbackHorizon => "over 24 months".into(),
        Unavailable::ZeroDenominator => "zero denominator".into(),
        Unavailable::NothingToAverage => "no overdue invoice".into(),
        Unavailable::OpenItemsFile => {
            "open-items file: its invoices are not the period's sales (type the period's sales)".into()
        }
        Unavailable::NeedsMonthlySales => "needs each month's sales; the sales typed are the whole period's".into(),
        Unavailable::TypedSalesWholeFile => "the sales typed are the whole file's, not this selection's".into(),
        Unavailable::NoRate(c) => format!("no rate typed for {c}"),
        Unavailable::ConvertedTooLarge => "converted amount out of range (check the rates)".into(),
    }
}

fn kpi(name: &str) -> (&'static str, &'static str) {
    match name {
        "sales" => ("Sales in period", "Invoices and credit notes issued in (t − N, t]."),
        "ar_total" => ("Total receivables (net)", "Sum of open amounts at the as-of date, credit notes included."),
        "ar_gross" => ("Gross receivables", "Sum of positive open amounts."),
        "ar_overdue" => ("Overdue", "Open amounts past their due date (days past due > 0)."),
        "ar_current" => ("Not yet due", "Open amounts not past their due date."),
        "ar_disputed" => ("Disputed", "Open amounts flagged as disputed."),
        "unapplied_cash" => {
            ("Unapplied cash", "Payments received that match no invoice of the file (negative in net AR).")
        }
        "credit_notes_open" => (
            "Credit notes and unapplied cash",
            "Sum of negative open amounts: credit notes, over-payments and unapplied payments.",
        ),
        "open_invoices" => ("Open invoices", "Invoices and credit notes with an open amount."),
        "dso_standard" => ("DSO (standard)", "Receivables ÷ sales in period × N days."),
        "dso_countback" => ("DSO (countback)", "Receivables are exhausted by the sales of past months, latest first."),
        "bpdso" => ("Best possible DSO", "Not-yet-due receivables ÷ sales in period × N."),
        "ddso" => ("Delinquent DSO", "Overdue receivables ÷ sales in period × N."),
        "dbt" => ("Days beyond terms (DBT)", "Standard DSO − best possible DSO."),
        "weighted_dpd" => ("Weighted days past due", "Σ(open × days past due) ÷ Σ(open), overdue invoices."),
        "dso_disputed" => ("Disputed DSO", "Disputed receivables ÷ sales in period × N."),
        "dispute_resolution_rate" => (
            "Dispute resolution rate",
            "Disputed invoices settled in the period ÷ disputed invoices open at its start or issued in it × 100.",
        ),
        "ar_at_risk" => {
            ("Receivables at risk", "Over 90 days past due, disputed, or of a customer over its credit limit.")
        }
        "penalties_due" => {
            ("Late-payment penalties due", "Σ per overdue invoice: open × rate × days late ÷ 365, rounded to the cent.")
        }
        "recovery_indemnities" => {
            ("Recovery indemnities", "€40 per overdue unpaid invoice (French Commercial Code, art. D. 441-5).")
        }
        "provision_total" => (
            "Bad-debt provision",
            "Σ open × its bucket's rate: 0% up to 90 days, 25%, 50%, 75%, then 100% over 360 days.",
        ),
        "collection_rate" => ("Collection rate", "Payments in the period ÷ (opening AR + sales in the period) × 100."),
        "adp" => {
            ("Average days to pay", "Amount-weighted mean of (settled − invoice date), invoices settled in the period.")
        }
        "avg_days_late" => {
            ("Average days late", "Amount-weighted mean of max(0, settled − due date), invoices settled in the period.")
        }
        "on_time_rate" => ("Paid on time", "Share of invoices settled in the period on or before their due date."),
        "cei" => (
            "Collection effectiveness (CEI)",
            "(Opening AR + sales − closing AR) ÷ (opening AR + sales − closing current AR) × 100.",
        ),
        _ => ("", ""),
    }
}

fn param(key: &str) -> (&'static str, &'static str) {
    match key {
        "revenue" => ("Annual revenue", "Including tax, over 12 months."),
        "dso_current" => ("Current DSO", "How long your customers take to pay today, on average."),
        "dso_reduction" => ("DSO reduction", "Days of delay you aim to win back."),
        "yield_rate" => ("Yield on cash", "Yearly rate earned on freed cash (investment or debt avoided)."),
        "bad_debt_rate" => ("Bad-debt rate", "Share of revenue never collected."),
        "bad_debt_avoided" => ("Bad debt avoided", "Share of bad debt that better follow-up avoids."),
        "invoices_per_month" => ("Invoices per month", "Invoices you issue each month."),
        "reminders_per_invoice" => ("Reminders per invoice", "Average manual reminders per invoice."),
        "minutes_per_reminder" => {
            ("Minutes per reminder", "Time one manual reminder takes (look-up, writing, sending).")
        }
        "automated_share" => ("Reminders automated", "Share of reminders an automatic plan sends for you."),
        "dso_receivables" => ("Receivables", "Invoices not yet paid (including tax)."),
        "dso_revenue" => ("Revenue in the period", "Including tax, over the same period."),
        "dso_days" => ("Days in the period", "31 for a 31-day month, 365 for a year."),
        _ => ("", ""),
    }
}

fn output(key: &str) -> (&'static str, &'static str) {
    match key {
        "cash_increase" => ("Cash balance increase", "Cash no longer tied up with your customers, once and for all."),
        "collections_increase" => ("Collections increase", "Bad debt avoided each year."),
        "investment_income" => ("Income on freed cash", "What the freed cash earns each year."),
        "hours_saved_month" => ("Time saved per month", "Hours of manual reminders saved each month."),
        _ => ("", ""),
    }
}

fn formula(key: &str) -> &'static str {
    match key {
        "cash_increase" => "annual revenue ÷ 365 × DSO reduction",
        "collections_increase" => "annual revenue × bad-debt rate × share avoided",
        "investment_income" => "cash increase × yield",
        "hours_saved_month" => "invoices × reminders × minutes × share automated ÷ 60",
        _ => "",
    }
}

pub static TEXTS: Texts = Texts {
    msg,
    tagline: "Your receivables, analysed in your browser",
    nav_analyse: "Analyse",
    nav_calculators: "Calculators",
    nav_dunning: "Dunning",
    nav_embed: "Embed",
    language: "Language",
    privacy: "Your files are read in your browser: nothing is uploaded, nothing leaves your machine.",
    unit_days_long: "days",
    unit_mb: "MB",
    nav_label: "Main navigation",
    doc_title: |page| format!("{page} — encours"),
    privacy_link: "Your data stays on your computer",
    privacy_title: "Your data stays on your computer",
    privacy_intro: "encours is an app that runs entirely in your browser. Your files are read and analysed there: they are not sent anywhere.",
    privacy_points: &[
        "No upload: the file you choose is read by your browser, on your machine. There is no analysis server.",
        "No connection to any other site: the app's security policy (Content-Security-Policy) forbids the browser to contact any site but the one the app comes from. No analytics, no cookies, no third-party fonts or scripts.",
        "Offline: after a first visit, the app works without a network.",
        "The analysed file stays in memory while the tab is open; it is never saved. Closing the tab erases it.",
        "A history of exports is kept only when you ask for it (\"Keep this analysis\"): the export's totals, never its rows. It stays in this browser and can be exported, moved and erased below.",
    ],
    privacy_stored_title: "What the app keeps in this browser",
    privacy_stored_intro: "Your settings, never your files (the histories of exports you asked to keep are listed below). The app's own files are also kept so that it works offline: they hold no data.",
    privacy_key: |key| match key.split(".backup").next().unwrap_or(key) {
        "encours.v1.locale" => "Language chosen".to_string(),
        "encours.v1.import" => "Import options (currency, decimal separator, date order, payment terms)".to_string(),
        "encours.v1.mappings" => "Column mappings remembered for your exports".to_string(),
        "encours.dunning" => "Dunning plans, assignment rules and dunning settings".to_string(),
        _ => "An app setting".to_string(),
    } + if key.contains(".backup") { " (copy of an unreadable value, kept aside)" } else { "" },
    privacy_nothing_stored: "Nothing is stored yet.",
    privacy_item: "What it is",
    privacy_key_name: "Key",
    privacy_erase_title: "Erase everything",
    privacy_erase: "Erase everything the app stored",
    privacy_erase_confirm_text: "Your settings, column mappings and histories of exports will be erased from this browser, and the analysis on screen will be closed. Continue?",
    privacy_erase_confirm: "Yes, erase everything",
    privacy_cancel: "Cancel",
    privacy_erased: "Everything was erased: the app keeps nothing in this browser any more.",
    privacy_erase_failed: "The browser did not let the settings be erased (storage disabled?).",
    update_ready: "A new version of encours is ready.",
    update_reload: "Reload",
    crash_title: "Something unexpected went wrong",
    crash_text: "The app met a problem it cannot handle. Your data has not left your computer. Reload the page to carry on.",
    crash_report: "To report it, copy the details below into your message (they hold none of your data).",
    crash_reload: "Reload the page",

    analyse_title: "Analyse your receivables",
    analyse_intro: "Drop an export of your customer invoices (CSV or Excel): outstanding, DSO, CEI and the aged balance appear at once.",
    drop_prompt: "Drop your file here",
    drop_formats: "CSV or workbook (Excel, OpenDocument); delimiter, encoding, date and amount formats are detected automatically.",
    choose_file: "Choose a file",
    try_sample: "Try with sample data",
    computing: "Computing…",
    reading: "Reading the file…",
    read_failed: "The browser could not read the file.",
    replace_file: "Analyse another file",

    as_of: "As-of date",
    period: "Period",
    period_days: |n| format!("{n} days"),
    currency: "Currency",
    figures_in: |c| format!("Amounts in {c}"),
    unavailable: "Unavailable",

    section_outstanding: "Outstanding",
    section_dso: "Payment delays",
    section_behaviour: "Collection and payment behaviour",
    over_limit_title: "Customers over their credit limit",
    credit_limit: "Credit limit",
    overrun: "Overrun",
    aged_title: "Aged balance",
    aged_intro: "Open amounts at the as-of date, by days past the due date. Click a row to see its invoices.",
    aged_customer: "Customer",
    aged_buckets: "Overdue buckets (days)",
    aged_buckets_invalid: "Invalid buckets: give increasing numbers of days, for example 30, 60, 90 (12 at most).",
    aged_group_by: "Group by",
    group_by_name: |g| match g {
        GroupBy::Customer => "Customer",
        GroupBy::Division => "Division",
        GroupBy::SalesRep => "Sales rep",
        GroupBy::DisputeReason => "Dispute reason",
    },
    aged_no_label: "(none)",
    aged_invoice: |id, issued, due| format!("{id} — issued {issued}, due {due}"),
    aged_total: "Total",
    aged_all_customers: "Grand total",
    aged_none: "Nothing is open at this date.",
    bucket_not_due: "Not due",
    bucket_range: |a, b| format!("{a}–{b} d"),
    bucket_over: |a| format!("Over {a} d"),

    summary_title: "Imported file",
    summary_line: |rows, invoices, credit_notes, customers| {
        format!(
            "{rows} row{} read: {invoices} document{} including {credit_notes} credit note{}, {customers} customer{}.",
            s(rows),
            s(invoices),
            s(credit_notes),
            s(customers)
        )
    },
    summary_skipped: |n| {
        if n == 1 {
            "1 row skipped: it is not in the figures (details below).".to_string()
        } else {
            format!("{n} rows skipped: they are not in the figures (details below).")
        }
    },
    summary_sheet: |s| format!("Workbook, sheet \"{s}\"."),
    summary_format: |enc, delim, dates, month_first, comma| {
        let dates = match dates {
            DateForm::DayMonth if month_first => ", dates month/day/year (US)",
            DateForm::DayMonth => ", dates day/month/year",
            DateForm::YearFirst => ", dates year-month-day",
            DateForm::Unwritten => "",
        };
        format!(
            "Encoding {enc}, {} delimited{dates}, decimal {}.",
            delimiter_name(delim),
            if comma { "comma" } else { "point" }
        )
    },
    summary_invalid_bytes: |n| {
        format!("{n} byte{} could not be read in this encoding and {} replaced by \"\u{FFFD}\": check the labels concerned.", s(n), if n == 1 { "was" } else { "were" })
    },
    summary_date_assumed: "No date in the file tells day from month: day/month/year assumed.",
    summary_default_currency: |n, c| format!("{n} document{} name{} no currency: counted in {c}.", s(n), if n == 1 { "s" } else { "" }),
    summary_snapshot: |d| format!("No settled dates in the file: the open amounts are taken as exported. Set the as-of date to the export's date (at the earliest {d}, the latest invoice's date). Figures that need payment history (CEI, collection rate, days to pay) cannot be computed."),
    summary_columns: "Columns used",
    summary_ignored: "Columns not used",
    summary_duplicates: "Duplicate columns (ignored)",
    summary_issues: |n| format!("{n} note{} on rows", s(n)),
    summary_issues_cut: |shown, total| format!("First {shown} notes of {total}."),
    summary_timing: |read, readers, compute| match readers {
        0 | 1 => format!("Read in {:.0} ms, computed in {:.0} ms.", read, compute),
        n => format!("Read in {:.0} ms on {n} cores in parallel, computed in {:.0} ms.", read, compute),
    },
    issue_line: "Line",
    issue_column: "Column",
    issue_value: "Value read",
    issue_problem: "Expected",
    issue_skipped: "skipped",
    issue_kept: "kept",

    role,
    problem,
    import_error,
    unavailable_reason: unavailable,
    kpi,

    calc_title: "Calculators",
    calc_intro: "What a shorter payment delay is worth, and your DSO in a moment. The formulas are shown: you know where every figure comes from.",
    from_ar: "Compute the current DSO from your receivables",
    from_ar_apply: "Apply",
    use_my_figures: "Use my figures",
    use_my_figures_hint: "Fills the calculators with the last 12 months' revenue, the receivables and the DSO of the analysed file.",
    use_my_figures_none: "Analyse a file first (Analyse tab) to use your own figures.",
    used_my_figures: |f| format!("Figures taken from \"{f}\"."),
    share_title: "Share this calculation",
    copy_link: "Copy link",
    copied: "Link copied",
    copy_failed: "Could not copy: select the link above.",
    reset: "Defaults",

    embed_title: "Embed the calculator on your website",
    embed_intro: "Copy this code into a page of your site: the calculator shows in a frame that fits its height. It works on any static host and loads nothing but itself.",
    embed_options: "Options",
    opt_language: "Language",
    opt_currency: "Currency",
    opt_color: "Main colour",
    opt_calculator: "Calculator",
    opt_calc_savings: "Savings",
    opt_calc_dso: "DSO",
    opt_calc_both: "Both",
    opt_defaults: "Default values: the ones set on the Calculators tab.",
    snippet_script: "Code to copy (script, automatic height)",
    snippet_script_help: "Recommended: the frame takes the height of its content.",
    snippet_iframe: "Without a script (iframe only)",
    snippet_iframe_help: "For sites that do not accept scripts: fixed height.",
    copy_snippet: "Copy the code",
    preview: "Preview",
    calc: &CALC,
};

pub static CALC: CalcTexts = CalcTexts {
    savings_title: "Calculate what late payments cost you",
    savings_intro: "Move the sliders or type your figures: the results update at once.",
    savings_inputs: "Your figures",
    savings_results: "What you gain",
    param,
    unit_days: "d",
    unit_minutes: "min",
    unit_hours_month: "h / month",
    per_year: "/ year",
    output,
    formula,
    dso_target: "Target DSO",
    dso_calc_title: "DSO calculator",
    dso_calc_intro: "DSO = receivables ÷ revenue × days in the period. Example: €40,000 of receivables for €100,000 of revenue over a 31-day month gives 12.4 days.",
    dso_simple_label: "DSO",
    dso_simple_formula: "receivables ÷ revenue × days",
    countback_title: "Countback DSO",
    countback_intro: "Receivables are exhausted by the revenue of past months, latest first: fairer when sales vary from month to month.",
    countback_month: |k| if k == 0 { "Latest month".to_string() } else { format!("Month −{k}") },
    countback_sales: "Revenue",
    countback_days: "Days",
    countback_result: "Countback DSO",
    widget_credit: "Computed in your browser by encours",
    unavailable_reason: unavailable,
};
