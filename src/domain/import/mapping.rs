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
}

impl Role {
    pub const ALL: [Role; 15] = [
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
                // Tax excluded: only when nothing better is there.
                "montantht", "totalht", "ht", "amountexcltax", "netamount",
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
        find(&k).or_else(|| {
            ["eur", "euro", "euros", "usd", "gbp", "chf"]
                .iter()
                .find_map(|c| k.strip_suffix(c).filter(|rest| !rest.is_empty()).and_then(find))
        })
    }
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
        if self.get(Role::Amount).is_none() && self.get(Role::OpenAmount).is_none() {
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
        assert_eq!(m.ignored.len(), 5);
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
        assert_eq!(m.duplicates.iter().map(|(i, _)| *i).collect::<Vec<_>>(), vec![0, 1, 2]);
        let m = ColumnMap::from_headers(&["Customer", "Inv No", "Posting Date", "Amount (EUR)", "Remaining Amount"]);
        assert_eq!(m.get(Role::InvoiceId), Some(1));
        assert_eq!(m.get(Role::Amount), Some(3));
        assert_eq!(m.get(Role::OpenAmount), Some(4));
        assert!(m.missing_required().is_empty());
    }

    #[test]
    fn missing_required_roles() {
        let m = ColumnMap::from_headers(&["foo", "Montant"]);
        assert_eq!(m.missing_required(), vec![Role::CustomerId, Role::InvoiceDate]);
    }
}
