//! Column roles and how headers are recognised: each role has French and
//! English synonyms, compared after folding case, accents, spaces and
//! punctuation ("Date d'échéance" and "DueDate" both become one key).

use serde::{Deserialize, Serialize};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    InvoiceId,
    CustomerId,
    CustomerName,
    InvoiceDate,
    DueDate,
    Amount,
    OpenAmount,
    PaidAmount,
    SettledDate,
    Disputed,
    DisputeReason,
    Division,
    SalesRep,
    CreditLimit,
    Currency,
    /// An amount without tax ("HT", "net", "excl. tax"): the receivable is
    /// tax included, so this is read only when nothing better is there.
    AmountExclTax,
    /// A document type or status ("Facture", "Avoir", "Brouillon",
    /// "Annulée", "Supplier bill"): says which lines are receivables.
    DocType,
    /// The customer's email address and phone number (for dunning).
    Email,
    Phone,
    /// A free-text label (a bank statement's wording): read in a payments
    /// file only, where invoice references are looked for inside it. Not
    /// an invoices file's role (not in `ALL`).
    Label,
}

impl Role {
    pub const ALL: [Role; 19] = [
        Role::InvoiceId,
        Role::CustomerId,
        Role::CustomerName,
        Role::InvoiceDate,
        Role::DueDate,
        Role::Amount,
        Role::OpenAmount,
        Role::PaidAmount,
        Role::SettledDate,
        Role::Disputed,
        Role::DisputeReason,
        Role::Division,
        Role::SalesRep,
        Role::CreditLimit,
        Role::Currency,
        Role::AmountExclTax,
        Role::DocType,
        Role::Email,
        Role::Phone,
    ];

    /// Folded header names that mean this role (see `fold`), the most
    /// specific first: when two columns claim a role, the better name wins.
    #[rustfmt::skip]
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Role::InvoiceId => &[
                "invoicenumber", "invoiceno", "invoicenum", "invoiceid", "invno", "invoice", "invoiceref",
                "numerofacture", "numfacture", "nofacture", "nfacture", "reffacture", "referencefacture",
                "facture", "pieceref", "numeropiece", "piece", "documentnumber", "docnumber", "documentno",
                "document", "billnumber", "reference", "ref",
            ],
            Role::CustomerId => &[
                "customerid", "customercode", "customernumber", "customerno", "clientid", "codeclient",
                "numeroclient", "numclient", "noclient", "refclient", "compteclient", "compauxnum",
                "codetiers", "debtorid", "payerid", "customeraccount", "accountnumber", "customer",
                "client", "account", "tiers", "debtor", "payer",
            ],
            Role::CustomerName => &[
                "customername", "clientname", "nomclient", "nomduclient", "raisonsociale", "compauxlib",
                "libelleclient", "debtorname", "accountname", "libelletiers", "nomtiers", "name", "nom",
            ],
            Role::InvoiceDate => &[
                "invoicedate", "datefacture", "datedefacture", "datefacturation", "piecedate", "datepiece",
                "documentdate", "issuedate", "dateemission", "datedemission", "billdate", "postingdate",
                "ecrituredate", "date",
            ],
            Role::DueDate => &[
                "duedate", "dateecheance", "datedecheance", "echeance", "dateech", "paymentduedate",
                "netduedate", "datelimitedepaiement", "datelimite", "due",
            ],
            Role::Amount => &[
                "invoiceamount", "montantttc", "totalttc", "montantfacture", "amountincltax", "amountincvat",
                "grossamount", "invoicetotal", "montanttotal", "originalamount", "montantinitial", "ttc",
                "amount", "montant", "total", "value",
            ],
            Role::AmountExclTax => &["montantht", "totalht", "ht", "amountexcltax", "netamount", "amountnet"],
            Role::DocType => &[
                "documenttype", "doctype", "typedocument", "typededocument", "typepiece", "typedepiece",
                "status", "statut", "type", "etat", "nature",
            ],
            Role::OpenAmount => &[
                "openamount", "balancedue", "amountdue", "outstandingamount", "remainingamount",
                "resteapayer", "restedu", "montantrestant", "montantdu", "soldedu", "outstanding",
                "remaining", "balance", "solde", "encours", "open",
            ],
            Role::PaidAmount => &["paidamount", "amountpaid", "montantregle", "montantpaye", "regle", "paid"],
            Role::SettledDate => &[
                "settleddate", "settlementdate", "paiddate", "paymentdate", "datepaid", "datereglement",
                "datedereglement", "datepaiement", "datedepaiement", "dateencaissement", "clearingdate",
                "cleareddate", "closeddate", "datesolde",
            ],
            Role::Disputed => &["disputed", "indispute", "enlitige", "litigieux", "disputeflag", "dispute", "litige"],
            Role::DisputeReason => &[
                "disputereason", "disputecode", "motiflitige", "motifdulitige", "motifdelitige",
                "raisonlitige", "reasoncode",
            ],
            Role::Division => &[
                "division", "businessunit", "bu", "entite", "entity", "agence", "branch", "secteur",
                "departement", "department", "region", "societe", "company",
            ],
            Role::SalesRep => &[
                "salesrep", "salesperson", "salesman", "representative", "commercial", "vendeur",
                "accountmanager", "chargedaffaires", "responsable",
            ],
            Role::CreditLimit => &[
                "creditlimit", "limitecredit", "limitedecredit", "plafondcredit", "encoursautorise",
                "encoursmax", "plafond", "limite",
            ],
            Role::Currency => &["currency", "currencycode", "devise", "idevise", "ccy", "curr", "cur", "monnaie"],
            Role::Email => &[
                "email", "emailaddress", "adresseemail", "adressemail", "courriel", "adressecourriel",
                "emailclient", "mailclient", "contactemail", "emailcontact", "emailfacturation", "mail",
            ],
            Role::Phone => &[
                "phone", "phonenumber", "telephone", "numerodetelephone", "tel", "telclient",
                "telephoneclient", "contactphone", "mobile", "portable", "gsm",
            ],
            Role::Label => &[],
        }
    }

    /// The role a header means, if any, and the rank of the name among the
    /// role's synonyms (0 is the best). A currency in the header ("Amount
    /// (EUR)", "Montant €") does not hide its role.
    pub fn of_header(header: &str) -> Option<(Role, usize)> {
        let k = fold(header);
        let find = |k: &str| {
            Role::ALL.into_iter().find_map(|r| r.synonyms().iter().position(|s| *s == k).map(|rank| (r, rank)))
        };
        if k.is_empty() {
            return None;
        }
        find(&k)
            .or_else(|| {
                ["eur", "euro", "euros", "usd", "gbp", "chf"]
                    .iter()
                    .find_map(|c| k.strip_suffix(c).filter(|rest| !rest.is_empty()).and_then(find))
            })
            .or_else(|| by_words(header).map(|r| (r, WORD_RANK)))
    }
}

