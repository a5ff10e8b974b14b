//! A delimited file read by several readers at once (the analysis worker
//! and helper workers, one per core). The file is cut just after a line
//! end into parts: the first is read by the `CsvStream`, each other one by
//! a `CsvPart`, which makes the stream's decisions again from the file's
//! first bytes. The parts' rows are then joined to the stream's in file
//! order, giving exactly what one reader gives. A cut that fell inside a
//! quoted value shows at the join (the part before it does not end at a
//! record end) and the stream then reads the rest itself.

use super::{decide, Body, CsvStream, Decided, Reading, RowMeta};
use crate::domain::import::report::{Excluded, ImportReport, Issue, MAX_ISSUES};
use crate::domain::import::{ImportError, ImportOptions};
use crate::domain::ledger::{Customer, Invoice, LabelIx};
use serde::{Deserialize, Serialize};

/// Invoices per message a part's rows are sent in: a few MB each, so the
/// reader joining them never holds a whole part twice.
pub const ROWS_PER_CHUNK: usize = 100_000;

/// The first byte after the first `line_end` in `bytes`: where a record
/// may begin.
pub fn after_line_end(bytes: &[u8], line_end: u8) -> Option<usize> {
    memchr::memchr(line_end, bytes).map(|i| i + 1)
}

/// What a part says of itself before its rows: the counts and lists the
/// join adds to the stream's report, and the customers and labels its
/// rows refer to by index.
#[derive(Debug, Serialize, Deserialize)]
struct PartHead {
    /// The part's bytes ended at a record's end (or at the file's end).
    clean_end: bool,
    /// Line ends read, records seen, characters not decoded, invoices.
    lines: u64,
    records: u64,
    replaced: u64,
    invoices: u64,
    customers: Vec<Customer>,
    labels: Vec<String>,
    rows_read: u64,
    rows_skipped: u64,
    rows_excluded: u64,
    default_currency_used: u64,
    repeated_headers: u64,
    rounded_amounts: u64,
    rounded_example: Option<String>,
    excluded: Vec<Excluded>,
    /// Lines counted from the part's first line (1).
    issues: Vec<Issue>,
    issues_total: u64,
}

/// A run of a part's rows, as sent.
#[derive(Deserialize)]
struct PartRows {
    invoices: Vec<Invoice>,
    meta: Vec<RowMeta>,
}

/// The same, borrowed from the part (the same bytes).
#[derive(Serialize)]
struct PartRowsRef<'a> {
    invoices: &'a [Invoice],
    meta: &'a [RowMeta],
}

/// Reads one part of a delimited file, from a record's start to the end
/// of its range.
pub struct CsvPart {
    reading: Reading,
}

impl CsvPart {
    /// A reader for a part starting at a record's start; `head` is the
    /// file's first `HEAD_BYTES` (the file being longer than that), on which
    /// it makes the stream's decisions again.
    pub fn new(head: &[u8], opts: &ImportOptions) -> Result<CsvPart, ImportError> {
        let Decided { encoding, plan, report, .. } = decide(head, opts, false)?;
        let mut body = Body::new(ImportReport { issues: Vec::new(), ..report });
        // The header and the rows above it are in the first part.
        body.row = plan.header_ix + 1;
        let reading = Reading {
            decoder: encoding.new_decoder_without_bom_handling(),
            decoded_all: false,
            carry: String::new(),
            plan,
            body,
            ascii: encoding.is_ascii_compatible(),
        };
        Ok(CsvPart { reading })
    }

    /// The part's next bytes; `TooBig` when they cannot be held (the
    /// worker that asked then reads the part itself, and says so).
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), ImportError> {
        self.reading.decode(bytes, false)
    }

    /// Data rows read so far.
    pub fn rows_read(&self) -> u64 {
        self.reading.body.report.rows_read
    }

    /// The part's bytes have all been pushed; `at_file_end`: they end the file.
    pub fn finish(mut self, at_file_end: bool) -> FinishedPart {
        let r = &mut self.reading;
        let clean_end = at_file_end || r.at_record_end();
        if at_file_end {
            // Nothing left but what the decoder holds (a few bytes): nothing to hold.
            let _ = r.decode(&[], true);
        }
        let Reading { body, .. } = self.reading;
        let Body { ledger, report, meta, row, line, replaced, .. } = body;
        let head = PartHead {
            clean_end,
            lines: line - 1,
            records: row as u64,
            replaced,
            invoices: ledger.invoices.len() as u64,
            customers: ledger.customers,
            labels: ledger.labels,
            rows_read: report.rows_read,
            rows_skipped: report.rows_skipped,
            rows_excluded: report.rows_excluded,
            default_currency_used: report.default_currency_used,
            repeated_headers: report.repeated_headers,
            rounded_amounts: report.rounded_amounts,
            rounded_example: report.rounded_example,
            excluded: report.excluded,
            issues: report.issues,
            issues_total: report.issues_total,
        };
        FinishedPart { head, invoices: ledger.invoices, meta }
    }
}

