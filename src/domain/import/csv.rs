//! Delimited text exports (CSV, TSV, `;`-separated French files): sniff the
//! encoding and delimiter, find the header row among the first lines, learn
//! the date order and decimal separator from the values, then read each row
//! into an `Invoice` or an `Issue`.

use super::content::{guess_by_content, prefer_invoice_level, roles_named_beside};
use super::mapping::{fold, signature, ColumnMap, Layout, MappingSource, Role, PREVIEW_ROWS};
use super::report::{DateForm, Excluded, ExclusionReason, ImportReport, Issue, Problem, Severity};
use super::values::{self, DateOrder, DecimalSeparator, DocClass};
use super::{sniff, ImportError, ImportOptions};
use crate::domain::ledger::money::Money;
use crate::domain::ledger::{Currency, Customer, Invoice, ItemKind, LabelIx, Ledger, Settlement};
use chrono::{Datelike, NaiveDate};
use compact_str::CompactString;
use rust_decimal::Decimal;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashMap;
use std::hash::BuildHasher;

mod part;
mod records;
#[cfg(test)]
mod xero;
pub use part::{after_line_end, CsvPart, FinishedPart};

/// Turns a record's byte offset into the line number an editor shows,
/// counting line ends as it goes (csv's own count skips blank lines).
pub(super) struct LineCounter<'a> {
    text: &'a [u8],
    /// The byte that ends a line: `\n`, or `\r` in a file that has no `\n`.
    end: u8,
    pos: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let end = if !bytes.contains(&b'\n') && bytes.contains(&b'\r') { b'\r' } else { b'\n' };
        LineCounter { text: bytes, end, pos: 0, line: 1 }
    }

    /// The line of the byte at `offset`; offsets must not go backwards.
    pub(super) fn line_at(&mut self, offset: u64) -> u64 {
        // csv's offset may point at blank lines skipped before the record.
        let mut offset = usize::try_from(offset).unwrap_or(usize::MAX).min(self.text.len());
        while offset < self.text.len() && matches!(self.text[offset], b'\n' | b'\r') {
            offset += 1;
        }
        if offset > self.pos {
            self.line += self.text[self.pos..offset].iter().filter(|&&b| b == self.end).count() as u64;
            self.pos = offset;
        }
        self.line
    }
}

/// Lines searched for the header row.
const HEADER_SEARCH: usize = 30;
/// Rows read to learn the date order and decimal separator (the date order
/// is then looked for further if still unknown).
const EVIDENCE_ROWS: usize = 100_000;

/// The choices made from the file's first `HEAD_BYTES` (its complete
/// records): delimiter, header, column roles, date order, decimal
/// separator; and the report started with them.
fn plan(text: &str, encoding: &str, opts: &ImportOptions, delim: u8) -> Result<(Plan, ImportReport), ImportError> {
    let reader =
        || ::csv::ReaderBuilder::new().delimiter(delim).has_headers(false).flexible(true).from_reader(text.as_bytes());

    // The first rows, kept: the header is among them, and the columns'
    // content is judged on the rows after it.
    let mut rdr = reader();
    let mut lines = LineCounter::new(text);
    let mut first_rows: Vec<(u64, Vec<String>)> = Vec::new();
    let mut rec = ::csv::StringRecord::new();
    while first_rows.len() < HEADER_SEARCH + CONTENT_SAMPLE {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            _ => break,
        }
        let line = rec.position().map_or(first_rows.len() as u64 + 1, |p| lines.line_at(p.byte()));
        first_rows.push((line, rec.iter().map(|c| c.trim().to_string()).collect()));
    }

    // The header: the row among the first ones that names the most roles;
    // else the first row of labels (text, not numbers or dates), whose
    // columns the content and the user will name.
    let mut header: Option<(usize, ColumnMap)> = None;
    for (i, (_, cells)) in first_rows.iter().take(HEADER_SEARCH).enumerate() {
        let map = ColumnMap::from_headers(cells);
        let better = header.as_ref().is_none_or(|(_, m)| {
            let req = |m: &ColumnMap| m.missing_required().is_empty();
            (req(&map), map.score()) > (req(m), m.score())
        });
        if map.score() >= 2 && better {
            header = Some((i, map));
        }
    }
    let (header_ix, guessed) = match header {
        Some(h) => h,
        None => {
            let i = labels_row(&first_rows)?;
            (i, ColumnMap::from_headers(&first_rows[i].1))
        }
    };
    let (header_line, headers) = first_rows[header_ix].clone();
    let sample: Vec<Vec<String>> = first_rows[header_ix + 1..]
        .iter()
        .filter(|(_, c)| c.iter().any(|v| !v.is_empty()))
        .map(|(_, c)| c.clone())
        .collect();
    let sig = signature(&headers);
    let chosen = opts.mapping.as_ref().filter(|m| m.len() == headers.len());
    let saved = opts.saved_mappings.iter().find(|m| m.signature == sig && m.roles.len() == headers.len());
    let (map, source, by_content) = match (chosen, saved) {
        (Some(roles), _) => (ColumnMap::from_roles(roles, &headers), MappingSource::Chosen, Vec::new()),
        (None, Some(m)) => (ColumnMap::from_roles(&m.roles, &headers), MappingSource::Saved, Vec::new()),
        (None, None) => {
            let mut map = guessed;
            // The columns are judged on the rows that are receivables.
            let kept = receivable_rows(&sample, &map.columns_of(Role::DocType));
            let mut found = prefer_invoice_level(&mut map, &headers, &kept);
            found.extend(guess_by_content(&mut map, headers.len(), &kept, opts.date_order));
            found.extend(roles_named_beside(&mut map, &headers, &kept));
            (map, MappingSource::Guessed, found)
        }
    };
    let layout = Layout {
        headers: headers.clone(),
        signature: sig,
        roles: map.roles(headers.len()),
        source,
        by_content,
        preview: sample
            .iter()
            .take(PREVIEW_ROWS)
            .map(|r| r.iter().map(|c| c.chars().take(40).collect()).collect())
            .collect(),
    };
    let missing = map.missing_required();
    if !missing.is_empty() {
        return Err(ImportError::NeedsMapping { missing, layout: Box::new(layout) });
    }
    // The receivable is tax included: a tax-excluded column is read only
    // when there is no other.
    let amount_excludes_tax = map.get(Role::Amount).is_none() && map.get(Role::OpenAmount).is_none();
    let mut map = map;
    if amount_excludes_tax {
        if let Some(i) = map.get(Role::AmountExclTax) {
            map.assign(Role::Amount, i);
        }
    }

    // Evidence for the date order and decimal separator.
    let date_cols: Vec<usize> =
        [Role::InvoiceDate, Role::DueDate, Role::SettledDate].iter().filter_map(|r| map.get(*r)).collect();
    let amount_cols: Vec<usize> = [Role::Amount, Role::OpenAmount, Role::PaidAmount, Role::CreditLimit]
        .iter()
        .filter_map(|r| map.get(*r))
        .collect();
    let (mut day_first, mut month_first, mut dot, mut comma, mut thousands) = (0u64, 0u64, 0u64, 0u64, 0u64);
    // Dates whose order matters (a/b/yyyy) and amounts with a separator:
    // without them, nothing was assumed.
    let (mut slashed_dates, mut year_first_dates, mut separated_amounts) = (0u64, 0u64, 0u64);
    // Per date column: (non-empty values seen, of which plain numbers).
    let mut numeric: HashMap<usize, (u64, u64)> = HashMap::new();
    let mut row = 0usize;
    let bytes = text.as_bytes();
    let line_end = if !bytes.contains(&b'\n') && bytes.contains(&b'\r') { b'\r' } else { b'\n' };
    let splitter = records::Splitter::new(delim, line_end);
    let mut fields = records::Fields::default();
    let mut pos = 0;
    while let records::Next::Record { end, .. } = splitter.next(text, pos, 1, true, &mut fields) {
        pos = end;
        let rec = records::Record::new(text, &fields);
        row += 1;
        if row <= header_ix + 1 {
            continue;
        }
        let order_known = opts.date_order.is_some() || day_first + month_first > 0;
        if row > EVIDENCE_ROWS && order_known {
            break;
        }
        for &c in &date_cols {
            let v = rec.get(c).unwrap_or("").trim();
            if v.is_empty() {
                continue;
            }
            match values::date_order_evidence(v) {
                Some(DateOrder::DayFirst) => day_first += 1,
                Some(DateOrder::MonthFirst) => month_first += 1,
                None => {}
            }
            if row <= EVIDENCE_ROWS {
                if values::order_matters(v) {
                    slashed_dates += 1;
                } else if values::year_first(v) {
                    year_first_dates += 1;
                }
                let e = numeric.entry(c).or_default();
                e.0 += 1;
                if values::is_plain_number(v) && v.len() != 8 {
                    e.1 += 1;
                }
            }
        }
        if row <= EVIDENCE_ROWS {
            for &c in &amount_cols {
                let v = rec.get(c).unwrap_or("");
                if v.contains([',', '.']) {
                    separated_amounts += 1;
                }
                match values::decimal_evidence(v) {
                    Some(DecimalSeparator::Dot) => dot += 1,
                    Some(DecimalSeparator::Comma) => comma += 1,
                    None if values::thousands_with_comma(v) => thousands += 1,
                    None => {}
                }
            }
        }
    }
    let date_order_assumed = opts.date_order.is_none() && day_first == 0 && month_first == 0 && slashed_dates > 0;
    let date_form = if slashed_dates > 0 {
        DateForm::DayMonth
    } else if year_first_dates > 0 {
        DateForm::YearFirst
    } else {
        DateForm::Unwritten
    };
    let date_order =
        opts.date_order.unwrap_or(if month_first > day_first { DateOrder::MonthFirst } else { DateOrder::DayFirst });
    let decimal_separator_assumed = opts.decimal_separator.is_none() && dot == 0 && comma == 0 && separated_amounts > 0;
    let decimal_separator = opts.decimal_separator.unwrap_or(if comma > dot {
        DecimalSeparator::Comma
    } else if dot > comma || delim == b',' || thousands > 0 {
        // "12,500" with no amount saying otherwise: amounts in the thousands.
        DecimalSeparator::Dot
    } else {
        DecimalSeparator::Comma
    });
    let serial_cols: Vec<usize> = numeric.iter().filter(|(_, (n, p))| *n > 0 && n == p).map(|(c, _)| *c).collect();

    let has = |r: Role| map.get(r).is_some();
    let no_payment_info = !has(Role::SettledDate) && !has(Role::OpenAmount) && !has(Role::PaidAmount);
    let report = ImportReport {
        encoding: encoding.to_string(),
        sheet: None,
        delimiter: delim as char,
        header_line,
        date_order,
        date_order_assumed,
        date_form,
        decimal_separator,
        decimal_separator_assumed,
        amount_excludes_tax,
        no_payment_info,
        columns: map.columns.iter().map(|(r, i)| (*r, headers[*i].clone())).collect(),
        duplicate_columns: map.duplicates.iter().map(|(_, h)| h.clone()).collect(),
        ignored_columns: map.ignored.iter().map(|(_, h)| h.clone()).collect(),
        default_currency: opts.default_currency.clone(),
        terms: opts.terms,
        layout,
        ..ImportReport::default()
    };

    let map_doc_cols = map.columns_of(Role::DocType);
    let header_keys: Vec<String> = headers.iter().map(|h| fold(h)).collect();
    let plan = Plan {
        delim,
        line_end,
        header_ix,
        headers,
        header_keys,
        cols: RoleColumns::of(&map),
        map,
        date_order,
        date_order_assumed,
        decimal_separator,
        serial_cols,
        doc_cols: map_doc_cols,
        opts: opts.clone(),
        doc_classes: Default::default(),
    };
    Ok((plan, report))
}

/// The sample rows that are receivables by their type and status cells
/// (`doc_cols`): supplier bills, drafts and voided lines say nothing of
/// what a column holds on the rows the import keeps (a ledger account
/// that only a supplier bill changes is constant over the sales). The
/// whole sample when fewer than two rows would be left.
fn receivable_rows(sample: &[Vec<String>], doc_cols: &[usize]) -> Vec<Vec<String>> {
    let out = |r: &Vec<String>| {
        let classes = doc_cols.iter().map(|&c| values::doc_class(r.get(c).map_or("", |v| v.trim())));
        matches!(DocClass::of_cells(classes), Some((DocClass::SupplierBill | DocClass::Draft | DocClass::Voided, _)))
    };
    let kept: Vec<Vec<String>> = sample.iter().filter(|r| !out(r)).cloned().collect();
    if kept.len() < 2 {
        sample.to_vec()
    } else {
        kept
    }
}

