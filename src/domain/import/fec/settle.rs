//! How a FEC's customer lines settle each other once every line is read
//! (kpi.md "FEC"): the lines of one customer and account sharing a
//! lettering code (a group), a refund lettered with the credits it pays
//! back, and the advances received on 4191, which the invoices take in
//! date order. Each allocation is dated so that the open amounts sum, at
//! every date, to the accounts' balance.

use crate::domain::import::report::FecSummary;
use crate::domain::ledger::money::Money;
use crate::domain::ledger::{Currency, CustomerIx, Invoice, ItemKind, Ledger, Payment, Settlement};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A credit line of a lettering group: cash received, or a credit note
/// (`note`: its index in the ledger).
#[derive(Debug)]
pub(super) struct GroupCredit {
    pub line: u64,
    /// Its EcritureDate: allocations from it are dated so.
    pub date: NaiveDate,
    /// Positive.
    pub amount: Money,
    pub note: Option<usize>,
    pub id: String,
}

/// A debit that pays cash back rather than selling: outside the sales and
/// opening journals lettered with credits, their refund (kpi.md "FEC"),
/// which becomes a payment on what it pays back (what no credit takes stays
/// a receivable); on 4191, an advance applied to an invoice (or paid back).
#[derive(Debug)]
pub(super) struct CashDebit {
    pub line: u64,
    /// Its EcritureDate, and its document's date.
    pub date: NaiveDate,
    pub doc_date: NaiveDate,
    /// Positive.
    pub amount: Money,
    pub id: String,
}

/// The lines of one customer on one account sharing one lettering code
/// (kpi.md "FEC").
#[derive(Debug)]
pub(super) struct Group {
    pub customer: CustomerIx,
    pub currency: Currency,
    /// Ledger indexes of its invoices and receivables (the debit lines).
    pub debits: Vec<usize>,
    pub credits: Vec<GroupCredit>,
    pub refunds: Vec<CashDebit>,
    /// Sums of the debits (refunds included) and credits.
    pub debit_sum: Decimal,
    pub credit_sum: Decimal,
    /// The latest EcritureDate of its debit lines, and its latest DateLet.
    pub last_debit: Option<NaiveDate>,
    pub date_let: Option<NaiveDate>,
    /// Its invoices were moved to doubtful customers by its only credits
    /// (`reclassify`): nothing in it is a payment.
    pub moved: bool,
}

impl Group {
    pub fn new(customer: CustomerIx, currency: Currency) -> Group {
        Group {
            customer,
            currency,
            debits: Vec::new(),
            credits: Vec::new(),
            refunds: Vec::new(),
            debit_sum: Decimal::ZERO,
            credit_sum: Decimal::ZERO,
            last_debit: None,
            date_let: None,
            moved: false,
        }
    }
}

/// The lines of one entry (journal, entry number, date) of one customer
/// and currency that may move receivables to doubtful customers: its 416
/// debits and its 411 credits outside the sales and opening journals.
#[derive(Debug, Default)]
pub(super) struct Transfer {
    /// The 416 debits: ledger index, lettering group.
    pub doubtful: Vec<(usize, Option<usize>)>,
    /// The 411 credits: lettering group (None: unlettered), amount.
    pub credits: Vec<(Option<usize>, Decimal)>,
    pub debit_sum: Decimal,
    pub credit_sum: Decimal,
}

