//! Delimited text exports (CSV, TSV, `;`-separated French files): sniff the
//! encoding and delimiter, find the header row among the first lines, learn
//! the date order and decimal separator from the values, then read each row
//! into an `Invoice` or an `Issue`.

use super::mapping::{fold, guess_by_content, signature, ColumnMap, Layout, MappingSource, Role, PREVIEW_ROWS};
use super::report::{Excluded, ExclusionReason, ImportReport, Issue, Problem, Severity};
use super::values::{self, DateOrder, DecimalSeparator, DocClass};
use super::{sniff, ImportError, ImportOptions};
use crate::domain::ledger::{Currency, Customer, Invoice, ItemKind, LabelIx, Ledger, Settlement};
use crate::domain::money::Money;
use chrono::{Datelike, NaiveDate};
use compact_str::CompactString;
use rust_decimal::Decimal;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashMap;

mod part;
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
    /// A counter for a chunk of a file whose first line is `line`.
    fn starting_at(text: &'a str, end: u8, line: u64) -> Self {
        LineCounter { text: text.as_bytes(), end, pos: 0, line }
    }

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
fn plan(text: &str, encoding: &str, opts: &ImportOptions) -> Result<(Plan, ImportReport), ImportError> {
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let delim = opts.delimiter.unwrap_or_else(|| sniff::delimiter(text));
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
            let found = guess_by_content(&mut map, headers.len(), &sample);
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
    let mut rdr = reader();
    let (mut day_first, mut month_first, mut dot, mut comma, mut thousands) = (0u64, 0u64, 0u64, 0u64, 0u64);
    // Dates whose order matters (a/b/yyyy) and amounts with a separator:
    // without them, nothing was assumed.
    let (mut slashed_dates, mut separated_amounts) = (0u64, 0u64);
    // Per date column: (non-empty values seen, of which plain numbers).
    let mut numeric: HashMap<usize, (u64, u64)> = HashMap::new();
    let mut row = 0usize;
    while rdr.read_record(&mut rec).unwrap_or(false) {
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

    let header_keys: Vec<String> = headers.iter().map(|h| fold(h)).collect();
    let bytes = text.as_bytes();
    let line_end = if !bytes.contains(&b'\n') && bytes.contains(&b'\r') { b'\r' } else { b'\n' };
    let plan = Plan {
        delim,
        line_end,
        header_ix,
        headers,
        header_keys,
        map,
        date_order,
        date_order_assumed,
        decimal_separator,
        serial_cols,
        opts: opts.clone(),
        doc_classes: Default::default(),
    };
    Ok((plan, report))
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
    /// How much of `carry` was looked at for record ends, and whether it
    /// ends inside quotes there.
    scanned: usize,
    quoted: bool,
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
            Some(r) => {
                r.decode(bytes, false);
                Ok(())
            }
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
        r.decode(&[], true);
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
            body.ledger.invoices.reserve(estimate);
            body.meta.reserve(estimate);
        }
        let ascii = encoding.is_ascii_compatible();
        let mut r =
            Reading { decoder, decoded_all: whole_head, scanned: 0, quoted: false, carry: text, plan, body, ascii };
        let rest = std::mem::take(&mut self.head);
        r.decode(&rest[n..], whole);
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
    decode_into(&mut decoder, head, &mut text, whole);
    let bytes = text.as_bytes();
    let line_end = if !bytes.contains(&b'\n') && bytes.contains(&b'\r') { b'\r' } else { b'\n' };
    let complete = if whole { text.len() } else { last_record_end(&text, line_end) };
    let (plan, report) = plan(&text[..complete], name, opts)?;
    Ok(Decided { decoder, encoding, text, complete, plan, report })
}

/// Decodes `bytes` onto `out` (the whole of them: the string grows as needed).
pub(super) fn decode_into(decoder: &mut encoding_rs::Decoder, bytes: &[u8], out: &mut String, last: bool) {
    let mut input = bytes;
    loop {
        let need = decoder.max_utf8_buffer_length(input.len()).unwrap_or(input.len() * 3 + 16);
        out.reserve(need);
        let (result, read, _) = decoder.decode_to_string(input, out, last);
        input = &input[read..];
        if result == encoding_rs::CoderResult::InputEmpty {
            break;
        }
    }
}

/// The end of the last complete record in `text` (after its line end,
/// outside quotes); 0 when there is none.
fn last_record_end(text: &str, line_end: u8) -> usize {
    scan_records(text.as_bytes(), line_end, &mut false).map_or(0, |e| e + 1)
}

