//! Records and fields found on the bytes of decoded text, with the quoting
//! rules of the `csv` crate's reader (csv-core) and none of its copies: a
//! field is a slice of the text, except a quoted one with a doubled quote
//! or text after its closing quote, unescaped once into a buffer the
//! record keeps. No `String` per record, no UTF-8 check per record (the
//! text is already a `str`), and the line each record starts on counted as
//! the bytes go by.
//!
//! The rules, as csv-core applies them with a delimiter, `"` quotes
//! doubled inside quotes, and `\r`, `\n` or `\r\n` ending a record:
//! - a quote opens a quoted field only as the field's first byte; anywhere
//!   else it is text (`24"` is the two characters it looks like);
//! - inside quotes, delimiters and line ends are text, `""` is one quote,
//!   and a lone quote closes the quotes; what follows it up to the next
//!   delimiter or line end is text of the same field;
//! - line ends with nothing between them (blank lines) make no record; a
//!   record is its fields, however many (files are read "flexible");
//! - at the end of the text the last field and record end, even inside
//!   quotes.
//!
//! `csv` stays the reference these rules are tested against (the tests
//! below and the import's fuzz target compare both on every input).

/// A byte's part in the structure: a delimiter, a line end, or text.
const TEXT: u8 = 0;
const DELIM: u8 = 1;
const END: u8 = 2;

/// Every byte of a word, for `bytes_equal`.
const CRS: u64 = u64::from_ne_bytes([b'\r'; 8]);
const LFS: u64 = u64::from_ne_bytes([b'\n'; 8]);

/// The bytes of `word` equal to those of `pattern`, as the high bit of
/// each (exactly: no carry crosses from one byte to the next).
#[inline]
fn bytes_equal(word: u64, pattern: u64) -> u64 {
    const LOW7: u64 = u64::from_ne_bytes([0x7f; 8]);
    let x = word ^ pattern;
    !(((x & LOW7) + LOW7) | x) & !LOW7
}

/// Splits text into records; one per file (its delimiter and line end).
#[derive(Debug, Clone)]
pub(crate) struct Splitter {
    class: [u8; 256],
    /// The delimiter in every byte of a word (`\r` when the delimiter is a
    /// line end or a quote: none but the line ends then).
    delims: u64,
    /// The byte lines are counted by (`\n`, or `\r` in a file without `\n`).
    line_end: u8,
}

/// Where a record's fields are, reused from record to record.
#[derive(Debug, Default)]
pub(crate) struct Fields {
    /// Each field as a byte range of the text, or of `unescaped` when the
    /// range's `from_buffer` is set.
    spans: Vec<Span>,
    unescaped: String,
}

#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    from_buffer: bool,
}

/// What `Splitter::next` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Next {
    /// A record from byte `start` (after any blank lines), on line `line`,
    /// to byte `end` (after its line end, or the text's end), where line
    /// `line_after` begins.
    Record { start: usize, end: usize, line: u64, line_after: u64 },
    /// The text ends inside a record that more text may complete.
    Incomplete,
    /// Nothing but line ends is left.
    Done,
}

impl Splitter {
    pub(crate) fn new(delimiter: u8, line_end: u8) -> Splitter {
        let mut class = [TEXT; 256];
        class[usize::from(b'\r')] = END;
        class[usize::from(b'\n')] = END;
        // A delimiter that is a line end or a quote would make no sense; the
        // line end wins, as it does in csv-core.
        let delim = if matches!(delimiter, b'\r' | b'\n' | b'"') { b'\r' } else { delimiter };
        if delim != b'\r' {
            class[usize::from(delim)] = DELIM;
        }
        Splitter { class, delims: u64::from_ne_bytes([delim; 8]), line_end }
    }