/// A part read to its end, ready to be sent to the stream that joins it.
pub struct FinishedPart {
    head: PartHead,
    invoices: Vec<Invoice>,
    meta: Vec<RowMeta>,
}

impl FinishedPart {
    /// Its summary, as bytes (the first message).
    pub fn head(&self) -> Vec<u8> {
        // Our own types always serialise; an empty message would be refused at the join.
        postcard::to_allocvec(&self.head).unwrap_or_default()
    }

    /// Its rows, `ROWS_PER_CHUNK` at a time, as bytes.
    pub fn chunks(&self) -> impl Iterator<Item = Vec<u8>> + '_ {
        let n = self.invoices.len();
        (0..n).step_by(ROWS_PER_CHUNK).map(move |i| {
            let j = (i + ROWS_PER_CHUNK).min(n);
            postcard::to_allocvec(&PartRowsRef { invoices: &self.invoices[i..j], meta: &self.meta[i..j] })
                .unwrap_or_default()
        })
    }
}

impl CsvStream {
    /// The byte that ends a line, when the rest of the file may be read in
    /// parts and joined: the head has been read and settled the date order
    /// (no later row can make earlier ones be read again), the encoding
    /// writes a line end as one ASCII byte, and the reading goes on.
    pub fn split_line_end(&self) -> Option<u8> {
        let r = self.reading.as_ref()?;
        (r.ascii && !r.plan.date_order_assumed && !r.decoded_all).then_some(r.plan.line_end)
    }

    /// The bytes pushed so far end at a record's end (a line end outside
    /// quotes): a part may start there.
    pub fn at_record_end(&self) -> bool {
        self.reading.as_ref().is_some_and(Reading::at_record_end)
    }

    /// Joins a part read by a `CsvPart` from where this stream's bytes end
    /// (`at_record_end`): its summary (`FinishedPart::head`), then its rows
    /// (`FinishedPart::chunks`). False, with nothing joined, when it cannot
    /// be: the part did not end at a record's end (its own end fell inside
    /// quotes) or its messages do not read; the caller then pushes the
    /// part's bytes itself.
    pub fn join(&mut self, head: &[u8], chunks: impl IntoIterator<Item = Vec<u8>>) -> bool {
        let Some(r) = self.reading.as_mut() else { return false };
        let Ok(part) = postcard::from_bytes::<PartHead>(head) else { return false };
        if !part.clean_end || !r.at_record_end() {
            return false;
        }
        let body = &mut r.body;
        let (invoices_before, customers_before, labels_before) =
            (body.ledger.invoices.len(), body.ledger.customers.len(), body.ledger.labels.len());
        let offset = body.line - 1;
        let customers: Vec<u32> = part.customers.iter().map(|c| customer_index(body, c)).collect();
        let labels: Vec<LabelIx> = part
            .labels
            .iter()
            .map(|l| super::intern(&mut body.label_ix, &mut body.ledger.labels, Some(l)).unwrap_or(0))
            .collect();
        let joined = chunks.into_iter().all(|chunk| {
            let Ok(rows) = postcard::from_bytes::<PartRows>(&chunk) else { return false };
            if rows.invoices.len() != rows.meta.len() {
                return false;
            }
            let label = |l: Option<LabelIx>| l.map(|l| labels.get(l as usize).copied().ok_or(())).transpose();
            for (mut inv, m) in rows.invoices.into_iter().zip(&rows.meta) {
                let (Some(&customer), Ok(division), Ok(sales_rep), Ok(dispute_reason)) = (
                    customers.get(inv.customer as usize),
                    label(inv.division),
                    label(inv.sales_rep),
                    label(inv.dispute_reason),
                ) else {
                    return false;
                };
                inv.customer = customer;
                (inv.division, inv.sales_rep, inv.dispute_reason) = (division, sales_rep, dispute_reason);
                inv.source_line += offset;
                if !m.explicit_id {
                    // Named after its line in the file, now known.
                    inv.id = compact_str::format_compact!("L{}", inv.source_line);
                }
                body.ledger.invoices.push(inv);
            }
            body.meta.extend(rows.meta);
            true
        });
        if !joined || body.ledger.invoices.len() - invoices_before != part.invoices as usize {
            // Undone: the caller reads the part itself.
            body.ledger.invoices.truncate(invoices_before);
            body.meta.truncate(invoices_before);
            for c in body.ledger.customers.drain(customers_before..) {
                body.customer_ix.remove(c.id.as_str());
            }
            for l in body.ledger.labels.drain(labels_before..) {
                body.label_ix.remove(l.as_str());
            }
            return false;
        }
        // A customer known before takes the part's name and credit limit if it had none.
        for (c, &ix) in part.customers.into_iter().zip(&customers) {
            if let Some(mine) = body.ledger.customers.get_mut(ix as usize).filter(|_| (ix as usize) < customers_before)
            {
                if mine.credit_limit.is_none() {
                    mine.credit_limit = c.credit_limit;
                }
                if mine.name.is_none() {
                    mine.name = c.name;
                }
                if mine.email.is_none() {
                    mine.email = c.email;
                }
                if mine.phone.is_none() {
                    mine.phone = c.phone;
                }
            }
        }
        let report = &mut body.report;
        report.rows_read += part.rows_read;
        report.rows_skipped += part.rows_skipped;
        report.rows_excluded += part.rows_excluded;
        report.default_currency_used += part.default_currency_used;
        report.repeated_headers += part.repeated_headers;
        report.rounded_amounts += part.rounded_amounts;
        if report.rounded_example.is_none() {
            report.rounded_example = part.rounded_example;
        }
        for e in part.excluded {
            match report.excluded.iter_mut().find(|x| x.reason == e.reason && x.value == e.value) {
                Some(x) => {
                    x.lines += e.lines;
                    x.amount += e.amount;
                }
                None => report.excluded.push(e),
            }
        }
        for mut issue in part.issues {
            if report.issues.len() >= MAX_ISSUES {
                break;
            }
            if issue.line > 0 {
                issue.line += offset;
            }
            report.issues.push(issue);
        }
        report.issues_total += part.issues_total;
        body.line += part.lines;
        body.row += part.records as usize;
        body.replaced += part.replaced;
        true
    }
}