/// The position of the last line end outside quotes in `bytes`, given
/// whether they start inside quotes (updated to how they end): only the
/// quotes and line ends are looked at.
fn scan_records(bytes: &[u8], line_end: u8, quoted: &mut bool) -> Option<usize> {
    let mut end = None;
    for i in memchr::memchr2_iter(b'"', line_end, bytes) {
        if bytes[i] == b'"' {
            *quoted = !*quoted;
        } else if !*quoted {
            end = Some(i);
        }
    }
    end
}

impl Reading {
    /// Decodes a slice and reads the records it completes.
    fn decode(&mut self, bytes: &[u8], last: bool) {
        if !self.decoded_all {
            let before = self.carry.len();
            decode_into(&mut self.decoder, bytes, &mut self.carry, last);
            self.body.replaced += self.carry[before..].matches('\u{FFFD}').count() as u64;
            self.decoded_all = last;
        }
        self.read_complete(last);
    }

    /// Reads the complete records of the carried text (all of it at the end).
    fn read_complete(&mut self, last: bool) {
        let cut = if last {
            self.carry.len()
        } else {
            // Only what was added since the last look is looked at.
            let found = scan_records(&self.carry.as_bytes()[self.scanned..], self.plan.line_end, &mut self.quoted);
            let cut = found.map_or(0, |e| self.scanned + e + 1);
            self.scanned = self.carry.len() - cut;
            cut
        };
        if cut == 0 {
            return;
        }
        let rest = self.carry.split_off(cut);
        let chunk = std::mem::replace(&mut self.carry, rest);
        self.body.read_chunk(&mut self.plan, &chunk);
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
    date_order: DateOrder,
    date_order_assumed: bool,
    decimal_separator: DecimalSeparator,
    serial_cols: Vec<usize>,
    opts: ImportOptions,
    /// `doc_class` of each type or status value seen.
    doc_classes: std::cell::RefCell<HashMap<String, DocClass>>,
}

impl Plan {
    fn reader(&self) -> RowReader<'_> {
        RowReader {
            map: &self.map,
            headers: &self.headers,
            date_order: self.date_order,
            decimal_separator: self.decimal_separator,
            serial_cols: &self.serial_cols,
            opts: &self.opts,
            doc_classes: &self.doc_classes,
        }
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
    /// A record could not be read at all: the rest of the file is not read.
    stopped: bool,
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
            stopped: false,
        }
    }

    /// While the date order is assumed: which of the row's dates could be
    /// read either way (bits), and whether one says the order is the
    /// other, in which case every date read so far is read again.
    fn check_date_order(&mut self, plan: &mut Plan, rec: &::csv::StringRecord) -> u8 {
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

    /// Reads the complete records of `chunk`.
    fn read_chunk(&mut self, plan: &mut Plan, chunk: &str) {
        self.read_records(plan, chunk);
        self.line += chunk.bytes().filter(|b| *b == plan.line_end).count() as u64;
    }
}