/// The rank of a role found from a header's words rather than a known
/// name: any known name of the role beats it.
const WORD_RANK: usize = 100;

/// A header split into folded words: "client_no", "Customer No.",
/// "N° client", "CustomerNo" and "DateLettrage" all split as a person reads them.
pub fn words(header: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in header.trim().chars() {
        let starts_word = c.is_uppercase() && prev_lower;
        let folded = fold(&c.to_string());
        if folded.is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if starts_word && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.push_str(&folded);
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The role a header's words say, for headers no list foresaw ("Cleared
/// on", "Receipt date", "Date de lettrage", "Cust. account", "Amount
/// outstanding"). The order of the tests matters: a date word makes a
/// date whatever else is said, an amount word an amount.
fn by_words(header: &str) -> Option<Role> {
    let w = words(header);
    let has = |set: &[&str]| w.iter().any(|x| set.contains(&x.as_str()));
    let amount_words: &[&str] = &[
        "amount",
        "amt",
        "montant",
        "mnt",
        "mt",
        "total",
        "sum",
        "somme",
        "value",
        "valeur",
        "ttc",
        "ht",
        "gross",
        "brut",
        "balance",
        "solde",
        "outstanding",
        "remaining",
        "reste",
        "restant",
        "price",
        "prix",
        "residual",
        "residuel",
        "unpaid",
        "impaye",
        "debit",
    ];
    if has(&[
        "litige",
        "litiges",
        "dispute",
        "disputed",
        "contestation",
        "contested",
        "conteste",
        "reclamation",
        "claim",
    ]) {
        let reason = has(&["motif", "reason", "raison", "cause", "code", "type", "nature", "category"]);
        return Some(if reason { Role::DisputeReason } else { Role::Disputed });
    }
    if has(&["email", "courriel", "mel"]) || has(&["mail"]) && !has(&["date", "dt"]) {
        return Some(Role::Email);
    }
    if has(&["phone", "telephone", "tel", "mobile", "portable", "gsm"]) {
        return Some(Role::Phone);
    }
    if has(&["currency", "devise", "ccy", "curr", "monnaie"]) && !has(amount_words) {
        return Some(Role::Currency);
    }
    if has(&["limit", "limite", "plafond", "ceiling"]) && !has(&["date", "dt", "jour", "day"]) {
        return Some(Role::CreditLimit);
    }
    let date_word = has(&["date", "dt", "datum", "le", "on", "jour", "day", "when"])
        || w.last().is_some_and(|x| x.ends_with("date"));
    if date_word {
        if has(&["due", "echeance", "echeances", "ech", "exigibilite", "expiry", "maturity", "limite", "deadline"]) {
            return Some(Role::DueDate);
        }
        if has(&[
            "paid",
            "pay",
            "payment",
            "paiement",
            "paye",
            "payee",
            "settled",
            "settlement",
            "settle",
            "cleared",
            "clearing",
            "clear",
            "receipt",
            "received",
            "recu",
            "encaissement",
            "encaisse",
            "reglement",
            "regle",
            "reglee",
            "lettrage",
            "lettre",
            "lettree",
            "lettering",
            "letter",
            "closed",
            "close",
            "cloture",
            "solde",
            "collection",
            "collected",
        ]) {
            return Some(Role::SettledDate);
        }
        return Some(Role::InvoiceDate);
    }
    if has(amount_words) || (has(&["open", "due", "paid", "regle", "net", "encours"]) && !has(&["no", "number", "id"]))
    {
        if has(&["ht", "net", "excl", "excluding", "hors", "pretax", "hts", "exvat", "nett"])
            && !has(&["ttc", "incl", "including", "gross", "brut"])
        {
            return Some(Role::AmountExclTax);
        }
        if has(&[
            "open",
            "ouvert",
            "remaining",
            "reste",
            "restant",
            "outstanding",
            "balance",
            "solde",
            "residual",
            "residuel",
            "unpaid",
            "impaye",
            "du",
            "due",
            "encours",
            "left",
        ]) {
            return Some(Role::OpenAmount);
        }
        if has(&["paid", "regle", "paye", "received", "encaisse", "settled", "collected", "recu"]) {
            return Some(Role::PaidAmount);
        }
        return Some(Role::Amount);
    }
    if has(&["type", "status", "statut", "etat", "state", "nature", "kind"]) {
        return Some(Role::DocType);
    }
    if has(&[
        "rep",
        "salesrep",
        "salesperson",
        "salesman",
        "commercial",
        "vendeur",
        "seller",
        "representative",
        "manager",
        "gestionnaire",
        "collector",
        "recouvreur",
    ]) {
        return Some(Role::SalesRep);
    }
    if has(&[
        "customer",
        "customers",
        "client",
        "clients",
        "cust",
        "debtor",
        "debiteur",
        "tiers",
        "payer",
        "payeur",
        "buyer",
        "acheteur",
        "soldto",
        "account",
        "compte",
        "partner",
        "partenaire",
    ]) {
        let name = has(&["name", "nom", "lib", "libelle", "raison", "sociale", "denomination", "designation", "label"]);
        return Some(if name { Role::CustomerName } else { Role::CustomerId });
    }
    if has(&["invoice", "inv", "facture", "fact", "bill", "document", "doc", "piece", "voucher", "ref", "reference"]) {
        return Some(Role::InvoiceId);
    }
    if has(&[
        "division",
        "bu",
        "entity",
        "entite",
        "agence",
        "branch",
        "region",
        "site",
        "societe",
        "company",
        "segment",
        "departement",
        "department",
        "secteur",
        "filiale",
        "subsidiary",
    ]) {
        return Some(Role::Division);
    }
    None
}

/// A file's header row as the mapping screen shows it: each column's
/// header, the role the import gave it, and the first data rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layout {
    pub headers: Vec<String>,
    /// `signature(headers)`: the key a chosen mapping is remembered by.
    pub signature: String,
    /// The role of each column (`None`: not used).
    pub roles: Vec<Option<Role>>,
    /// Where the roles came from.
    pub source: MappingSource,
    /// Roles found from the column's content rather than its header.
    pub by_content: Vec<Role>,
    /// The first data rows, cell by cell (at most `PREVIEW_ROWS`).
    pub preview: Vec<Vec<String>>,
}

/// Data rows shown on the mapping screen.
pub const PREVIEW_ROWS: usize = 5;

/// How the columns' roles were decided.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MappingSource {
    /// From the headers' words and the columns' content.
    #[default]
    Guessed,
    /// A mapping the user chose before for this header layout.
    Saved,
    /// Chosen on the mapping screen for this file.
    Chosen,
}

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
    use super::values::{parse_amount, parse_date, DateOrder, DecimalSeparator};
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

