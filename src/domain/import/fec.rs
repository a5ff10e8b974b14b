//! The FEC (Fichier des Écritures Comptables), the French legal export of a
//! company's books, read as receivables exactly as kpi.md "FEC" says: the
//! lines on accounts 411* are the customers' side; a debit is an invoice, a
//! credit in a sales journal a credit note, any other credit cash received;
//! lines of one customer sharing a lettering code (EcritureLet) settle each
//! other, and what no lettering matched stays open. The FEC has no due
//! date: every one comes from `ImportOptions::terms`.
//!
//! The ledger built here keeps the file's own figure: at the last entry
//! date, AR (kpi.md "Records", net, unapplied cash included) equals the
//! 411 balance (debits - credits of the lines read), to the cent.

use super::mapping::{fold, Role};
use super::report::{DateForm, FecSummary, ImportReport, Issue, Problem, Severity};
use super::values::{self, DateOrder, DecimalSeparator, MAX_AMOUNT};
use super::{sniff, ImportError, ImportOptions};
use crate::domain::ledger::money::Money;
use crate::domain::ledger::{Currency, Customer, CustomerIx, Invoice, ItemKind, Ledger, Settlement};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

mod settle;
use settle::{
    owed_at_once, reclassify, settle_advances, settle_group, unapplied, AdvancePool, CashDebit, Group, GroupCredit,
    Transfer,
};

/// A FEC column (kpi.md "FEC": 18 columns, or Montant + Sens in place of
/// Debit / Credit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    JournalCode,
    JournalLib,
    EcritureNum,
    EcritureDate,
    CompteNum,
    CompteLib,
    CompAuxNum,
    CompAuxLib,
    PieceRef,
    PieceDate,
    // Named so that `NAMES` follows the file's order; not read.
    #[allow(dead_code)]
    EcritureLib,
    Debit,
    Credit,
    EcritureLet,
    DateLet,
    #[allow(dead_code)]
    ValidDate,
    MontantDevise,
    Idevise,
    Montant,
    Sens,
}

/// The columns' names as `fold` makes them, in `Col` order.
const NAMES: [&str; 20] = [
    "journalcode",
    "journallib",
    "ecriturenum",
    "ecrituredate",
    "comptenum",
    "comptelib",
    "compauxnum",
    "compauxlib",
    "pieceref",
    "piecedate",
    "ecriturelib",
    "debit",
    "credit",
    "ecriturelet",
    "datelet",
    "validdate",
    "montantdevise",
    "idevise",
    "montant",
    "sens",
];

/// One cell: padding spaces and enclosing double quotes dropped.
fn cell(s: &str) -> &str {
    let t = s.trim();
    t.strip_prefix('"').and_then(|x| x.strip_suffix('"')).map_or(t, str::trim)
}

/// Where each FEC column is in the header, and the header as written.
#[derive(Debug, Clone)]
struct Columns {
    at: [Option<usize>; 20],
    headers: Vec<String>,
    delimiter: char,
}

impl Columns {
    /// Reads a header line, tab or pipe separated (`delimiter` when given
    /// and one of them, else the one the line holds more of).
    fn parse(line: &str, delimiter: Option<u8>) -> Option<Columns> {
        let delimiter = match delimiter {
            Some(b'\t') => '\t',
            Some(b'|') => '|',
            _ => {
                let tabs = line.matches('\t').count();
                let pipes = line.matches('|').count();
                if tabs == 0 && pipes == 0 {
                    return None;
                }
                if tabs >= pipes {
                    '\t'
                } else {
                    '|'
                }
            }
        };
        let headers: Vec<String> = line.split(delimiter).map(|h| cell(h).to_string()).collect();
        let mut at = [None; 20];
        for (i, h) in headers.iter().enumerate() {
            let f = fold(h);
            if let Some(k) = NAMES.iter().position(|n| *n == f) {
                at[k].get_or_insert(i);
            }
        }
        Some(Columns { at, headers, delimiter })
    }

    fn get(&self, c: Col) -> Option<usize> {
        self.at[c as usize]
    }

    /// The columns that say a line is an accounting entry.
    fn is_fec(&self) -> bool {
        [Col::JournalCode, Col::EcritureNum, Col::EcritureDate, Col::CompteNum].iter().all(|c| self.get(*c).is_some())
    }

    fn debit_credit(&self) -> bool {
        self.get(Col::Debit).is_some() && self.get(Col::Credit).is_some()
    }

    /// Montant + Sens in place of Debit / Credit.
    fn montant_sens(&self) -> bool {
        !self.debit_credit() && self.get(Col::Montant).is_some() && self.get(Col::Sens).is_some()
    }

    /// The column's header as written in the file.
    fn name(&self, c: Col) -> Option<String> {
        self.get(c).and_then(|i| self.headers.get(i)).cloned()
    }
}

/// True when `text_first_line` is a FEC header (kpi.md "FEC"): tab or pipe
/// separated, naming at least JournalCode, EcritureNum, EcritureDate and
/// CompteNum, in any case. A header that has them but lacks the amounts
/// (Debit / Credit, or Montant + Sens) is still a FEC: its import then
/// says which columns are missing.
pub fn is_fec(text_first_line: &str) -> bool {
    Columns::parse(text_first_line, None).is_some_and(|c| c.is_fec())
}

/// An amount cell. The FEC has no thousands separator (kpi.md "FEC"), so
/// the one mark present is the decimal mark: comma ("000001234,50") or dot.
/// A blank cell is zero.
fn amount(s: &str) -> Option<Decimal> {
    if values::is_blank(s) {
        return Some(Decimal::ZERO);
    }
    let sep = if s.rfind(',') > s.rfind('.') { DecimalSeparator::Comma } else { DecimalSeparator::Dot };
    values::parse_amount(s, sep).map(|p| p.value)
}

/// A Sens cell: `Some(true)` for a debit (D, Débit, Debit, +, 1),
/// `Some(false)` for a credit (C, Crédit, Credit, -, -1).
fn sens(s: &str) -> Option<bool> {
    match s.trim() {
        "+" | "1" | "+1" => return Some(true),
        "-" | "-1" => return Some(false),
        _ => {}
    }
    let f = fold(s);
    if f.starts_with('d') {
        Some(true)
    } else if f.starts_with('c') {
        Some(false)
    } else {
        None
    }
}

/// A date cell: AAAAMMJJ, also dd/mm/yyyy and ISO; `None` when blank or
/// unreadable.
fn date(s: &str) -> Option<NaiveDate> {
    values::parse_date(s, DateOrder::DayFirst, false)
}

/// A sales journal (kpi.md "FEC": a credit there is a credit note): code
/// V, VT*, VE* ("VT", "VE", "VTE", "VEN"), or a label saying sales
/// ("Ventes", "Journal des ventes", "Sales").
fn is_sales_journal(code: &str, lib: &str) -> bool {
    let code = code.trim().to_ascii_uppercase();
    let lib = fold(lib);
    code == "V" || code.starts_with("VT") || code.starts_with("VE") || lib.contains("vente") || lib.contains("sales")
}

/// An opening journal ("à nouveaux", the balances brought forward): code
/// AN, RAN or ANO, or a label saying so ("A nouveaux", "Report à nouveau",
/// "Opening balances").
fn is_opening_journal(code: &str, lib: &str) -> bool {
    let code = code.trim().to_ascii_uppercase();
    let lib = fold(lib);
    matches!(code.as_str(), "AN" | "RAN" | "ANO") || lib.contains("nouveau") || lib.contains("opening")
}

/// The role a FEC column plays for the import summary.
fn role_of(c: Col) -> Option<Role> {
    match c {
        Col::EcritureDate | Col::PieceDate => Some(Role::InvoiceDate),
        Col::Debit | Col::Credit | Col::Montant | Col::Sens => Some(Role::Amount),
        Col::CompteNum | Col::CompAuxNum => Some(Role::CustomerId),
        Col::Idevise => Some(Role::Currency),
        _ => None,
    }
}

/// The customer accounts read (kpi.md "FEC"): 411 customers, 416
/// doubtful customers (receivables at risk), 4191 advances received (a
/// credit balance, like unapplied cash).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Account {
    Customers,
    Doubtful,
    Advances,
}

/// The account a CompteNum is, when it is one that is read.
fn account_of(num: &str) -> Option<Account> {
    let n = num.trim();
    if n.starts_with("411") {
        Some(Account::Customers)
    } else if n.starts_with("416") {
        Some(Account::Doubtful)
    } else if n.starts_with("4191") {
        Some(Account::Advances)
    } else {
        None
    }
}

/// What one customer line gave, before it becomes a ledger item.
struct Entry {
    line: u64,
    customer: CustomerIx,
    currency: Currency,
    currency_defaulted: bool,
    ecriture_date: NaiveDate,
    /// PieceDate, else EcritureDate.
    doc_date: NaiveDate,
    id: String,
    /// Debit - credit.
    net: Decimal,
    lettering: String,
    date_let: Option<NaiveDate>,
    sales: bool,
}

/// Reads a FEC (kpi.md "FEC") held whole: `FecStream` fed the whole file.
pub fn import_fec(bytes: &[u8], opts: &ImportOptions) -> Result<(Ledger, ImportReport), ImportError> {
    let mut stream = FecStream::new(opts.clone());
    stream.push(bytes)?;
    stream.finish()
}

/// A FEC read as its slices arrive (kpi.md "FEC"), into a ledger of the
/// customers' invoices, credit notes, payments and unapplied cash, with a
/// report of what was read and skipped. Only the 411 lines are kept: a
/// general ledger of millions of entries is never held whole. The encoding
/// (UTF-8 with or without BOM, ISO 8859-15, Windows-1252: see
/// `sniff::encoding`) and the line ends are decided on the first
/// `HEAD_BYTES`; lettering groups are settled once every line is read. The
/// decimal separator is read from each amount (the FEC has no thousands
/// separator), so `opts.decimal_separator` and `opts.date_order` are not
/// used.
pub struct FecStream {
    opts: ImportOptions,
    /// `HEAD_BYTES`, smaller in tests.
    head_bytes: usize,
    /// Bytes kept until the first `HEAD_BYTES` are there.
    head: Vec<u8>,
    reading: Option<FecReading>,
}