impl Body {
    fn read_records(&mut self, plan: &mut Plan, chunk: &str) {
        let mut rdr = ::csv::ReaderBuilder::new()
            .delimiter(plan.delim)
            .has_headers(false)
            .flexible(true)
            .from_reader(chunk.as_bytes());
        let mut lines = LineCounter::starting_at(chunk, plan.line_end, self.line);
        let mut rec = ::csv::StringRecord::new();
        loop {
            if self.stopped {
                break;
            }
            match rdr.read_record(&mut rec) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    // The text is valid UTF-8 and the reader is flexible, so this
                    // is an I/O-level surprise: say where, and stop reading.
                    let line = e.position().map_or(0, |p| lines.line_at(p.byte()));
                    self.report.push(Issue {
                        line,
                        column: None,
                        role: None,
                        value: String::new(),
                        problem: Problem::ShortRow { cells: 0, expected: plan.headers.len() },
                        severity: Severity::Skipped,
                    });
                    self.report.rows_read += 1;
                    self.report.rows_skipped += 1;
                    self.stopped = true;
                    break;
                }
            }
            self.row += 1;
            if self.row <= plan.header_ix + 1 || rec.as_slice().trim().is_empty() {
                continue;
            }
            // A date the order was assumed for says otherwise: every date read
            // so far in that order is read again, in place.
            let ambiguous = if plan.date_order_assumed { self.check_date_order(plan, &rec) } else { 0 };
            let reader_ctx = plan.reader();
            // A header row again (a report's page break), or a second header
            // row of field names under the labels: not data.
            if is_header_again(&rec, &plan.header_keys, &reader_ctx) {
                self.report.repeated_headers += 1;
                continue;
            }
            self.report.rows_read += 1;
            let line = rec.position().map_or(self.line, |p| lines.line_at(p.byte()));
            match reader_ctx.read(&rec, line, &mut self.report) {
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
    for inv in &ledger.invoices {
        if let Settlement::OpenAtSnapshot(_) = inv.settlement {
            let d = inv.invoice_date;
            ledger.snapshot_date = Some(ledger.snapshot_date.map_or(d, |s| s.max(d)));
        }
    }
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
fn is_header_again(rec: &::csv::StringRecord, header_keys: &[String], ctx: &RowReader) -> bool {
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
/// date, currency and sign are one invoice. When any such group has
/// different amounts, the file's amounts are line amounts and are summed
/// (with their payments); when every group repeats one amount, it is the
/// invoice's header repeated on each line and counts once. Returns
/// whether any id was on several lines.
fn merge_invoice_lines(ledger: &mut Ledger, meta: &mut Vec<RowMeta>, report: &mut ImportReport) -> bool {
    // Most files have no repeated id: found in one pass over borrowed ids.
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
    let line_amounts = groups.iter().any(|g| g.iter().any(|&i| invoices[i].amount != invoices[g[0]].amount));
    let mut drop = vec![false; invoices.len()];
    for g in &groups {
        let first = g[0];
        for &i in &g[1..] {
            drop[i] = true;
            report.merged_lines += 1;
            if !line_amounts {
                continue;
            }
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
    headers: &'a [String],
    date_order: DateOrder,
    decimal_separator: DecimalSeparator,
    serial_cols: &'a [usize],
    opts: &'a ImportOptions,
    /// `doc_class` of each type or status value seen.
    doc_classes: &'a std::cell::RefCell<HashMap<String, DocClass>>,
}

impl RowReader<'_> {
    fn issue(&self, line: u64, role: Role, value: &str, problem: Problem, severity: Severity) -> Issue {
        let column = self.map.get(role).and_then(|i| self.headers.get(i)).cloned();
        Issue { line, column, role: Some(role), value: value.chars().take(60).collect(), problem, severity }
    }

    fn cell<'r>(&self, rec: &'r ::csv::StringRecord, role: Role) -> &'r str {
        self.map.get(role).and_then(|i| rec.get(i)).map_or("", str::trim)
    }

    fn date(&self, rec: &::csv::StringRecord, role: Role) -> Option<NaiveDate> {
        let col = self.map.get(role)?;
        values::parse_date(self.cell(rec, role), self.date_order, self.serial_cols.contains(&col))
    }

    /// What a type or status cell says, read once per distinct value.
    fn doc_class(&self, doc: &str) -> DocClass {
        if self.map.get(Role::DocType).is_none() {
            return DocClass::Invoice;
        }
        let mut cache = self.doc_classes.borrow_mut();
        if let Some(c) = cache.get(doc) {
            return *c;
        }
        let c = values::doc_class(doc);
        cache.insert(doc.to_string(), c);
        c
    }

    /// An amount cell: a float's long tail is rounded to the cent (and
    /// counted), an amount too large to be a receivable is refused.
    fn amount(&self, raw: &str, report: &mut ImportReport) -> Result<Option<(Money, Option<String>)>, Problem> {
        let Some(parsed) = values::parse_amount(raw, self.decimal_separator) else { return Ok(None) };
        values::to_money(parsed.value, raw, report).map(|m| Some((m, parsed.currency)))
    }

    /// A credit limit cell.
    fn credit_limit(&self, raw: &str) -> Option<Decimal> {
        values::parse_amount(raw, self.decimal_separator).map(|p| p.value)
    }

    /// A payment line whose open amount is zero: applied in full.
    fn applied_in_full(&self, rec: &::csv::StringRecord) -> bool {
        self.map.get(Role::OpenAmount).is_some()
            && self.map.get(Role::Amount).is_some()
            && values::parse_amount(self.cell(rec, Role::OpenAmount), self.decimal_separator)
                .is_some_and(|p| p.value.is_zero())
    }

    /// Reads a row, or reports why it is skipped (a bad value) or left out
    /// (not a receivable).
    fn read<'r>(
        &self,
        rec: &'r ::csv::StringRecord,
        line: u64,
        report: &mut ImportReport,
    ) -> Result<ParsedRow<'r>, Skip> {
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
        let doc = self.cell(rec, Role::DocType);
        let class = self.doc_class(doc);
        let payment = class == DocClass::Payment;
        let cleared = payment
            && self.map.get(Role::SettledDate).is_some()
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
            report.push(self.issue(line, Role::DocType, doc, Problem::Excluded { reason }, Severity::Excluded));
            return Err(Skip::Excluded);
        }
        let credit_note = class == DocClass::CreditNote;