/// Bytes read before the import decides the encoding, delimiter, header,
/// columns and value formats: the same decisions whatever the slices a
/// file arrives in.
pub const HEAD_BYTES: usize = 4 << 20;

/// Reads a delimited export held whole: the streamed import fed at once.
pub fn import_csv(bytes: &[u8], opts: &ImportOptions) -> Result<(Ledger, ImportReport), ImportError> {
    if let Some(kind) = super::sniff_binary(bytes) {
        return Err(ImportError::NotText(kind));
    }
    let mut stream = CsvStream::new(opts.clone());
    stream.size_hint(bytes.len() as u64);
    stream.push(bytes)?;
    stream.finish()
}

/// A delimited export read as its slices arrive (`Blob.slice` in the
/// worker), so the file is never held whole: bytes are decoded by a
/// streaming decoder and each complete record is read at once. The
/// decisions are made on the first `HEAD_BYTES`; a date order assumed
/// there and contradicted later is corrected in place.
pub struct CsvStream {
    opts: ImportOptions,
    /// `HEAD_BYTES`, smaller in tests.
    head_bytes: usize,
    /// Bytes kept until the first `HEAD_BYTES` are there.
    head: Vec<u8>,
    reading: Option<Reading>,
    /// The file's size when known: the ledger is sized for it once the
    /// head shows how long a row is (no copy as it grows).
    size_hint: Option<u64>,
}

/// A stream once its decisions are made.
struct Reading {
    decoder: encoding_rs::Decoder,
    /// The decoder has been told the file ended.
    decoded_all: bool,
    /// Decoded text not read yet: a record cut by the end of a slice.
    carry: String,
    plan: Plan,
    body: Body,
    /// The encoding writes line ends and quotes as single ASCII bytes
    /// (UTF-8, Windows-1252, ISO 8859: not UTF-16), so a file can be cut
    /// between two bytes at a line end.
    ascii: bool,
}

impl CsvStream {
    pub fn new(opts: ImportOptions) -> CsvStream {
        CsvStream { opts, head_bytes: HEAD_BYTES, head: Vec::new(), reading: None, size_hint: None }
    }

    /// Tells the stream the file's size in bytes.
    pub fn size_hint(&mut self, bytes: u64) {
        self.size_hint = Some(bytes);
    }

    /// Data rows read so far (for a progress bar).
    pub fn rows_read(&self) -> u64 {
        self.reading.as_ref().map_or(0, |r| r.body.report.rows_read)
    }

    /// The next slice of the file.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), ImportError> {
        match &mut self.reading {
            Some(r) => r.decode(bytes, false),
            None => {
                self.head.extend_from_slice(bytes);
                if self.head.len() >= self.head_bytes {
                    self.start(false)?;
                }
                Ok(())
            }
        }
    }

    /// The file has ended: the last record is read and the import made.
    pub fn finish(mut self) -> Result<(Ledger, ImportReport), ImportError> {
        if self.reading.is_none() {
            self.start(true)?;
        }
        let Some(mut r) = self.reading else { return Err(ImportError::Empty) };
        r.decode(&[], true)?;
        let Reading { mut plan, mut body, .. } = r;
        body.report.invalid_bytes = body.replaced;
        finish(&mut plan, body)
    }

    /// Makes the decisions on the head (its complete records; all of it
    /// when the file ends there), then reads it.
    fn start(&mut self, whole: bool) -> Result<(), ImportError> {
        let n = self.head.len().min(self.head_bytes);
        let whole_head = whole && n == self.head.len();
        let Decided { decoder, encoding, text, complete, plan, report } =
            decide(&self.head[..n], &self.opts, whole_head)?;
        let mut body = Body::new(report);
        body.replaced = text.matches('\u{FFFD}').count() as u64;
        if let Some(total) = self.size_hint.filter(|_| complete > 0) {
            // Rows in the head, scaled to the file (a little over, at most 50 million).
            let rows = memchr::memchr_iter(plan.line_end, &text.as_bytes()[..complete]).count() as u64;
            let estimate = (total.saturating_mul(rows) / complete as u64).saturating_mul(21) / 20;
            let estimate = estimate.min(50_000_000) as usize;
            body.reserve_rows(estimate)?;
        }
        let ascii = encoding.is_ascii_compatible();
        let mut r = Reading { decoder, decoded_all: whole_head, carry: text, plan, body, ascii };
        let rest = std::mem::take(&mut self.head);
        r.decode(&rest[n..], whole)?;
        self.reading = Some(r);
        Ok(())
    }
}

/// What the first bytes of a file decided.
struct Decided {
    /// The decoder, having decoded `text` (it may hold a character cut at the end).
    decoder: encoding_rs::Decoder,
    encoding: &'static encoding_rs::Encoding,
    /// The head decoded.
    text: String,
    /// The length of its complete records (all of it when the file ends there).
    complete: usize,
    plan: Plan,
    report: ImportReport,
}

/// Decides the encoding, delimiter, header, columns and value formats on
/// `head`, the file's first bytes (`whole`: the file ends there).
fn decide(head: &[u8], opts: &ImportOptions, whole: bool) -> Result<Decided, ImportError> {
    if let Some(kind) = super::sniff_binary(head) {
        return Err(ImportError::NotText(kind));
    }
    let (encoding, name) = sniff::encoding(head);
    let mut decoder = encoding.new_decoder_with_bom_removal();
    let mut text = String::new();
    decode_into(&mut decoder, head, &mut text, whole)?;
    let bytes = text.as_bytes();
    let line_end = if !bytes.contains(&b'\n') && bytes.contains(&b'\r') { b'\r' } else { b'\n' };
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    // The delimiter first: where a record ends depends on it (a quote opens
    // quotes only at a field's start).
    let delim = opts.delimiter.unwrap_or_else(|| sniff::delimiter(&text));
    let complete = if whole { text.len() } else { last_record_end(&text, line_end, delim) };
    let (plan, report) = plan(&text[..complete], name, opts, delim)?;
    Ok(Decided { decoder, encoding, text, complete, plan, report })
}

/// Decodes `bytes` onto `out` (the whole of them: the string grows as
/// needed); `TooBig` when the text cannot be held. Returns whether any byte
/// could not be decoded (and was replaced by U+FFFD), so that only then is
/// the text searched for the replacements.
pub(super) fn decode_into(
    decoder: &mut encoding_rs::Decoder,
    bytes: &[u8],
    out: &mut String,
    last: bool,
) -> Result<bool, ImportError> {
    let mut input = bytes;
    let mut replaced = false;
    loop {
        let need = decoder.max_utf8_buffer_length(input.len()).unwrap_or(usize::MAX);
        out.try_reserve(need).map_err(|_| ImportError::TooBig)?;
        let (result, read, had_replacements) = decoder.decode_to_string(input, out, last);
        replaced |= had_replacements;
        input = &input[read..];
        if result == encoding_rs::CoderResult::InputEmpty {
            return Ok(replaced);
        }
    }
}

/// The end of the last complete record in `text` (after its line end);
/// 0 when there is none.
fn last_record_end(text: &str, line_end: u8, delim: u8) -> usize {
    let splitter = records::Splitter::new(delim, line_end);
    let mut fields = records::Fields::default();
    let (mut pos, mut line) = (0, 1);
    loop {
        match splitter.next(text, pos, line, false, &mut fields) {
            records::Next::Record { end, line_after, .. } => (pos, line) = (end, line_after),
            records::Next::Incomplete => return pos,
            records::Next::Done => return text.len(),
        }
    }
}

impl Reading {
    /// Decodes a slice and reads the records it completes.
    fn decode(&mut self, bytes: &[u8], last: bool) -> Result<(), ImportError> {
        if !self.decoded_all {
            let before = self.carry.len();
            if decode_into(&mut self.decoder, bytes, &mut self.carry, last)? {
                self.body.replaced += self.carry[before..].matches('\u{FFFD}').count() as u64;
            }
            self.decoded_all = last;
        }
        self.read_complete(last);
        Ok(())
    }

    /// Reads the complete records of the carried text (all of it at the end).
    fn read_complete(&mut self, last: bool) {
        let used = self.body.read_records(&mut self.plan, &self.carry, last);
        self.carry.drain(..used);
    }
}

/// What a reading decided.
struct Plan {
    delim: u8,
    /// The byte that ends a line (`\r` in a file with no `\n`).
    line_end: u8,
    /// Records before the first data row, the header's index among them.
    header_ix: usize,
    headers: Vec<String>,
    header_keys: Vec<String>,
    map: ColumnMap,
    /// `map.get(role)` for every role, looked up once (a row asks ~20 times).
    cols: RoleColumns,
    date_order: DateOrder,
    date_order_assumed: bool,
    decimal_separator: DecimalSeparator,
    serial_cols: Vec<usize>,
    /// Every column that says a line's document type or status.
    doc_cols: Vec<usize>,
    opts: ImportOptions,
    /// `doc_class` and `says_paid` of each type or status value seen.
    doc_classes: std::cell::RefCell<HashMap<String, (DocClass, bool)>>,
}

impl Plan {
    fn reader(&self) -> RowReader<'_> {
        RowReader {
            map: &self.map,
            cols: &self.cols,
            headers: &self.headers,
            date_order: self.date_order,
            decimal_separator: self.decimal_separator,
            serial_cols: &self.serial_cols,
            doc_cols: &self.doc_cols,
            opts: &self.opts,
            doc_classes: &self.doc_classes,
        }
    }
}

/// A cell without the spaces around it; most cells have none, and are
/// given back as they are without looking at their characters.
fn trim(cell: &str) -> &str {
    match cell.as_bytes() {
        [] => cell,
        [first, .., last] | [first @ last] if first.is_ascii_alphanumeric() && last.is_ascii_alphanumeric() => cell,
        _ => cell.trim(),
    }
}

/// The column of each role (`ColumnMap::get`), as a table.
struct RoleColumns([Option<usize>; Role::ALL.len()]);

impl RoleColumns {
    fn of(map: &ColumnMap) -> RoleColumns {
        let mut cols = [None; Role::ALL.len()];
        for role in Role::ALL {
            if let Some(slot) = cols.get_mut(role as usize) {
                *slot = map.get(role);
            }
        }
        RoleColumns(cols)
    }

    fn get(&self, role: Role) -> Option<usize> {
        self.0.get(role as usize).copied().flatten()
    }
}

/// What the records read so far built.
struct Body {
    ledger: Ledger,
    report: ImportReport,
    /// Per invoice, beside the ledger.
    meta: Vec<RowMeta>,
    /// Keys inline (`CompactString`) and hashed with FxHash: the lookup a
    /// row makes stays in the table's own memory.
    customer_ix: FxHashMap<CompactString, u32>,
    label_ix: FxHashMap<CompactString, LabelIx>,
    /// Records seen (the header and the rows above it included).
    row: usize,
    /// The line the next chunk starts on.
    line: u64,
    /// Characters that could not be decoded (U+FFFD).
    replaced: u64,
    /// Where the fields of the record being read are (kept between records).
    fields: records::Fields,
}

impl Body {
    /// Room for `rows` rows, from the file's size: a file too big to hold
    /// (in the browser, 4 GB in all) is said, never an abort (`reserve`
    /// aborts where `try_reserve` reports).
    fn reserve_rows(&mut self, rows: usize) -> Result<(), ImportError> {
        self.ledger.invoices.try_reserve(rows).map_err(|_| ImportError::TooBig)?;
        self.meta.try_reserve(rows).map_err(|_| ImportError::TooBig)
    }
}

/// Interns a division, sales rep or dispute reason text.
fn intern(
    index: &mut FxHashMap<CompactString, LabelIx>,
    labels: &mut Vec<String>,
    text: Option<&str>,
) -> Option<LabelIx> {
    let text = text?;
    if let Some(&ix) = index.get(text) {
        return Some(ix);
    }
    labels.push(text.to_string());
    let ix = (labels.len() - 1) as LabelIx;
    index.insert(text.into(), ix);
    Some(ix)
}

/// Bits of `RowMeta::ambiguous`: which dates were read in an assumed order.
const INVOICE_DATE: u8 = 1;
const DUE_DATE: u8 = 2;
const SETTLED_DATE: u8 = 4;

