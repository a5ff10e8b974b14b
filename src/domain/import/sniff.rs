//! Guessing what a file is before reading it: its text encoding (BOM,
//! UTF-8, else Windows-1252, the superset of Latin-1 French exports use, or
//! ISO 8859-15, the FEC's legal encoding, kpi.md "FEC"), its delimiter, and
//! which line is the header.

use encoding_rs::{Encoding, ISO_8859_15, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// The file's text, the name of the encoding it was read with, and how
/// many bytes could not be read in it (replaced by U+FFFD).
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, &'static str, u64) {
    let (encoding, name) = self::encoding(bytes);
    let (text, _) = encoding.decode_with_bom_removal(bytes);
    let bad = if encoding == UTF_8 { text.chars().filter(|c| *c == '\u{FFFD}').count() as u64 } else { 0 };
    (text, name, bad)
}

/// The encoding of a file from its first bytes (a BOM, else UTF-8 when
/// they read as UTF-8 but for a few stray bytes, else a single-byte French
/// encoding), and its name for the report.
pub fn encoding(bytes: &[u8]) -> (&'static Encoding, &'static str) {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return (UTF_8, "UTF-8");
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return (UTF_16LE, "UTF-16LE");
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return (UTF_16BE, "UTF-16BE");
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => (UTF_8, "UTF-8"),
        // Cut inside the last character: UTF-8 up to there.
        Err(e) if e.error_len().is_none() && std::str::from_utf8(&bytes[..e.valid_up_to()]).is_ok() => (UTF_8, "UTF-8"),
        Err(_) => {
            // Mostly UTF-8 with a few stray bytes (a row pasted from another
            // system): keep UTF-8 and replace the strays, rather than turn
            // every "é" into "Ã©". A single-byte file's accents are never
            // valid UTF-8 sequences, so a few valid ones among up to four
            // times as many strays still say UTF-8.
            let lossy = String::from_utf8_lossy(bytes);
            let bad = lossy.chars().filter(|c| *c == '\u{FFFD}').count() as u64;
            let good = lossy.chars().filter(|c| !c.is_ascii() && *c != '\u{FFFD}').count() as u64;
            if good > 0 && good * 4 >= bad {
                return (UTF_8, "UTF-8");
            }
            // A single-byte French file. ISO 8859-15 (kpi.md "FEC") writes
            // the euro sign as 0xA4 and has no character in 0x80..=0x9F,
            // where Windows-1252 puts its own euro (0x80), curly quotes and
            // dashes: a file with 0xA4 and none of those is ISO 8859-15.
            let latin9 = bytes.contains(&0xA4) && !bytes.iter().any(|b| (0x80..=0x9F).contains(b));
            if latin9 {
                (ISO_8859_15, "ISO-8859-15")
            } else {
                (WINDOWS_1252, "Windows-1252")
            }
        }
    }
}

/// The delimiter: of `;`, `,`, tab and `|`, the one whose count per line
/// (outside quotes) is the same on most of the first lines, ties going to
/// the larger count. A comma in French amounts ("1 234,56") does not appear
/// in the header, so it loses to the `;` that does.
pub fn delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text.split(['\n', '\r']).filter(|l| !l.trim().is_empty()).take(30).collect();
    let mut best = (b',', 0usize, 0usize);
    for cand in [b';', b'\t', b',', b'|'] {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, cand)).collect();
        let mut freq: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for &c in counts.iter().filter(|&&c| c > 0) {
            *freq.entry(c).or_default() += 1;
        }
        if let Some((&mode, &n)) = freq.iter().max_by_key(|(c, n)| (**n, **c)) {
            if n > best.1 || (n == best.1 && mode > best.2) {
                best = (cand, n, mode);
            }
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, delim: u8) -> usize {
    let mut inside = false;
    let mut n = 0;
    for b in line.bytes() {
        if b == b'"' {
            inside = !inside;
        } else if b == delim && !inside {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(delimiter("Client;Montant;Date\nA;1 234,56;01/02/2026\nB;12,00;01/02/2026\n"), b';');
        assert_eq!(delimiter("a\tb\tc\r\n1\t2,5\t3\r\n"), b'\t');
        assert_eq!(delimiter("JournalCode|JournalLib|EcritureNum\nVT|Ventes|1\n"), b'|');
        assert_eq!(delimiter("\"a,b\";c;d\n\"1,2\";3;4\n"), b';');
    }

    #[test]
    fn encodings() {
        let (s, e, bad) = decode(b"\xEF\xBB\xBFcaf\xC3\xA9");
        assert_eq!((s.as_ref(), e, bad), ("café", "UTF-8", 0));
        let (s, e, _) = decode(b"Soci\xE9t\xE9 \x80");
        assert_eq!((s.as_ref(), e), ("Société €", "Windows-1252"));
        let (s, e, _) = decode(b"\xFF\xFEa\x00b\x00");
        assert_eq!((s.as_ref(), e), ("ab", "UTF-16LE"));
        // Mostly UTF-8, one stray Latin-1 byte: stays UTF-8, the stray is counted.
        let (s, e, bad) = decode(b"Soci\xC3\xA9t\xC3\xA9 \xC3\xA0 Gen\xE8ve");
        assert_eq!((s.as_ref(), e, bad), ("Société à Gen\u{FFFD}ve", "UTF-8", 1));
    }

    #[test]
    fn a_utf8_header_with_stray_bytes_stays_utf8() {
        // Two valid "é" and three stray bytes: UTF-8, the strays counted.
        let (s, e, bad) = decode(b"Date;R\xC3\xA9f\xC3\xA9rence;Montant\n01/02/2026;F\xff1;\xc3\xff10\n");
        assert_eq!((e, bad), ("UTF-8", 3));
        assert!(s.starts_with("Date;Référence;"));
        // Accents that are all single bytes: Windows-1252.
        let (s, e, _) = decode(b"Soci\xE9t\xE9;\xC9ch\xE9ance;D\xE9bit\n");
        assert_eq!((s.as_ref(), e), ("Société;Échéance;Débit\n", "Windows-1252"));
    }

    #[test]
    fn iso_8859_15_by_its_euro_sign() {
        // 0xA4 is "€" in ISO 8859-15 ("¤" in Windows-1252), 0xBD is "œ" ("½").
        let (s, e, bad) = decode(b"Soci\xE9t\xE9 C\xBDur 12,50 \xA4");
        assert_eq!((s.as_ref(), e, bad), ("Société Cœur 12,50 €", "ISO-8859-15", 0));
        // 0xA4 beside a Windows-1252-only byte (0x92, a curly apostrophe): Windows-1252.
        let (s, e, _) = decode(b"l\x92\xE9t\xE9 \xA4");
        assert_eq!((s.as_ref(), e), ("l\u{2019}été ¤", "Windows-1252"));
        // No 0xA4 at all: Windows-1252, as before.
        let (_, e, _) = decode(b"Soci\xE9t\xE9");
        assert_eq!(e, "Windows-1252");
    }
}