/// A stream once its encoding is known.
struct FecReading {
    decoder: encoding_rs::Decoder,
    /// The decoder has been told the file ended (it must not be used again).
    decoded_all: bool,
    encoding: &'static str,
    /// UTF-8: the characters that could not be decoded are counted.
    count_invalid: bool,
    invalid_bytes: u64,
    /// '\n' (also for "\r\n"), or '\r' for a file of lone CRs: decided
    /// at the first line end.
    line_end: Option<char>,
    /// Decoded text not read yet: a line cut by the end of a slice.
    carry: String,
    /// The number of the next line.
    line: u64,
    /// Set at the header line.
    body: Option<FecBody>,
}

/// What the lines read so far built.
struct FecBody {
    cols: Columns,
    default: Currency,
    terms: super::PaymentTerms,
    report: ImportReport,
    fec: FecSummary,
    ledger: Ledger,
    customer_ix: HashMap<String, CustomerIx>,
    group_ix: HashMap<(CustomerIx, Currency, Account, String), usize>,
    groups: Vec<Group>,
    /// Advances received (4191), per customer and currency.
    pool_ix: HashMap<(CustomerIx, Currency), usize>,
    pools: Vec<AdvancePool>,
    /// A 411 line was in a recognisable sales journal.
    sales_seen: bool,
    /// Ledger indexes of the 411 debits outside the sales and opening
    /// journals, unlettered (returned payments), with their piece dates:
    /// sales after all when the file has no recognisable sales journal.
    returned: Vec<(usize, NaiveDate)>,
    /// Entries that may move receivables to doubtful customers (416), by
    /// journal and entry number, date, customer and currency.
    transfer_ix: HashMap<(String, NaiveDate, CustomerIx, Currency), usize>,
    transfers: Vec<Transfer>,
    /// Amounts written with a decimal dot, and with a comma.
    dot: u64,
    comma: u64,
}

impl FecStream {
    pub fn new(opts: ImportOptions) -> FecStream {
        FecStream { opts, head_bytes: super::csv::HEAD_BYTES, head: Vec::new(), reading: None }
    }

    /// 411 lines read so far (for a progress bar).
    pub fn rows_read(&self) -> u64 {
        self.reading.as_ref().and_then(|r| r.body.as_ref()).map_or(0, |b| b.report.rows_read)
    }

    /// The next slice of the file.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), ImportError> {
        match &mut self.reading {
            Some(r) => r.decode(bytes, false, &self.opts),
            None => {
                self.head.extend_from_slice(bytes);
                if self.head.len() >= self.head_bytes {
                    self.start(false)?;
                }
                Ok(())
            }
        }
    }

    /// The file has ended: the last line is read, the lettering groups
    /// settled and the import made.
    pub fn finish(mut self) -> Result<(Ledger, ImportReport), ImportError> {
        if self.reading.is_none() {
            self.start(true)?;
        }
        let Some(mut r) = self.reading else { return Err(ImportError::Empty) };
        r.decode(&[], true, &self.opts)?;
        let invalid_bytes = r.invalid_bytes;
        let mut body = r.body.ok_or(ImportError::Empty)?;
        body.report.invalid_bytes = invalid_bytes;
        body.finish()
    }

    /// Decides the encoding and line ends on the head, then reads it.
    fn start(&mut self, whole: bool) -> Result<(), ImportError> {
        if let Some(kind) = super::sniff_binary(&self.head) {
            return Err(ImportError::NotText(kind));
        }
        let n = self.head.len().min(self.head_bytes);
        let (encoding, name) = sniff::encoding(&self.head[..n]);
        let head = std::mem::take(&mut self.head);
        let mut r = FecReading {
            decoder: encoding.new_decoder_with_bom_removal(),
            decoded_all: false,
            encoding: name,
            count_invalid: encoding == encoding_rs::UTF_8,
            invalid_bytes: 0,
            line_end: None,
            carry: String::new(),
            line: 1,
            body: None,
        };
        r.decode(&head, whole, &self.opts)?;
        self.reading = Some(r);
        Ok(())
    }
}

impl FecReading {
    /// Decodes a slice and reads the lines it completes (all at the end).
    fn decode(&mut self, bytes: &[u8], last: bool, opts: &ImportOptions) -> Result<(), ImportError> {
        let before = self.carry.len();
        if !self.decoded_all {
            super::csv::decode_into(&mut self.decoder, bytes, &mut self.carry, last)?;
            self.decoded_all = last;
        }
        if self.count_invalid {
            self.invalid_bytes += self.carry[before..].matches('\u{FFFD}').count() as u64;
        }
        if self.line_end.is_none() {
            // The first line end says: a CR followed by anything but a LF is
            // a lone CR (old Mac files); otherwise lines end with LF.
            let bytes = self.carry.as_bytes();
            self.line_end = match bytes.iter().position(|b| *b == b'\n' || *b == b'\r') {
                Some(i) if bytes[i] == b'\r' => match bytes.get(i + 1) {
                    Some(b'\n') => Some('\n'),
                    Some(_) => Some('\r'),
                    None if last => Some('\r'),
                    None => None,
                },
                Some(_) => Some('\n'),
                None if last => Some('\n'),
                None => None,
            };
        }
        let Some(line_end) = self.line_end else { return Ok(()) };
        let cut = if last { self.carry.len() } else { self.carry.rfind(line_end).map_or(0, |i| i + 1) };
        if cut == 0 {
            return if last && self.body.is_none() { Err(ImportError::Empty) } else { Ok(()) };
        }
        let rest = self.carry.split_off(cut);
        let text = std::mem::replace(&mut self.carry, rest);
        let mut lines: Vec<&str> = text.split(line_end).collect();
        // A chunk ending with a line end has an empty piece after it: that
        // line has not started yet.
        if !last || text.ends_with(line_end) {
            lines.pop();
        }
        for raw in lines {
            let line = self.line;
            self.line += 1;
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            if raw.trim().is_empty() {
                continue;
            }
            match &mut self.body {
                Some(body) => body.line(line, raw),
                None => self.body = Some(FecBody::new(raw, line, self.encoding, opts)?),
            }
        }
        if last && self.body.is_none() {
            return Err(ImportError::Empty);
        }
        Ok(())
    }
}

impl FecBody {
    /// The body under the header line `header` (line `header_line`).
    fn new(header: &str, header_line: u64, encoding: &str, opts: &ImportOptions) -> Result<FecBody, ImportError> {
        let cols = Columns::parse(header, opts.delimiter)
            .filter(Columns::is_fec)
            .or_else(|| Columns::parse(header, None).filter(Columns::is_fec))
            .ok_or(ImportError::NoHeader)?;
        if !cols.debit_credit() && !cols.montant_sens() {
            return Err(ImportError::MissingColumns {
                missing: vec![Role::Amount],
                found: cols.headers.iter().filter(|h| !h.is_empty()).cloned().collect(),
            });
        }
        let montant_sens = cols.montant_sens();
        let report = ImportReport {
            encoding: encoding.to_string(),
            delimiter: cols.delimiter,
            header_line,
            date_order: DateOrder::DayFirst,
            date_order_assumed: false,
            // FEC dates are AAAAMMJJ (article A47 A-1).
            date_form: DateForm::YearFirst,
            default_currency: opts.default_currency.clone(),
            terms: opts.terms,
            columns: summary_columns(&cols),
            ..ImportReport::default()
        };
        let fec = FecSummary { montant_sens, ..FecSummary::default() };
        Ok(FecBody {
            cols,
            default: Currency::new(&opts.default_currency).unwrap_or(Currency::EUR),
            terms: opts.terms,
            report,
            fec,
            ledger: Ledger::default(),
            customer_ix: HashMap::new(),
            group_ix: HashMap::new(),
            groups: Vec::new(),
            pool_ix: HashMap::new(),
            pools: Vec::new(),
            sales_seen: false,
            returned: Vec::new(),
            transfer_ix: HashMap::new(),
            transfers: Vec::new(),
            dot: 0,
            comma: 0,
        })
    }

