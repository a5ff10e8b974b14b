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
                "document", "billnumber", "reference", "ref", "id",
                // German, Spanish, Italian.
                "rechnungsnummer", "rechnungsnr", "rechnung", "belegnummer", "belegnr", "beleg",
                "numerofactura", "factura", "numerofattura", "fattura",
            ],
            Role::CustomerId => &[
                "customerid", "customercode", "customernumber", "customerno", "clientid", "codeclient",
                "numeroclient", "numclient", "noclient", "refclient", "compteclient", "compauxnum",
                "codetiers", "debtorid", "payerid", "contactid", "contactcode", "customeraccount", "accountnumber", "customer",
                "client", "account", "tiers", "debtor", "payer",
                "kundennummer", "kundennr", "kunde", "debitor", "codigocliente", "codicecliente", "cliente",
            ],
            Role::CustomerName => &[
                "customername", "clientname", "nomclient", "nomduclient", "raisonsociale", "compauxlib",
                "libelleclient", "debtorname", "contactname", "accountname", "libelletiers", "nomtiers", "name", "nom",
                "kundenname", "nombrecliente", "razonsocial", "nomecliente", "ragionesociale",
            ],
            Role::InvoiceDate => &[
                "invoicedate", "datefacture", "datedefacture", "datefacturation", "piecedate", "datepiece",
                "documentdate", "issuedate", "dateemission", "datedemission", "billdate", "postingdate",
                "ecrituredate", "date",
                "rechnungsdatum", "belegdatum", "datum", "fechafactura", "fechaemision", "fecha", "datafattura",
            ],
            Role::DueDate => &[
                "duedate", "dateecheance", "datedecheance", "echeance", "dateech", "paymentduedate",
                "netduedate", "datelimitedepaiement", "datelimite", "due",
                "falligkeitsdatum", "faelligkeitsdatum", "falligkeit", "faelligkeit", "fallig", "faellig",
                "fechavencimiento", "fechadevencimiento", "vencimiento", "datascadenza", "scadenza",
            ],
            Role::Amount => &[
                "invoiceamount", "montantttc", "totalttc", "montantfacture", "amountincltax", "amountincvat",
                "grossamount", "invoicetotal", "grandtotal", "montanttotal", "originalamount", "montantinitial", "ttc",
                "amount", "montant", "total", "value",
                "rechnungsbetrag", "bruttobetrag", "betrag", "importetotal", "importe", "importototale", "importo",
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
                "offenerbetrag", "restbetrag", "offen", "importependiente", "pendiente", "importoresiduo", "residuo",
            ],
            Role::PaidAmount => &[
                "paidamount", "amountpaid", "montantregle", "montantpaye", "regle", "paid",
                "bezahlterbetrag", "importepagado", "importopagato",
            ],
            Role::SettledDate => &[
                "settleddate", "settlementdate", "paiddate", "paymentdate", "datepaid", "datereglement",
                "datedereglement", "datepaiement", "datedepaiement", "dateencaissement", "clearingdate",
                "cleareddate", "closeddate", "datesolde",
                "bezahltam", "zahlungsdatum", "ausgleichsdatum", "fechapago", "fechacobro", "datapagamento", "dataincasso",
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
            Role::Currency => &[
                "currency", "currencycode", "devise", "idevise", "ccy", "curr", "cur", "monnaie",
                "wahrung", "waehrung", "moneda", "divisa", "valuta",
            ],
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

/// Words of a tax: a header with one names a tax amount or a tax type,
/// never the receivable nor the document's type.
const TAX_WORDS: &[&str] = &["tax", "taxe", "taxes", "tva", "vat", "gst", "iva", "mwst", "ust"];

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
    let date_word = has(&["date", "dt", "datum", "fecha", "le", "on", "jour", "day", "when"])
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
        if has(&[
            "due",
            "echeance",
            "echeances",
            "ech",
            "exigibilite",
            "expiry",
            "maturity",
            "limite",
            "deadline",
            "vencimiento",
            "scadenza",
            "fallig",
            "faellig",
            "falligkeit",
        ]) {
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
        if has(TAX_WORDS) && !has(&["ttc", "incl", "including", "inclusive", "gross", "brut", "with", "avec"]) {
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
    // A tax type or code ("TaxType", "Code TVA") says how a line is taxed,
    // not what the document is ("Domestic Reverse Charge" reverses nothing).
    if has(&["type", "status", "statut", "etat", "state", "nature", "kind"]) && !has(TAX_WORDS) {
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

    /// Takes `role` from its column, which becomes an ignored column (the
    /// content said its header's word misled). It stays claimed: no other
    /// role is guessed for it from its content.
    pub fn unassign<S: AsRef<str>>(&mut self, role: Role, headers: &[S]) {
        let Some(at) = self.columns.iter().position(|(r, _)| *r == role) else { return };
        let (_, i) = self.columns.remove(at);
        let header = headers.get(i).map_or(String::new(), |h| h.as_ref().trim().to_string());
        self.ignored.push((i, header));
        self.ignored.sort();
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
        // A few German, Spanish and Italian names.
        for (h, role) in [
            ("Kunde", Role::CustomerId),
            ("Belegdatum", Role::InvoiceDate),
            ("Fällig", Role::DueDate),
            ("Fälligkeit", Role::DueDate),
            ("Betrag", Role::Amount),
            ("Bezahlt am", Role::SettledDate),
            ("Währung", Role::Currency),
            ("Fecha de vencimiento", Role::DueDate),
            ("Importe", Role::Amount),
            ("Scadenza", Role::DueDate),
            ("Importo residuo", Role::OpenAmount),
        ] {
            check_words(h, Some(role));
        }
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
        // A tax type is not a document type.
        check_words("TaxType", None);
        check_words("Type de TVA", None);
        check_words("VAT status", None);
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
    fn missing_required_roles() {
        let m = ColumnMap::from_headers(&["foo", "Montant"]);
        assert_eq!(m.missing_required(), vec![Role::CustomerId, Role::InvoiceDate]);
    }
}