/// A receivable moved to doubtful customers (account 416) is neither paid
/// nor owed twice (kpi.md "FEC": 416 receivables, counted at risk). Where an
/// entry's 411 credits are the only credits of the lettering groups they
/// are in and take the whole of them, and its 416 debits add up to the
/// same, those groups' invoices become doubtful (a sale stays a sale, with
/// its dates), the groups settle nothing, the 416 debits are dropped, and
/// the 416 group they were lettered in (cash received later, a write-off)
/// settles the invoices in their place. Otherwise nothing is changed: the
/// credits settle their groups and the 416 debits are receivables of
/// their own, AR being the same. Returns the ledger indexes to drop and
/// how many invoices were moved.
pub(super) fn reclassify(t: &Transfer, groups: &mut [Group], ledger: &mut Ledger) -> Option<(Vec<usize>, u64)> {
    if t.doubtful.is_empty() || t.credits.is_empty() || t.debit_sum != t.credit_sum {
        return None;
    }
    let mut moved: Vec<(usize, usize, Decimal)> = Vec::new(); // group, credits, sum
    for (g, amount) in &t.credits {
        let g = (*g)?;
        match moved.iter_mut().find(|m| m.0 == g) {
            Some(m) => {
                m.1 += 1;
                m.2 += amount;
            }
            None => moved.push((g, 1, *amount)),
        }
    }
    let whole = |&(g, n, sum): &(usize, usize, Decimal)| {
        groups.get(g).is_some_and(|g| {
            !g.moved
                && g.refunds.is_empty()
                && !g.debits.is_empty()
                && g.credits.len() == n
                && g.credit_sum == sum
                && g.debit_sum == sum
        })
    };
    if !moved.iter().all(whole) {
        return None;
    }
    let target = t.doubtful.first().and_then(|d| d.1);
    if t.doubtful.iter().any(|d| d.1 != target) || target.is_some_and(|g| g >= groups.len()) {
        return None;
    }
    let mut invoices = Vec::new();
    for &(g, _, _) in &moved {
        groups[g].moved = true;
        invoices.extend(groups[g].debits.iter().copied());
    }
    for &ix in &invoices {
        let inv = &mut ledger.invoices[ix];
        inv.kind = match inv.kind {
            ItemKind::Invoice | ItemKind::DoubtfulSale => ItemKind::DoubtfulSale,
            _ => ItemKind::Doubtful,
        };
    }
    let dropped: Vec<usize> = t.doubtful.iter().map(|d| d.0).collect();
    if let Some(g) = target {
        let g = &mut groups[g];
        g.debits.retain(|ix| !dropped.contains(ix));
        g.debits.extend(invoices.iter().copied());
    }
    Some((dropped, invoices.len() as u64))
}

/// One customer's advances received (account 4191) in one currency: the
/// credits, each an item of unapplied cash, and the debits that use them.
#[derive(Debug)]
pub(super) struct AdvancePool {
    pub customer: CustomerIx,
    pub currency: Currency,
    /// Ledger indexes of the credits' unapplied cash items.
    pub credits: Vec<usize>,
    pub debits: Vec<CashDebit>,
}

/// Cash received on `date` and applied to nothing (kpi.md "Outstanding":
/// a negative open item, not a sale).
pub(super) fn unapplied(
    id: String,
    customer: CustomerIx,
    currency: Currency,
    date: NaiveDate,
    cash: Money,
    line: u64,
) -> Invoice {
    Invoice {
        id: id.into(),
        customer,
        invoice_date: date,
        due_date: date,
        amount: -cash,
        settlement: Settlement::open(),
        disputed: false,
        dispute_reason: None,
        division: None,
        sales_rep: None,
        currency,
        source_line: line,
        kind: ItemKind::UnappliedCash,
    }
}

/// Owed from `date` and due at once, not a sale: a returned payment, a
/// refund no credit took, an advance paid back beyond what was received.
pub(super) fn owed_at_once(
    id: String,
    customer: CustomerIx,
    currency: Currency,
    date: NaiveDate,
    amount: Money,
    line: u64,
) -> Invoice {
    Invoice { amount, kind: ItemKind::Receivable, ..unapplied(id, customer, currency, date, -amount, line) }
}

/// Applies one lettering group (kpi.md "FEC"). Without refunds, balanced
/// (debits == credits): each invoice and credit note is settled in full on
/// the latest EcritureDate of the group's credit lines (DateLet only when
/// there is none). Otherwise `settle_in_order`.
pub(super) fn settle_group(g: Group, ledger: &mut Ledger, fec: &mut FecSummary) {
    if g.moved {
        // Its credits moved its invoices to 416: they settle nothing.
        return;
    }
    if g.debit_sum == g.credit_sum {
        fec.lettered_groups += 1;
    } else {
        fec.partial_groups += 1;
    }
    if g.debit_sum != g.credit_sum || !g.refunds.is_empty() {
        settle_in_order(g, ledger, fec);
        return;
    }
    let Some(date) = g.credits.iter().map(|c| c.date).max().or(g.date_let).or(g.last_debit) else {
        return;
    };
    for &ix in &g.debits {
        let inv = &mut ledger.invoices[ix];
        let amount = inv.amount;
        inv.add_payment(Payment { date, amount });
    }
    for ix in g.credits.iter().filter_map(|c| c.note) {
        let note = &mut ledger.invoices[ix];
        let amount = note.amount;
        note.add_payment(Payment { date, amount });
    }
}

/// What a group's debit line is, in date order.
enum Debit {
    /// An invoice or receivable of the ledger.
    Item(usize),
    /// A refund (index into the group's refunds).
    Refund(usize),
}