        // Customer: its code, else its name.
        let raw_id = values::clean_id(self.cell(rec, Role::CustomerId));
        let name = self.cell(rec, Role::CustomerName);
        let customer_name = (!name.is_empty()).then_some(name);
        let customer_id = if raw_id.is_empty() { name } else { raw_id };
        if customer_id.is_empty() {
            let role = if self.map.get(Role::CustomerId).is_some() { Role::CustomerId } else { Role::CustomerName };
            return skip(report, role, "", Problem::Missing);
        }

        // Invoice date.
        let raw = self.cell(rec, Role::InvoiceDate);
        let Some(invoice_date) = self.date(rec, Role::InvoiceDate) else {
            let p = if raw.is_empty() { Problem::Missing } else { Problem::NotADate };
            return skip(report, Role::InvoiceDate, raw, p);
        };

        // Amount (or, in a snapshot of open items, the open amount alone).
        let amount_role = if self.map.get(Role::Amount).is_some() { Role::Amount } else { Role::OpenAmount };
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
            if self.map.get(role).is_none() || role == amount_role {
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

        // Settlement (kpi.md "Records"): a settled date is a payment of the
        // whole amount, or of what an open or paid amount beside it says;
        // without a date, an open or paid amount is known only at the
        // export's date (a snapshot).
        let settled_raw = self.cell(rec, Role::SettledDate);
        let settled = if self.map.get(Role::SettledDate).is_some() && !values::is_blank(settled_raw) {
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
        let settlement = match (settled, paid_so_far) {
            (Some(d), None) => Settlement::settled_on(d, amount),
            (Some(_), Some(p)) if p.is_zero() => Settlement::open(),
            (Some(d), Some(p)) => Settlement::settled_on(d, p),
            (None, Some(p)) if p.is_zero() && self.map.get(Role::SettledDate).is_some() => Settlement::open(),
            (None, Some(p)) => Settlement::OpenAtSnapshot(amount - p),
            (None, None) if self.map.get(Role::SettledDate).is_some() => Settlement::open(),
            // No payment information at all: open in full at the export's date.
            (None, None) => Settlement::OpenAtSnapshot(amount),
        };

        // Due date: assumed from the payment terms when missing (cash is
        // due the day it is received).
        let (due_date, due_assumed) = match self.date(rec, Role::DueDate) {
            _ if payment => (invoice_date, false),
            Some(d) => (d, false),
            None => {
                if self.map.get(Role::DueDate).is_some() {
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
        let disputed = if self.map.get(Role::Disputed).is_some() {
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
        let currency = match self.map.get(Role::Currency).map(|_| self.cell(rec, Role::Currency)) {
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
mod tests {
    use super::*;
    use crate::domain::ledger::tests::{d, dec, m};

    fn import(text: &str) -> (Ledger, ImportReport) {
        import_csv(text.as_bytes(), &ImportOptions::default()).unwrap()
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
    fn unknown_headers_mapped_by_the_user_then_remembered() {
        use crate::domain::import::SavedMapping;
        let text = "Kunde;Beleg;Datum;Fällig;Betrag;Bezahlt am\nK1;B1;03.01.2026;02.02.2026;100,00;10.02.2026\nK2;B2;04.01.2026;03.02.2026;50,00;\nK1;B3;05.01.2026;04.02.2026;7,00;\n";
        // The content names the customer, date and amount: the import reads
        // and says which roles it found that way.
        let (_, r) = import(text);
        assert_eq!(r.layout.source, MappingSource::Guessed);
        assert_eq!(r.layout.by_content, vec![Role::CustomerId, Role::Amount], "{:?}", r.layout);
        assert!(r.no_payment_info, "\"Bezahlt am\" is not known: nothing paid, said");
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
        assert_eq!(l.invoices[1].due_date, d("2026-02-03"));
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
        let k = crate::domain::kpi::kpis(&l, d("2026-02-28"), crate::domain::kpi::Period::D90);
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
