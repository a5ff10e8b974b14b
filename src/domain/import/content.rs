//! Columns named by their content, where headers do not say or say
//! twice: the required roles a file's headers missed (a column of dates,
//! of amounts, of repeated codes), the due and payment dates (a date column
//! on or after the invoice date), and, among columns whose headers name the
//! same role, the one the values say is right (invoice level over line
//! level, a varying customer over a constant one). Every role found this
//! way is said on the import summary and marked on the mapping screen.

use super::mapping::{fold, ColumnMap, Role};
use super::values::{parse_amount, parse_date, DateOrder, DecimalSeparator};
use chrono::{Datelike, NaiveDate};

/// What a column holds, judged from its first values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    Dates,
    /// Amounts with decimals or signs (not plain whole numbers, which may be ids).
    Amounts,
    /// Short codes repeated across rows (a customer, a division).
    RepeatedCodes,
    Other,
}

fn content_of(values: &[&str]) -> Content {
    let filled: Vec<&str> = values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()).collect();
    if filled.len() < 2 {
        return Content::Other;
    }
    let share = |n: usize| n * 10 >= filled.len() * 9;
    let dates = filled
        .iter()
        .filter(|v| {
            !v.bytes().all(|b| b.is_ascii_digit())
                && (parse_date(v, DateOrder::DayFirst, false).is_some()
                    || parse_date(v, DateOrder::MonthFirst, false).is_some())
        })
        .count();
    if share(dates) {
        return Content::Dates;
    }
    let amounts = filled
        .iter()
        .filter(|v| {
            parse_amount(v, DecimalSeparator::Dot).is_some() || parse_amount(v, DecimalSeparator::Comma).is_some()
        })
        .count();
    let with_decimals = filled.iter().filter(|v| v.contains([',', '.']) || v.starts_with('-')).count();
    if share(amounts) && with_decimals * 2 >= filled.len() {
        return Content::Amounts;
    }
    let distinct: std::collections::HashSet<&&str> = filled.iter().collect();
    if distinct.len() < filled.len() && filled.iter().all(|v| v.chars().count() <= 60) && amounts < filled.len() {
        return Content::RepeatedCodes;
    }
    Content::Other
}

/// Fills the roles the headers did not give from the columns' content.
/// Required ones first: of the unused columns of dates, the earliest (the
/// one the others are on or after) is the invoice date; the first column
/// of amounts is the amount, of repeated codes the customer. Then the due
/// and payment dates (`dates_by_content`, with `order` when the user chose
/// one) and, when no column is the invoice id, a column of distinct codes.
/// Returns the roles so found (the import says so: no silent guess).
pub fn guess_by_content(
    map: &mut ColumnMap,
    n_cols: usize,
    sample: &[Vec<String>],
    order: Option<DateOrder>,
) -> Vec<Role> {
    let mut found = Vec::new();
    for role in map.missing_required() {
        let free = free_columns(map, n_cols, sample);
        let pick = match role {
            Role::InvoiceDate => {
                let dates: Vec<usize> = free.iter().filter(|(_, c)| *c == Content::Dates).map(|(i, _)| *i).collect();
                invoice_date_of(&dates, sample, sample_order(sample, &dates, order))
            }
            Role::Amount => free.iter().find(|(_, c)| *c == Content::Amounts).map(|(i, _)| *i),
            Role::CustomerId => free.iter().find(|(_, c)| *c == Content::RepeatedCodes).map(|(i, _)| *i),
            _ => None,
        };
        if let Some(i) = pick {
            map.assign(role, i);
            found.push(role);
        }
    }
    found.extend(dates_by_content(map, n_cols, sample, order));
    if map.get(Role::InvoiceId).is_none() {
        let free = free_columns(map, n_cols, sample);
        if let Some(&(i, _)) = free.iter().find(|(i, c)| *c == Content::Other && distinct_codes(sample, *i)) {
            map.assign(Role::InvoiceId, i);
            found.push(Role::InvoiceId);
        }
    }
    found
}