impl Reading {
    /// Everything decoded has been read: the last byte ended a record.
    fn at_record_end(&self) -> bool {
        self.carry.is_empty()
    }
}

/// The stream's index of a part's customer, added when new.
fn customer_index(body: &mut Body, c: &Customer) -> u32 {
    if let Some(&ix) = body.customer_ix.get(c.id.as_str()) {
        return ix;
    }
    let ix = body.ledger.customers.len() as u32;
    body.ledger.customers.push(c.clone());
    body.customer_ix.insert(c.id.as_str().into(), ix);
    ix
}

#[cfg(test)]
mod tests {
    use super::super::{import_csv, CsvStream};
    use super::*;
    use crate::domain::import::damage::rng;
    use crate::domain::ledger::Ledger;

    /// The file read as the worker reads it: the stream takes the head and
    /// the first part, a `CsvPart` each part starting after a line end past
    /// each of `cuts`, its messages joined in order; a part that cannot be
    /// joined is read by the stream itself.
    fn in_parts(bytes: &[u8], head: usize, cuts: &[usize], slice: usize) -> (Ledger, ImportReport, usize) {
        let opts = ImportOptions::default();
        let mut stream = CsvStream::new(opts.clone());
        stream.head_bytes = head;
        stream.size_hint(bytes.len() as u64);
        let head = head.min(bytes.len());
        stream.push(&bytes[..head]).unwrap();
        let Some(line_end) = stream.split_line_end() else {
            stream.push(&bytes[head..]).unwrap();
            let (l, r) = stream.finish().unwrap();
            return (l, r, 0);
        };
        let mut starts: Vec<usize> = cuts
            .iter()
            .filter(|&&c| c >= head && c < bytes.len())
            .filter_map(|&c| after_line_end(&bytes[c..], line_end).map(|s| c + s))
            .filter(|&s| s < bytes.len())
            .collect();
        starts.sort_unstable();
        starts.dedup();
        let Some(&first) = starts.first() else {
            stream.push(&bytes[head..]).unwrap();
            let (l, r) = stream.finish().unwrap();
            return (l, r, 0);
        };
        for s in bytes[head..first].chunks(slice) {
            stream.push(s).unwrap();
        }
        let ends: Vec<usize> = starts.iter().skip(1).copied().chain([bytes.len()]).collect();
        let mut joined = 0;
        for (&start, &end) in starts.iter().zip(&ends) {
            let mut part = CsvPart::new(&bytes[..head], &opts).unwrap();
            for s in bytes[start..end].chunks(slice) {
                part.push(s).unwrap();
            }
            let done = part.finish(end == bytes.len());
            if stream.join(&done.head(), done.chunks()) {
                joined += 1;
            } else {
                stream.push(&bytes[start..end]).unwrap();
            }
        }
        let (l, r) = stream.finish().unwrap();
        (l, r, joined)
    }