/// Fills the required roles the headers did not give from the columns'
/// content: the first unused column of dates is the invoice date, of
/// amounts the amount, of repeated codes the customer. Returns the roles
/// so found (the import says so: no silent guess).
pub fn guess_by_content(map: &mut ColumnMap, n_cols: usize, sample: &[Vec<String>]) -> Vec<Role> {
    let used: Vec<usize> = map.columns.iter().map(|(_, i)| *i).collect();
    let mut free: Vec<(usize, Content)> = (0..n_cols)
        .filter(|i| !used.contains(i))
        .map(|i| {
            let values: Vec<&str> = sample.iter().map(|r| r.get(i).map_or("", String::as_str)).collect();
            (i, content_of(&values))
        })
        .collect();
    let mut found = Vec::new();
    let mut take = |map: &mut ColumnMap, role: Role, kind: Content| {
        if let Some(at) = free.iter().position(|(_, c)| *c == kind) {
            let (i, _) = free.remove(at);
            map.assign(role, i);
            found.push(role);
        }
    };
    for role in map.missing_required() {
        match role {
            Role::InvoiceDate => take(map, Role::InvoiceDate, Content::Dates),
            Role::Amount => take(map, Role::Amount, Content::Amounts),
            Role::CustomerId => take(map, Role::CustomerId, Content::RepeatedCodes),
            _ => {}
        }
    }
    found
}