/// The columns no role holds nor any header names (a column whose header
/// names a role, a duplicate, is not taken for another), with their content.
fn free_columns(map: &ColumnMap, n_cols: usize, sample: &[Vec<String>]) -> Vec<(usize, Content)> {
    let used: Vec<usize> = map.columns.iter().chain(&map.claimed).map(|(_, i)| *i).collect();
    (0..n_cols)
        .filter(|i| !used.contains(i))
        .map(|i| {
            let values: Vec<&str> = sample.iter().map(|r| cell(r, i)).collect();
            (i, content_of(&values))
        })
        .collect()
}

/// A cell of a sample row, trimmed ("" past its end).
fn cell(row: &[String], i: usize) -> &str {
    row.get(i).map_or("", |c| c.trim())
}

/// The date order of the sample's `cols`: the user's, else what their
/// dates say (a first number over 12 is a day), day first when nothing does.
fn sample_order(sample: &[Vec<String>], cols: &[usize], order: Option<DateOrder>) -> DateOrder {
    order.unwrap_or_else(|| {
        let (mut day, mut month) = (0, 0);
        for r in sample {
            for &c in cols {
                match super::values::date_order_evidence(cell(r, c)) {
                    Some(DateOrder::DayFirst) => day += 1,
                    Some(DateOrder::MonthFirst) => month += 1,
                    None => {}
                }
            }
        }
        if month > day {
            DateOrder::MonthFirst
        } else {
            DateOrder::DayFirst
        }
    })
}

/// A cell read as a date in `order`.
fn date_at(row: &[String], i: usize, order: DateOrder) -> Option<NaiveDate> {
    parse_date(cell(row, i), order, false)
}

/// Of date columns, the invoice date: one that another column follows as
/// a due date does (`DateStats::is_due`), else any; of those, the earliest
/// on most rows (the fewest rows where another of them is before it), the
/// first on a tie.
fn invoice_date_of(cols: &[usize], sample: &[Vec<String>], order: DateOrder) -> Option<usize> {
    let has_due = |c: usize| cols.iter().any(|&o| o != c && DateStats::of(sample, c, o, order).is_due());
    let later_than_others = |c: usize| {
        sample
            .iter()
            .filter(|r| {
                let Some(d) = date_at(r, c, order) else { return false };
                cols.iter().any(|&o| o != c && date_at(r, o, order).is_some_and(|x| x < d))
            })
            .count()
    };
    cols.iter().copied().min_by_key(|&c| (!has_due(c), later_than_others(c)))
}

/// A column of codes, each on one row: at least 3 values, all different,
/// short, without spaces or '@', each with a digit, and not all plain
/// numbers of different lengths (quantities, amounts): an invoice number.
fn distinct_codes(sample: &[Vec<String>], i: usize) -> bool {
    let values: Vec<&str> = sample.iter().map(|r| cell(r, i)).filter(|v| !v.is_empty()).collect();
    let unique: std::collections::HashSet<&&str> = values.iter().collect();
    let plain = values.iter().all(|v| v.bytes().all(|b| b.is_ascii_digit()));
    let one_length = values.iter().all(|v| v.len() == values[0].len());
    values.len() >= 3
        && unique.len() == values.len()
        && values.iter().all(|v| {
            v.chars().count() <= 30
                && !v.contains(char::is_whitespace)
                && !v.contains('@')
                && v.contains(|c: char| c.is_ascii_digit())
        })
        && (!plain || (one_length && values[0].len() >= 4))
}

/// Per date column, how it stands against the invoice date over a sample.
#[derive(Debug, Default)]
struct DateStats {
    /// Rows with an invoice date; of them, those with a date in the column.
    rows: usize,
    filled: usize,
    /// Dates before the invoice date.
    before: usize,
    /// Days after the invoice date, for each filled row.
    gaps: Vec<i64>,
    /// Filled dates that are the last day of their month.
    month_ends: usize,
}