impl Body {
    fn new(report: ImportReport) -> Body {
        Body {
            ledger: Ledger::default(),
            report,
            meta: Vec::new(),
            customer_ix: FxHashMap::default(),
            label_ix: FxHashMap::default(),
            row: 0,
            line: 1,
            replaced: 0,
            fields: records::Fields::default(),
        }
    }

    /// While the date order is assumed: which of the row's dates could be
    /// read either way (bits), and whether one says the order is the
    /// other, in which case every date read so far is read again.
    fn check_date_order(&mut self, plan: &mut Plan, rec: records::Record<'_>) -> u8 {
        let mut ambiguous = 0;
        for (role, bit) in
            [(Role::InvoiceDate, INVOICE_DATE), (Role::DueDate, DUE_DATE), (Role::SettledDate, SETTLED_DATE)]
        {
            let Some(v) = plan.map.get(role).and_then(|c| rec.get(c)).map(str::trim) else { continue };
            match values::date_order_evidence(v) {
                Some(order) if order != plan.date_order => {
                    plan.date_order = order;
                    plan.date_order_assumed = false;
                    self.report.date_order = order;
                    self.report.date_order_assumed = false;
                    self.swap_ambiguous_dates(plan);
                    return 0;
                }
                Some(_) => {}
                None if values::order_matters(v) => ambiguous |= bit,
                None => {}
            }
        }
        ambiguous
    }

    /// Reads again, day for month, the dates read in the assumed order.
    fn swap_ambiguous_dates(&mut self, plan: &Plan) {
        let swap = |d: NaiveDate| NaiveDate::from_ymd_opt(d.year(), d.day(), d.month()).unwrap_or(d);
        for (inv, m) in self.ledger.invoices.iter_mut().zip(&mut self.meta) {
            if m.ambiguous & INVOICE_DATE != 0 {
                inv.invoice_date = swap(inv.invoice_date);
            }
            if m.ambiguous & DUE_DATE != 0 {
                inv.due_date = swap(inv.due_date);
            } else if m.due_assumed {
                inv.due_date = plan.opts.terms.due_date(inv.invoice_date);
            }
            if m.ambiguous & SETTLED_DATE != 0 {
                if let Settlement::Payments(ps) = &mut inv.settlement {
                    for p in ps {
                        p.date = swap(p.date);
                    }
                }
            }
            m.ambiguous = 0;
        }
    }
}

impl Body {
    /// Reads the complete records of `text` (all of them when `last`: the
    /// file ends there), which starts on line `self.line`; returns the
    /// length read (what is left is a record the next slice completes).
    fn read_records(&mut self, plan: &mut Plan, text: &str, last: bool) -> usize {
        let splitter = records::Splitter::new(plan.delim, plan.line_end);
        let mut fields = std::mem::take(&mut self.fields);
        let mut pos = 0;
        loop {
            let line = match splitter.next(text, pos, self.line, last, &mut fields) {
                records::Next::Record { end, line, line_after, .. } => {
                    (pos, self.line) = (end, line_after);
                    line
                }
                records::Next::Incomplete => break,
                records::Next::Done => {
                    // Only line ends are left: counted, and read.
                    self.line += memchr::memchr_iter(plan.line_end, &text.as_bytes()[pos..]).count() as u64;
                    pos = text.len();
                    break;
                }
            };
            let rec = records::Record::new(text, &fields);
            self.row += 1;
            if self.row <= plan.header_ix + 1 || rec.is_blank() {
                continue;
            }
            // A date the order was assumed for says otherwise: every date read
            // so far in that order is read again, in place.
            let ambiguous = if plan.date_order_assumed { self.check_date_order(plan, rec) } else { 0 };
            let reader_ctx = plan.reader();
            // A header row again (a report's page break), or a second header
            // row of field names under the labels: not data.
            if is_header_again(rec, &plan.header_keys, &reader_ctx) {
                self.report.repeated_headers += 1;
                continue;
            }
            self.report.rows_read += 1;
            match reader_ctx.read(rec, line, &mut self.report) {
                Ok(parsed) => {
                    let cust = match self.customer_ix.get(parsed.customer_id) {
                        Some(&ix) => {
                            let c = &mut self.ledger.customers[ix as usize];
                            if c.credit_limit.is_none() && !parsed.credit_limit.is_empty() {
                                c.credit_limit = plan.reader().credit_limit(parsed.credit_limit);
                            }
                            if c.name.is_none() {
                                c.name = parsed.customer_name.map(str::to_string);
                            }
                            if c.email.is_none() {
                                c.email = parsed.email.map(str::to_string);
                            }
                            if c.phone.is_none() {
                                c.phone = parsed.phone.map(str::to_string);
                            }
                            ix
                        }
                        None => {
                            let ix = self.ledger.customers.len() as u32;
                            self.ledger.customers.push(Customer {
                                id: parsed.customer_id.to_string(),
                                name: parsed.customer_name.map(str::to_string),
                                credit_limit: plan.reader().credit_limit(parsed.credit_limit),
                                email: parsed.email.map(str::to_string),
                                phone: parsed.phone.map(str::to_string),
                            });
                            self.customer_ix.insert(parsed.customer_id.into(), ix);
                            ix
                        }
                    };
                    self.meta.push(RowMeta {
                        explicit_id: parsed.explicit_id,
                        due_assumed: parsed.due_assumed,
                        paid_without_date: parsed.paid_without_date,
                        ambiguous,
                    });
                    if parsed.currency_defaulted {
                        self.report.default_currency_used += 1;
                    }
                    let mut inv = parsed.invoice;
                    inv.customer = cust;
                    inv.division = intern(&mut self.label_ix, &mut self.ledger.labels, parsed.division);
                    inv.sales_rep = intern(&mut self.label_ix, &mut self.ledger.labels, parsed.sales_rep);
                    inv.dispute_reason = intern(&mut self.label_ix, &mut self.ledger.labels, parsed.dispute_reason);
                    self.ledger.invoices.push(inv);
                }
                Err(Skip::Bad) => self.report.rows_skipped += 1,
                Err(Skip::Excluded) => self.report.rows_excluded += 1,
            }
        }
        self.fields = fields;
        pos
    }
}

/// The import once every record is read: invoice lines merged, duplicate
/// ids noted, the snapshot date found.
fn finish(plan: &mut Plan, body: Body) -> Result<(Ledger, ImportReport), ImportError> {
    let Body { mut ledger, mut report, mut meta, .. } = body;
    if report.rows_read == 0 {
        return Err(ImportError::NoRows);
    }
    let repeated_ids = merge_invoice_lines(&mut ledger, &mut meta, &mut report);
    let sales = ledger.invoices.iter().filter(|i| i.kind == ItemKind::Invoice);
    report.invoices = sales.clone().count() as u64;
    report.credit_notes = sales.filter(|i| i.amount.is_negative()).count() as u64;
    report.unapplied_cash = ledger.invoices.len() as u64 - report.invoices;
    report.due_dates_assumed = meta.iter().filter(|m| m.due_assumed).count() as u64;
    report.paid_without_date = meta.iter().filter(|m| m.paid_without_date).count() as u64;
    snapshot(&mut ledger, &meta, &mut report);
    // The same invoice id on two lines that are not one invoice: both kept, the later one noted.
    let mut first_seen: FxHashMap<&str, u64> = FxHashMap::default();
    let mut duplicates = Vec::new();
    // No id repeats (most files): nothing to look for.
    for (inv, _) in ledger.invoices.iter().zip(&meta).filter(|(_, m)| repeated_ids && m.explicit_id) {
        match first_seen.get(inv.id.as_str()) {
            Some(&first_line) => duplicates.push((inv.source_line, inv.id.clone(), first_line)),
            None => {
                first_seen.insert(&inv.id, inv.source_line);
            }
        }
    }
    if !duplicates.is_empty() {
        let reader_ctx = plan.reader();
        for (line, id, first_line) in duplicates {
            report.push(reader_ctx.issue(
                line,
                Role::InvoiceId,
                &id,
                Problem::DuplicateId { first_line },
                Severity::Warning,
            ));
        }
        report.issues.sort_by_key(|i| i.line);
    }
    report.customers = ledger.customers.len() as u64;
    report.snapshot_date = ledger.snapshot_date;
    Ok((ledger, report))
}

/// Which lines are known only at the export's date (kpi.md "Records"): a
/// line with an open or paid amount and no payment date is a snapshot of
/// its own (`Settlement::OpenAtSnapshot`, counted in `snapshot_lines`,
/// those said paid by their status apart: `paid_without_date`); the file
/// as a whole is a snapshot (`Ledger::snapshot_date`, the date of its
/// latest invoice) only when no line of it has a payment history, so one
/// partly paid row never takes the history of the others away.
fn snapshot(ledger: &mut Ledger, meta: &[RowMeta], report: &mut ImportReport) {
    let mut history = false;
    let mut snapshot_lines = 0;
    report.snapshot_lines = 0;
    for (inv, m) in ledger.invoices.iter().zip(meta) {
        match &inv.settlement {
            Settlement::OpenAtSnapshot(_) => {
                snapshot_lines += 1;
                report.snapshot_lines += u64::from(!m.paid_without_date);
            }
            Settlement::Payments(ps) => history |= !ps.is_empty(),
        }
    }
    ledger.snapshot_date = None;
    if !history && snapshot_lines > 0 {
        // The whole file is the snapshot: its lines are not counted apart.
        ledger.snapshot_date = ledger.invoices.iter().map(|i| i.invoice_date).max();
        report.snapshot_lines = 0;
    }
}

/// Rows after the header read to judge what each column holds.
const CONTENT_SAMPLE: usize = 200;

/// Why a row gave no invoice.
enum Skip {
    /// A required value is missing or unreadable (an issue says which).
    Bad,
    /// Not a receivable: counted in `ImportReport::excluded`.
    Excluded,
}

/// What the import remembers of each invoice read, beside the ledger.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
struct RowMeta {
    explicit_id: bool,
    due_assumed: bool,
    /// A status said paid and the row gave no payment date nor amount:
    /// settled without a date (`ImportReport::paid_without_date`).
    paid_without_date: bool,
    /// Dates read in an assumed order that the other order would read too
    /// (`INVOICE_DATE`, `DUE_DATE`, `SETTLED_DATE` bits).
    ambiguous: u8,
}

/// The first of a file's first rows (line, cells) that looks like a row
/// of labels: the header when no row names enough roles, its columns
/// named by the content and the user.
pub(super) fn labels_row(first_rows: &[(u64, Vec<String>)]) -> Result<usize, ImportError> {
    first_rows.iter().take(HEADER_SEARCH).position(|(_, c)| looks_like_labels(c)).ok_or(ImportError::NoHeader)
}

/// A row of labels: at least two cells, none of them a number or a date.
fn looks_like_labels(cells: &[String]) -> bool {
    let filled: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
    filled.len() >= 2
        && filled.iter().all(|c| {
            values::parse_amount(c, DecimalSeparator::Dot).is_none()
                && values::parse_date(c, DateOrder::DayFirst, false).is_none()
        })
}

/// A header row inside the data: the header again (a report's page
/// break), or a row of field names whose date and amount are not a date
/// and an amount (two header rows: labels, then field names).
fn is_header_again(rec: records::Record<'_>, header_keys: &[String], ctx: &RowReader) -> bool {
    // A row whose invoice date starts with a digit and reads is data: the
    // common case, decided cheaply.
    let date = ctx.cell(rec, Role::InvoiceDate);
    if date.starts_with(|c: char| c.is_ascii_digit()) || ctx.date(rec, Role::InvoiceDate).is_some() {
        return false;
    }
    let same = rec.iter().zip(header_keys).filter(|(c, h)| !h.is_empty() && fold(c) == **h).count();
    let named = header_keys.iter().filter(|h| !h.is_empty()).count();
    if same >= 2 && same * 2 >= named {
        return true;
    }
    let cells: Vec<&str> = rec.iter().map(str::trim).collect();
    ColumnMap::from_headers(&cells).score() >= 2
        && ctx.date(rec, Role::InvoiceDate).is_none()
        && values::parse_amount(ctx.cell(rec, Role::Amount), ctx.decimal_separator).is_none()
}