    /// The next record of `text` from byte `pos`, `line` being the line
    /// `pos` is on; its fields go into `fields`. `last`: the text is the
    /// whole rest of the file, so a record cut by its end is complete.
    pub(crate) fn next(&self, text: &str, pos: usize, line: u64, last: bool, fields: &mut Fields) -> Next {
        let bytes = text.as_bytes();
        let (mut i, mut line) = (pos, line);
        // Blank lines: no record.
        while i < bytes.len() && self.class[usize::from(bytes[i])] == END {
            line += u64::from(bytes[i] == self.line_end);
            i += 1;
        }
        if i == bytes.len() {
            return Next::Done;
        }
        let (start, start_line) = (i, line);
        fields.spans.clear();
        fields.unescaped.clear();
        loop {
            // A field from byte i.
            if bytes[i] == b'"' {
                match self.quoted(bytes, i, last, &mut line, fields) {
                    Some(after) => i = after,
                    None => return Next::Incomplete,
                }
            } else {
                let from = i;
                i = self.field_end(bytes, i);
                fields.spans.push(Span { start: from, end: i, from_buffer: false });
            }
            // What ends the field.
            let Some(&b) = bytes.get(i) else {
                return if last {
                    Next::Record { start, end: i, line: start_line, line_after: line }
                } else {
                    Next::Incomplete
                };
            };
            i += 1;
            if self.class[usize::from(b)] == DELIM {
                if i == bytes.len() {
                    if !last {
                        return Next::Incomplete;
                    }
                    // "a;" at the very end: a last, empty field.
                    fields.spans.push(Span { start: i, end: i, from_buffer: false });
                    return Next::Record { start, end: i, line: start_line, line_after: line };
                }
                continue;
            }
            // A line end; "\r\n" is one.
            line += u64::from(b == self.line_end);
            if b == b'\r' && bytes.get(i) == Some(&b'\n') {
                line += u64::from(self.line_end == b'\n');
                i += 1;
            }
            return Next::Record { start, end: i, line: start_line, line_after: line };
        }
    }

    /// A quoted field whose opening quote is at `open`: its span pushed,
    /// and the position of the byte after it (a delimiter, a line end or
    /// the text's end); `None` when the text ends inside the quotes and
    /// is not `last`.
    fn quoted(&self, bytes: &[u8], open: usize, last: bool, line: &mut u64, fields: &mut Fields) -> Option<usize> {
        // Most quoted fields are one slice of the text; one with a doubled
        // quote, or text after its closing quote, is gathered in the buffer.
        let buffer_start = fields.unescaped.len();
        let mut buffered = false;
        let mut i = open + 1;
        let mut piece = i;
        let close = loop {
            let Some(q) = memchr::memchr(b'"', &bytes[i..]).map(|q| i + q) else {
                // Quotes never closed: at the file's end, the field runs to it.
                if !last {
                    return None;
                }
                *line += self.lines_in(&bytes[i..]);
                if buffered {
                    push_str(&mut fields.unescaped, &bytes[piece..]);
                }
                break bytes.len();
            };
            *line += self.lines_in(&bytes[i..q]);
            match bytes.get(q + 1) {
                Some(b'"') => {
                    // A doubled quote: one quote of text.
                    buffered = true;
                    push_str(&mut fields.unescaped, &bytes[piece..=q]);
                    i = q + 2;
                    piece = i;
                }
                // The closing quote may yet be the first of a doubled one.
                None if !last => return None,
                _ => {
                    if buffered {
                        push_str(&mut fields.unescaped, &bytes[piece..q]);
                    }
                    break q;
                }
            }
        };
        // Text after the closing quote belongs to the field.
        let mut end = (close + 1).min(bytes.len());
        while end < bytes.len() && self.class[usize::from(bytes[end])] == TEXT {
            end += 1;
        }
        if end > close + 1 {
            if !buffered {
                buffered = true;
                push_str(&mut fields.unescaped, &bytes[open + 1..close]);
            }
            push_str(&mut fields.unescaped, &bytes[close + 1..end]);
        }
        fields.spans.push(if buffered {
            Span { start: buffer_start, end: fields.unescaped.len(), from_buffer: true }
        } else {
            Span { start: open + 1, end: close, from_buffer: false }
        });
        Some(end)
    }

