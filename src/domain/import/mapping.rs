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

    /// Folded header names that mean this role (see `fold`).
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Role::InvoiceId => &[
                "invoicenumber",
                "invoiceno",
                "invoicenum",
                "invoiceid",
                "invoice",
                "invoiceref",
                "numerofacture",
                "numfacture",
                "nofacture",
                "nfacture",
                "facture",
                "reffacture",
                "referencefacture",
                "pieceref",
                "piece",
                "numeropiece",
                "documentnumber",
                "docnumber",
                "documentno",
                "document",
                "reference",
                "ref",
                "billnumber",
            ],
            Role::CustomerId => &[
                "customerid",
                "customercode",
                "customernumber",
                "customerno",
                "customer",
                "customeraccount",
                "accountnumber",
                "account",
                "clientid",
                "codeclient",
                "client",
                "numeroclient",
                "numclient",
                "compteclient",
                "compauxnum",
                "tiers",
                "codetiers",
                "debtor",
                "debtorid",
                "payer",
                "payerid",
            ],
            Role::CustomerName => &[
                "customername",
                "clientname",
                "nomclient",
                "nomduclient",
                "raisonsociale",
                "compauxlib",
                "libelleclient",
                "name",
                "nom",
                "debtorname",
                "accountname",
                "libelletiers",
                "nomtiers",
            ],
            Role::InvoiceDate => &[
                "invoicedate",
                "datefacture",
                "datedefacture",
                "datefacturation",
                "date",
                "piecedate",
                "datepiece",
                "documentdate",
                "issuedate",
                "dateemission",
                "datedemission",
                "billdate",
                "postingdate",
                "ecrituredate",
            ],
            Role::DueDate => &[
                "duedate",
                "dateecheance",
                "datedecheance",
                "echeance",
                "dateech",
                "due",
                "paymentduedate",
                "netduedate",
                "datelimite",
                "datelimitedepaiement",
            ],
            Role::Amount => &[
                "invoiceamount",
                "amount",
                "montant",
                "montantttc",
                "totalttc",
                "ttc",
                "montantfacture",
                "amountincltax",
                "amountincvat",
                "grossamount",
                "total",
                "invoicetotal",
                "montanttotal",
                "originalamount",
                "montantinitial",
                "value",
            ],
            Role::OpenAmount => &[
                "openamount",
                "balance",
                "balancedue",
                "amountdue",
                "outstanding",
                "outstandingamount",
                "remainingamount",
                "remaining",
                "solde",
                "resteapayer",
                "restedu",
                "montantrestant",
                "montantdu",
                "encours",
                "soldedu",
                "open",
            ],
            Role::PaidAmount => &["paidamount", "amountpaid", "montantregle", "montantpaye", "regle", "paid"],
            Role::SettledDate => &[
                "settleddate",
                "settlementdate",
                "paiddate",
                "paymentdate",
                "datepaid",
                "datereglement",
                "datedereglement",
                "datepaiement",
                "datedepaiement",
                "dateencaissement",
                "clearingdate",
                "cleareddate",
                "closeddate",
                "datesolde",
            ],
            Role::Disputed => &["disputed", "dispute", "indispute", "litige", "enlitige", "litigieux", "disputeflag"],
            Role::DisputeReason => &[
                "disputereason",
                "disputecode",
                "motiflitige",
                "motifdulitige",
                "motifdelitige",
                "raisonlitige",
                "reasoncode",
            ],
            Role::Division => &[
                "division",
                "businessunit",
                "bu",
                "entite",
                "entity",
                "agence",
                "branch",
                "secteur",
                "departement",
                "department",
                "region",
                "societe",
                "company",
            ],
            Role::SalesRep => &[
                "salesrep",
                "salesperson",
                "salesman",
                "representative",
                "commercial",
                "vendeur",
                "accountmanager",
                "chargedaffaires",
                "responsable",
            ],
            Role::CreditLimit => &[
                "creditlimit",
                "limitecredit",
                "limitedecredit",
                "plafond",
                "plafondcredit",
                "encoursautorise",
                "encoursmax",
                "limite",
            ],
            Role::Currency => &["currency", "devise", "currencycode", "ccy", "curr", "idevise", "monnaie", "cur"],
        }
    }

    /// The role a header means, if any.
    pub fn of_header(header: &str) -> Option<Role> {
        let k = fold(header);
        if k.is_empty() {
            return None;
        }
        Role::ALL.into_iter().find(|r| r.synonyms().contains(&k.as_str()))
    }
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
        for (i, h) in headers.iter().enumerate() {
            let h = h.as_ref();
            match Role::of_header(h) {
                Some(r) if map.get(r).is_some() => map.duplicates.push((i, h.trim().to_string())),
                Some(r) => map.columns.push((r, i)),
                None => {
                    if !h.trim().is_empty() {
                        map.ignored.push((i, h.trim().to_string()));
                    }
                }
            }
        }
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
    fn missing_required_roles() {
        let m = ColumnMap::from_headers(&["foo", "Montant"]);
        assert_eq!(m.missing_required(), vec![Role::CustomerId, Role::InvoiceDate]);
    }
}