/// One row per invoice line: rows with the same invoice id, customer,
/// date, currency and sign are one invoice, decided group by group. A
/// group whose amounts differ holds line amounts: they are summed (with
/// their payments). A group that repeats one amount is the invoice's total
/// repeated on each line, counted once, unless most groups of the file
/// hold line amounts (then its equal amounts are equal lines, summed too):
/// one odd group never turns the whole file's totals into lines. Returns
/// whether any id was on several lines.
fn merge_invoice_lines(ledger: &mut Ledger, meta: &mut Vec<RowMeta>, report: &mut ImportReport) -> bool {
    // Most files have no repeated id: told in one pass over the ids'
    // hashes (eight bytes each, no string compared); only when two hashes
    // meet are the ids themselves compared.
    let explicit = ledger.invoices.iter().zip(meta.iter()).filter(|(_, m)| m.explicit_id);
    let mut hashes: FxHashSet<u64> = FxHashSet::with_capacity_and_hasher(ledger.invoices.len(), Default::default());
    if explicit.clone().all(|(inv, _)| hashes.insert(rustc_hash::FxBuildHasher.hash_one(inv.id.as_str()))) {
        return false;
    }
    drop(hashes);
    let mut seen: FxHashSet<&str> = FxHashSet::with_capacity_and_hasher(ledger.invoices.len(), Default::default());
    let repeated: FxHashSet<&str> = ledger
        .invoices
        .iter()
        .zip(meta.iter())
        .filter(|(inv, m)| m.explicit_id && !seen.insert(inv.id.as_str()))
        .map(|(inv, _)| inv.id.as_str())
        .collect();
    if repeated.is_empty() {
        return false;
    }
    type Key = (u32, CompactString, NaiveDate, crate::domain::ledger::Currency, bool);
    let mut groups: HashMap<Key, Vec<usize>> = HashMap::new();
    for (i, (inv, m)) in ledger.invoices.iter().zip(meta.iter()).enumerate() {
        if m.explicit_id && repeated.contains(inv.id.as_str()) {
            let key = (inv.customer, inv.id.clone(), inv.invoice_date, inv.currency, !inv.amount.is_negative());
            groups.entry(key).or_default().push(i);
        }
    }
    let groups: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    if groups.is_empty() {
        return true;
    }
    let invoices = &mut ledger.invoices;
    let differs: Vec<bool> =
        groups.iter().map(|g| g.iter().any(|&i| invoices[i].amount != invoices[g[0]].amount)).collect();
    let line_groups = differs.iter().filter(|d| **d).count();
    let equal_lines_are_lines = line_groups > differs.len() - line_groups;
    let mut drop = vec![false; invoices.len()];
    for (g, &differs) in groups.iter().zip(&differs) {
        let first = g[0];
        let sum = differs || equal_lines_are_lines;
        for &i in &g[1..] {
            drop[i] = true;
            report.merged_lines += 1;
            if !sum {
                continue;
            }
            report.summed_lines += 1;
            let line = invoices[i].clone();
            let head = &mut invoices[first];
            head.amount += line.amount;
            head.disputed |= line.disputed;
            head.settlement = match (std::mem::replace(&mut head.settlement, Settlement::open()), line.settlement) {
                (Settlement::Payments(mut a), Settlement::Payments(b)) => {
                    a.extend(b);
                    a.sort_by_key(|p| p.date);
                    Settlement::Payments(a)
                }
                (Settlement::OpenAtSnapshot(a), Settlement::OpenAtSnapshot(b)) => Settlement::OpenAtSnapshot(a + b),
                (a, b) => {
                    let open_of = |s: &Settlement, amount: Money| match s {
                        Settlement::OpenAtSnapshot(o) => *o,
                        Settlement::Payments(ps) => amount - ps.iter().map(|p| p.amount).sum::<Money>(),
                    };
                    Settlement::OpenAtSnapshot(open_of(&a, head.amount - line.amount) + open_of(&b, line.amount))
                }
            };
        }
    }
    let mut keep = drop.iter().map(|d| !d);
    invoices.retain(|_| keep.next().unwrap_or(true));
    let mut keep = drop.iter().map(|d| !d);
    meta.retain(|_| keep.next().unwrap_or(true));
    true
}

/// What one row gave.
struct ParsedRow<'r> {
    invoice: Invoice,
    due_assumed: bool,
    /// Settled by its status alone, without a date (`RowMeta`).
    paid_without_date: bool,
    division: Option<&'r str>,
    sales_rep: Option<&'r str>,
    dispute_reason: Option<&'r str>,
    explicit_id: bool,
    customer_id: &'r str,
    customer_name: Option<&'r str>,
    /// The customer's email and phone cells, when filled.
    email: Option<&'r str>,
    phone: Option<&'r str>,
    /// The credit limit cell, read only for a customer that has none yet
    /// (one customer's rows all repeat it).
    credit_limit: &'r str,
    currency_defaulted: bool,
}

/// The per-file choices a row is read with.
struct RowReader<'a> {
    map: &'a ColumnMap,
    cols: &'a RoleColumns,
    headers: &'a [String],
    date_order: DateOrder,
    decimal_separator: DecimalSeparator,
    serial_cols: &'a [usize],
    doc_cols: &'a [usize],
    opts: &'a ImportOptions,
    /// `doc_class` and `says_paid` of each type or status value seen.
    doc_classes: &'a std::cell::RefCell<HashMap<String, (DocClass, bool)>>,
}