    /// Equal, or a short account of the first difference.
    fn same(got: &(Ledger, ImportReport), want: &(Ledger, ImportReport), what: &str) {
        let ((gl, gr), (wl, wr)) = (got, want);
        assert_eq!(gl.invoices.len(), wl.invoices.len(), "{what}: invoices");
        if let Some(i) = (0..gl.invoices.len()).find(|&i| gl.invoices[i] != wl.invoices[i]) {
            panic!("{what}: invoice {i}: {:?} against {:?}", gl.invoices[i], wl.invoices[i]);
        }
        assert_eq!(gl.customers, wl.customers, "{what}: customers");
        assert_eq!(gl.labels, wl.labels, "{what}: labels");
        assert_eq!(gr.issues.len(), wr.issues.len(), "{what}: issues kept");
        if let Some(i) = (0..gr.issues.len()).find(|&i| gr.issues[i] != wr.issues[i]) {
            panic!("{what}: issue {i}: {:?} against {:?}", gr.issues[i], wr.issues[i]);
        }
        let strip = |r: &ImportReport| ImportReport { issues: Vec::new(), ..r.clone() };
        assert_eq!(strip(gr), strip(wr), "{what}: report");
        assert_eq!(got, want, "{what}");
    }

    fn ibm() -> Vec<u8> {
        include_bytes!("../../../../tests/fixtures/ibm-accounts-receivable.csv").to_vec()
    }

    /// A French export with what a join must carry across: quoted line
    /// breaks, repeated headers, one row per invoice line, duplicate ids,
    /// excluded lines, bad rows, new customers and labels in every part,
    /// credit limits given late, Windows-1252 bytes.
    fn messy(rows: usize) -> Vec<u8> {
        let mut t = b"Export du 30/06/2026\r\nN\xB0 facture;Client;Nom;Date facture;Ech\xE9ance;Montant TTC;Type;Division;Limite;Note\r\n".to_vec();
        for i in 0..rows {
            let line = match i % 13 {
                0 => format!(
                    "F{i};C{};\"Soci\u{e9}t\u{e9}\r\nC{}\";0{}/03/2026;30/04/2026;1 234,56;Facture;D{};;\"a;b\"\r\n",
                    i % 97,
                    i % 97,
                    1 + i % 9,
                    i % 7
                ),
                1 => "N\u{b0} facture;Client;Nom;Date facture;Ech\u{e9}ance;Montant TTC;Type;Division;Limite;Note\r\n"
                    .to_string(),
                2 => format!("F{};C{};;15/03/2026;;10,00;Facture;D{};5000;\r\n", i - 2, (i - 2) % 97, i % 5),
                3 => format!("F{i};C{};;pas une date;30/04/2026;5;Facture;;;\r\n", i % 31),
                4 => format!("B{i};S{};;15/03/2026;30/04/2026;99,00;Facture fournisseur;;;\r\n", i % 3),
                5 => format!("F{};C{};;16/03/2026;15/04/2026;7,00;Facture;;;\r\n", i / 2, i % 11),
                _ => format!(
                    "F{i};C{};;{:02}/0{}/2026;28/0{}/2026;{},{:02};Avoir;X{};{};\r\n",
                    i % 211,
                    1 + i % 28,
                    1 + i % 6,
                    1 + i % 6,
                    i % 900,
                    i % 100,
                    i % 17,
                    i % 3 * 1000
                ),
            };
            t.extend(line.chars().map(|c| if (c as u32) < 256 { c as u8 } else { b'?' }));
        }
        t
    }