impl DateStats {
    fn of(sample: &[Vec<String>], inv: usize, c: usize, order: DateOrder) -> DateStats {
        let mut s = DateStats::default();
        for r in sample {
            let Some(issued) = date_at(r, inv, order) else { continue };
            s.rows += 1;
            let Some(d) = date_at(r, c, order) else { continue };
            s.filled += 1;
            s.before += usize::from(d < issued);
            s.gaps.push((d - issued).num_days());
            s.month_ends += usize::from(d.succ_opt().is_some_and(|n| n.day0() == 0));
        }
        s
    }

    /// The share of the most common gap (0 when none).
    fn steadiness(&self) -> f64 {
        let mut counts: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
        for g in &self.gaps {
            *counts.entry(*g).or_default() += 1;
        }
        let top = counts.values().copied().max().unwrap_or(0);
        if self.gaps.is_empty() {
            0.0
        } else {
            top as f64 / self.gaps.len() as f64
        }
    }

    /// A due date: on nearly every row (9 in 10), never before the invoice
    /// date, after it on some row, by a steady gap: one gap on most rows
    /// (60 %), or few gaps over many rows (terms per customer), or always
    /// a month's end (n days end of month).
    fn is_due(&self) -> bool {
        let distinct: std::collections::HashSet<&i64> = self.gaps.iter().collect();
        self.filled >= 2
            && self.filled * 10 >= self.rows * 9
            && self.before == 0
            && self.gaps.iter().any(|g| *g > 0)
            && (self.steadiness() >= 0.6 || (distinct.len() <= 3 && self.filled >= 6) || self.month_ends == self.filled)
    }

    /// A payment date: blank on some rows (what is not paid yet), filled on
    /// at least two, on or after the invoice date but for a few (an
    /// advance: 1 in 10 at most).
    fn is_payment(&self) -> bool {
        self.filled >= 2 && self.filled < self.rows && self.before * 10 <= self.filled
    }
}

/// The due date and the payment date found from the content of date
/// columns no header named, once the invoice date is known (kpi.md
/// "Records"): a column always on or after the invoice date by a steady
/// gap is the due date; a partly blank column on or after it is the
/// payment date. Returns the roles so found.
pub fn dates_by_content(
    map: &mut ColumnMap,
    n_cols: usize,
    sample: &[Vec<String>],
    order: Option<DateOrder>,
) -> Vec<Role> {
    let mut found = Vec::new();
    let Some(inv) = map.get(Role::InvoiceDate) else { return found };
    let dates: Vec<usize> = free_columns(map, n_cols, sample)
        .into_iter()
        .filter(|(i, c)| *c == Content::Dates && *i != inv)
        .map(|(i, _)| i)
        .collect();
    let mut cols = dates.clone();
    cols.push(inv);
    let order = sample_order(sample, &cols, order);
    let stats: Vec<(usize, DateStats)> = dates.iter().map(|&c| (c, DateStats::of(sample, inv, c, order))).collect();
    let mut due = None;
    if map.get(Role::DueDate).is_none() {
        // The steadiest of the candidates, the first on a tie.
        due = stats
            .iter()
            .filter(|(_, s)| s.is_due())
            .fold(None::<(usize, f64)>, |best, (c, s)| match best {
                Some((_, b)) if b >= s.steadiness() => best,
                _ => Some((*c, s.steadiness())),
            })
            .map(|(c, _)| c);
        if let Some(c) = due {
            map.assign(Role::DueDate, c);
            found.push(Role::DueDate);
        }
    }
    if map.get(Role::SettledDate).is_none() {
        let paid = stats
            .iter()
            .filter(|(c, s)| Some(*c) != due && s.is_payment())
            .max_by_key(|(c, s)| (s.filled, std::cmp::Reverse(*c)))
            .map(|(c, _)| *c);
        if let Some(c) = paid {
            map.assign(Role::SettledDate, c);
            found.push(Role::SettledDate);
        }
    }
    found
}