impl RowReader<'_> {
    fn issue(&self, line: u64, role: Role, value: &str, problem: Problem, severity: Severity) -> Issue {
        let column = self.cols.get(role).and_then(|i| self.headers.get(i)).cloned();
        Issue { line, column, role: Some(role), value: value.chars().take(60).collect(), problem, severity }
    }

    fn cell<'r>(&self, rec: records::Record<'r>, role: Role) -> &'r str {
        self.cols.get(role).and_then(|i| rec.get(i)).map_or("", trim)
    }

    fn date(&self, rec: records::Record<'_>, role: Role) -> Option<NaiveDate> {
        let col = self.cols.get(role)?;
        values::parse_date(self.cell(rec, role), self.date_order, self.serial_cols.contains(&col))
    }

    /// What the row's type and status cells say together (every column of
    /// them, `DocClass::of_cells`), with the column and value that decided,
    /// and whether one of them says the invoice is paid (`says_paid`); an
    /// invoice, not said paid, when the file has no such column. Each
    /// distinct value is read once.
    fn doc_of<'r>(&self, rec: records::Record<'r>) -> (DocClass, Option<usize>, &'r str, bool) {
        if self.doc_cols.is_empty() {
            return (DocClass::Invoice, None, "", false);
        }
        let mut cache = self.doc_classes.borrow_mut();
        let cells: Vec<&'r str> = self.doc_cols.iter().map(|&c| rec.get(c).map_or("", trim)).collect();
        let read: Vec<(DocClass, bool)> = cells
            .iter()
            .map(|doc| match cache.get(*doc) {
                Some(c) => *c,
                None => {
                    let c = (values::doc_class(doc), values::says_paid(doc));
                    cache.insert(doc.to_string(), c);
                    c
                }
            })
            .collect();
        let paid = read.iter().any(|(_, paid)| *paid);
        match DocClass::of_cells(read.into_iter().map(|(c, _)| c)) {
            Some((class, k)) => (class, self.doc_cols.get(k).copied(), cells[k], paid),
            None => (DocClass::Invoice, None, "", paid),
        }
    }

    /// An amount cell: a float's long tail is rounded to the cent (and
    /// counted), an amount too large to be a receivable is refused.
    fn amount(&self, raw: &str, report: &mut ImportReport) -> Result<Option<(Money, Option<String>)>, Problem> {
        let Some(parsed) = values::parse_amount(raw, self.decimal_separator) else { return Ok(None) };
        let (money, rounded) = values::to_money(parsed.value).ok_or(Problem::TooLarge)?;
        if rounded {
            report.rounded_amounts += 1;
            report.rounded_example.get_or_insert_with(|| raw.trim().to_string());
        }
        Ok(Some((money, parsed.currency)))
    }

    /// A credit limit cell.
    fn credit_limit(&self, raw: &str) -> Option<Decimal> {
        values::parse_amount(raw, self.decimal_separator).map(|p| p.value)
    }

    /// A payment line whose open amount is zero: applied in full.
    fn applied_in_full(&self, rec: records::Record<'_>) -> bool {
        self.cols.get(Role::OpenAmount).is_some()
            && self.cols.get(Role::Amount).is_some()
            && values::parse_amount(self.cell(rec, Role::OpenAmount), self.decimal_separator)
                .is_some_and(|p| p.value.is_zero())
    }

    /// Reads a row, or reports why it is skipped (a bad value) or left out
    /// (not a receivable).
    fn read<'r>(&self, rec: records::Record<'r>, line: u64, report: &mut ImportReport) -> Result<ParsedRow<'r>, Skip> {
        if rec.len() < self.headers.len() {
            let needed = self.map.columns.iter().map(|(_, i)| *i).max().unwrap_or(0);
            if rec.len() <= needed {
                report.push(Issue {
                    line,
                    column: None,
                    role: None,
                    value: String::new(),
                    problem: Problem::ShortRow { cells: rec.len(), expected: self.headers.len() },
                    severity: Severity::Warning,
                });
            }
        }
        let skip = |report: &mut ImportReport, role: Role, value: &str, problem: Problem| {
            report.push(self.issue(line, role, value, problem, Severity::Skipped));
            Err(Skip::Bad)
        };
        let warn = |report: &mut ImportReport, role: Role, value: &str, problem: Problem| {
            report.push(self.issue(line, role, value, problem, Severity::Warning));
        };

        // Document type or status: supplier bills, drafts and voided lines
        // are not receivables; a credit note is negative. A payment line
        // cleared (a settled date beside it) was applied to the invoices it
        // paid, which say so: left out. One not cleared is cash on the
        // customer's account that no invoice took: unapplied cash, a
        // negative open item (kpi.md "Outstanding").
        let (class, doc_col, doc, said_paid) = self.doc_of(rec);
        let payment = class == DocClass::Payment;
        let cleared = payment
            && self.cols.get(Role::SettledDate).is_some()
            && !values::is_blank(self.cell(rec, Role::SettledDate));
        let excluded = match class {
            DocClass::SupplierBill => Some(ExclusionReason::SupplierBill),
            DocClass::Draft => Some(ExclusionReason::Draft),
            DocClass::Voided => Some(ExclusionReason::Voided),
            DocClass::Payment if cleared || self.applied_in_full(rec) => Some(ExclusionReason::PaymentLine),
            _ => None,
        };
        if let Some(reason) = excluded {
            let amount = self
                .amount(self.cell(rec, Role::Amount), report)
                .ok()
                .flatten()
                .map_or(Decimal::ZERO, |(m, _)| m.to_decimal());
            match report.excluded.iter_mut().find(|e| e.reason == reason && e.value == doc) {
                Some(e) => {
                    e.lines += 1;
                    e.amount += amount;
                }
                None => report.excluded.push(Excluded { reason, value: doc.to_string(), lines: 1, amount }),
            }
            let mut issue = self.issue(line, Role::DocType, doc, Problem::Excluded { reason }, Severity::Excluded);
            issue.column = doc_col.and_then(|c| self.headers.get(c)).cloned();
            report.push(issue);
            return Err(Skip::Excluded);
        }
        let credit_note = class == DocClass::CreditNote;

        // Customer: its code, else its name.
        let raw_id = values::clean_id(self.cell(rec, Role::CustomerId));
        let name = self.cell(rec, Role::CustomerName);
        let customer_name = (!name.is_empty()).then_some(name);
        let customer_id = if raw_id.is_empty() { name } else { raw_id };
        if customer_id.is_empty() {
            let role = if self.cols.get(Role::CustomerId).is_some() { Role::CustomerId } else { Role::CustomerName };
            return skip(report, role, "", Problem::Missing);
        }

        // Invoice date.
        let raw = self.cell(rec, Role::InvoiceDate);
        let Some(invoice_date) = self.date(rec, Role::InvoiceDate) else {
            let p = if raw.is_empty() { Problem::Missing } else { Problem::NotADate };
            return skip(report, Role::InvoiceDate, raw, p);
        };

        // Amount (or, in a snapshot of open items, the open amount alone).
        let amount_role = if self.cols.get(Role::Amount).is_some() { Role::Amount } else { Role::OpenAmount };
        let raw = self.cell(rec, amount_role);
        let (value, written_currency) = match self.amount(raw, report) {
            Ok(Some(p)) => p,
            Ok(None) => {
                let p = if raw.is_empty() { Problem::Missing } else { Problem::NotAnAmount };
                return skip(report, amount_role, raw, p);
            }
            Err(p) => return skip(report, amount_role, raw, p),
        };
        // A credit note (or cash received) written as a positive amount beside its type.
        let negate = (credit_note || payment) && value.is_positive();
        let signed = |m: Money| if negate { -m } else { m };
        let amount = signed(value);

        // The open or paid amount beside it, when the file has one.
        let mut other_amount = |role: Role| -> Result<Option<Money>, Skip> {
            if self.cols.get(role).is_none() || role == amount_role {
                return Ok(None);
            }
            let raw = self.cell(rec, role);
            match self.amount(raw, report) {
                Ok(Some((m, _))) => Ok(Some(signed(m))),
                Ok(None) if values::is_blank(raw) => Ok(Some(Money::ZERO)),
                Ok(None) => {
                    report.push(self.issue(line, role, raw, Problem::NotAnAmount, Severity::Skipped));
                    Err(Skip::Bad)
                }
                Err(p) => {
                    report.push(self.issue(line, role, raw, p, Severity::Skipped));
                    Err(Skip::Bad)
                }
            }
        };
        let open = other_amount(Role::OpenAmount)?;
        let paid = other_amount(Role::PaidAmount)?;
        // The open and paid cells are blank (read as nothing paid): they
        // do not gainsay a status that says paid.
        let amounts_blank = [Role::OpenAmount, Role::PaidAmount]
            .iter()
            .all(|&role| self.cols.get(role).is_none() || values::is_blank(self.cell(rec, role)));

        // Settlement (kpi.md "Records"): a settled date is a payment of the
        // whole amount, or of what an open or paid amount beside it says;
        // without a date, an open or paid amount is known only at the
        // export's date (a snapshot).
        let settled_raw = self.cell(rec, Role::SettledDate);
        let settled = if self.cols.get(Role::SettledDate).is_some() && !values::is_blank(settled_raw) {
            match self.date(rec, Role::SettledDate) {
                Some(d) => {
                    if d < invoice_date {
                        warn(report, Role::SettledDate, settled_raw, Problem::SettledBeforeInvoice);
                    }
                    Some(d)
                }
                None => return skip(report, Role::SettledDate, settled_raw, Problem::NotADate),
            }
        } else {
            None
        };
        let paid_so_far = match (open, paid) {
            (Some(o), _) => Some(amount - o),
            (None, Some(p)) => Some(p),
            (None, None) => None,
        };
        // A status that says paid, on a row that gives no payment date
        // and no open or paid amount: settled, nothing open, on a date the
        // file does not give (none is invented: no days to pay). Known
        // at the export's date, as a snapshot line is.
        let paid_without_date = said_paid && !payment && settled.is_none() && amounts_blank;
        let settlement = match (settled, paid_so_far) {
            _ if paid_without_date => Settlement::OpenAtSnapshot(Money::ZERO),
            (Some(d), None) => Settlement::settled_on(d, amount),
            (Some(_), Some(p)) if p.is_zero() => Settlement::open(),
            (Some(d), Some(p)) => Settlement::settled_on(d, p),
            (None, Some(p)) if p.is_zero() && self.cols.get(Role::SettledDate).is_some() => Settlement::open(),
            (None, Some(p)) => Settlement::OpenAtSnapshot(amount - p),
            (None, None) if self.cols.get(Role::SettledDate).is_some() => Settlement::open(),
            // No payment information at all: open in full at the export's date.
            (None, None) => Settlement::OpenAtSnapshot(amount),
        };

        // Due date: assumed from the payment terms when missing (cash is
        // due the day it is received).
        let (due_date, due_assumed) = match self.date(rec, Role::DueDate) {
            _ if payment => (invoice_date, false),
            Some(d) => (d, false),
            None => {
                if self.cols.get(Role::DueDate).is_some() {
                    let raw = self.cell(rec, Role::DueDate);
                    let terms_days = match self.opts.terms {
                        super::PaymentTerms::Days(n) | super::PaymentTerms::DaysEndOfMonth(n) => n,
                    };
                    warn(report, Role::DueDate, raw, Problem::DueDateAssumed { terms_days });
                }
                (self.opts.terms.due_date(invoice_date), true)
            }
        };

        // Dispute.
        let reason = self.cell(rec, Role::DisputeReason);
        let dispute_reason = (!reason.is_empty()).then_some(reason);
        let disputed = if self.cols.get(Role::Disputed).is_some() {
            let raw = self.cell(rec, Role::Disputed);
            values::parse_flag(raw).unwrap_or_else(|| {
                warn(report, Role::Disputed, raw, Problem::NotAFlag);
                false
            })
        } else {
            dispute_reason.is_some()
        };

        // Currency: its column, else written beside the amount, else the default.
        let mut currency_defaulted = false;
        let default = Currency::new(&self.opts.default_currency).unwrap_or(Currency::EUR);
        let currency = match self.cols.get(Role::Currency).map(|_| self.cell(rec, Role::Currency)) {
            Some(raw) if !raw.is_empty() => {
                values::parse_currency(raw).and_then(|c| Currency::new(&c)).unwrap_or_else(|| {
                    warn(report, Role::Currency, raw, Problem::NotACurrency);
                    currency_defaulted = true;
                    default
                })
            }
            _ => written_currency.as_deref().and_then(Currency::new).unwrap_or_else(|| {
                currency_defaulted = true;
                default
            }),
        };

        let credit_limit = self.cell(rec, Role::CreditLimit);
        let opt = |role: Role| {
            let v = self.cell(rec, role);
            (!v.is_empty()).then_some(v)
        };
        let given_id = values::clean_id(self.cell(rec, Role::InvoiceId));
        let explicit_id = !given_id.is_empty();
        let id = if explicit_id { CompactString::from(given_id) } else { compact_str::format_compact!("L{line}") };
        Ok(ParsedRow {
            due_assumed,
            paid_without_date,
            invoice: Invoice {
                id,
                customer: 0,
                invoice_date,
                due_date,
                amount,
                settlement,
                disputed,
                dispute_reason: None,
                division: None,
                sales_rep: None,
                currency,
                source_line: line,
                kind: if payment { ItemKind::UnappliedCash } else { ItemKind::Invoice },
            },
            division: opt(Role::Division),
            sales_rep: opt(Role::SalesRep),
            dispute_reason,
            explicit_id,
            customer_id,
            customer_name,
            email: opt(Role::Email),
            phone: opt(Role::Phone),
            credit_limit,
            currency_defaulted,
        })
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::domain::ledger::tests::{d, dec, m};

    /// The rows reserved from a file's size: past what can be held, "file
    /// too big" (an `ImportError` said in the user's language), not the
    /// abort `reserve` made. In the browser (wasm32, 2 GiB per allocation)
    /// the 50 million rows a huge file is estimated at could not be
    /// reserved: `reserve` aborted the worker there.
    #[test]
    fn a_file_too_big_to_hold_is_said_not_an_abort() {
        assert!(50_000_000 * std::mem::size_of::<Invoice>() > i32::MAX as usize);
        let mut body = Body::new(ImportReport::default());
        assert_eq!(body.reserve_rows(usize::MAX / 16), Err(ImportError::TooBig));
        assert_eq!(body.reserve_rows(1_000), Ok(()));
        let mut decoder = encoding_rs::UTF_8.new_decoder();
        let mut out = String::new();
        assert_eq!(decode_into(&mut decoder, "é;1\n".as_bytes(), &mut out, true), Ok(false));
        assert_eq!(out, "é;1\n");
    }

    pub(super) fn import(text: &str) -> (Ledger, ImportReport) {
        import_csv(text.as_bytes(), &ImportOptions::default()).unwrap()
    }

    #[test]
    fn role_table_covers_every_role() {
        for (i, role) in Role::ALL.iter().enumerate() {
            assert_eq!(*role as usize, i, "Role::ALL lists the roles in their order");
        }
        assert_eq!(trim(" a "), "a");
        assert_eq!(trim("a"), "a");
        assert_eq!(trim("\u{a0}12,5\u{a0}"), "12,5");
        assert_eq!(trim("ab c"), "ab c");
        assert_eq!(trim(""), "");
    }

    #[test]
    fn ibm_rows_with_us_dates() {
        let (l, r) = import(
            "countryCode,customerID,PaperlessDate,invoiceNumber,InvoiceDate,DueDate,InvoiceAmount,Disputed,SettledDate,PaperlessBill,DaysToSettle,DaysLate\r\n\
             391,0379-NEVHP,4/6/2013,0000611365,1/2/2013,2/1/2013,55.94,No,1/15/2013,Paper,13,0\r\n\
             406,8976-AMJEO,3/3/2012,0007900770,1/26/2013,2/25/2013,61.74,Yes,3/3/2013,Electronic,36,6\r\n",
        );
        assert_eq!(r.date_order, DateOrder::MonthFirst);
        assert_eq!(r.invoices, 2);
        let a = &l.invoices[0];
        assert_eq!(a.id, "0000611365");
        assert_eq!(a.invoice_date, d("2013-01-02"));
        assert_eq!(a.due_date, d("2013-02-01"));
        assert_eq!(a.amount, dec("55.94"));
        assert_eq!(a.settlement, Settlement::settled_on(d("2013-01-15"), m("55.94")));
        assert!(l.invoices[1].disputed);
        assert_eq!(l.customers[1].id, "8976-AMJEO");
        assert_eq!(r.header_line, 1);
        assert_eq!(r.default_currency_used, 2);
    }

    #[test]
    fn french_export_with_preamble_bom_and_bad_rows() {
        let text = "\u{feff}Balance âgée au 31/10/2026\n\n\
                    N° facture;Client;Date facture;Échéance;Montant TTC;Date règlement;Devise\n\
                    F1; Alpha ;15/09/2026;15/10/2026;1 234,56;;EUR\n\
                    F2;Beta;01/10/2026;31/10/2026;-100,00;;\n\
                    F3;Beta;pas une date;31/10/2026;10,00;;EUR\n\
                    F4;Gamma;02/10/2026;;0050,5;20/10/2026;USD\n\
                    F5;Gamma;03/10/2026;02/11/2026;7,00;00/00/0000;EUR\n\
                    F1;Alpha;16/09/2026;16/10/2026;1,00;;EUR\n";
        let (l, r) = import(text);
        assert_eq!(r.delimiter, ';');
        assert_eq!(r.header_line, 3);
        assert_eq!(r.decimal_separator, DecimalSeparator::Comma);
        assert_eq!(r.rows_read, 6);
        assert_eq!(r.invoices, 5);
        assert_eq!(r.rows_skipped, 1);
        assert_eq!(r.credit_notes, 1);
        let bad = r.skipped_issues().next().unwrap();
        assert_eq!((bad.line, bad.column.as_deref(), bad.value.as_str()), (6, Some("Date facture"), "pas une date"));
        assert_eq!(bad.problem, Problem::NotADate);
        assert_eq!(l.invoices[0].amount, dec("1234.56"));
        assert_eq!(l.customers[0].id, "Alpha");
        assert_eq!(l.invoices[2].amount, dec("50.5"));
        assert_eq!(l.invoices[2].currency.as_str(), "USD");
        assert_eq!(l.invoices[2].due_date, d("2026-11-01"), "30 days assumed");
        assert!(r
            .issues
            .iter()
            .any(|i| matches!(i.problem, Problem::DueDateAssumed { terms_days: 30 }) && i.line == 7));
        assert!(r.issues.iter().any(|i| matches!(i.problem, Problem::DuplicateId { first_line: 4 }) && i.line == 9));
        assert_eq!(l.invoices[3].settlement, Settlement::open(), "00/00/0000 means not settled");
        assert_eq!(r.default_currency_used, 1, "F2 has no currency");
    }

    #[test]
    fn windows_1252_and_lone_cr_line_endings() {
        let bytes =
            b"Client;Date;Montant;Date de paiement\rSoci\xE9t\xE9 A;01/02/2026;10,5;\rB;13/02/2026;1;14/02/2026\r";
        let (l, r) = import_csv(bytes, &ImportOptions::default()).unwrap();
        assert_eq!(r.encoding, "Windows-1252");
        assert_eq!(l.customers[0].id, "Société A");
        assert_eq!(l.invoices.len(), 2);
        assert_eq!(l.invoices[1].settlement, Settlement::settled_on(d("2026-02-14"), m("1")));
        assert_eq!(r.date_order, DateOrder::DayFirst);
    }

    #[test]
    fn open_items_list_is_a_snapshot() {
        let (l, r) = import("customer,date,due,open amount\nA,2026-01-01,2026-01-31,100\nA,2026-02-01,2026-03-03,50\n");
        assert_eq!(r.snapshot_date, Some(d("2026-02-01")));
        assert_eq!(l.invoices[0].settlement, Settlement::OpenAtSnapshot(m("100")));
    }

    #[test]
    fn whole_file_errors() {
        assert_eq!(import_csv(b"  \n", &ImportOptions::default()).unwrap_err(), ImportError::Empty);
        assert_eq!(import_csv(b"1,2\n3,4\n", &ImportOptions::default()).unwrap_err(), ImportError::NoHeader);
        // Headers no list knows: the mapping screen opens with the layout.
        let Err(ImportError::NeedsMapping { missing, layout }) =
            import_csv(b"foo,bar\n1,2\n", &ImportOptions::default())
        else {
            panic!("the mapping screen")
        };
        assert_eq!(missing, vec![Role::CustomerId, Role::InvoiceDate, Role::Amount]);
        assert_eq!((layout.headers.len(), layout.preview.len()), (2, 1));
        assert!(matches!(
            import_csv(b"client,montant\nA,1\n", &ImportOptions::default()).unwrap_err(),
            ImportError::NeedsMapping { .. }
        ));
        assert_eq!(import_csv(b"client,date,montant\n", &ImportOptions::default()).unwrap_err(), ImportError::NoRows);
    }

    #[test]
    fn dates_found_by_content_under_headers_no_list_knows() {
        // tests/fixtures/invented-headers-dates-by-content.csv: headers no
        // language has (Zorp, Quib, Flarn, Wemble, Snoz, Drix), so every
        // role comes from the content: a date column always 30 days after
        // the invoice date is the due date, one blank on some rows and on
        // or after it the payment date. tests/fixtures/german-headers-due-
        // and-paid-dates.csv holds the same rows under a German export's
        // headers (Kunde, Beleg, Belegdatum, Fällig, Betrag, Bezahlt am):
        // one ledger. By hand, on 2026-02-28: RE-001, 002, 004 and 007 paid
        // (02-02, 02-20, 02-21, 02-27); open 2,380 (due 02-14, overdue) +
        // 833 - 119 + 1,428 (not due) = 4,522; sales 7,497.
        let invented = include_bytes!("../../../tests/fixtures/invented-headers-dates-by-content.csv");
        let (l, r) = import_csv(invented, &ImportOptions::default()).unwrap();
        let col = |role: Role| r.columns.iter().find(|(x, _)| *x == role).map(|(_, h)| h.as_str());
        assert_eq!((col(Role::DueDate), col(Role::SettledDate)), (Some("Wemble"), Some("Drix")));
        assert_eq!((col(Role::InvoiceDate), col(Role::InvoiceId)), (Some("Flarn"), Some("Quib")));
        for role in [Role::DueDate, Role::SettledDate, Role::CustomerId, Role::InvoiceDate, Role::Amount] {
            assert!(r.layout.by_content.contains(&role), "{role:?} said as found by content");
        }
        assert!(!r.no_payment_info);
        assert_eq!((r.due_dates_assumed, r.invoices, r.credit_notes), (0, 8, 1));
        let by_id = |id: &str| l.invoices.iter().find(|i| i.id == id).unwrap();
        assert_eq!(by_id("RE-2026-002").settled_date(), Some(d("2026-02-20")));
        assert_eq!(by_id("RE-2026-003").due_date, d("2026-02-14"));
        let k = crate::domain::analysis::kpi::kpis(&l, d("2026-02-28"), crate::domain::analysis::kpi::Period::D90);
        assert_eq!(k.get("ar_total"), Some(Ok(dec("4522"))));
        assert_eq!(k.get("ar_overdue"), Some(Ok(dec("2380"))));
        assert_eq!(k.sales, dec("7497"));
        let german = include_bytes!("../../../tests/fixtures/german-headers-due-and-paid-dates.csv");
        let (lg, rg) = import_csv(german, &ImportOptions::default()).unwrap();
        assert_eq!(lg, l, "the German headers read as the content does");
        assert_eq!(rg.columns.len(), r.columns.len());
    }

    #[test]
    fn unknown_headers_mapped_by_the_user_then_remembered() {
        use crate::domain::import::SavedMapping;
        // Too few rows for the content to say which date is what: the
        // customer, date and amount are found, the rest is the user's.
        let text = "Kd;Blg;Dtm;Fllg;Btrg;Bzhlt\nK1;B1;03.01.2026;02.02.2026;100,00;10.02.2026\nK2;B2;04.01.2026;12.03.2026;50,00;\nK1;B3;05.01.2026;01.02.2026;7,00;\n";
        let (_, r) = import(text);
        assert_eq!(r.layout.source, MappingSource::Guessed);
        assert_eq!(
            r.layout.by_content,
            [Role::CustomerId, Role::InvoiceDate, Role::Amount, Role::InvoiceId],
            "{:?}",
            r.layout
        );
        assert!(r.no_payment_info, "one payment date in three rows says nothing: nothing paid, said");
        // The user's mapping for this file.
        let roles = vec![
            Some(Role::CustomerId),
            Some(Role::InvoiceId),
            Some(Role::InvoiceDate),
            Some(Role::DueDate),
            Some(Role::Amount),
            Some(Role::SettledDate),
        ];
        let opts = ImportOptions { mapping: Some(roles.clone()), ..ImportOptions::default() };
        let (l, r) = import_csv(text.as_bytes(), &opts).unwrap();
        assert_eq!(r.layout.source, MappingSource::Chosen);
        assert_eq!(l.invoices[0].settled_date(), Some(d("2026-02-10")));
        assert_eq!(l.invoices[1].due_date, d("2026-03-12"));
        assert!(!r.no_payment_info);
        // Remembered by its header layout, applied to the next such file.
        let saved = SavedMapping { signature: r.layout.signature.clone(), roles };
        let opts = ImportOptions { saved_mappings: vec![saved], ..ImportOptions::default() };
        let (l2, r2) = import_csv(text.as_bytes(), &opts).unwrap();
        assert_eq!(r2.layout.source, MappingSource::Saved);
        assert_eq!(l2, l);
    }

    #[test]
    fn paid_and_open_amounts_beside_a_payment_date() {
        // 1,000 with 400 open and a last payment date: 600 paid then, 400 open.
        let (l, r) = import(
            "Invoice;Customer;Invoice date;Due date;Amount;Open amount;Last payment date\n\
             F1;A;2026-01-05;2026-02-04;1000,00;400,00;2026-02-10\n\
             F2;A;2026-01-06;2026-02-05;500,00;0,00;2026-02-01\n\
             F3;B;2026-01-07;2026-02-06;300,00;300,00;\n",
        );
        assert!(!r.no_payment_info);
        assert_eq!(r.snapshot_date, None, "history is known");
        assert_eq!(l.invoices[0].open_at(d("2026-02-09")), dec("1000"));
        assert_eq!(l.invoices[0].open_at(d("2026-02-10")), dec("400"));
        assert_eq!(l.invoices[0].settled_date(), None);
        assert_eq!(l.invoices[1].settled_date(), Some(d("2026-02-01")));
        assert_eq!(l.invoices[2].open_at(d("2026-03-01")), dec("300"));
        // A paid amount and a date.
        let (l, _) =
            import("Client;Date;Montant;Montant réglé;Date de règlement\nA;01/01/2026;100,00;30,00;15/01/2026\n");
        assert_eq!(l.invoices[0].open_at(d("2026-01-15")), dec("70"));
    }

    #[test]
    fn a_partly_paid_row_without_a_date_is_a_snapshot_of_its_own() {
        // F1 paid on 02-10, F2 open, F3 paid 60 of 100 on a date the file
        // does not give: F3 alone is known at the export's date; the file
        // keeps its history (CEI and the collection rate are figures).
        let (l, r) = import(
            "Invoice;Customer;Invoice date;Due date;Amount;Open amount;Payment date\n\
             F1;A;2026-01-05;2026-02-04;1000,00;0,00;2026-02-10\n\
             F2;A;2026-01-06;2026-02-05;500,00;500,00;\n\
             F3;B;2026-01-07;2026-02-06;100,00;40,00;\n",
        );
        assert_eq!(l.invoices[2].settlement, Settlement::OpenAtSnapshot(m("40")));
        assert_eq!((l.snapshot_date, r.snapshot_date, r.snapshot_lines), (None, None, 1));
        let k = crate::domain::analysis::kpi::kpis(&l, d("2026-02-28"), crate::domain::analysis::kpi::Period::D90);
        assert!(matches!(k.get("cei"), Some(Ok(_))), "{:?}", k.get("cei"));
        // AR: F2 500 + F3 40.
        assert_eq!(k.get("ar_total"), Some(Ok(dec("540"))));
        // A file with no payment history at all is a snapshot as a whole.
        let (l, r) = import("customer,date,open amount,paid on\nA,2026-01-01,100,\nB,2026-02-01,30,\n");
        assert_eq!(l.invoices[0].settlement, Settlement::open());
        assert_eq!((l.snapshot_date, r.snapshot_lines), (None, 0));
        let (l, r) = import("customer,date,amount,open amount,paid on\nA,2026-01-01,100,60,\nB,2026-02-01,30,30,\n");
        assert_eq!((l.snapshot_date, r.snapshot_lines), (Some(d("2026-02-01")), 0));
    }

    #[test]
    fn no_payment_information_is_said() {
        let (l, r) = import("Client;Date facture;Montant TTC\nA;01/01/2026;100,00\n");
        assert!(r.no_payment_info);
        assert_eq!(l.invoices[0].settlement, Settlement::OpenAtSnapshot(m("100")));
        assert_eq!(r.due_dates_assumed, 1);
        assert_eq!(l.invoices[0].due_date, d("2026-01-31"), "30 days by default");
        let opts = ImportOptions { terms: super::super::PaymentTerms::DaysEndOfMonth(45), ..ImportOptions::default() };
        let (l, r) = import_csv(b"Client;Date facture;Montant TTC\nA;15/01/2026;100,00\n", &opts).unwrap();
        assert_eq!(l.invoices[0].due_date, d("2026-03-31"));
        assert_eq!(r.terms, super::super::PaymentTerms::DaysEndOfMonth(45));
    }

    #[test]
    fn tax_excluded_amounts_are_not_the_receivable() {
        let (l, r) = import("Client;Date;Montant HT;Montant TTC\nA;01/01/2026;100,00;120,00\n");
        assert_eq!(l.invoices[0].amount, dec("120"));
        assert!(!r.amount_excludes_tax);
        let (l, r) = import("Client;Date;Total HT\nA;01/01/2026;100,00\n");
        assert_eq!(l.invoices[0].amount, dec("100"));
        assert!(r.amount_excludes_tax, "said on the summary");
    }

    #[test]
    fn status_and_type_columns_leave_out_what_is_not_a_receivable() {
        let (l, r) = import(
            "N° pièce;Type;Client;Date;Montant TTC;Date règlement\n\
             F1;Facture;A;01/01/2026;100,00;\n\
             F2;Facture fournisseur;A;02/01/2026;999,00;\n\
             F3;Brouillon;A;03/01/2026;50,00;\n\
             F4;Annulée;B;04/01/2026;70,00;\n\
             AV1;Avoir;B;05/01/2026;30,00;\n\
             F5;Facture fournisseur;C;06/01/2026;1,00;\n",
        );
        assert_eq!((r.rows_read, r.invoices, r.rows_excluded, r.rows_skipped), (6, 2, 4, 0));
        assert_eq!(l.invoices[1].amount, dec("-30"), "a credit note by its type");
        let supplier = r.excluded.iter().find(|e| e.reason == ExclusionReason::SupplierBill).unwrap();
        assert_eq!((supplier.lines, supplier.amount), (2, dec("1000")));
        assert_eq!(r.excluded.len(), 3);
        assert_eq!(r.issues.iter().filter(|i| i.severity == Severity::Excluded).count(), 4);
    }

    #[test]
    fn a_type_and_a_status_column_are_both_read() {
        // tests/fixtures/type-status-supplier-bills.csv, a connector's
        // invoice table: `type` (ACCREC sales, ACCPAY supplier bills, their
        // CREDIT forms) beside `status` (PAID, AUTHORISED, VOIDED, DRAFT,
        // DELETED, SUBMITTED), a planned and an expected payment date
        // beside the date an invoice was fully paid. By hand: in are
        // INV-001 (1,200 paid 02-10), INV-002 (800 open), INV-004 (1,000,
        // 400 still due, no date: a snapshot line), CN-001 (a credit note
        // of 100, open) and INV-006 (250 paid 02-20, planned 03-01); out are
        // the 3 supplier lines (5,000 + 300 + 50), 2 voided or deleted
        // (450, 120) and 2 not issued (draft 999, submitted 75).
        let bytes = include_bytes!("../../../tests/fixtures/type-status-supplier-bills.csv");
        let (l, r) = import_csv(bytes, &ImportOptions::default()).unwrap();
        let col = |role: Role| r.columns.iter().find(|(x, _)| *x == role).map(|(_, h)| h.as_str());
        assert_eq!(col(Role::SettledDate), Some("fully_paid_on_date"), "a planned date is not a payment");
        assert_eq!(col(Role::CustomerId), Some("contact_id"));
        assert_eq!(col(Role::CustomerName), Some("contact_name"));
        assert_eq!((r.rows_read, r.invoices, r.credit_notes, r.rows_excluded), (12, 5, 1, 7));
        let out = |reason: ExclusionReason| {
            r.excluded
                .iter()
                .filter(|e| e.reason == reason)
                .map(|e| (e.lines, e.amount))
                .fold((0, dec("0")), |a, b| (a.0 + b.0, a.1 + b.1))
        };
        assert_eq!(out(ExclusionReason::SupplierBill), (3, dec("5350")));
        assert_eq!(out(ExclusionReason::Voided), (2, dec("570")));
        assert_eq!(out(ExclusionReason::Draft), (2, dec("1074")));
        assert!(r.excluded.iter().any(|e| e.value == "ACCPAY"), "{:?}", r.excluded);
        let by_id = |id: &str| l.invoices.iter().find(|i| i.id == id).unwrap();
        assert_eq!(by_id("INV-006").settled_date(), Some(d("2026-02-20")));
        assert_eq!(by_id("INV-001").settled_date(), Some(d("2026-02-10")));
        assert_eq!(by_id("CN-001").amount, m("-100"));
        assert_eq!(by_id("INV-004").settlement, Settlement::OpenAtSnapshot(m("400")));
        assert_eq!(l.customer(by_id("INV-002").customer).label(), "Beta SA (c-beta)");
        // AR on 02-28: 800 + 400 - 100; sales over 90 days: 1,200 + 800 + 1,000 - 100 + 250.
        let k = crate::domain::analysis::kpi::kpis(&l, d("2026-02-28"), crate::domain::analysis::kpi::Period::D90);
        assert_eq!((k.get("ar_total"), k.sales), (Some(Ok(dec("1100"))), dec("3150")));
        // The supplier bill is said where it is, in the type column.
        let bill = r.issues.iter().find(|i| i.line == 4).unwrap();
        assert_eq!((bill.column.as_deref(), bill.value.as_str()), (Some("type"), "ACCPAY"));
    }

    #[test]
    fn payment_lines_cleared_are_left_out_and_open_ones_are_unapplied_cash() {
        let (l, r) = import(
            "N° pièce;Type;Client;Date;Échéance;Montant TTC;Date règlement\n\
             F1;Facture;A;01/01/2026;31/01/2026;100,00;15/02/2026\n\
             P1;Paiement;A;15/02/2026;;-100,00;15/02/2026\n\
             P2;Règlement;A;20/02/2026;;-40,00;\n\
             F2;Facture;B;01/02/2026;03/03/2026;250,00;\n\
             P3;DZ;B;25/02/2026;15/03/2026;30,00;\n",
        );
        assert_eq!((r.rows_read, r.invoices, r.unapplied_cash, r.rows_excluded), (5, 2, 2, 1));
        assert_eq!(r.credit_notes, 0, "cash is not a credit note");
        let cash: Vec<_> = l.invoices.iter().filter(|i| i.kind == ItemKind::UnappliedCash).collect();
        assert_eq!(
            cash.iter().map(|i| (i.id.as_str(), i.amount)).collect::<Vec<_>>(),
            [("P2", m("-40")), ("P3", m("-30"))]
        );
        // Due the day received (not the due date written, nor terms), open.
        assert_eq!((cash[1].due_date, cash[1].settlement.clone()), (d("2026-02-25"), Settlement::open()));
        assert_eq!(r.due_dates_assumed, 0);
        // Net AR at the end of February: F2 250 - 40 - 30; sales are the invoices alone.
        let k = crate::domain::analysis::kpi::kpis(&l, d("2026-02-28"), crate::domain::analysis::kpi::Period::D90);
        assert_eq!((k.get("ar_total"), k.sales), (Some(Ok(dec("180"))), dec("350")));
        // An open-items export: a payment with nothing left open is applied in full.
        let (l, r) = import(
            "Pièce;Type;Client;Date;Montant;Montant ouvert\n\
             F1;Facture;A;01/01/2026;100,00;60,00\n\
             P1;Paiement;A;15/01/2026;-40,00;0,00\n\
             P2;Paiement;A;20/01/2026;-15,00;-15,00\n",
        );
        assert_eq!((r.invoices, r.unapplied_cash, r.rows_excluded), (1, 1, 1));
        assert_eq!(l.invoices[1].settlement, Settlement::OpenAtSnapshot(m("-15")));
    }

    #[test]
    fn customer_email_and_phone_are_read_for_dunning() {
        let (l, r) = import(
            "Facture;Client;Date;Montant;E-mail;Téléphone\n\
             F1;A;01/03/2026;100,00;;\n\
             F2;A;02/03/2026;100,00; compta@a.fr ;01 23 45 67 89\n\
             F3;B;02/03/2026;100,00;b@b.fr;\n",
        );
        assert!(r.columns.iter().any(|(role, h)| *role == Role::Email && h == "E-mail"));
        assert!(r.columns.iter().any(|(role, _)| *role == Role::Phone));
        // The first filled cell of a customer's rows.
        assert_eq!(
            (l.customers[0].email.as_deref(), l.customers[0].phone.as_deref()),
            (Some("compta@a.fr"), Some("01 23 45 67 89"))
        );
        assert_eq!((l.customers[1].email.as_deref(), l.customers[1].phone.as_deref()), (Some("b@b.fr"), None));
    }

    #[test]
    fn repeated_and_double_header_rows() {
        let (l, r) = import(
            "Client;Facture;Date;Montant\n\
             CUST;INV_NO;INV_DATE;AMOUNT\n\
             A;F1;01/01/2026;10,00\n\
             Client;Facture;Date;Montant\n\
             B;F2;02/01/2026;20,00\n",
        );
        assert_eq!((r.invoices, r.repeated_headers, r.rows_skipped), (2, 2, 0));
        assert_eq!(l.invoices[1].amount, dec("20"));
    }

    #[test]
    fn one_row_per_invoice_line() {
        // Line amounts: summed into one invoice, with their payments.
        let (l, r) = import(
            "Facture;Client;Date;Article;Montant;Date règlement\n\
             F1;A;01/01/2026;Vis;100,00;10/02/2026\n\
             F1;A;01/01/2026;Écrous;50,00;10/02/2026\n\
             F2;B;02/01/2026;Vis;70,00;\n",
        );
        assert_eq!((r.invoices, r.merged_lines), (2, 1));
        assert_eq!(l.invoices[0].amount, dec("150"));
        assert_eq!(l.invoices[0].settled_date(), Some(d("2026-02-10")));
        // The invoice total repeated on each line: counted once.
        let (l, r) = import(
            "Facture;Client;Date;Ligne;Total facture\n\
             F1;A;01/01/2026;1;150,00\n\
             F1;A;01/01/2026;2;150,00\n\
             F2;B;02/01/2026;1;70,00\n",
        );
        assert_eq!((r.invoices, r.merged_lines), (2, 1));
        assert_eq!(l.invoices[0].amount, dec("150"));
        assert!(r.issues.iter().all(|i| !matches!(i.problem, Problem::DuplicateId { .. })));
    }

    #[test]
    fn repeated_lines_are_decided_per_invoice() {
        // The invoice's total repeated on each of its lines (F1, F2, F3), and
        // one invoice whose lines differ (F4: 30 + 20). F4 does not make the
        // others' totals be summed: F1 150, F2 70, F3 40, F4 50.
        let (l, r) = import(
            "Facture;Client;Date;Ligne;Total\n\
             F1;A;01/01/2026;1;150,00\n\
             F1;A;01/01/2026;2;150,00\n\
             F2;B;02/01/2026;1;70,00\n\
             F2;B;02/01/2026;2;70,00\n\
             F2;B;02/01/2026;3;70,00\n\
             F3;B;03/01/2026;1;40,00\n\
             F3;B;03/01/2026;2;40,00\n\
             F4;C;04/01/2026;1;30,00\n\
             F4;C;04/01/2026;2;20,00\n",
        );
        let amounts: Vec<(&str, Money)> = l.invoices.iter().map(|i| (i.id.as_str(), i.amount)).collect();
        assert_eq!(amounts, [("F1", m("150")), ("F2", m("70")), ("F3", m("40")), ("F4", m("50"))]);
        assert_eq!((r.invoices, r.merged_lines, r.summed_lines), (4, 5, 1));
        // Line amounts in most invoices: an invoice of two equal lines is
        // two lines too (G3: 25 + 25).
        let (l, r) = import(
            "Facture;Client;Date;Article;Montant\n\
             G1;A;01/01/2026;Vis;100,00\n\
             G1;A;01/01/2026;Écrous;50,00\n\
             G2;B;02/01/2026;Vis;10,00\n\
             G2;B;02/01/2026;Clous;5,00\n\
             G3;C;03/01/2026;Vis;25,00\n\
             G3;C;03/01/2026;Vis;25,00\n",
        );
        let amounts: Vec<Money> = l.invoices.iter().map(|i| i.amount).collect();
        assert_eq!(amounts, [m("150"), m("15"), m("50")]);
        assert_eq!((r.merged_lines, r.summed_lines), (3, 3));
    }

    #[test]
    fn an_erp_list_with_two_header_rows_and_one_row_per_invoice_line() {
        // tests/fixtures/erp-two-header-rows-invoice-lines.csv: a group row
        // ("Sales Invoice", "Sales Invoice Item"...) over the field names;
        // each invoice on as many rows as it has item lines, its Grand
        // Total, Outstanding Amount and Party repeated on each, a line's
        // Amount and a tax line's amount varying; "Account" the same ledger
        // account on every row. By hand: 00001 1,428 (paid), 00002 595 open,
        // 00003 833 with 333 open, 00004 238 open (two equal lines of 100:
        // the total counts once), 00005 a return of -119; a draft and a
        // cancelled invoice left out.
        let bytes = include_bytes!("../../../tests/fixtures/erp-two-header-rows-invoice-lines.csv");
        let (l, r) = import_csv(bytes, &ImportOptions::default()).unwrap();
        let col = |role: Role| r.columns.iter().find(|(x, _)| *x == role).map(|(_, h)| h.as_str());
        assert_eq!(r.header_line, 2);
        assert_eq!(col(Role::CustomerId), Some("Party"), "the account is the same on every row");
        assert_eq!(col(Role::Amount), Some("Grand Total"), "the invoice's total, not a line's amount");
        assert_eq!(col(Role::OpenAmount), Some("Outstanding Amount"));
        assert_eq!(col(Role::InvoiceId), Some("ID"));
        assert_eq!((r.rows_read, r.invoices, r.credit_notes, r.rows_excluded), (11, 5, 1, 2));
        assert_eq!((r.merged_lines, r.summed_lines, r.customers), (4, 0, 3));
        let amounts: Vec<(&str, Money)> = l.invoices.iter().map(|i| (i.id.as_str(), i.amount)).collect();
        assert_eq!(
            amounts,
            [
                ("ACC-SINV-2026-00001", m("1428")),
                ("ACC-SINV-2026-00002", m("595")),
                ("ACC-SINV-2026-00003", m("833")),
                ("ACC-SINV-2026-00004", m("238")),
                ("ACC-SINV-2026-00005", m("-119")),
            ]
        );
        let k = crate::domain::analysis::kpi::kpis(&l, d("2026-02-28"), crate::domain::analysis::kpi::Period::D90);
        // AR: 595 + 333 + 238 - 119; sales: 1,428 + 595 + 833 + 238 - 119.
        assert_eq!((k.get("ar_total"), k.sales), (Some(Ok(dec("1047"))), dec("2975")));
    }

    #[test]
    fn float_tails_thousands_and_huge_amounts() {
        let (l, r) = import("Client;Date;Montant\nA;01/01/2026;1249.9999999997\nA;02/01/2026;10.5\n");
        assert_eq!(l.invoices[0].amount, dec("1250.00"));
        assert_eq!((r.rounded_amounts, r.rounded_example.as_deref()), (1, Some("1249.9999999997")));
        // "12,500" in a ';' file with nothing else to go by: thousands, said.
        let (l, r) = import("Client;Date;Montant\nA;01/01/2026;12,500\nB;02/01/2026;3,000\n");
        assert_eq!(l.invoices[0].amount, dec("12500"));
        assert!(r.decimal_separator_assumed);
        let opts = ImportOptions { decimal_separator: Some(DecimalSeparator::Comma), ..ImportOptions::default() };
        let (l, r) = import_csv(b"Client;Date;Montant\nA;01/01/2026;12,500\n", &opts).unwrap();
        assert_eq!(l.invoices[0].amount, dec("12.5"), "the user's choice");
        assert!(!r.decimal_separator_assumed);
        // An amount no receivable can be.
        let (l, r) = import(
            "Client;Date;Montant\nA;01/01/2026;1e27\nA;01/01/2026;1000000000000000000000000000\nB;02/01/2026;5\n",
        );
        assert_eq!(l.invoices.len(), 1);
        assert_eq!(r.rows_skipped, 2);
        assert!(r.issues.iter().any(|i| i.problem == Problem::TooLarge));
    }

    #[test]
    fn nothing_is_said_assumed_when_nothing_was() {
        // ISO dates and whole amounts: no order, no separator to choose.
        let (_, r) = import("Client;Date;Montant\nA;2026-01-05;100\nB;2026-01-06;250\n");
        assert!(!r.date_order_assumed && !r.decimal_separator_assumed);
        // 05/01/2026 alone could be either order: said.
        let (_, r) = import("Client;Date;Montant\nA;05/01/2026;100\n");
        assert!(r.date_order_assumed);
    }

    #[test]
    fn the_summary_names_how_the_dates_are_written() {
        // ISO dates and timestamps: written year first, no day/month order.
        let (_, r) = import("Client;Date;Montant\nA;2026-01-05;100\nB;2026-01-06T10:04:00Z;250\n");
        assert_eq!(r.date_form, DateForm::YearFirst);
        let (_, r) = import("Client;Date;Montant\nA;20260105;100\n");
        assert_eq!(r.date_form, DateForm::YearFirst);
        // One a/b/yyyy date among ISO ones: the order matters, and is named.
        let (_, r) = import("Client;Date;Echeance;Montant\nA;2026-01-05;25/02/2026;100\n");
        assert_eq!((r.date_form, r.date_order), (DateForm::DayMonth, DateOrder::DayFirst));
        let (_, r) = import("Client;Date;Montant\nA;01/25/2026;100\n");
        assert_eq!((r.date_form, r.date_order), (DateForm::DayMonth, DateOrder::MonthFirst));
        // Excel serial numbers: no written date to describe.
        let (_, r) = import("Client;Date;Montant\nA;46027;100\nB;46028;250\n");
        assert_eq!(r.date_form, DateForm::Unwritten);
    }

    /// The import fed in slices of `slice` bytes, deciding on `head` bytes.
    fn streamed(bytes: &[u8], slice: usize, head: usize) -> Result<(Ledger, ImportReport), ImportError> {
        let mut stream = CsvStream::new(ImportOptions::default());
        stream.head_bytes = head;
        for part in bytes.chunks(slice.max(1)) {
            stream.push(part)?;
        }
        stream.finish()
    }

    #[test]
    fn slices_of_any_size_give_the_whole_file_s_result() {
        let cases: Vec<Vec<u8>> = vec![
            include_bytes!("../../../tests/fixtures/ibm-accounts-receivable.csv").to_vec(),
            crate::domain::sample::receivables_csv(300, 7).into_bytes(),
            // Windows-1252, lone CR line ends, quoted line breaks, a BOM-less preamble.
            b"Export\r\rClient;Date;Montant;Note\r\"Soci\xE9t\xE9\rA\";01/02/2026;10,5;\"a;b\"\rB;13/02/2026;1;x\r".to_vec(),
            "\u{feff}N° facture;Client;Date facture;Montant TTC\r\nF1;Élan;15/09/2026;1 234,56\r\nF2;Élan;16/09/2026;-10,00".into(),
        ];
        for bytes in &cases {
            let whole = import_csv(bytes, &ImportOptions::default()).unwrap();
            for slice in [1, 3, 64, 1000, 65_536] {
                assert_eq!(streamed(bytes, slice, HEAD_BYTES).unwrap(), whole, "slices of {slice} bytes");
            }
        }
    }

    #[test]
    fn decisions_from_the_head_hold_for_a_file_bigger_than_it() {
        // 9,000 rows, about 900 KB, decided on its first 64 KB, in slices of
        // any size: one result.
        let bytes = crate::domain::sample::receivables_csv(9_000, 11).into_bytes();
        let (l, r) = streamed(&bytes, 65_536, 65_536).unwrap();
        assert_eq!(r.invoices, 9_000);
        for slice in [4_096, 100_000, bytes.len()] {
            assert_eq!(streamed(&bytes, slice, 65_536).unwrap(), (l.clone(), r.clone()), "slices of {slice}");
        }
    }

    #[test]
    fn a_date_order_assumed_in_the_head_and_contradicted_later_is_corrected() {
        // The head's dates all read either way (day first assumed); row 2,000
        // says month first: every date is read again, due dates from terms too.
        let mut text = String::from("Client;Date facture;Montant;Date règlement\n");
        for i in 0..2_000 {
            text.push_str(&format!("C{};03/04/2026;{},00;04/05/2026\n", i % 9, i + 1));
        }
        text.push_str("Z;04/25/2026;1,00;\n");
        let (l, r) = streamed(text.as_bytes(), 4_096, 8_192).unwrap();
        assert_eq!((r.date_order, r.date_order_assumed), (DateOrder::MonthFirst, false));
        assert_eq!(l.invoices[0].invoice_date, d("2026-03-04"));
        assert_eq!(l.invoices[0].due_date, d("2026-04-03"), "30 days from the date read again");
        assert_eq!(l.invoices[0].settled_date(), Some(d("2026-04-05")));
        assert_eq!(l.invoices[2_000].invoice_date, d("2026-04-25"));
        // The whole file read at once agrees.
        assert_eq!(import_csv(text.as_bytes(), &ImportOptions::default()).unwrap(), (l, r));
    }

    /// A file a little over `HEAD_BYTES` with, past them, a stray quote in an
    /// unquoted field (`24"`), then a value quoted over two lines, then more
    /// rows: (the file, its data rows, the stray quote's offset).
    pub(super) fn stray_quote_file() -> (Vec<u8>, u64, usize) {
        let mut text = String::from("Facture;Client;Date facture;Montant;Désignation\n");
        let mut rows = 0u64;
        let mut row = |text: &mut String, note: &str| {
            text.push_str(&format!(
                "F{rows};C{};{:02}/03/2026;{},{:02};{note}\n",
                rows % 53,
                1 + rows % 28,
                rows % 900 + 1,
                rows % 100
            ));
            rows += 1;
        };
        while text.len() < HEAD_BYTES + 100_000 {
            row(&mut text, "Vis");
        }
        let stray = text.len();
        row(&mut text, "Écran 24\" plat");
        for _ in 0..500 {
            row(&mut text, "Écrou");
        }
        row(&mut text, "\"Deux\nlignes\"");
        while text.len() < HEAD_BYTES + 400_000 {
            row(&mut text, "Rondelle");
        }
        (text.into_bytes(), rows, stray)
    }

    #[test]
    fn a_stray_quote_in_an_unquoted_field_quotes_nothing() {
        // csv-core's rule: a quote opens a quoted value only at the start of
        // a field; `24"` is a character of its value.
        let (bytes, rows, stray) = stray_quote_file();
        let whole = import_csv(&bytes, &ImportOptions::default()).unwrap();
        assert_eq!((whole.1.rows_read, whole.1.invoices, whole.1.rows_skipped), (rows, rows, 0));
        assert!(whole.1.issues.is_empty(), "{:?}", &whole.1.issues[..whole.1.issues.len().min(3)]);
        let last = whole.0.invoices.last().unwrap();
        assert_eq!(last.id, format!("F{}", rows - 1));
        for slice in [65_536, 1_000_003] {
            assert_eq!(streamed(&bytes, slice, HEAD_BYTES).unwrap(), whole, "slices of {slice} bytes");
        }
        // Streamed, the text past the stray quote is read as it comes, not
        // held: the bytes up to a line end after it end a record.
        let mut stream = CsvStream::new(ImportOptions::default());
        let upto = stray + bytes[stray..].iter().position(|b| *b == b'\n').unwrap() + 1;
        stream.push(&bytes[..upto]).unwrap();
        assert!(stream.at_record_end(), "the stray quote opened nothing");
    }

    #[test]
    fn excel_serial_dates_and_float_ids() {
        let (l, _) = import("Invoice,Customer,Invoice Date,Due Date,Amount\n611365.0,12.0,45292,45322,10\n");
        assert_eq!(l.invoices[0].id, "611365");
        assert_eq!(l.customers[0].id, "12");
        assert_eq!(l.invoices[0].invoice_date, d("2024-01-01"));
        assert_eq!(l.invoices[0].due_date, d("2024-01-31"));
    }
}