/// A group settled in date order (a partial settlement, or any group with
/// refunds): the credits, oldest first, settle the debits oldest first.
/// An invoice takes a part as a payment dated by its credit line (a credit
/// note so used is settled by as much). A refund pays back what it takes:
/// a credit note is settled by it on the later of the two dates; cash
/// received before it was over-paid until then (unapplied cash settled on
/// the refund's date); cash received after it pays it (a receivable from
/// its date). Cash left over is unapplied, a credit note left over stays
/// open, a refund left over is owed.
fn settle_in_order(g: Group, ledger: &mut Ledger, fec: &mut FecSummary) {
    fec.refund_lines += g.refunds.len() as u64;
    let mut debits: Vec<(NaiveDate, u64, Debit, Money)> = g
        .debits
        .iter()
        .map(|&ix| {
            let inv = &ledger.invoices[ix];
            (inv.invoice_date, inv.source_line, Debit::Item(ix), inv.amount)
        })
        .chain(g.refunds.iter().enumerate().map(|(k, r)| (r.date, r.line, Debit::Refund(k), r.amount)))
        .collect();
    debits.sort_by_key(|(date, line, _, _)| (*date, *line));
    // Refunds: the payments of cash received after them.
    let mut paid_later: Vec<Vec<Payment>> = vec![Vec::new(); g.refunds.len()];
    let mut credits = g.credits;
    credits.sort_by_key(|c| (c.date, c.line));
    let mut k = 0;
    for c in credits {
        let mut left = c.amount;
        while left.is_positive() && k < debits.len() {
            let part = left.min(debits[k].3);
            match debits[k].2 {
                Debit::Item(ix) => {
                    ledger.invoices[ix].add_payment(Payment { date: c.date, amount: part });
                    if let Some(note) = c.note {
                        ledger.invoices[note].add_payment(Payment { date: c.date, amount: -part });
                    }
                }
                Debit::Refund(r) => {
                    let refund = &g.refunds[r];
                    match c.note {
                        Some(note) => {
                            let date = refund.date.max(c.date);
                            ledger.invoices[note].add_payment(Payment { date, amount: -part });
                        }
                        None if c.date <= refund.date => {
                            let mut cash = unapplied(c.id.clone(), g.customer, g.currency, c.date, part, c.line);
                            cash.add_payment(Payment { date: refund.date, amount: -part });
                            ledger.invoices.push(cash);
                            fec.unapplied_lines += 1;
                        }
                        None => paid_later[r].push(Payment { date: c.date, amount: part }),
                    }
                }
            }
            debits[k].3 -= part;
            left -= part;
            if !debits[k].3.is_positive() {
                k += 1;
            }
        }
        if left.is_positive() && c.note.is_none() {
            ledger.invoices.push(unapplied(c.id, g.customer, g.currency, c.date, left, c.line));
            fec.unapplied_lines += 1;
        }
    }
    // What each refund still owes, and what paid it after its date.
    let mut owed: Vec<Money> = vec![Money::ZERO; g.refunds.len()];
    for (_, _, d, open) in &debits {
        if let Debit::Refund(r) = d {
            owed[*r] = *open;
        }
    }
    for (r, refund) in g.refunds.into_iter().enumerate() {
        let paid: Money = paid_later[r].iter().map(|p| p.amount).sum();
        let amount = owed[r] + paid;
        if !amount.is_positive() {
            continue;
        }
        let mut item = owed_at_once(refund.id, g.customer, g.currency, refund.doc_date, amount, refund.line);
        for p in paid_later[r].drain(..) {
            item.add_payment(p);
        }
        ledger.invoices.push(item);
    }
}

/// Applies one customer's advances (account 4191, kpi.md "FEC": a credit
/// balance like unapplied cash): each debit, in date order, uses the
/// advances received, oldest first, settling them on the later of the two
/// dates; a debit beyond what was received is owed.
pub(super) fn settle_advances(pool: AdvancePool, ledger: &mut Ledger) {
    let mut credits = pool.credits;
    credits.sort_by_key(|&ix| (ledger.invoices[ix].invoice_date, ledger.invoices[ix].source_line));
    let mut left: Vec<Money> = credits.iter().map(|&ix| -ledger.invoices[ix].amount).collect();
    let mut debits = pool.debits;
    debits.sort_by_key(|d| (d.date, d.line));
    let mut k = 0;
    for d in debits {
        let mut want = d.amount;
        while want.is_positive() && k < credits.len() {
            let part = want.min(left[k]);
            let cash = &mut ledger.invoices[credits[k]];
            let date = d.date.max(cash.invoice_date);
            cash.add_payment(Payment { date, amount: -part });
            left[k] -= part;
            want -= part;
            if !left[k].is_positive() {
                k += 1;
            }
        }
        if want.is_positive() {
            ledger.invoices.push(owed_at_once(d.id, pool.customer, pool.currency, d.doc_date, want, d.line));
        }
    }
}