    #[test]
    fn parts_joined_give_one_reader_s_result() {
        let cases = [ibm(), messy(3_000), crate::domain::sample::receivables_csv(4_000, 3).into_bytes()];
        let mut seed = 17;
        for bytes in &cases {
            let whole = import_csv(bytes, &ImportOptions::default()).unwrap();
            let n = bytes.len();
            for round in 0..12 {
                let head = [4_096, 16_384, 30_000][round % 3];
                let cuts: Vec<usize> =
                    (0..1 + round % 4).map(|_| head + (rng(&mut seed) as usize) % (n - head)).collect();
                let slice = [1_000, 65_536, 7][round % 3];
                let (l, r, _) = in_parts(bytes, head, &cuts, slice);
                same(&(l, r), &whole, &format!("head {head}, cuts {cuts:?}"));
            }
            // Evenly cut in four: every part joined.
            let cuts = [n / 4, n / 2, 3 * n / 4];
            let (l, r, joined) = in_parts(bytes, 4_096, &cuts, 65_536);
            same(&(l, r), &whole, "in four");
            assert!(joined >= 1, "{joined} parts joined");
        }
    }

    #[test]
    fn a_cut_inside_quotes_is_read_by_the_stream() {
        let bytes = messy(2_000);
        let whole = import_csv(&bytes, &ImportOptions::default()).unwrap();
        // Just before a quoted line break: the part would start mid-value.
        let at = bytes.windows(3).skip(8_192).position(|w| w == b"\xE9\r\n").unwrap() + 8_192;
        let (l, r, joined) = in_parts(&bytes, 8_192, &[at - 2], 4_096);
        assert_eq!(joined, 0, "the part started inside quotes is not joined");
        same(&(l, r), &whole, "inside quotes");
        // A part whose own end fell inside quotes is not joined either (nor
        // the next, which starts inside them), the one after is.
        let (l, r, joined) = in_parts(&bytes, 8_192, &[at - 2000, at - 2, at + 3000], 4_096);
        assert_eq!((l, r), whole);
        assert_eq!(joined, 1);
    }

    #[test]
    fn a_stray_quote_past_the_head_leaves_the_parts_joinable() {
        // `24"` in an unquoted field, past the first HEAD_BYTES, then a value
        // quoted over two lines: parts cut after it are joined, and give
        // the rows the whole file gives.
        let (bytes, rows, stray) = super::super::tests::stray_quote_file();
        let whole = import_csv(&bytes, &ImportOptions::default()).unwrap();
        assert_eq!(whole.1.invoices, rows);
        let n = bytes.len();
        let head = super::super::HEAD_BYTES;
        for cuts in [vec![stray + 10], vec![stray + 40_000, stray + 200_000], vec![(stray + n) / 2]] {
            let (l, r, joined) = in_parts(&bytes, head, &cuts, 65_536);
            same(&(l, r), &whole, &format!("cuts {cuts:?}"));
            assert_eq!(joined, cuts.len(), "every part joined, cuts {cuts:?}");
        }
    }

    #[test]
    fn issues_past_the_kept_ones_are_counted_across_parts() {
        let mut text = String::from("Client;Date;Montant\n");
        for i in 0..3_000 {
            text.push_str(&format!("C{};{:02}/03/2026;{}\n", i % 7, 1 + i % 28, if i % 2 == 0 { "x" } else { "1,00" }));
        }
        let bytes = text.into_bytes();
        let whole = import_csv(&bytes, &ImportOptions::default()).unwrap();
        assert!(whole.1.issues_total > MAX_ISSUES as u64);
        let (l, r, joined) = in_parts(&bytes, 4_096, &[12_000, 30_000], 4_096);
        same(&(l, r), &whole, "issues");
        assert_eq!(joined, 2);
    }

    #[test]
    fn a_damaged_message_is_refused_and_nothing_is_joined() {
        let bytes = ibm();
        let head = 16_384;
        let mut stream = CsvStream::new(ImportOptions::default());
        stream.head_bytes = head;
        stream.push(&bytes[..head]).unwrap();
        let line_end = stream.split_line_end().unwrap();
        let start = head + after_line_end(&bytes[head..], line_end).unwrap();
        stream.push(&bytes[head..start]).unwrap();
        let mut part = CsvPart::new(&bytes[..head], &ImportOptions::default()).unwrap();
        part.push(&bytes[start..]).unwrap();
        let done = part.finish(true);
        let mut chunks: Vec<Vec<u8>> = done.chunks().collect();
        let half = chunks[0].len() / 2;
        chunks[0].truncate(half);
        assert!(!stream.join(&done.head(), chunks));
        assert!(!stream.join(b"\xFF\xFF", done.chunks()));
        // Nothing of it stayed: reading the rest gives the whole file's result.
        stream.push(&bytes[start..]).unwrap();
        assert_eq!(stream.finish().unwrap(), import_csv(&bytes, &ImportOptions::default()).unwrap());
    }
}