    /// One line of entries (`line` is its number in the file).
    fn line(&mut self, line: u64, raw: &str) {
        let cells: Vec<&str> = raw.split(self.cols.delimiter).map(cell).collect();
        self.fec.entries += 1;
        let cols = &self.cols;
        let get = |c: Col| cols.get(c).and_then(|i| cells.get(i).copied()).unwrap_or("");
        if let Some(d) = date(get(Col::EcritureDate)) {
            self.fec.last_entry = Some(self.fec.last_entry.map_or(d, |l| l.max(d)));
        }
        let Some(account) = account_of(get(Col::CompteNum)) else { return };
        self.report.rows_read += 1;
        for c in [Col::Debit, Col::Credit, Col::Montant] {
            let v = get(c);
            if v.contains(',') {
                self.comma += 1;
            } else if v.contains('.') {
                self.dot += 1;
            }
        }
        let reader = LineReader { cols: &self.cols, default: self.default };
        let Some(entry) = reader.read(&get, line, &mut self.report, &mut self.ledger, &mut self.customer_ix) else {
            self.report.rows_skipped += 1;
            return;
        };
        self.fec.receivable_lines += 1;
        self.fec.balance += entry.net;
        if entry.currency_defaulted && (entry.net.is_sign_positive() || entry.sales) && !entry.net.is_zero() {
            self.report.default_currency_used += 1;
        }
        let opening = is_opening_journal(get(Col::JournalCode), get(Col::JournalLib));
        // The entry a line of a move to doubtful customers would be in: a
        // 416 debit, or a 411 credit outside the sales and opening journals.
        let transfer_key = match account {
            Account::Doubtful if entry.net > Decimal::ZERO && !opening => true,
            Account::Customers if entry.net < Decimal::ZERO && !opening && !entry.sales => true,
            _ => false,
        }
        .then(|| {
            let key = format!("{}\u{1f}{}", get(Col::JournalCode), get(Col::EcritureNum));
            (key, entry.ecriture_date, entry.customer, entry.currency)
        });
        let transfer = transfer_key.map(|key| {
            *self.transfer_ix.entry(key).or_insert_with(|| {
                self.transfers.push(Transfer::default());
                self.transfers.len() - 1
            })
        });
        match account {
            Account::Doubtful => {
                self.fec.doubtful_lines += 1;
                self.fec.doubtful_balance += entry.net;
            }
            Account::Advances => {
                self.fec.advance_lines += 1;
                self.fec.advance_balance += entry.net;
                self.advance(entry);
                return;
            }
            Account::Customers => self.sales_seen |= entry.sales,
        }
        if opening {
            self.fec.opening_lines += 1;
        }
        let lettered = !entry.lettering.is_empty();
        let group_ix = lettered.then(|| {
            let key = (entry.customer, entry.currency, account, entry.lettering.clone());
            let ix = *self.group_ix.entry(key).or_insert_with(|| {
                self.groups.push(Group::new(entry.customer, entry.currency));
                self.groups.len() - 1
            });
            let g = &mut self.groups[ix];
            if let Some(dl) = entry.date_let {
                g.date_let = Some(g.date_let.map_or(dl, |l| l.max(dl)));
            }
            ix
        });
        if let Some(t) = transfer.and_then(|t| self.transfers.get_mut(t)) {
            if entry.net > Decimal::ZERO {
                t.doubtful.push((self.ledger.invoices.len(), group_ix));
                t.debit_sum += entry.net;
            } else {
                t.credits.push((group_ix, -entry.net));
                t.credit_sum -= entry.net;
            }
        }
        let group = group_ix.map(|ix| &mut self.groups[ix]);
        let amount = Money::saturating_from_decimal(entry.net);

        if entry.net > Decimal::ZERO {
            // A debit: an invoice in a sales journal; brought forward by an
            // opening entry; doubtful on 416; elsewhere a refund of the
            // credits it is lettered with, or, unlettered, a returned
            // payment (kpi.md "FEC": never a sale).
            let kind = match (account, entry.sales, opening) {
                (Account::Doubtful, _, _) => ItemKind::Doubtful,
                (_, true, _) => ItemKind::Invoice,
                (_, _, true) => ItemKind::Receivable,
                _ => {
                    if let Some(g) = group {
                        g.refunds.push(CashDebit {
                            line: entry.line,
                            date: entry.ecriture_date,
                            doc_date: entry.doc_date,
                            amount,
                            id: entry.id,
                        });
                        g.debit_sum += entry.net;
                        return;
                    }
                    // Owed from its entry date: a returned payment whose piece
                    // is the invoice's own is not owed twice before then.
                    self.returned.push((self.ledger.invoices.len(), entry.doc_date));
                    self.fec.returned_lines += 1;
                    let (id, date) = (entry.id, entry.ecriture_date);
                    let item = owed_at_once(id, entry.customer, entry.currency, date, amount, entry.line);
                    self.ledger.invoices.push(item);
                    return;
                }
            };
            // A receivable moved to 416 is owed there from the entry on (the
            // 411 line it leaves is settled then), aged from its piece.
            let issued = if kind == ItemKind::Doubtful && !opening { entry.ecriture_date } else { entry.doc_date };
            let ix = self.ledger.invoices.len();
            self.ledger.invoices.push(Invoice {
                id: entry.id.as_str().into(),
                customer: entry.customer,
                invoice_date: issued,
                due_date: self.terms.due_date(entry.doc_date),
                amount,
                settlement: Settlement::open(),
                disputed: false,
                dispute_reason: None,
                division: None,
                sales_rep: None,
                currency: entry.currency,
                source_line: entry.line,
                kind,
            });
            if let Some(g) = group {
                g.debits.push(ix);
                g.debit_sum += entry.net;
                g.last_debit = Some(g.last_debit.map_or(entry.ecriture_date, |l| l.max(entry.ecriture_date)));
            }
        } else if entry.net < Decimal::ZERO {
            // A credit: a credit note in a sales journal, else cash
            // received, matched by its lettering group or unapplied.
            let note = (entry.sales && account == Account::Customers).then(|| {
                self.ledger.invoices.push(Invoice {
                    id: entry.id.as_str().into(),
                    customer: entry.customer,
                    invoice_date: entry.doc_date,
                    due_date: self.terms.due_date(entry.doc_date),
                    amount,
                    settlement: Settlement::open(),
                    disputed: false,
                    dispute_reason: None,
                    division: None,
                    sales_rep: None,
                    currency: entry.currency,
                    source_line: entry.line,
                    kind: ItemKind::Invoice,
                });
                self.ledger.invoices.len() - 1
            });
            match group {
                Some(g) => {
                    g.credits.push(GroupCredit {
                        line: entry.line,
                        date: entry.ecriture_date,
                        amount: -amount,
                        note,
                        id: entry.id,
                    });
                    g.credit_sum -= entry.net;
                }
                None if note.is_some() => {}
                None => {
                    let (id, date) = (entry.id, entry.ecriture_date);
                    self.ledger.invoices.push(unapplied(id, entry.customer, entry.currency, date, -amount, entry.line));
                    self.fec.unapplied_lines += 1;
                }
            }
        }
    }

    /// A line on 4191 (advances received): a credit is cash on the
    /// customer's account until an invoice takes it (unapplied cash), a
    /// debit uses the advances (settled once every line is read).
    fn advance(&mut self, entry: Entry) {
        let key = (entry.customer, entry.currency);
        let ix = *self.pool_ix.entry(key).or_insert_with(|| {
            self.pools.push(AdvancePool {
                customer: entry.customer,
                currency: entry.currency,
                credits: Vec::new(),
                debits: Vec::new(),
            });
            self.pools.len() - 1
        });
        let amount = Money::saturating_from_decimal(entry.net);
        let pool = &mut self.pools[ix];
        if entry.net < Decimal::ZERO {
            pool.credits.push(self.ledger.invoices.len());
            let (id, date) = (entry.id, entry.ecriture_date);
            self.ledger.invoices.push(unapplied(id, entry.customer, entry.currency, date, -amount, entry.line));
            self.fec.advances += 1;
        } else if entry.net > Decimal::ZERO {
            pool.debits.push(CashDebit {
                line: entry.line,
                date: entry.ecriture_date,
                doc_date: entry.doc_date,
                amount,
                id: entry.id,
            });
        }
    }

    /// Every line read: the lettering groups are settled.
    fn finish(mut self) -> Result<(Ledger, ImportReport), ImportError> {
        if self.report.rows_read == 0 {
            return Err(ImportError::NoRows);
        }
        if !self.sales_seen {
            // No recognisable sales journal (kpi.md "FEC"): every 411 debit
            // is a sale, opening entries apart; none is a refund.
            self.fec.no_sales_journal = true;
            self.fec.returned_lines = 0;
            for (ix, doc_date) in std::mem::take(&mut self.returned) {
                let inv = &mut self.ledger.invoices[ix];
                inv.kind = ItemKind::Invoice;
                inv.invoice_date = doc_date;
                inv.due_date = self.terms.due_date(doc_date);
            }
            for g in &mut self.groups {
                for r in std::mem::take(&mut g.refunds) {
                    let date = r.date;
                    let mut inv = owed_at_once(r.id, g.customer, g.currency, r.doc_date, r.amount, r.line);
                    inv.kind = ItemKind::Invoice;
                    inv.due_date = self.terms.due_date(inv.invoice_date);
                    g.debits.push(self.ledger.invoices.len());
                    g.last_debit = Some(g.last_debit.map_or(date, |l| l.max(date)));
                    self.ledger.invoices.push(inv);
                }
            }
        }
        // Receivables moved to doubtful customers (416) stay owed once.
        let mut dropped = Vec::new();
        for t in std::mem::take(&mut self.transfers) {
            if let Some((drop, moved)) = reclassify(&t, &mut self.groups, &mut self.ledger) {
                dropped.extend(drop);
                self.fec.doubtful_moved += moved;
            }
        }
        for g in std::mem::take(&mut self.groups) {
            settle_group(g, &mut self.ledger, &mut self.fec);
        }
        for pool in std::mem::take(&mut self.pools) {
            settle_advances(pool, &mut self.ledger);
        }
        // The 416 debits whose invoices were moved: the invoices stand for them.
        if !dropped.is_empty() {
            dropped.sort_unstable();
            let mut ix = 0;
            self.ledger.invoices.retain(|_| {
                ix += 1;
                dropped.binary_search(&(ix - 1)).is_err()
            });
        }
        // Every due date is assumed (the FEC has none): by the terms, or at
        // once for what is owed outside the sales (a returned payment).
        let items = self.ledger.invoices.iter().filter(|i| i.is_invoice());
        self.report.invoices = items.clone().count() as u64;
        self.report.credit_notes = items.clone().filter(|i| i.amount.is_negative()).count() as u64;
        self.report.due_dates_assumed =
            items.filter(|i| !(i.kind == ItemKind::Receivable && i.due_date == i.invoice_date)).count() as u64;
        let (dot, comma) = (self.dot, self.comma);
        let mut report = self.report;
        report.decimal_separator = if dot > comma { DecimalSeparator::Dot } else { DecimalSeparator::Comma };
        report.decimal_separator_assumed = dot == 0 && comma == 0;
        report.customers = self.ledger.customers.len() as u64;
        report.fec = Some(self.fec);
        Ok((self.ledger, report))
    }
}

/// The columns used, by role, for the import summary.
fn summary_columns(cols: &Columns) -> Vec<(Role, String)> {
    let mut out = Vec::new();
    let mut add = |role: Role, c: Col| {
        if let Some(h) = cols.name(c) {
            out.push((role, h));
        }
    };
    add(Role::InvoiceId, Col::PieceRef);
    add(Role::CustomerId, if cols.get(Col::CompAuxNum).is_some() { Col::CompAuxNum } else { Col::CompteNum });
    add(Role::CustomerName, if cols.get(Col::CompAuxLib).is_some() { Col::CompAuxLib } else { Col::CompteLib });
    add(Role::InvoiceDate, if cols.get(Col::PieceDate).is_some() { Col::PieceDate } else { Col::EcritureDate });
    add(Role::Amount, if cols.debit_credit() { Col::Debit } else { Col::Montant });
    add(Role::Currency, Col::Idevise);
    out
}