/// The key of a header layout: its folded headers, in order.
pub fn signature<S: AsRef<str>>(headers: &[S]) -> String {
    headers.iter().map(|h| fold(h.as_ref())).collect::<Vec<_>>().join("|")
}

/// Folds a header to a comparison key: lower case, accents dropped, and
/// everything but letters and digits removed ("Date d'échéance" -> "datedecheance").
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars().flat_map(char::to_lowercase) {
        let base = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            '°' => 'o',
            c => c,
        };
        if base.is_ascii_alphanumeric() {
            out.push(base);
        }
    }
    out
}

/// Where each role is in a header row. The first column with a role wins;
/// a later column with the same role is listed in `duplicates` and ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMap {
    pub columns: Vec<(Role, usize)>,
    /// Columns whose role an earlier column already has: (index, header).
    pub duplicates: Vec<(usize, String)>,
    /// Columns no role matched: (index, header).
    pub ignored: Vec<(usize, String)>,
}

impl ColumnMap {
    pub fn from_headers<S: AsRef<str>>(headers: &[S]) -> ColumnMap {
        let mut map = ColumnMap::default();
        let mut ranks: Vec<usize> = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            let h = h.as_ref();
            match Role::of_header(h) {
                Some((r, rank)) => match map.columns.iter().position(|(role, _)| *role == r) {
                    // A better name for a role already claimed takes it over.
                    Some(at) if rank < ranks[at] => {
                        let (_, old) = map.columns[at];
                        map.duplicates.push((old, headers[old].as_ref().trim().to_string()));
                        map.columns[at] = (r, i);
                        ranks[at] = rank;
                    }
                    Some(_) => map.duplicates.push((i, h.trim().to_string())),
                    None => {
                        map.columns.push((r, i));
                        ranks.push(rank);
                    }
                },
                None => {
                    if !h.trim().is_empty() {
                        map.ignored.push((i, h.trim().to_string()));
                    }
                }
            }
        }
        map.duplicates.sort();
        map
    }

    /// The map a user chose: the role of each column by index; a role
    /// given twice keeps its first column.
    pub fn from_roles(roles: &[Option<Role>], headers: &[String]) -> ColumnMap {
        let mut map = ColumnMap::default();
        for (i, r) in roles.iter().enumerate() {
            let header = headers.get(i).map_or(String::new(), |h| h.trim().to_string());
            match r {
                Some(r) if map.get(*r).is_none() => map.columns.push((*r, i)),
                Some(_) => map.duplicates.push((i, header)),
                None if !header.is_empty() => map.ignored.push((i, header)),
                None => {}
            }
        }
        map
    }

    /// The role of each of `n` columns.
    pub fn roles(&self, n: usize) -> Vec<Option<Role>> {
        let mut roles = vec![None; n];
        for (r, i) in &self.columns {
            if let Some(slot) = roles.get_mut(*i) {
                *slot = Some(*r);
            }
        }
        roles
    }

    /// Gives `role` to column `i` (a guess from its content).
    pub fn assign(&mut self, role: Role, i: usize) {
        self.ignored.retain(|(j, _)| *j != i);
        self.duplicates.retain(|(j, _)| *j != i);
        self.columns.push((role, i));
    }

    pub fn get(&self, role: Role) -> Option<usize> {
        self.columns.iter().find(|(r, _)| *r == role).map(|(_, i)| *i)
    }

    /// How many roles a row's cells matched: the header row is the one that
    /// matches most.
    pub fn score(&self) -> usize {
        self.columns.len()
    }

    /// The roles every import needs and this map lacks.
    pub fn missing_required(&self) -> Vec<Role> {
        let mut missing = Vec::new();
        if self.get(Role::CustomerId).is_none() && self.get(Role::CustomerName).is_none() {
            missing.push(Role::CustomerId);
        }
        if self.get(Role::InvoiceDate).is_none() {
            missing.push(Role::InvoiceDate);
        }
        if self.get(Role::Amount).is_none()
            && self.get(Role::OpenAmount).is_none()
            && self.get(Role::AmountExclTax).is_none()
        {
            missing.push(Role::Amount);
        }
        missing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ibm_headers_are_recognised() {
        let h = "countryCode,customerID,PaperlessDate,invoiceNumber,InvoiceDate,DueDate,InvoiceAmount,Disputed,SettledDate,PaperlessBill,DaysToSettle,DaysLate";
        let headers: Vec<&str> = h.split(',').collect();
        let m = ColumnMap::from_headers(&headers);
        assert_eq!(m.get(Role::CustomerId), Some(1));
        assert_eq!(m.get(Role::InvoiceId), Some(3));
        assert_eq!(m.get(Role::InvoiceDate), Some(4));
        assert_eq!(m.get(Role::DueDate), Some(5));
        assert_eq!(m.get(Role::Amount), Some(6));
        assert_eq!(m.get(Role::Disputed), Some(7));
        assert_eq!(m.get(Role::SettledDate), Some(8));
        assert!(m.missing_required().is_empty());
        // PaperlessDate and PaperlessBill read as a date and a reference, but
        // better-named columns hold those roles.
        assert_eq!(m.ignored.len() + m.duplicates.len(), 5);
    }

    #[test]
    fn french_headers_with_accents_and_duplicates() {
        let headers = [
            "N° facture",
            "Code client",
            "Raison sociale",
            "Date facture",
            "Date d'échéance",
            "Montant TTC",
            "Montant TTC",
            "Motif litige",
        ];
        let m = ColumnMap::from_headers(&headers);
        assert_eq!(m.get(Role::InvoiceId), Some(0));
        assert_eq!(m.get(Role::CustomerId), Some(1));
        assert_eq!(m.get(Role::CustomerName), Some(2));
        assert_eq!(m.get(Role::InvoiceDate), Some(3));
        assert_eq!(m.get(Role::DueDate), Some(4));
        assert_eq!(m.get(Role::Amount), Some(5));
        assert_eq!(m.duplicates, vec![(6, "Montant TTC".to_string())]);
        assert_eq!(m.get(Role::DisputeReason), Some(7));
    }

    #[test]
    fn the_more_specific_header_wins() {
        let m = ColumnMap::from_headers(&[
            "Date",
            "Client",
            "Montant HT",
            "Code client",
            "Date facture",
            "Montant TTC (€)",
        ]);
        assert_eq!(m.get(Role::InvoiceDate), Some(4));
        assert_eq!(m.get(Role::CustomerId), Some(3));
        assert_eq!(m.get(Role::Amount), Some(5));
        assert_eq!(m.duplicates.iter().map(|(i, _)| *i).collect::<Vec<_>>(), vec![0, 1]);
        assert_eq!(m.get(Role::AmountExclTax), Some(2), "tax excluded is a role of its own");
        let m = ColumnMap::from_headers(&["Customer", "Inv No", "Posting Date", "Amount (EUR)", "Remaining Amount"]);
        assert_eq!(m.get(Role::InvoiceId), Some(1));
        assert_eq!(m.get(Role::Amount), Some(3));
        assert_eq!(m.get(Role::OpenAmount), Some(4));
        assert!(m.missing_required().is_empty());
    }

    #[track_caller]
    fn check_words(header: &str, role: Option<Role>) {
        assert_eq!(Role::of_header(header).map(|(r, _)| r), role, "header {header:?}");
    }

    #[test]
    fn headers_no_list_foresaw_are_read_by_their_words() {
        check_words("client_no", Some(Role::CustomerId));
        check_words("Customer No.", Some(Role::CustomerId));
        check_words("N° client", Some(Role::CustomerId));
        check_words("Cust. account", Some(Role::CustomerId));
        check_words("Nom du tiers", Some(Role::CustomerName));
        check_words("Cleared on", Some(Role::SettledDate));
        check_words("Receipt date", Some(Role::SettledDate));
        check_words("Date de lettrage", Some(Role::SettledDate));
        check_words("DateLettrage", Some(Role::SettledDate));
        check_words("Réglé le", Some(Role::SettledDate));
        check_words("Posting date", Some(Role::InvoiceDate));
        check_words("Date comptable", Some(Role::InvoiceDate));
        check_words("Payment due on", Some(Role::DueDate));
        check_words("Amount outstanding", Some(Role::OpenAmount));
        check_words("Reste dû", Some(Role::OpenAmount));
        check_words("Amount due", Some(Role::OpenAmount));
        check_words("Montant encaissé", Some(Role::PaidAmount));
        check_words("Total HT", Some(Role::AmountExclTax));
        check_words("Net amount excl. VAT", Some(Role::AmountExclTax));
        check_words("Montant TTC ligne", Some(Role::Amount));
        check_words("Gross value", Some(Role::Amount));
        check_words("Document type", Some(Role::DocType));
        check_words("Statut pièce", Some(Role::DocType));
        check_words("Numéro de pièce", Some(Role::InvoiceId));
        check_words("Bill ref", Some(Role::InvoiceId));
        check_words("Account manager", Some(Role::SalesRep));
        check_words("Type de litige", Some(Role::DisputeReason));
        check_words("Plafond encours", Some(Role::CreditLimit));
        check_words("E-mail du contact", Some(Role::Email));
        check_words("Adresse mail facturation", Some(Role::Email));
        check_words("Tél. comptabilité", Some(Role::Phone));
        check_words("Phone number", Some(Role::Phone));
        check_words("Currency ISO", Some(Role::Currency));
        check_words("Comments", None);
    }

    #[test]
    fn a_chosen_mapping_keeps_the_first_column_of_a_role() {
        let headers: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        let m =
            ColumnMap::from_roles(&[Some(Role::CustomerId), None, Some(Role::Amount), Some(Role::Amount)], &headers);
        assert_eq!(m.get(Role::Amount), Some(2));
        assert_eq!(m.duplicates, vec![(3, "d".to_string())]);
        assert_eq!(m.roles(4), vec![Some(Role::CustomerId), None, Some(Role::Amount), None]);
        assert_eq!(signature(&["N° Client", "Montant"]), "noclient|montant");
    }

    #[test]
    fn required_roles_found_from_content() {
        let headers = ["Kd-Nr", "Belegdatum", "Betrag", "Bemerkung"];
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
        let found = guess_by_content(&mut m, 4, &rows);
        assert_eq!(found, vec![Role::CustomerId, Role::InvoiceDate, Role::Amount]);
        assert_eq!(
            (m.get(Role::CustomerId), m.get(Role::InvoiceDate), m.get(Role::Amount)),
            (Some(0), Some(1), Some(2))
        );
        assert!(m.missing_required().is_empty());
    }

    #[test]
    fn missing_required_roles() {
        let m = ColumnMap::from_headers(&["foo", "Montant"]);
        assert_eq!(m.missing_required(), vec![Role::CustomerId, Role::InvoiceDate]);
    }
}