/// Chooses, among the columns whose headers name the same role, the one
/// the content says is right (kpi.md "Records": a line is one invoice),
/// judged on the rows that are receivables (the caller leaves out supplier
/// bills, drafts and voided lines: a ledger account only a supplier bill
/// changes is still constant over the sales):
/// - a column whose value is the same on every row is not the customer
///   while another customer column varies (a ledger account repeated on
///   every row is not who owes); nor is a customer code column that a
///   name column beside it shows to be something else
///   (`code_is_not_the_customer`): the name is then the customer;
/// - in a file with one row per invoice line (an invoice id on several
///   rows), a column constant within each invoice (its total, its open
///   amount, its customer) is preferred to one that varies from line to
///   line (a line's or a tax line's amount). An amount so preferred must
///   be at least each of its invoice's line amounts, and vary between
///   invoices (a column of zeros is no total).
///
/// Returns the roles whose column changed (said as found by content).
pub fn prefer_invoice_level(map: &mut ColumnMap, headers: &[String], sample: &[Vec<String>]) -> Vec<Role> {
    let distinct = |i: usize| {
        sample.iter().map(|r| cell(r, i)).filter(|v| !v.is_empty()).collect::<std::collections::HashSet<_>>().len()
    };
    let candidates = |map: &ColumnMap, role: Role, primary: usize| -> Vec<usize> {
        map.claimed.iter().filter(|(r, i)| *r == role && *i != primary).map(|(_, i)| *i).collect()
    };
    let mut found = Vec::new();
    for role in [Role::CustomerId, Role::CustomerName] {
        let Some(primary) = map.get(role) else { continue };
        let filled = sample.iter().filter(|r| !cell(r, primary).is_empty()).count();
        if filled < 2 || distinct(primary) > 1 {
            continue;
        }
        if let Some(&c) = candidates(map, role, primary).iter().find(|&&c| distinct(c) > 1) {
            map.replace(role, c, headers);
            found.push(role);
        }
    }
    if let (Some(code), Some(name)) = (map.get(Role::CustomerId), map.get(Role::CustomerName)) {
        if code_is_not_the_customer(sample, code, name, map.get(Role::InvoiceId)) {
            map.unassign(Role::CustomerId, headers);
            found.push(Role::CustomerName);
        }
    }
    // Rows by invoice id, for the invoices on several rows.
    let Some(id) = map.get(Role::InvoiceId) else { return found };
    let mut by_id: std::collections::HashMap<&str, Vec<&Vec<String>>> = std::collections::HashMap::new();
    for r in sample {
        let v = cell(r, id);
        if !v.is_empty() {
            by_id.entry(v).or_default().push(r);
        }
    }
    let groups: Vec<&Vec<&Vec<String>>> = by_id.values().filter(|g| g.len() > 1).collect();
    if groups.is_empty() {
        return found;
    }
    let constant = |i: usize| {
        groups.iter().all(|g| {
            let mut values = g.iter().map(|r| cell(r, i)).filter(|v| !v.is_empty());
            let first = values.next();
            values.all(|v| Some(v) == first)
        })
    };
    let amount = |v: &str| {
        parse_amount(v, DecimalSeparator::Dot)
            .or_else(|| parse_amount(v, DecimalSeparator::Comma))
            .map(|p| p.value.abs())
    };
    // A total is at least each of its lines (tax included, in absolute value).
    let covers_lines = |total: usize, line: usize| {
        groups.iter().all(|g| {
            let t = g.iter().find_map(|r| amount(cell(r, total)));
            g.iter().filter_map(|r| amount(cell(r, line))).all(|l| t.is_some_and(|t| t >= l))
        })
    };
    for role in [Role::CustomerId, Role::CustomerName, Role::Amount, Role::OpenAmount] {
        let Some(primary) = map.get(role) else { continue };
        if constant(primary) {
            continue;
        }
        let better = candidates(map, role, primary)
            .into_iter()
            .find(|&c| constant(c) && distinct(c) > 1 && (role != Role::Amount || covers_lines(c, primary)));
        if let Some(c) = better {
            map.replace(role, c, headers);
            if !found.contains(&role) {
                found.push(role);
            }
        }
    }
    found
}