/// The per-file choices a 411 line is read with.
struct LineReader<'a> {
    cols: &'a Columns,
    /// `opts.default_currency` as a code.
    default: Currency,
}

impl LineReader<'_> {
    fn issue(&self, line: u64, c: Col, value: &str, problem: Problem, severity: Severity) -> Issue {
        Issue {
            line,
            column: self.cols.name(c),
            role: role_of(c),
            value: value.chars().take(60).collect(),
            problem,
            severity,
        }
    }

    /// Reads one 411 line, or reports why it is skipped and returns `None`.
    /// Interns its customer.
    fn read<'c>(
        &self,
        get: &impl Fn(Col) -> &'c str,
        line: u64,
        report: &mut ImportReport,
        ledger: &mut Ledger,
        customer_ix: &mut HashMap<String, CustomerIx>,
    ) -> Option<Entry> {
        let mut skip = |c: Col, value: &str, problem: Problem| {
            report.push(self.issue(line, c, value, problem, Severity::Skipped));
            None
        };
        let raw = get(Col::EcritureDate);
        let Some(ecriture_date) = date(raw) else {
            let p = if values::is_blank(raw) { Problem::Missing } else { Problem::NotADate };
            return skip(Col::EcritureDate, raw, p);
        };

        // The amount: Debit - Credit, or Montant signed by Sens.
        let net = if self.cols.debit_credit() {
            let (d, c) = (get(Col::Debit), get(Col::Credit));
            let Some(debit) = amount(d) else { return skip(Col::Debit, d, Problem::NotAnAmount) };
            let Some(credit) = amount(c) else { return skip(Col::Credit, c, Problem::NotAnAmount) };
            if debit.abs() > Decimal::from(MAX_AMOUNT) {
                return skip(Col::Debit, d, Problem::TooLarge);
            }
            if credit.abs() > Decimal::from(MAX_AMOUNT) {
                return skip(Col::Credit, c, Problem::TooLarge);
            }
            debit - credit
        } else {
            let m = get(Col::Montant);
            let Some(montant) = amount(m) else { return skip(Col::Montant, m, Problem::NotAnAmount) };
            if montant.abs() > Decimal::from(MAX_AMOUNT) {
                return skip(Col::Montant, m, Problem::TooLarge);
            }
            let s = get(Col::Sens);
            match sens(s) {
                Some(true) => montant,
                Some(false) => -montant,
                None if montant.is_zero() => Decimal::ZERO,
                None => {
                    let p = if s.is_empty() { Problem::Missing } else { Problem::NotAnAmount };
                    return skip(Col::Sens, s, p);
                }
            }
        };
        // Decimals beyond the fourth (never in a real FEC) are rounded, and counted.
        let exact = Money::saturating_from_decimal(net).to_decimal();
        if exact != net {
            report.rounded_amounts += 1;
            report.rounded_example.get_or_insert_with(|| net.to_string());
        }
        let net = exact;

        // The document's date: PieceDate, else EcritureDate.
        let raw = get(Col::PieceDate);
        let doc_date = if values::is_blank(raw) {
            ecriture_date
        } else {
            date(raw).unwrap_or_else(|| {
                report.push(self.issue(line, Col::PieceDate, raw, Problem::NotADate, Severity::Warning));
                ecriture_date
            })
        };

        // The customer: its auxiliary account, else the 411 account itself.
        let aux = get(Col::CompAuxNum);
        let (id, name) =
            if aux.is_empty() { (get(Col::CompteNum), get(Col::CompteLib)) } else { (aux, get(Col::CompAuxLib)) };
        let name = (!name.is_empty()).then(|| name.to_string());
        let customer = match customer_ix.get(id) {
            Some(&ix) => {
                if let Some(c) = ledger.customers.get_mut(ix as usize) {
                    if c.name.is_none() {
                        c.name = name;
                    }
                }
                ix
            }
            None => {
                let ix = ledger.customers.len() as CustomerIx;
                ledger.customers.push(Customer {
                    id: id.to_string(),
                    name,
                    credit_limit: None,
                    email: None,
                    phone: None,
                });
                customer_ix.insert(id.to_string(), ix);
                ix
            }
        };

        // Currency: Idevise when the line's amount is in it (Montantdevise
        // empty, zero or equal to it); a foreign amount beside the book's
        // is left aside, the line being kept in the book's currency.
        let raw = get(Col::Idevise);
        let (currency, currency_defaulted) = if raw.is_empty() {
            (self.default, true)
        } else {
            match values::parse_currency(raw).and_then(|c| Currency::new(&c)) {
                None => {
                    report.push(self.issue(line, Col::Idevise, raw, Problem::NotACurrency, Severity::Warning));
                    (self.default, true)
                }
                Some(c) => {
                    let foreign = amount(get(Col::MontantDevise)).is_some_and(|m| !m.is_zero() && m.abs() != net.abs());
                    if foreign {
                        (self.default, true)
                    } else {
                        (c, false)
                    }
                }
            }
        };

        let piece = values::clean_id(get(Col::PieceRef));
        let num = values::clean_id(get(Col::EcritureNum));
        let id = if !piece.is_empty() {
            piece.to_string()
        } else if !num.is_empty() {
            num.to_string()
        } else {
            format!("L{line}")
        };
        Some(Entry {
            line,
            customer,
            currency,
            currency_defaulted,
            ecriture_date,
            doc_date,
            id,
            net,
            lettering: get(Col::EcritureLet).to_string(),
            date_let: date(get(Col::DateLet)),
            sales: is_sales_journal(get(Col::JournalCode), get(Col::JournalLib)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::money::Total;
    use crate::domain::ledger::tests::{d, dec, m};
    use crate::domain::ledger::Payment;

    const HEADER: &str = "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise";

    /// A 411 line of customer `aux` in `journal`, entered on `date`, its piece dated `piece_date`.
    fn row(
        journal: &str,
        [date, piece_date]: [&str; 2],
        aux: &str,
        piece: &str,
        debit: &str,
        credit: &str,
        lettering: &str,
    ) -> String {
        let lib = match journal {
            "VT" => "Ventes",
            "FAC" => "Journal des Ventes",
            "BQ" => "Banque",
            "AN" => "A nouveaux",
            "OUV" => "Opening balances",
            _ => "Opérations diverses",
        };
        format!("{journal}\t{lib}\t{piece}\t{date}\t411000\tClients\t{aux}\tClient {aux}\t{piece}\t{piece_date}\tLibellé\t{debit}\t{credit}\t{lettering}\t\t{date}\t\t")
    }

    /// The same, its piece dated on the entry's date.
    fn l(journal: &str, date: &str, aux: &str, piece: &str, debit: &str, credit: &str, lettering: &str) -> String {
        row(journal, [date, date], aux, piece, debit, credit, lettering)
    }

    /// A line on another account (sales, VAT, bank): not a receivable.
    fn other(journal: &str, date: &str, account: &str, debit: &str, credit: &str) -> String {
        format!("{journal}\tJournal\tX\t{date}\t{account}\tCompte\t\t\tX\t{date}\tLibellé\t{debit}\t{credit}\t\t\t{date}\t\t")
    }

    fn fec(lines: &[String]) -> String {
        format!("{HEADER}\n{}\n", lines.join("\n"))
    }

    fn import(text: &str) -> (Ledger, ImportReport) {
        import_fec(text.as_bytes(), &ImportOptions::default()).unwrap()
    }

    fn ar(l: &Ledger, t: NaiveDate) -> Decimal {
        l.invoices.iter().map(|i| i.open_at(t)).sum::<Total>().to_decimal()
    }

    fn summary(r: &ImportReport) -> &FecSummary {
        r.fec.as_ref().unwrap()
    }

    /// kpi.md "FEC": at the last entry date, AR (unapplied cash included)
    /// is the 411 balance, to the cent. Returns that balance.
    #[track_caller]
    fn check_balance(l: &Ledger, r: &ImportReport) -> Decimal {
        let f = summary(r);
        let t = f.last_entry.unwrap();
        assert_eq!(ar(l, t), f.balance, "AR at {t} is the 411 balance");
        f.balance
    }

    #[test]
    fn fully_lettered_group_settles_on_the_last_credit() {
        // 1,200 + 300 invoiced, paid 1,000 on 02-10 and 500 on 02-20: balanced.
        let (l, r) = import(&fec(&[
            l("VT", "20250110", "A", "F1", "1200,00", "", "AA"),
            other("VT", "20250110", "706000", "", "1200,00"),
            l("VT", "20250115", "A", "F2", "300,00", "0,00", "AA"),
            l("BQ", "20250210", "A", "P1", "", "1000,00", "AA"),
            l("BQ", "20250220", "A", "P2", "0,00", "500,00", "AA"),
        ]));
        let f = summary(&r);
        assert_eq!((f.entries, f.receivable_lines, r.rows_read), (5, 4, 4));
        assert_eq!((f.lettered_groups, f.partial_groups, f.unapplied_lines), (1, 0, 0));
        assert_eq!((r.invoices, r.credit_notes, r.customers, r.due_dates_assumed), (2, 0, 1, 2));
        assert_eq!(l.invoices.len(), 2);
        assert_eq!(l.invoices[0].settlement, Settlement::settled_on(d("2025-02-20"), m("1200")));
        assert_eq!(l.invoices[1].settlement, Settlement::settled_on(d("2025-02-20"), m("300")));
        assert_eq!(l.invoices[0].due_date, d("2025-02-09"), "30 days");
        assert_eq!(
            l.customers[0],
            Customer { id: "A".into(), name: Some("Client A".into()), credit_limit: None, email: None, phone: None }
        );
        assert_eq!(ar(&l, d("2025-02-19")), dec("1500"), "settled when the group is complete");
        assert_eq!(f.last_entry, Some(d("2025-02-20")));
        assert_eq!(check_balance(&l, &r), dec("0"));
        assert_eq!((r.encoding.as_str(), r.delimiter, r.header_line), ("UTF-8", '\t', 1));
        assert_eq!(r.date_form, DateForm::YearFirst, "AAAAMMJJ: no day/month order to name");
        assert!(!f.montant_sens);
    }

    #[test]
    fn partially_lettered_groups_settle_oldest_first() {
        let (l, r) = import(&fec(&[
            // B: 1,000 (01-05) and 600 (01-20) invoiced, 1,200 paid: F1 settled, 200 of F2 paid.
            l("VT", "20250120", "B", "F2", "600,00", "", "AB"),
            l("VT", "20250105", "B", "F1", "1000,00", "", "AB"),
            l("BQ", "20250215", "B", "P1", "", "1200,00", "AB"),
            // C: 100 invoiced, 150 paid: 50 unapplied.
            l("VT", "20250201", "C", "F3", "100,00", "", "AC"),
            l("BQ", "20250301", "C", "P2", "", "150,00", "AC"),
            // D: 500 invoiced, a credit note of 100 (03-05), 300 paid (03-10): 100 open.
            l("VT", "20250301", "D", "F4", "500,00", "", "AD"),
            l("VT", "20250305", "D", "A1", "", "100,00", "AD"),
            l("BQ", "20250310", "D", "P3", "", "300,00", "AD"),
        ]));
        let f = summary(&r);
        assert_eq!((f.lettered_groups, f.partial_groups, f.unapplied_lines), (0, 3, 1));
        assert_eq!((r.invoices, r.credit_notes), (5, 1));
        let by_id = |id: &str| l.invoices.iter().find(|i| i.id == id).unwrap();
        assert_eq!(by_id("F1").payments(), [Payment { date: d("2025-02-15"), amount: m("1000") }]);
        assert_eq!(by_id("F2").payments(), [Payment { date: d("2025-02-15"), amount: m("200") }]);
        assert_eq!(by_id("F2").open_at(d("2025-02-15")), dec("400"));
        assert_eq!(by_id("F3").settled_date(), Some(d("2025-03-01")));
        let cash = l.unapplied().collect::<Vec<_>>();
        assert_eq!(cash.len(), 1);
        assert_eq!((cash[0].id.as_str(), cash[0].amount, cash[0].invoice_date), ("P2", m("-50"), d("2025-03-01")));
        assert_eq!(cash[0].due_date, d("2025-03-01"));
        assert_eq!(
            by_id("F4").payments(),
            [Payment { date: d("2025-03-05"), amount: m("100") }, Payment { date: d("2025-03-10"), amount: m("300") }]
        );
        assert_eq!(by_id("A1").amount, dec("-100"));
        assert_eq!(by_id("A1").payments(), [Payment { date: d("2025-03-05"), amount: m("-100") }]);
        assert_eq!(by_id("A1").open_at(d("2025-03-10")), dec("0"));
        // 400 (F2) - 50 (P2) + 100 (F4).
        assert_eq!(check_balance(&l, &r), dec("450"));
    }

    #[test]
    fn unlettered_lines_stay_open() {
        let (l, r) = import(&fec(&[
            l("VT", "20250110", "E", "F1", "250,00", "", ""),
            l("BQ", "20250120", "E", "P1", "", "80,00", ""),
            l("OD", "20250121", "E", "OD1", "", "20,00", ""),
        ]));
        assert_eq!(l.invoices[0].settlement, Settlement::open());
        assert_eq!(l.invoices[0].kind, ItemKind::Invoice);
        let p = &l.invoices[1];
        assert_eq!(p.kind, ItemKind::UnappliedCash);
        assert_eq!(
            (p.id.as_str(), p.amount, p.invoice_date, p.due_date),
            ("P1", m("-80"), d("2025-01-20"), d("2025-01-20"))
        );
        assert_eq!(p.settlement, Settlement::open());
        assert_eq!(l.invoices[2].kind, ItemKind::UnappliedCash, "a credit outside a sales journal is cash");
        assert_eq!((r.invoices, r.credit_notes, summary(&r).unapplied_lines), (1, 0, 2));
        assert_eq!(check_balance(&l, &r), dec("150"));
    }

    #[test]
    fn credit_in_a_sales_journal_is_a_credit_note() {
        let (l, r) = import(&fec(&[
            l("VT", "20250110", "F", "AV1", "", "120,00", ""),
            l("FAC", "20250111", "F", "AV2", "", "30,00", ""),
            l("BQ", "20250112", "F", "P1", "", "10,00", ""),
        ]));
        assert_eq!((r.invoices, r.credit_notes, summary(&r).unapplied_lines), (2, 2, 1));
        let a = &l.invoices[0];
        assert_eq!((a.id.as_str(), a.amount, a.kind), ("AV1", m("-120"), ItemKind::Invoice));
        assert_eq!((a.invoice_date, a.due_date), (d("2025-01-10"), d("2025-02-09")));
        assert_eq!(l.invoices[1].amount, dec("-30"), "journal known by its label");
        assert_eq!(l.invoices[2].kind, ItemKind::UnappliedCash);
        assert_eq!(check_balance(&l, &r), dec("-160"));
        assert!(is_sales_journal("VTE", "") && is_sales_journal("ve", "") && is_sales_journal("J1", "Sales"));
        assert!(!is_sales_journal("BQ", "Banque") && !is_sales_journal("AC", "Achats"));
    }

    #[test]
    fn opening_entries_are_brought_forward() {
        let (l, r) = import(&fec(&[
            row("AN", ["20250101", "20241115"], "G", "F0", "700,00", "", ""),
            row("AN", ["20250101", ""], "G", "AV0", "", "50,00", ""),
            row("OUV", ["20250101", "20241201"], "H", "F00", "10,00", "", ""),
            l("VT", "20250110", "G", "F1", "100,00", "", ""),
        ]));
        let f = summary(&r);
        assert_eq!(f.opening_lines, 3);
        let f0 = &l.invoices[0];
        assert_eq!((f0.invoice_date, f0.due_date, f0.amount), (d("2024-11-15"), d("2024-12-15"), m("700")));
        let av0 = &l.invoices[1];
        assert_eq!((av0.kind, av0.amount, av0.invoice_date), (ItemKind::UnappliedCash, m("-50"), d("2025-01-01")));
        assert_eq!(l.invoices[2].invoice_date, d("2024-12-01"));
        assert_eq!((r.invoices, r.credit_notes, f.unapplied_lines), (3, 0, 1));
        assert_eq!(check_balance(&l, &r), dec("760"));
        assert!(
            is_opening_journal("RAN", "")
                && is_opening_journal("ANO", "")
                && is_opening_journal("J0", "Report à nouveau")
        );
        assert!(!is_opening_journal("VT", "Ventes"));
    }

    #[test]
    fn lettering_spans_years_and_is_per_customer() {
        let (l, r) = import(&fec(&[
            // Brought forward from 2024, paid in 2025.
            row("AN", ["20250101", "20241220"], "G", "F9", "800,00", "", "X1"),
            l("BQ", "20250115", "G", "P9", "", "800,00", "X1"),
            // One file over two years.
            l("VT", "20241220", "K", "F11", "100,00", "", "Z"),
            l("BQ", "20250105", "K", "P11", "", "100,00", "Z"),
            // Another customer's X1 is another group: alone, it is partial and open.
            l("VT", "20250105", "H", "F10", "50,00", "", "X1"),
        ]));
        let f = summary(&r);
        assert_eq!((f.lettered_groups, f.partial_groups), (2, 1));
        assert_eq!(l.invoices[0].invoice_date, d("2024-12-20"));
        assert_eq!(l.invoices[0].settlement, Settlement::settled_on(d("2025-01-15"), m("800")));
        assert_eq!(l.invoices[1].settlement, Settlement::settled_on(d("2025-01-05"), m("100")));
        assert_eq!(l.invoices[1].open_at(d("2024-12-31")), dec("100"), "open at the year end");
        assert_eq!(l.invoices[2].settlement, Settlement::open());
        assert_eq!(check_balance(&l, &r), dec("50"));
    }

    #[test]
    fn pipes_montant_sens_and_padding() {
        let text = "JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Montant|Sens|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise\r\n\
            VT  |Ventes    |000001|20250110|411000  |Clients|C01  |Alpha   |F001 |20250110|Facture   |000001234,50|D |A   |        |20250110|            |   \r\n\
            VT  |Ventes    |000001|20250110|706000  |Ventes |     |        |F001 |20250110|Facture   |000001234,50|C |    |        |20250110|            |   \r\n\
            BQ|Banque|000002|15/02/2025|411000|Clients|C01|Alpha||15/02/2025|Règlement|000001000,00|C|A||||\r\n\
            VT|Ventes|000003|2025-02-20|411000|Clients|C02|Beta|F002|2025-02-20|Facture|250.5|Débit|||||\r\n\
            VT|Ventes|000004|20250225|411000|Clients|C02|Beta|A001|20250225|Avoir|50|Crédit|||||\r\n\
            BQ|Banque|000005|20250226|411000|Clients|C02|Beta|R5|20250226|Règlement|100,00|-|||||\r\n\
            BQ|Banque|000006|20250227|411000|Clients|C02|Beta|R6|20250227|Remboursement|10,00|+|||||\r\n";
        let (l, r) = import(text);
        let f = summary(&r);
        assert!(f.montant_sens);
        assert_eq!(r.delimiter, '|');
        assert_eq!((f.entries, r.rows_read, r.rows_skipped), (7, 6, 0));
        assert_eq!(
            l.customers[0],
            Customer { id: "C01".into(), name: Some("Alpha".into()), credit_limit: None, email: None, phone: None }
        );
        let f001 = &l.invoices[0];
        assert_eq!((f001.id.as_str(), f001.amount, f001.invoice_date), ("F001", m("1234.50"), d("2025-01-10")));
        assert_eq!(f001.payments(), [Payment { date: d("2025-02-15"), amount: m("1000") }]);
        assert_eq!(f.partial_groups, 1);
        let by_id = |id: &str| l.invoices.iter().find(|i| i.id == id).unwrap();
        assert_eq!(by_id("F002").amount, dec("250.5"));
        assert_eq!(by_id("F002").invoice_date, d("2025-02-20"));
        assert_eq!(by_id("A001").amount, dec("-50"));
        assert_eq!((by_id("R5").amount, by_id("R5").kind), (m("-100"), ItemKind::UnappliedCash));
        assert_eq!((by_id("R6").amount, by_id("R6").kind), (m("10"), ItemKind::Receivable), "owed, not a sale");
        assert_eq!((r.invoices, r.credit_notes), (4, 1));
        // 234.50 + 250.50 - 50 - 100 + 10.
        assert_eq!(check_balance(&l, &r), dec("345"));
        assert_eq!(r.decimal_separator, DecimalSeparator::Comma);
    }

    /// A line of `l` on another customer account (416, 4191).
    fn on(account: &str, line: String) -> String {
        line.replacen("411000\tClients", &format!("{account}\tCompte"), 1)
    }

    fn kpis_at(l: &Ledger, t: &str) -> crate::domain::analysis::kpi::KpiSet {
        crate::domain::analysis::kpi::kpis(l, d(t), crate::domain::analysis::kpi::Period::D90)
    }

    #[test]
    fn a_refunded_credit_note_is_settled_by_its_refund_and_no_sale() {
        // F1 100 paid; credit note AV1 30 on 02-01, refunded by the bank on
        // 02-10 (a 411 debit in BQ lettered Y with it).
        let (l, r) = import(&fec(&[
            l("VT", "20250110", "A", "F1", "100,00", "", "X"),
            l("BQ", "20250120", "A", "P1", "", "100,00", "X"),
            l("VT", "20250201", "A", "AV1", "", "30,00", "Y"),
            l("BQ", "20250210", "A", "RB1", "30,00", "", "Y"),
        ]));
        let f = summary(&r);
        assert_eq!((f.refund_lines, f.returned_lines), (1, 0));
        // Sales 100 - 30 = 70: the refund's 30 is not a sale.
        assert_eq!(kpis_at(&l, "2025-02-28").sales, dec("70"));
        assert_eq!(ar(&l, d("2025-02-05")), dec("-30"), "the credit note is owed to the customer until refunded");
        assert_eq!(ar(&l, d("2025-02-10")), dec("0"));
        let av1 = l.invoices.iter().find(|i| i.id == "AV1").unwrap();
        assert_eq!(av1.settled_date(), Some(d("2025-02-10")));
        assert!(l.invoices.iter().all(|i| i.id != "RB1"), "nothing left owed by the refund");
        assert_eq!(check_balance(&l, &r), dec("0"));
    }

    #[test]
    fn a_refunded_over_payment_is_unapplied_cash_until_the_refund() {
        // F1 100 paid 120 on 01-20; 20 paid back on 01-25, all lettered X.
        let (l, r) = import(&fec(&[
            l("VT", "20250110", "A", "F1", "100,00", "", "X"),
            l("BQ", "20250120", "A", "P1", "", "120,00", "X"),
            l("BQ", "20250125", "A", "RB1", "20,00", "", "X"),
        ]));
        assert_eq!(summary(&r).refund_lines, 1);
        assert_eq!(kpis_at(&l, "2025-01-31").sales, dec("100"));
        let f1 = l.invoices.iter().find(|i| i.id == "F1").unwrap();
        assert_eq!(f1.settled_date(), Some(d("2025-01-20")));
        assert_eq!(ar(&l, d("2025-01-22")), dec("-20"), "20 over-paid");
        assert_eq!(ar(&l, d("2025-01-25")), dec("0"));
        assert_eq!(check_balance(&l, &r), dec("0"));
    }

    #[test]
    fn a_returned_direct_debit_is_owed_again_not_sold_again() {
        // F1 100 paid by direct debit on 01-20, returned unpaid on 02-03.
        let (l, r) = import(&fec(&[
            l("VT", "20250110", "A", "F1", "100,00", "", "X"),
            l("BQ", "20250120", "A", "P1", "", "100,00", "X"),
            l("BQ", "20250203", "A", "IMP1", "100,00", "", ""),
        ]));
        assert_eq!(summary(&r).returned_lines, 1);
        let k = kpis_at(&l, "2025-02-28");
        assert_eq!(k.sales, dec("100"), "not 200");
        assert_eq!(ar(&l, d("2025-01-31")), dec("0"));
        assert_eq!(ar(&l, d("2025-02-03")), dec("100"));
        let imp = l.invoices.iter().find(|i| i.id == "IMP1").unwrap();
        // Due at once: 25 days late on 02-28.
        assert_eq!((imp.kind, imp.due_date, imp.dpd(d("2025-02-28"))), (ItemKind::Receivable, d("2025-02-03"), 25));
        assert_eq!(check_balance(&l, &r), dec("100"));
    }

    #[test]
    fn an_advance_received_is_unapplied_cash_until_an_invoice_takes_it() {
        // 300 received on 4191 on 01-05; F1 1,000 on 01-10 takes it (OD).
        let (l, r) = import(&fec(&[
            on("419100", l("BQ", "20250105", "A", "ACP1", "", "300,00", "")),
            l("VT", "20250110", "A", "F1", "1000,00", "", "X"),
            on("419100", l("OD", "20250110", "A", "ACP1", "300,00", "", "")),
            l("OD", "20250110", "A", "F1", "", "300,00", "X"),
        ]));
        let f = summary(&r);
        assert_eq!((f.advances, f.advance_lines, f.advance_balance), (1, 2, dec("0")));
        assert_eq!(ar(&l, d("2025-01-07")), dec("-300"), "cash on the account, applied to nothing yet");
        assert_eq!(ar(&l, d("2025-01-10")), dec("700"));
        assert_eq!(kpis_at(&l, "2025-01-31").sales, dec("1000"));
        assert_eq!(check_balance(&l, &r), dec("700"));
    }

    #[test]
    fn an_invoice_moved_to_doubtful_customers_stays_a_sale_at_risk() {
        // F1 1,000 of 01-10 moved to 416 on 02-28 (OD DT1); the 416 debit is
        // lettered Z with cash received on 03-15.
        let mut lines = vec![
            l("VT", "20250110", "A", "F1", "1000,00", "", "X"),
            on("416000", l("OD", "20250228", "A", "DT1", "1000,00", "", "Z")),
            l("OD", "20250228", "A", "DT1", "", "1000,00", "X"),
        ];
        let (l1, r) = import(&fec(&lines));
        let f = summary(&r);
        assert_eq!((f.doubtful_lines, f.doubtful_moved, f.doubtful_balance), (1, 1, dec("1000")));
        let f1 = l1.invoices.iter().find(|i| i.id == "F1").unwrap();
        assert_eq!(
            (f1.kind, f1.invoice_date, f1.open_at(d("2025-02-28"))),
            (ItemKind::DoubtfulSale, d("2025-01-10"), m("1000"))
        );
        assert_eq!(l1.invoices.len(), 1, "the 416 debit is the same receivable, not a second one");
        // 19 days late only, yet at risk.
        let k = kpis_at(&l1, "2025-02-28");
        assert_eq!(
            (k.sales, k.get("ar_total"), k.get("ar_at_risk")),
            (dec("1000"), Some(Ok(dec("1000"))), Some(Ok(dec("1000"))))
        );
        assert_eq!(check_balance(&l1, &r), dec("1000"));
        lines.push(on("416000", l("BQ", "20250315", "A", "P1", "", "1000,00", "Z")));
        let (l2, r) = import(&fec(&lines));
        let f1 = l2.invoices.iter().find(|i| i.id == "F1").unwrap();
        assert_eq!(f1.settled_date(), Some(d("2025-03-15")), "the cash on 416 pays the invoice");
        assert_eq!(check_balance(&l2, &r), dec("0"));
    }

    #[test]
    fn without_a_sales_journal_every_debit_is_a_sale_and_it_is_said() {
        // Journals no rule knows ("J1", "J2"): a debit outside them is not a
        // refund nor a returned payment, it is a sale, and the summary says
        // the file had no recognisable sales journal.
        let lines = |journal: &str| {
            vec![
                l(journal, "20250110", "A", "F1", "100,00", "", "X"),
                l("J2", "20250120", "A", "P1", "", "100,00", "X"),
                l("J2", "20250125", "A", "F2", "40,00", "", ""),
                l("J2", "20250126", "A", "F3", "60,00", "", "Y"),
            ]
        };
        let (l1, r) = import(&fec(&lines("J1")));
        let f = summary(&r);
        assert!(f.no_sales_journal);
        assert_eq!((f.refund_lines, f.returned_lines), (0, 0));
        assert!(l1.invoices.iter().filter(|i| i.amount.is_positive()).all(|i| i.kind == ItemKind::Invoice));
        let k = crate::domain::analysis::kpi::kpis(&l1, d("2025-01-31"), crate::domain::analysis::kpi::Period::D30);
        assert_eq!(k.sales, dec("200"));
        assert_eq!(check_balance(&l1, &r), dec("100"));
        // With a sales journal, F2 is a returned payment and F3 a refund no credit took.
        let (l2, r) = import(&fec(&lines("VT")));
        let f = summary(&r);
        assert!(!f.no_sales_journal);
        assert_eq!((f.refund_lines, f.returned_lines), (1, 1));
        let k = crate::domain::analysis::kpi::kpis(&l2, d("2025-01-31"), crate::domain::analysis::kpi::Period::D30);
        assert_eq!(k.sales, dec("100"));
        assert_eq!(check_balance(&l2, &r), dec("100"));
    }

    #[test]
    fn a_missing_piece_ref_takes_the_entry_number() {
        let line = "BQ\tBanque\tBQ-17\t20250110\t411000\tClients\tC1\tUn\t\t\tRèglement\t\t5,00\t\t\t\t\t";
        let (l, _) = import(&fec(&[line.to_string()]));
        assert_eq!(l.invoices[0].id, "BQ-17");
    }

    #[test]
    fn iso_8859_15_and_windows_1252_files() {
        let mut latin9 = HEADER.as_bytes().to_vec();
        latin9.extend_from_slice(
            b"\nVT\tVentes\t1\t20250110\t411000\tClients\tC1\tSoci\xE9t\xE9 \xBCuvre\tF1\t20250110\tFacture 100 \xA4\t100,00\t\t\t\t\t\t\n",
        );
        let (l, r) = import_fec(&latin9, &ImportOptions::default()).unwrap();
        assert_eq!(r.encoding, "ISO-8859-15");
        assert_eq!(l.customers[0].name.as_deref(), Some("Société Œuvre"));
        assert_eq!(check_balance(&l, &r), dec("100"));

        let mut cp1252 = HEADER.as_bytes().to_vec();
        cp1252.extend_from_slice(
            b"\r\nVT\tVentes\t1\t20250110\t411000\tClients\tC1\tL\x92\xC9t\xE9 SARL\tF1\t20250110\tFacture 100 \x80\t100,00\t\t\t\t\t\t\r\n",
        );
        let (l, r) = import_fec(&cp1252, &ImportOptions::default()).unwrap();
        assert_eq!(r.encoding, "Windows-1252");
        assert_eq!(l.customers[0].name.as_deref(), Some("L\u{2019}Été SARL"));

        let bom = format!("\u{feff}{}", fec(&[l_utf8()]));
        let (l, r) = import(&bom);
        assert_eq!((r.encoding.as_str(), r.header_line), ("UTF-8", 1));
        assert_eq!(l.customers[0].name.as_deref(), Some("Client Ünïcode"));
    }

    fn l_utf8() -> String {
        l("VT", "20250110", "Ünïcode", "F1", "1,00", "", "")
    }

    #[test]
    fn currency_from_idevise_when_the_amount_is_in_it() {
        let line = |num: &str, debit: &str, devise_amount: &str, devise: &str| {
            format!("VT\tVentes\t{num}\t20250110\t411000\tClients\tC1\tUn\t{num}\t20250110\tFacture\t{debit}\t\t\t\t\t{devise_amount}\t{devise}")
        };
        let (l, r) = import(&fec(&[
            line("1", "100,00", "100,00", "usd"),
            line("2", "100,00", "110,00", "USD"),
            line("3", "100,00", "", "EUR"),
            line("4", "100,00", "", "E"),
            line("5", "100,00", "", ""),
        ]));
        let cur: Vec<&str> = l.invoices.iter().map(|i| i.currency.as_str()).collect();
        assert_eq!(cur, ["USD", "EUR", "EUR", "EUR", "EUR"], "a foreign amount beside the book's keeps the book's");
        assert_eq!(r.default_currency_used, 3);
        assert_eq!(r.issues.len(), 1);
        assert_eq!((r.issues[0].line, &r.issues[0].problem), (5, &Problem::NotACurrency));
        assert_eq!(check_balance(&l, &r), dec("500"));
    }

    #[test]
    fn unreadable_values_are_reported_where_they_are() {
        let (l, r) = import(&fec(&[
            l("VT", "20251345", "A", "F1", "10,00", "", ""),
            l("VT", "20250110", "A", "F2", "12,x", "", ""),
            row("VT", ["20250111", "soon"], "A", "F3", "5,00", "", ""),
            other("VT", "garbage", "706000", "??", ""),
            l("VT", "", "A", "F4", "1,00", "", ""),
        ]));
        assert_eq!((r.rows_read, r.rows_skipped, r.invoices), (4, 3, 1));
        assert_eq!(summary(&r).entries, 5);
        let skipped: Vec<(u64, Option<&str>, &str, &Problem)> =
            r.skipped_issues().map(|i| (i.line, i.column.as_deref(), i.value.as_str(), &i.problem)).collect();
        assert_eq!(
            skipped,
            [
                (2, Some("EcritureDate"), "20251345", &Problem::NotADate),
                (3, Some("Debit"), "12,x", &Problem::NotAnAmount),
                (6, Some("EcritureDate"), "", &Problem::Missing),
            ]
        );
        let warning = r.issues.iter().find(|i| i.severity == Severity::Warning).unwrap();
        assert_eq!(
            (warning.line, warning.column.as_deref(), &warning.problem),
            (4, Some("PieceDate"), &Problem::NotADate)
        );
        assert_eq!(l.invoices[0].invoice_date, d("2025-01-11"), "EcritureDate used instead");
        assert_eq!(check_balance(&l, &r), dec("5"));
    }

    #[test]
    fn whole_file_errors() {
        let err = |s: &str| import_fec(s.as_bytes(), &ImportOptions::default()).unwrap_err();
        assert_eq!(err(""), ImportError::Empty);
        assert_eq!(err(" \r\n\n"), ImportError::Empty);
        assert_eq!(err("a\tb\n1\t2\n"), ImportError::NoHeader);
        assert_eq!(err(HEADER), ImportError::NoRows);
        assert_eq!(err(&fec(&[other("VT", "20250110", "706000", "", "1,00")])), ImportError::NoRows);
        let no_amounts = "JournalCode\tEcritureNum\tEcritureDate\tCompteNum\tLibelle\nVT\t1\t20250101\t411000\tx\n";
        assert!(matches!(err(no_amounts), ImportError::MissingColumns { missing, .. } if missing == [Role::Amount]));
        assert!(matches!(err("PK\x03\x04"), ImportError::NotText(_)));
    }

    #[test]
    fn fec_headers_are_recognised() {
        assert!(is_fec(HEADER));
        assert!(is_fec(&HEADER.replace('\t', "|")));
        assert!(is_fec(&HEADER.to_uppercase()));
        assert!(is_fec(&format!("\u{feff}{}", HEADER.replace("Debit\tCredit", "Montant\tSens"))));
        assert!(is_fec(" journalcode | journallib | ecriturenum | ecrituredate | comptenum | debit | credit "));
        assert!(!is_fec("JournalCode;JournalLib;EcritureNum;EcritureDate;CompteNum;Debit;Credit"));
        assert!(!is_fec("Client\tDate\tMontant"));
        assert!(!is_fec(""));
    }

    #[test]
    fn import_file_routes_a_fec() {
        let text = fec(&[l("VT", "20250110", "A", "F1", "10,00", "", "")]);
        let (_, r) = crate::domain::import::import_file(text.as_bytes(), &ImportOptions::default()).unwrap();
        assert!(r.fec.is_some());
        let (_, r) = crate::domain::import::import_file(
            text.replace('\t', "|").as_bytes(),
            &ImportOptions { delimiter: Some(b';'), ..ImportOptions::default() },
        )
        .unwrap();
        assert_eq!(r.delimiter, '|');
    }

    #[test]
    fn ar_equals_the_411_balance_at_the_last_entry() {
        // Every case at once: 1,500 lettered and paid (0); 1,600 invoiced,
        // 1,200 paid in a partial group (400); 250 open, 80 unapplied
        // (170); a credit note of 120 (-120); 700 brought forward (700).
        // AR = 0 + 400 + 170 - 120 + 700 = 1,150.
        let (l, r) = import(&fec(&[
            row("AN", ["20250101", "20241115"], "G", "F0", "700,00", "", ""),
            l("VT", "20250110", "A", "F1", "1200,00", "", "AA"),
            l("VT", "20250115", "A", "F2", "300,00", "", "AA"),
            l("VT", "20250105", "B", "F3", "1000,00", "", "AB"),
            l("VT", "20250120", "B", "F4", "600,00", "", "AB"),
            l("VT", "20250110", "E", "F5", "250,00", "", ""),
            l("VT", "20250111", "F", "AV1", "", "120,00", ""),
            other("VT", "20250111", "706000", "100,00", ""),
            l("BQ", "20250120", "E", "P1", "", "80,00", ""),
            l("BQ", "20250210", "A", "P2", "", "1000,00", "AA"),
            l("BQ", "20250215", "B", "P3", "", "1200,00", "AB"),
            l("BQ", "20250220", "A", "P4", "", "500,00", "AA"),
            other("BQ", "20250228", "512000", "1,00", ""),
        ]));
        let f = summary(&r);
        assert_eq!(f.last_entry, Some(d("2025-02-28")));
        assert_eq!(check_balance(&l, &r), dec("1150"));
        assert_eq!(ar(&l, d("2025-02-20")), dec("1150"));
        // Before the last payment the group AA is not complete: its 1,500 is open.
        assert_eq!(ar(&l, d("2025-02-19")), dec("1150") + dec("1500"));
    }
}

/// The sample FEC of tests/fixtures (also loaded by the browser tests).
#[cfg(test)]
mod fixture {
    use super::*;
    use crate::domain::ledger::money::Total;
    use crate::domain::ledger::tests::{d, dec, m};

    // Hand-computed from tests/fixtures/fec-sample.txt (35 entries, 15 on 411,
    // last entry 2025-03-18):
    //   411 balance = debits 10,680.00 - credits 8,410.00 = 2,270.00
    //   AR at 2025-03-18 = 960 (FA2024-131, brought forward, open)
    //     - 150 (AV2024-07, opening credit, unapplied) + 200 (FA2025-002, 600
    //     less 400 in the partial group AC) + 1,200 (FA2025-003, open) - 100
    //     (VIR-0310 over-paid FA2025-004 in group AD, unapplied) - 60
    //     (AV2025-002, open credit note) - 500 (VIR-0314, unlettered) + 720
    //     (FA2025-005, Garnier on account 411GAR) = 2,270.00
    //   Sales: 9 (7 invoices, 2 credit notes); unapplied cash: 3 lines.
    //   Groups: AA (opening invoice of 2024 paid 2025-01-17) and AB (invoice,
    //   credit note, payment) balanced; AC and AD partial. Customers: 5.
    #[test]
    fn sample_reads_and_balances() {
        let bytes = include_bytes!("../../../tests/fixtures/fec-sample.txt");
        let (l, r) = crate::domain::import::import_file(bytes, &ImportOptions::default()).unwrap();
        let f = r.fec.as_ref().unwrap();
        assert_eq!((f.entries, f.receivable_lines, r.rows_read, r.rows_skipped), (35, 15, 15, 0));
        assert_eq!(f.last_entry, Some(d("2025-03-18")));
        assert_eq!(f.balance, dec("2270.00"));
        let t = d("2025-03-18");
        let ar = l.invoices.iter().map(|i| i.open_at(t)).sum::<Total>().to_decimal();
        assert_eq!(ar, dec("2270.00"));
        assert_eq!((r.invoices, r.credit_notes, f.unapplied_lines), (9, 2, 3));
        assert_eq!(l.unapplied().count(), 3);
        assert_eq!((f.lettered_groups, f.partial_groups, f.opening_lines), (2, 2, 3));
        assert_eq!(r.customers, 5);
        assert!(r.issues.is_empty());
        let by_id = |id: &str| l.invoices.iter().find(|i| i.id == id).unwrap();
        assert_eq!(by_id("FA2024-118").invoice_date, d("2024-11-20"));
        assert_eq!(by_id("FA2024-118").settled_date(), Some(d("2025-01-17")));
        assert_eq!(by_id("FA2025-001").settled_date(), Some(d("2025-02-25")));
        assert_eq!(by_id("AV2025-001").settled_date(), Some(d("2025-02-25")));
        assert_eq!(by_id("FA2025-002").open_at(t), dec("200"));
        assert_eq!(l.customer(by_id("FA2025-005").customer).label(), "Garnier SAS (411GAR)");
        assert_eq!(l.customer(by_id("FA2025-004").customer).label(), "Société Œuvre (C004)");
    }

    // Hand-computed from tests/fixtures/fec-refunds-returned-payments.txt
    // (45 entries; 411, 416 and 4191 lines of 7 customers, last entry
    // 2025-02-28):
    //   Sales (the 411 lines of the sales journal VT): FA4 800 + FA5 1,000
    //     + FA1 1,200 + FA2 600 + FA3 500 + FA6 1,000 - AV1 120 = 4,980.
    //     Not sales: FA2024-90 900 brought forward (AN, piece of 2024-12-10),
    //     RBT-B1 120 (the refund of AV1, lettered AC with it), RBT-G1 50
    //     (the refund of Gamma's over-payment, lettered AD), IMP-D1 800 (a
    //     returned direct debit, unlettered), the 416 debit.
    //   411 balance: IMP-D1 800 + FA2024-90 900 + FA6 700 (1,000 less the
    //     300 advance applied, group AG partial) = 2,400; 416: 1,000 (Zeta,
    //     at risk); 4191: -300 + 300 - 200 = -200. AR at 02-28 = 3,200.
    //   AR at 02-05: FA1 1,200 + Gamma's 50 over-paid on 02-01 (-50) +
    //     900 + FA5 1,000 + Eta's advance (-300) = 2,750.
    //   AR at 02-15: AV1 -120 (refunded 02-20) + IMP-D1 800 + 900 + FA5
    //     1,000 + FA6 700 = 3,280.
    #[test]
    fn refunds_returned_payments_opening_doubtful_and_advances() {
        let bytes = include_bytes!("../../../tests/fixtures/fec-refunds-returned-payments.txt");
        let (l, r) = import_fec(bytes, &ImportOptions::default()).unwrap();
        let f = r.fec.as_ref().unwrap();
        assert_eq!((f.entries, r.rows_skipped), (45, 0));
        let k = |t: &str| crate::domain::analysis::kpi::kpis(&l, d(t), crate::domain::analysis::kpi::Period::D90);
        let end = k("2025-02-28");
        assert_eq!(end.sales, dec("4980"));
        assert_eq!(end.get("ar_total"), Some(Ok(dec("3200"))));
        assert_eq!(f.balance, dec("3200"));
        assert_eq!((f.doubtful_balance, f.advance_balance), (dec("1000"), dec("-200")));
        assert_eq!(end.get("ar_at_risk"), Some(Ok(dec("1000"))));
        assert_eq!(k("2025-02-05").get("ar_total"), Some(Ok(dec("2750"))));
        assert_eq!(k("2025-02-15").get("ar_total"), Some(Ok(dec("3280"))));
        assert_eq!((f.refund_lines, f.returned_lines, f.opening_lines), (2, 1, 1));
        assert_eq!((f.doubtful_lines, f.advance_lines, f.no_sales_journal), (1, 3, false));
        let by_id = |id: &str| l.invoices.iter().find(|i| i.id == id).unwrap();
        assert_eq!(by_id("IMP-D1").kind, ItemKind::Receivable);
        assert_eq!((by_id("IMP-D1").due_date, by_id("IMP-D1").open_at(d("2025-02-28"))), (d("2025-02-14"), m("800")));
        assert_eq!(by_id("FA2024-90").kind, ItemKind::Receivable);
        assert_eq!(by_id("AV1").settled_date(), Some(d("2025-02-20")), "refunded");
        assert_eq!(by_id("FA3").settled_date(), Some(d("2025-02-01")));
        assert!(l
            .invoices
            .iter()
            .all(|i| i.id != "RBT-B1" && i.id != "RBT-G1" || i.open_at(d("2025-02-28")).is_zero()));
        // FA5 moved to 416 on 02-28 by OD19: still the sale of 01-08, now at
        // risk, and the 416 debit that moved it is not owed a second time.
        assert_eq!((by_id("FA5").kind, by_id("FA5").open_at(d("2025-02-28"))), (ItemKind::DoubtfulSale, m("1000")));
        assert_eq!((f.doubtful_moved, l.invoices.iter().filter(|i| i.is_doubtful()).count()), (1, 1));
        let t = f.last_entry.unwrap();
        let ar = l.invoices.iter().map(|i| i.open_at(t)).sum::<Total>().to_decimal();
        assert_eq!(ar, f.balance);
    }

    fn streamed(bytes: &[u8], slice: usize, head: usize) -> Result<(Ledger, ImportReport), ImportError> {
        let mut stream = FecStream::new(ImportOptions::default());
        stream.head_bytes = head;
        for part in bytes.chunks(slice.max(1)) {
            stream.push(part)?;
        }
        stream.finish()
    }

    /// A FEC read in slices of any size, with its decisions made on a head of
    /// any size, gives what the file read whole gives: the same ledger, the
    /// same report, line numbers included.
    #[test]
    fn slices_of_any_size_give_the_whole_file_s_result() {
        let base = include_bytes!("../../../tests/fixtures/fec-sample.txt").to_vec();
        let crlf: Vec<u8> = String::from_utf8_lossy(&base).replace('\n', "\r\n").into_bytes();
        let cr: Vec<u8> = String::from_utf8_lossy(&base).replace('\n', "\r").into_bytes();
        // ISO 8859-15: a euro sign in a label is byte 0xA4.
        let latin9: Vec<u8> = String::from_utf8_lossy(&base)
            .replacen("Client", "Client \u{20ac}", 1)
            .chars()
            .map(|c| if c == '\u{20ac}' { 0xA4 } else { c as u8 })
            .collect();
        // The encoding is decided on the head: a head with no accented
        // letter in it cannot tell ISO 8859-15 (the real head is 4 MB).
        for (bytes, heads) in
            [(&base, &[64, 1000, 1 << 20][..]), (&crlf, &[64, 1000]), (&cr, &[64, 1000]), (&latin9, &[1 << 20])]
        {
            let whole = import_fec(bytes, &ImportOptions::default()).unwrap();
            assert!(whole.1.rows_read > 10);
            for &head in heads {
                for slice in [1, 7, 100, 4096] {
                    assert_eq!(streamed(bytes, slice, head).unwrap(), whole, "slices of {slice}, head of {head}");
                }
            }
        }
        // Errors are the same too.
        let header_only = b"JournalCode\tEcritureNum\tEcritureDate\tCompteNum\tDebit\tCredit\n";
        assert_eq!(streamed(header_only, 5, 16).unwrap_err(), ImportError::NoRows);
        assert_eq!(streamed(b"\n\n  \n", 1, 2).unwrap_err(), ImportError::Empty);
    }
}

/// Damaged files: whatever the bytes, the import returns a ledger or an
/// error, never panics, every 411 line is read or skipped, and AR is the
/// 411 balance once every date of the file has passed.
#[cfg(test)]
mod damaged_files {
    use super::*;
    use crate::domain::import::damage::damaged;
    use crate::domain::ledger::money::Total;

    #[test]
    fn random_damage_never_panics_and_keeps_the_balance() {
        let base = include_bytes!("../../../tests/fixtures/fec-sample.txt").to_vec();
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let nasty: &[&[u8]] =
            &[b"\t", b"|", b"\r", b"\n", b"\xff", b"\xa4", b"-", b",", b"0", b"411", b"AA", b"VT", b"  ", b"99999999"];
        let mut ok = 0;
        for _ in 0..400 {
            let bytes = damaged(&base, &mut seed, nasty);
            if let Ok((ledger, report)) = import_fec(&bytes, &ImportOptions::default()) {
                ok += 1;
                let f = report.fec.as_ref().unwrap();
                assert_eq!(f.receivable_lines + report.rows_skipped, report.rows_read);
                let latest = ledger.invoices.iter().map(|i| i.invoice_date).chain(f.last_entry).max();
                if let Some(t) = latest {
                    let ar = ledger.invoices.iter().map(|i| i.open_at(t)).sum::<Total>().to_decimal();
                    assert_eq!(ar, f.balance);
                }
            }
        }
        assert!(ok > 100, "most damaged files still read ({ok})");
        for bytes in [&b""[..], b"\n\n\n", b"\t", b"|||", &[0xffu8; 64], HEADER_ONLY] {
            let _ = import_fec(bytes, &ImportOptions::default());
        }
    }

    const HEADER_ONLY: &[u8] = b"JournalCode|EcritureNum|EcritureDate|CompteNum|Debit|Credit\n|||411|\xff|\n";
}
