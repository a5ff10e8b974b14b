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
                "document", "billnumber", "reference", "ref", "id",
            ],
            Role::CustomerId => &[
                "customerid", "customercode", "customernumber", "customerno", "clientid", "codeclient",
                "numeroclient", "numclient", "noclient", "refclient", "compteclient", "compauxnum",
                "codetiers", "debtorid", "payerid", "contactid", "contactcode", "customeraccount", "accountnumber", "customer",
                "client", "account", "tiers", "debtor", "payer",
            ],
            Role::CustomerName => &[
                "customername", "clientname", "nomclient", "nomduclient", "raisonsociale", "compauxlib",
                "libelleclient", "debtorname", "contactname", "accountname", "libelletiers", "nomtiers", "name", "nom",
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
                "grossamount", "invoicetotal", "grandtotal", "montanttotal", "originalamount", "montantinitial", "ttc",
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
        // A planned, expected or promised payment date is a forecast, never a payment.
        if has(&[
            "planned",
            "plan",
            "expected",
            "expect",
            "promised",
            "promise",
            "forecast",
            "estimated",
            "scheduled",
            "projected",
            "anticipated",
            "target",
            "prevu",
            "prevue",
            "prevision",
            "previsionnel",
            "previsionnelle",
            "attendu",
            "attendue",
            "promesse",
            "promis",
        ]) {
            return None;
        }
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
        // The tax alone ("Tax amount", "Montant TVA") is not the receivable.
        if has(&["tax", "taxe", "taxes", "tva", "vat", "gst", "iva", "mwst", "ust"])
            && !has(&["ttc", "incl", "including", "inclusive", "gross", "brut", "with", "avec"])
        {
            return None;
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
        "party",
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
    // A column whose header names a role (a duplicate) is not taken for another.
    let used: Vec<usize> = map.columns.iter().chain(&map.claimed).map(|(_, i)| *i).collect();
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

/// Chooses, among the columns whose headers name the same role, the one
/// the content says is right (kpi.md "Records": a line is one invoice):
/// - a column whose value is the same on every row is not the customer
///   while another customer column varies (a ledger account repeated on
///   every row is not who owes);
/// - in a file with one row per invoice line (an invoice id on several
///   rows), a column constant within each invoice (its total, its open
///   amount, its customer) is preferred to one that varies from line to
///   line (a line's or a tax line's amount). An amount so preferred must
///   be at least each of its invoice's line amounts, and vary between
///   invoices (a column of zeros is no total).
///
/// Returns the roles whose column changed (said as found by content).
pub fn prefer_invoice_level(map: &mut ColumnMap, headers: &[String], sample: &[Vec<String>]) -> Vec<Role> {
    use super::values::{parse_amount, DecimalSeparator};
    fn cell(row: &[String], i: usize) -> &str {
        row.get(i).map_or("", |c| c.trim())
    }
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

/// Roles read from every column that has them: a file may say a line's
/// document type in one column and its status in another, and both count.
pub const MULTI_COLUMN: [Role; 1] = [Role::DocType];

/// Where each role is in a header row. The first column with a role wins;
/// a later column with the same role is listed in `duplicates` and ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMap {
    pub columns: Vec<(Role, usize)>,
    /// Columns whose role an earlier column already has: (index, header).
    pub duplicates: Vec<(usize, String)>,
    /// Columns no role matched: (index, header).
    pub ignored: Vec<(usize, String)>,
    /// Every column a role was given to, the duplicates included: a type
    /// or status is read from all of its columns (`columns_of`).
    #[serde(default)]
    pub claimed: Vec<(Role, usize)>,
}

impl ColumnMap {
    pub fn from_headers<S: AsRef<str>>(headers: &[S]) -> ColumnMap {
        let mut map = ColumnMap::default();
        let mut ranks: Vec<usize> = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            let h = h.as_ref();
            let role = Role::of_header(h);
            if let Some((r, _)) = role {
                map.claimed.push((r, i));
            }
            match role {
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
            if let Some(r) = r {
                map.claimed.push((*r, i));
            }
            match r {
                Some(r) if map.get(*r).is_none() => map.columns.push((*r, i)),
                Some(_) => map.duplicates.push((i, header)),
                None if !header.is_empty() => map.ignored.push((i, header)),
                None => {}
            }
        }
        map
    }

    /// The role of each of `n` columns: each role's column, and every
    /// column of a role read from all of its columns (a type or status).
    pub fn roles(&self, n: usize) -> Vec<Option<Role>> {
        let mut roles = vec![None; n];
        let every = self.claimed.iter().filter(|(r, _)| MULTI_COLUMN.contains(r));
        for (r, i) in self.columns.iter().chain(every) {
            if let Some(slot) = roles.get_mut(*i) {
                slot.get_or_insert(*r);
            }
        }
        roles
    }

    /// The columns of a role read from all of its columns (`MULTI_COLUMN`):
    /// the role's own column first, then the others in file order.
    pub fn columns_of(&self, role: Role) -> Vec<usize> {
        let mut cols: Vec<usize> = self.get(role).into_iter().collect();
        if MULTI_COLUMN.contains(&role) {
            for &(r, i) in &self.claimed {
                if r == role && !cols.contains(&i) {
                    cols.push(i);
                }
            }
        }
        cols
    }

    /// Gives `role` to column `i` in place of its column, which becomes a
    /// duplicate (the content said `i` is the better one).
    pub fn replace<S: AsRef<str>>(&mut self, role: Role, i: usize, headers: &[S]) {
        let Some(at) = self.columns.iter().position(|(r, _)| *r == role) else { return };
        let (_, old) = self.columns[at];
        self.columns[at] = (role, i);
        self.duplicates.retain(|(j, _)| *j != i);
        let header = headers.get(old).map_or(String::new(), |h| h.as_ref().trim().to_string());
        self.duplicates.push((old, header));
        self.duplicates.sort();
    }

    /// Gives `role` to column `i` (a guess from its content).
    pub fn assign(&mut self, role: Role, i: usize) {
        self.ignored.retain(|(j, _)| *j != i);
        self.duplicates.retain(|(j, _)| *j != i);
        self.claimed.retain(|(_, j)| *j != i);
        self.claimed.push((role, i));
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
        // A planned, expected or promised payment date is not a payment.
        check_words("planned_payment_date", None);
        check_words("ExpectedPaymentDate", None);
        check_words("Promised payment date", None);
        check_words("Date de paiement prévue", None);
        check_words("Date d'encaissement prévisionnelle", None);
        check_words("fully_paid_on_date", Some(Role::SettledDate));
        check_words("Paid on", Some(Role::SettledDate));
        check_words("Date de règlement", Some(Role::SettledDate));
        check_words("contact_id", Some(Role::CustomerId));
        check_words("Contact name", Some(Role::CustomerName));
        check_words("sent_to_contact", None);
        // A tax amount is not the receivable.
        check_words("total_tax", None);
        check_words("Montant TVA", None);
        check_words("Tax Amount", None);
        check_words("Amount incl. tax", Some(Role::Amount));
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

    /// Rows of cells from `&str`s.
    fn rows(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    }

    #[test]
    fn invoice_level_columns_are_preferred_to_line_level_ones() {
        // Invented headers: "Zorg" is a line's amount (the better header
        // word), "Blix total" the invoice's, constant within each invoice;
        // "Account" the same on every row, "Party" the customer.
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

    #[test]
    fn missing_required_roles() {
        let m = ColumnMap::from_headers(&["foo", "Montant"]);
        assert_eq!(m.missing_required(), vec![Role::CustomerId, Role::InvoiceDate]);
    }
}
