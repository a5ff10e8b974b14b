//! Where records end in delimited text that arrives in pieces, found by
//! looking only at quotes, delimiters and line ends, under the quoting
//! rule of csv-core (the reader that then reads the records): a quote
//! opens a quoted value only at the start of a field (the first byte of
//! the text, of a line, or after a delimiter); inside it, `""` is a quote
//! and a lone quote closes it; anywhere else a quote is a character of the
//! value (`Écran 24" plat`). A line end is a record's end only outside a
//! quoted value. The scan can stop at any byte and go on with the next
//! piece: `Quotes` is where it stands.

/// Where a scan stands between two pieces of text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(in crate::domain::import) enum Quotes {
    /// At the start of a field (the text's start, after a delimiter or a line end).
    #[default]
    FieldStart,
    /// Inside an unquoted field: a quote here is a character.
    InField,
    /// Inside a quoted value.
    Quoted,
    /// Inside a quoted value, just after a quote: the next byte says
    /// whether it was the first of `""` or the closing one.
    QuoteInQuoted,
}

impl Quotes {
    /// Outside any quoted value: a line end here ends a record.
    pub(in crate::domain::import) fn outside(self) -> bool {
        matches!(self, Quotes::FieldStart | Quotes::InField)
    }
}

/// The position of the last line end outside quoted values in `bytes`,
/// scanned from `state` (updated to where the scan ends). `delim` is the
/// field delimiter, `line_end` the byte that ends a line; a `\r` or `\n`
/// also starts a field, as csv-core ends a record at either.
pub(in crate::domain::import) fn scan_records(
    bytes: &[u8],
    delim: u8,
    line_end: u8,
    state: &mut Quotes,
) -> Option<usize> {
    let mut end = None;
    let mut at = 0;
    // A quote pending from the piece before.
    if *state == Quotes::QuoteInQuoted {
        match bytes.first() {
            None => return None,
            Some(b'"') => {
                *state = Quotes::Quoted;
                at = 1;
            }
            Some(_) => *state = Quotes::InField,
        }
    }
    loop {
        if *state == Quotes::Quoted {
            // The next quote: "" is a quote, a lone one closes the value.
            match memchr::memchr(b'"', &bytes[at..]) {
                None => return end,
                Some(q) => {
                    let q = at + q;
                    match bytes.get(q + 1) {
                        None => {
                            *state = Quotes::QuoteInQuoted;
                            return end;
                        }
                        Some(b'"') => at = q + 2,
                        Some(_) => {
                            *state = Quotes::InField;
                            at = q + 1;
                        }
                    }
                    continue;
                }
            }
        }
        // Outside quotes: the next quote or line end.
        let field_start_at = |i: usize, state: Quotes| {
            if i == 0 {
                state == Quotes::FieldStart
            } else {
                let b = bytes[i - 1];
                b == delim || b == b'\n' || b == b'\r'
            }
        };
        let mut opened = None;
        for i in memchr::memchr2_iter(b'"', line_end, &bytes[at..]) {
            let i = at + i;
            if bytes[i] == line_end {
                end = Some(i);
            } else if field_start_at(i, *state) {
                opened = Some(i);
                break;
            }
        }
        match opened {
            Some(i) => {
                *state = Quotes::Quoted;
                at = i + 1;
            }
            None => {
                *state = match bytes.last() {
                    None => *state,
                    Some(&b) if b == delim || b == b'\n' || b == b'\r' => Quotes::FieldStart,
                    Some(_) => Quotes::InField,
                };
                return end;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The record ends of `text` scanned in pieces of `piece` bytes, and the
    /// state at its end.
    fn ends(text: &str, piece: usize) -> (Vec<usize>, Quotes) {
        let mut state = Quotes::default();
        let mut found = Vec::new();
        let bytes = text.as_bytes();
        let mut from = 0;
        for chunk in bytes.chunks(piece) {
            // Record ends are reported as the last one of each piece, as the stream uses them.
            if let Some(e) = scan_records(chunk, b';', b'\n', &mut state) {
                found.push(from + e);
            }
            from += chunk.len();
        }
        (found, state)
    }

    #[track_caller]
    fn check(text: &str, last_end: Option<usize>, state: Quotes) {
        for piece in 1..=text.len().max(1) {
            let (found, got) = ends(text, piece);
            assert_eq!(found.last().copied(), last_end, "{text:?} in pieces of {piece}");
            assert_eq!(got, state, "{text:?} in pieces of {piece}");
        }
    }

    #[test]
    fn quotes_open_only_at_the_start_of_a_field() {
        // A stray quote is a character: the line end after it ends the record.
        check("a;24\" plat;b\nc", Some(12), Quotes::InField);
        check("a;24\"\n", Some(5), Quotes::FieldStart);
        // A quoted value's line break is not a record end; its closing quote ends it.
        check("a;\"x\ny\";b\n", Some(9), Quotes::FieldStart);
        check("a;\"x\ny", None, Quotes::Quoted);
        check("\"x\ny\"", None, Quotes::QuoteInQuoted);
        check("\"x\ny\";", None, Quotes::FieldStart);
        // "" inside quotes is a quote, also cut between the two.
        check("a;\"x\"\"\ny\"\n", Some(9), Quotes::FieldStart);
        check("a;\"x\"", None, Quotes::QuoteInQuoted);
        // After a closing quote, a quote is a character again.
        check("\"a\"b\"\nc\n", Some(7), Quotes::FieldStart);
        // At the start of a line (after \n or \r) and after a delimiter, a quote opens.
        check("a\n\"b\nc\"\n", Some(7), Quotes::FieldStart);
        check("a\r\"b\nc\"\n", Some(7), Quotes::FieldStart);
        check("", None, Quotes::FieldStart);
    }
}