    /// The first delimiter or line end at or after `from` (the text's
    /// length when there is none): eight bytes at a time, each word
    /// tested for the three bytes at once, then byte by byte at the end.
    #[inline]
    fn field_end(&self, bytes: &[u8], from: usize) -> usize {
        let mut i = from;
        while let Some(word) = bytes.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
            let word = u64::from_le_bytes(word);
            let found = bytes_equal(word, self.delims) | bytes_equal(word, CRS) | bytes_equal(word, LFS);
            if found != 0 {
                return i + (found.trailing_zeros() / 8) as usize;
            }
            i += 8;
        }
        while i < bytes.len() && self.class[usize::from(bytes[i])] == TEXT {
            i += 1;
        }
        i
    }

    fn lines_in(&self, bytes: &[u8]) -> u64 {
        memchr::memchr_iter(self.line_end, bytes).count() as u64
    }
}

/// Appends bytes cut from a `str` at ASCII boundaries (quotes, delimiters,
/// line ends), so they are whole characters.
fn push_str(out: &mut String, bytes: &[u8]) {
    match std::str::from_utf8(bytes) {
        Ok(s) => out.push_str(s),
        // Not reachable with cuts at ASCII bytes; kept lossless-safe.
        Err(_) => out.push_str(&String::from_utf8_lossy(bytes)),
    }
}

/// A record's fields as text: what the import reads a row from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record<'a> {
    text: &'a str,
    fields: &'a Fields,
}

