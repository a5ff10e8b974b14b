//! `cargo run --example probe -- FILE [PAYMENTS] [AS-OF]`: reads an export
//! as the app does and prints what the import said and the main figures,
//! to try the import on a file from elsewhere without a browser.

use encours::domain::analysis::kpi::Period;
use encours::domain::import::ImportOptions;
use encours::engine::{Engine, KpiQuery, Selection};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: probe FILE [PAYMENTS-FILE] [AS-OF yyyy-mm-dd]");
        std::process::exit(2);
    };
    let read = |p: &str| std::fs::read(p).unwrap_or_else(|e| panic!("{p}: {e}"));
    let options = ImportOptions::default();
    let (mut engine, mut info) = match Engine::load(path.clone(), &read(path), &options) {
        Ok(x) => x,
        Err(e) => {
            println!("error: {e:?}");
            return;
        }
    };
    let mut rest = args[1..].iter();
    let mut as_of = None;
    for a in rest.by_ref() {
        match chrono::NaiveDate::parse_from_str(a, "%Y-%m-%d") {
            Ok(d) => as_of = Some(d),
            Err(_) => match engine.add_payments(a.clone(), &read(a), &options) {
                Ok(i) => info = i,
                Err(e) => println!("payments error: {e:?}"),
            },
        }
    }
    let r = &info.report;
    println!("{} ({} bytes, {}, delimiter {:?})", info.file_name, info.bytes, r.encoding, r.delimiter);
    println!(
        "rows {} invoices {} credit notes {} skipped {} excluded {} merged {} repeated headers {}",
        r.rows_read, r.invoices, r.credit_notes, r.rows_skipped, r.rows_excluded, r.merged_lines, r.repeated_headers
    );
    println!("columns: {:?}", r.columns);
    println!("by content: {:?}; source {:?}", r.layout.by_content, r.layout.source);
    println!(
        "dates {:?} (assumed {}), decimals {:?} (assumed {}), no payment info {}, paid without a date {}, due dates assumed {}, rounded {}",
        r.date_order,
        r.date_order_assumed,
        r.decimal_separator,
        r.decimal_separator_assumed,
        r.no_payment_info,
        r.paid_without_date,
        r.due_dates_assumed,
        r.rounded_amounts
    );
    println!("excluded: {:?}", r.excluded);
    for i in r.issues.iter().take(20) {
        println!("  line {} {:?} {:?} {:?} {:?}", i.line, i.column, i.value, i.problem, i.severity);
    }
    if let Some(p) = &info.payments {
        println!("payments: {:?}", p.matched);
    }
    let as_of = as_of.unwrap_or(info.latest);
    for currency in &info.currencies {
        let selection = Selection { currency: currency.clone(), ..Selection::default() };
        let answer = engine.kpis(&KpiQuery {
            as_of,
            period: Period::D90,
            selection,
            provisions: Default::default(),
            typed_sales: None,
        });
        println!("{currency} at {as_of}:");
        for (name, figure, _) in answer.kpis.figures() {
            println!("  {name:18} {figure:?}");
        }
    }
}