/// Columns whose role the column beside them names: an accounting
/// package's tracking categories ("TrackingName1" holding "Region",
/// "TrackingOption1" the region of the line; "Custom field name" / "Custom
/// field value"). When the name column says one thing on every sample row
/// that has it, and that thing is a division or a sales rep (read as a
/// header would be), the value column takes that role if no column has it.
/// Returns the roles so found.
pub fn roles_named_beside<S: AsRef<str>>(map: &mut ColumnMap, headers: &[S], sample: &[Vec<String>]) -> Vec<Role> {
    const PAIRS: [(&str, &str); 4] =
        [("name", "option"), ("name", "value"), ("category", "option"), ("category", "value")];
    let keys: Vec<String> = headers.iter().map(|h| fold(h.as_ref())).collect();
    let mut found = Vec::new();
    for (n, key) in keys.iter().enumerate() {
        let used = |map: &ColumnMap, i: usize| map.columns.iter().chain(&map.claimed).any(|(_, j)| *j == i);
        if used(map, n) {
            continue;
        }
        let values: std::collections::HashSet<&str> =
            sample.iter().map(|r| cell(r, n)).filter(|v| !v.is_empty()).collect();
        let [named] = values.into_iter().collect::<Vec<_>>()[..] else { continue };
        let Some((role @ (Role::Division | Role::SalesRep), _)) = Role::of_header(named) else { continue };
        if map.get(role).is_some() {
            continue;
        }
        let partner = PAIRS.iter().filter(|(a, _)| key.contains(a)).find_map(|(a, b)| {
            let want = key.replacen(a, b, 1);
            keys.iter().position(|k| *k == want)
        });
        if let Some(v) = partner.filter(|&v| !used(map, v)) {
            map.assign(role, v);
            found.push(role);
        }
    }
    found
}