/// The real IBM receivables file (tests/fixtures): every row reads, and the
/// file's own DaysToSettle and DaysLate columns agree with the dates read.
#[cfg(test)]
mod ibm_fixture {
    use super::*;

    #[test]
    fn every_row_reads_and_days_agree() {
        let bytes = include_bytes!("../../../tests/fixtures/ibm-accounts-receivable.csv");
        let (l, r) = import_csv(bytes, &ImportOptions::default()).unwrap();
        assert_eq!((r.rows_read, r.invoices, r.rows_skipped), (2466, 2466, 0));
        assert_eq!(r.customers, 100);
        assert_eq!(r.date_order, DateOrder::MonthFirst);
        let text = std::str::from_utf8(bytes).unwrap();
        for (inv, line) in l.invoices.iter().zip(text.lines().skip(1)) {
            let cells: Vec<&str> = line.split(',').collect();
            let settled = inv.settled_date().unwrap();
            let to_settle: i64 = cells[10].trim().parse().unwrap();
            let late: i64 = cells[11].trim().parse().unwrap();
            assert_eq!((settled - inv.invoice_date).num_days(), to_settle, "line {}", inv.source_line);
            assert_eq!((settled - inv.due_date).num_days().max(0), late, "line {}", inv.source_line);
            assert_eq!(inv.id, cells[3]);
        }
    }
}