impl<'a> Record<'a> {
    pub(crate) fn new(text: &'a str, fields: &'a Fields) -> Record<'a> {
        Record { text, fields }
    }

    /// Field `i`, as written (not trimmed).
    pub(crate) fn get(&self, i: usize) -> Option<&'a str> {
        let s = self.fields.spans.get(i)?;
        let source = if s.from_buffer { self.fields.unescaped.as_str() } else { self.text };
        source.get(s.start..s.end)
    }

    pub(crate) fn len(&self) -> usize {
        self.fields.spans.len()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let r = *self;
        (0..r.len()).map(move |i| r.get(i).unwrap_or(""))
    }

    /// Every field blank (spaces only, or none): a line of delimiters.
    pub(crate) fn is_blank(&self) -> bool {
        self.iter().all(|f| f.trim().is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The records `csv` reads (flexible, no header), each with the line
    /// its first byte is on.
    fn reference(text: &str, delim: u8) -> Vec<Vec<String>> {
        let mut rdr =
            ::csv::ReaderBuilder::new().delimiter(delim).has_headers(false).flexible(true).from_reader(text.as_bytes());
        rdr.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
    }

    fn ours(text: &str, delim: u8) -> Vec<Vec<String>> {
        let line_end = if !text.contains('\n') && text.contains('\r') { b'\r' } else { b'\n' };
        let s = Splitter::new(delim, line_end);
        let mut fields = Fields::default();
        let (mut pos, mut line, mut out) = (0, 1, Vec::new());
        loop {
            match s.next(text, pos, line, true, &mut fields) {
                Next::Record { end, line_after, .. } => {
                    out.push(Record::new(text, &fields).iter().map(str::to_string).collect());
                    (pos, line) = (end, line_after);
                }
                Next::Done => return out,
                Next::Incomplete => panic!("the last text is never incomplete"),
            }
        }
    }

    #[track_caller]
    fn same(text: &str) {
        for delim in [b',', b';', b'\t'] {
            assert_eq!(ours(text, delim), reference(text, delim), "{text:?} with {:?}", delim as char);
        }
    }

    #[test]
    fn fields_as_csv_reads_them() {
        same("a,b,c\n1,2,3\n");
        same("a;b\r\n1;2\r\n\r\n\r\n3;4");
        same("a,b\r1,2\r");
        same("\n\n a , b ,\n,,\n");
        same("x,\"quoted, with comma\",y\n");
        same("x,\"line\nbreak\",y\r\nz\n");
        same("x,\"doubled \"\"quote\"\"\",y\n");
        same("x,\"closed\"after,y\n");
        same("x,\"closed\"\"\" after \"x\",y\n");
        same("size 24\" screen,2\n3,\"4\"\n");
        same("a,24\",\"b\nc\",d\n");
        same("\"never closed,a\nb\n");
        same("\"\"\n\"\",\"\"\n");
        same("a,");
        same("a,\n,");
        same("é,ü;ß\t\"ñ\"\"ç\"\n");
        same("\"a\"\r\n\"b\"\r");
        same("one\n");
        same("");
        same("\r\n");
    }

    /// Records and their lines as `csv` and the import's line counter give them.
    fn reference_with_lines(text: &str, delim: u8) -> Vec<(u64, Vec<String>)> {
        let mut rdr =
            ::csv::ReaderBuilder::new().delimiter(delim).has_headers(false).flexible(true).from_reader(text.as_bytes());
        let mut lines = super::super::LineCounter::new(text);
        let mut rec = ::csv::StringRecord::new();
        let mut out = Vec::new();
        while rdr.read_record(&mut rec).unwrap() {
            let line = lines.line_at(rec.position().unwrap().byte());
            out.push((line, rec.iter().map(str::to_string).collect()));
        }
        out
    }

    /// The same, read in pieces cut anywhere: a record cut by a piece's end
    /// is read again from its start once the next piece is there.
    fn ours_in_pieces(text: &str, delim: u8, cuts: &[usize]) -> Vec<(u64, Vec<String>)> {
        let line_end = if !text.contains('\n') && text.contains('\r') { b'\r' } else { b'\n' };
        let s = Splitter::new(delim, line_end);
        let mut fields = Fields::default();
        let (mut pos, mut line, mut out) = (0, 1, Vec::new());
        let mut ends: Vec<usize> =
            cuts.iter().map(|c| c % (text.len() + 1)).filter(|c| text.is_char_boundary(*c)).collect();
        ends.sort_unstable();
        ends.push(text.len());
        for (k, &upto) in ends.iter().enumerate() {
            let last = k + 1 == ends.len();
            let visible = &text[..upto.max(pos)];
            while let Next::Record { end, line: at, line_after, .. } = s.next(visible, pos, line, last, &mut fields) {
                out.push((at, Record::new(visible, &fields).iter().map(str::to_string).collect()));
                (pos, line) = (end, line_after);
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// On any text of quotes, delimiters, line ends and letters, cut
        /// anywhere: the records, fields and lines `csv` reads.
        #[test]
        fn same_records_as_csv(
            text in "[a\"\\,;\r\n é]{0,60}",
            cuts in proptest::collection::vec(0usize..64, 0..4),
        ) {
            for delim in [b',', b';'] {
                proptest::prop_assert_eq!(ours_in_pieces(&text, delim, &cuts), reference_with_lines(&text, delim));
            }
        }
    }

    #[test]
    fn a_record_cut_by_the_end_waits_for_more() {
        let s = Splitter::new(b',', b'\n');
        let mut f = Fields::default();
        assert_eq!(s.next("a,b", 0, 1, false, &mut f), Next::Incomplete);
        assert_eq!(s.next("\n\na,\"b\nc", 0, 1, false, &mut f), Next::Incomplete);
        assert_eq!(s.next("a,\"b\"", 0, 1, false, &mut f), Next::Incomplete);
        assert_eq!(s.next("a,", 0, 1, false, &mut f), Next::Incomplete);
        assert_eq!(s.next("a,\"b\"\n", 0, 1, false, &mut f), Next::Record { start: 0, end: 6, line: 1, line_after: 2 });
        assert_eq!(s.next("\n\n", 0, 1, false, &mut f), Next::Done);
    }

    #[test]
    fn lines_count_the_breaks_inside_quotes() {
        let s = Splitter::new(b',', b'\n');
        let mut f = Fields::default();
        let text = "\"a\nb\nc\",d\n\ne\n";
        let Next::Record { end, line, line_after, .. } = s.next(text, 0, 1, true, &mut f) else { panic!() };
        assert_eq!((end, line, line_after), (10, 1, 4));
        assert_eq!(Record::new(text, &f).get(0), Some("a\nb\nc"));
        // The next record starts on line 5, after a blank line.
        assert!(matches!(s.next(text, end, line_after, true, &mut f), Next::Record { line: 5, line_after: 6, .. }));
    }
}