/// Whether a column named like a customer code (Xero's "AccountCode",
/// "Account") holds something else, said by the customer name column
/// beside it over the sample (kpi.md "Records": the customer is who owes
/// the invoice, one per invoice). A customer's code goes with its name
/// (Exact Online's AccountCode beside AccountName), so the code is not the
/// customer when:
/// - it is the same on every row while the names vary (a sales account);
/// - it has far fewer values than the names (a third or less: a few
///   revenue accounts shared by many customers);
/// - it changes within one invoice while the name does not (an account
///   per invoice line).
fn code_is_not_the_customer(sample: &[Vec<String>], code: usize, name: usize, invoice: Option<usize>) -> bool {
    let distinct = |i: usize| {
        sample.iter().map(|r| cell(r, i)).filter(|v| !v.is_empty()).collect::<std::collections::HashSet<_>>().len()
    };
    let (codes, names) = (distinct(code), distinct(name));
    let filled = sample.iter().filter(|r| !cell(r, code).is_empty()).count();
    if filled < 2 || names < 2 {
        return false;
    }
    if codes == 1 || names >= 3 * codes {
        return true;
    }
    let Some(invoice) = invoice else { return false };
    // Per invoice: the codes and names its rows carry.
    let mut per_invoice: std::collections::HashMap<&str, (Vec<&str>, Vec<&str>)> = std::collections::HashMap::new();
    for r in sample {
        let id = cell(r, invoice);
        if id.is_empty() {
            continue;
        }
        let (c, n) = per_invoice.entry(id).or_default();
        for (list, v) in [(c, cell(r, code)), (n, cell(r, name))] {
            if !v.is_empty() && !list.contains(&v) {
                list.push(v);
            }
        }
    }
    let names_constant = per_invoice.values().all(|(_, n)| n.len() <= 1);
    names_constant && per_invoice.values().any(|(c, _)| c.len() > 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_roles_found_from_content() {
        let headers = ["Kd-Nr", "Fnord", "Glim", "Bemerkung"];
        let mut m = ColumnMap::from_headers(&headers);
        assert_eq!(m.missing_required().len(), 3);
        let rows: Vec<Vec<String>> = [
            ["K1", "03.01.2026", "1.234,50", "x"],
            ["K2", "04.01.2026", "99,00", "y"],
            ["K1", "05.01.2026", "-12,30", "z"],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        let found = guess_by_content(&mut m, 4, &rows, None);
        assert_eq!(found, vec![Role::CustomerId, Role::InvoiceDate, Role::Amount]);
        assert_eq!(
            (m.get(Role::CustomerId), m.get(Role::InvoiceDate), m.get(Role::Amount)),
            (Some(0), Some(1), Some(2))
        );
        assert!(m.missing_required().is_empty());
    }

    /// Rows of cells from `&str`s.
    fn rows(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    }

    #[test]
    fn invoice_level_columns_are_preferred_to_line_level_ones() {
        // "Amount" is a line's amount (the better header word), "Blix
        // total" the invoice's, constant within each invoice; "Account"
        // the same on every row, "Party" the customer.
        let headers: Vec<String> =
            ["Doc ref", "Account", "Party", "Date", "Amount", "Blix total"].iter().map(|s| s.to_string()).collect();
        let mut m = ColumnMap::from_headers(&headers);
        assert_eq!((m.get(Role::Amount), m.get(Role::CustomerId)), (Some(4), Some(1)));
        let sample = rows(&[
            &["D1", "411000", "Alpha", "2026-01-05", "100.00", "150.00"],
            &["D1", "411000", "Alpha", "2026-01-05", "50.00", "150.00"],
            &["D2", "411000", "Beta", "2026-01-06", "70.00", "70.00"],
            &["D3", "411000", "Alpha", "2026-01-07", "20.00", "45.00"],
            &["D3", "411000", "Alpha", "2026-01-07", "25.00", "45.00"],
        ]);
        let found = prefer_invoice_level(&mut m, &headers, &sample);
        assert_eq!((m.get(Role::Amount), m.get(Role::CustomerId)), (Some(5), Some(2)));
        assert_eq!(found, vec![Role::CustomerId, Role::Amount]);
        assert!(m.duplicates.iter().any(|(i, _)| *i == 4) && m.duplicates.iter().any(|(i, _)| *i == 1));
        // One row per invoice, a varying account: nothing to prefer.
        let mut m = ColumnMap::from_headers(&headers);
        let sample = rows(&[
            &["D1", "411000", "Alpha", "2026-01-05", "100.00", "150.00"],
            &["D2", "411100", "Beta", "2026-01-06", "70.00", "70.00"],
        ]);
        assert!(prefer_invoice_level(&mut m, &headers, &sample).is_empty());
        assert_eq!((m.get(Role::Amount), m.get(Role::CustomerId)), (Some(4), Some(1)));
    }

    #[track_caller]
    fn customer_columns(headers: &[&str], sample: &[&[&str]]) -> (Option<usize>, Option<usize>, Vec<Role>) {
        let headers: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
        let mut m = ColumnMap::from_headers(&headers);
        let found = prefer_invoice_level(&mut m, &headers, &rows(sample));
        (m.get(Role::CustomerId), m.get(Role::CustomerName), found)
    }

    #[test]
    fn a_code_the_names_beside_it_gainsay_is_not_the_customer() {
        let xero = ["InvoiceNumber", "ContactName", "AccountCode", "InvoiceDate", "Total"];
        // The same sales account on every row: the names are the customers.
        let (code, name, found) = customer_columns(
            &xero,
            &[
                &["I1", "Alpha", "200", "1/5/2026", "100.00"],
                &["I2", "Beta", "200", "1/6/2026", "50.00"],
                &["I3", "Gamma", "200", "1/7/2026", "70.00"],
            ],
        );
        assert_eq!((code, name, found), (None, Some(1), vec![Role::CustomerName]));
        // Two revenue accounts over six customers: a third as many codes.
        let (code, _, _) = customer_columns(
            &xero,
            &[
                &["I1", "Alpha", "200", "1/5/2026", "100.00"],
                &["I2", "Beta", "260", "1/6/2026", "50.00"],
                &["I3", "Gamma", "200", "1/7/2026", "70.00"],
                &["I4", "Delta", "260", "1/8/2026", "70.00"],
                &["I5", "Epsilon", "200", "1/9/2026", "70.00"],
                &["I6", "Zeta", "200", "1/9/2026", "70.00"],
            ],
        );
        assert_eq!(code, None);
        // An account per line: it changes within I1, its customer does not.
        let (code, _, _) = customer_columns(
            &xero,
            &[
                &["I1", "Alpha", "200", "1/5/2026", "100.00"],
                &["I1", "Alpha", "260", "1/5/2026", "100.00"],
                &["I2", "Beta", "260", "1/6/2026", "50.00"],
                &["I3", "Gamma", "200", "1/7/2026", "70.00"],
            ],
        );
        assert_eq!(code, None);
        // Exact Online: AccountCode is the customer's code, one per name.
        let exact = ["InvoiceNumber", "AccountName", "AccountCode", "InvoiceDate", "Total"];
        let (code, name, found) = customer_columns(
            &exact,
            &[
                &["I1", "Alpha", "C1", "1/5/2026", "100.00"],
                &["I1", "Alpha", "C1", "1/5/2026", "100.00"],
                &["I2", "Beta", "C2", "1/6/2026", "50.00"],
                &["I3", "Alpha", "C1", "1/7/2026", "70.00"],
            ],
        );
        assert_eq!((code, name, found), (Some(2), Some(1), vec![]));
        // A customer's contacts (two each) do not unmake its code.
        let (code, _, _) = customer_columns(
            &["Invoice", "Contact name", "Customer code", "Date", "Amount"],
            &[
                &["I1", "Ann", "C1", "1/5/2026", "100.00"],
                &["I2", "Bob", "C1", "1/6/2026", "50.00"],
                &["I3", "Cid", "C2", "1/7/2026", "70.00"],
                &["I4", "Dee", "C2", "1/8/2026", "70.00"],
            ],
        );
        assert_eq!(code, Some(2));
    }

    #[test]
    fn tracking_categories_named_beside_their_options() {
        let headers = [
            "Invoice",
            "Customer",
            "Date",
            "Total",
            "TrackingName1",
            "TrackingOption1",
            "TrackingName2",
            "TrackingOption2",
        ];
        let sample = rows(&[
            &["I1", "A", "2026-01-05", "10.00", "Salesperson", "Alice", "Project", "P1"],
            &["I2", "B", "2026-01-06", "20.00", "Salesperson", "Ben", "Project", "P2"],
            &["I3", "C", "2026-01-07", "30.00", "", "", "", ""],
        ]);
        let mut m = ColumnMap::from_headers(&headers);
        assert_eq!(roles_named_beside(&mut m, &headers, &sample), [Role::SalesRep]);
        assert_eq!((m.get(Role::SalesRep), m.get(Role::Division)), (Some(5), None), "a project is neither");
        // A division column already there keeps its role; two categories in one column say nothing.
        let headers = [
            "Customer",
            "Date",
            "Total",
            "Department",
            "TrackingName1",
            "TrackingOption1",
            "Custom field name",
            "Custom field value",
        ];
        let sample = rows(&[
            &["A", "2026-01-05", "10.00", "Build", "Region", "North", "Sales rep", "Alice"],
            &["B", "2026-01-06", "20.00", "Design", "Region", "South", "Account manager", "Ben"],
        ]);
        let mut m = ColumnMap::from_headers(&headers);
        assert!(roles_named_beside(&mut m, &headers, &sample).is_empty());
        assert_eq!((m.get(Role::Division), m.get(Role::SalesRep)), (Some(3), None));
    }

    #[test]
    fn due_and_payment_dates_found_from_content() {
        // Headers no list knows, the due date first: the earliest date column
        // is the invoice date; one always 30 days after it the due date; one
        // blank on some rows and on or after it the payment date; a column
        // of distinct codes the invoice number.
        let headers = ["Wemble", "Zorp", "Quib", "Flarn", "Snoz", "Drix"];
        let mut m = ColumnMap::from_headers(&headers);
        assert_eq!(m.columns, []);
        let sample = rows(&[
            &["04.02.2026", "Müller GmbH", "RE-001", "05.01.2026", "1.190,00", "02.02.2026"],
            &["08.02.2026", "Schmidt AG", "RE-002", "09.01.2026", "595,00", "20.02.2026"],
            &["14.02.2026", "Müller GmbH", "RE-003", "15.01.2026", "2.380,00", ""],
            &["21.02.2026", "Weber KG", "RE-004", "22.01.2026", "476,00", "21.02.2026"],
            &["04.03.2026", "Schmidt AG", "RE-005", "02.02.2026", "833,00", ""],
        ]);
        let found = guess_by_content(&mut m, 6, &sample, None);
        assert_eq!(
            found,
            [Role::CustomerId, Role::InvoiceDate, Role::Amount, Role::DueDate, Role::SettledDate, Role::InvoiceId]
        );
        let at = |r: Role| m.get(r);
        assert_eq!(
            (at(Role::DueDate), at(Role::CustomerId), at(Role::InvoiceId), at(Role::InvoiceDate)),
            (Some(0), Some(1), Some(2), Some(3))
        );
        assert_eq!((at(Role::Amount), at(Role::SettledDate)), (Some(4), Some(5)));
    }

    #[track_caller]
    fn dates_found(sample: &[&[&str]]) -> Vec<Role> {
        let mut m = ColumnMap::from_headers(&["Date", "Fnord"]);
        dates_by_content(&mut m, 2, &rows(sample), None)
    }

    #[test]
    fn what_is_not_a_due_or_payment_date() {
        // A complete column with gaps that vary: neither (a delivery date, or
        // payments of a file where all is paid: not assumed).
        assert_eq!(
            dates_found(&[&["2026-01-05", "2026-01-09"], &["2026-01-06", "2026-02-20"], &["2026-01-07", "2026-01-30"]]),
            []
        );
        // Before the invoice date: not a due date.
        assert_eq!(
            dates_found(&[&["2026-01-05", "2026-02-04"], &["2026-01-06", "2026-01-01"], &["2026-01-07", "2026-02-06"]]),
            []
        );
        // The invoice date again (no gap): not a due date.
        assert_eq!(dates_found(&[&["2026-01-05", "2026-01-05"], &["2026-01-06", "2026-01-06"]]), []);
        // Partly blank but mostly before the invoice date: not a payment date.
        assert_eq!(
            dates_found(&[&["2026-01-05", "2025-12-01"], &["2026-01-06", "2025-12-02"], &["2026-01-07", ""]]),
            []
        );
        // Gaps that vary but always a month's end: 45 days end of month.
        assert_eq!(
            dates_found(&[&["2026-01-05", "2026-02-28"], &["2026-01-20", "2026-03-31"], &["2026-02-10", "2026-03-31"]]),
            [Role::DueDate]
        );
        // Partly blank, on or after: a payment date.
        assert_eq!(
            dates_found(&[&["2026-01-05", "2026-02-03"], &["2026-01-06", ""], &["2026-01-07", "2026-03-20"]]),
            [Role::SettledDate]
        );
    }
}