/// Damaged files: whatever the bytes, the import returns a ledger or an
/// error, never panics, and every data row is either an invoice or a
/// skipped row (nothing silently dropped).
#[cfg(test)]
mod damaged_files {
    use super::*;
    use crate::domain::import::damage::damaged;
    use crate::domain::sample::receivables_csv;

    #[test]
    fn random_damage_never_panics_and_loses_no_row() {
        let base = receivables_csv(60, 3).into_bytes();
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let nasty: &[&[u8]] =
            &[b";", b"\"", b"\r", b"\n", b"\xff", b"\xc3", b"-", b",", b"0", b"31/02/2026", b"  ", b"\t"];
        for _ in 0..400 {
            let bytes = damaged(&base, &mut seed, nasty);
            if let Ok((ledger, report)) = import_csv(&bytes, &ImportOptions::default()) {
                assert_eq!(
                    report.invoices + report.merged_lines + report.rows_skipped + report.rows_excluded,
                    report.rows_read
                );
                assert_eq!(ledger.invoices.len() as u64, report.invoices);
            }
        }
        // Pure noise and pathological shapes.
        for bytes in [&b""[..], b"\n\n\n", b"\"", b"a;b\n\"unterminated", &[0u8; 64], &[0xffu8; 64]] {
            let _ = import_csv(bytes, &ImportOptions::default());
        }
        // Binary documents are named, not parsed.
        use crate::domain::import::BinaryKind;
        let not_text = |b: &[u8]| import_csv(b, &ImportOptions::default()).unwrap_err();
        assert_eq!(not_text(b"PK\x03\x04\x14\x00rest"), ImportError::NotText(BinaryKind::Zip));
        assert_eq!(not_text(b"%PDF-1.7\n"), ImportError::NotText(BinaryKind::Pdf));
        assert_eq!(
            not_text(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            ImportError::NotText(BinaryKind::OldExcel)
        );
        assert_eq!(not_text(&[0u8; 64]), ImportError::NotText(BinaryKind::Other));
    }
}
