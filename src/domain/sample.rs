//! A realistic, seeded receivables export in the French style (`;`, comma
//! decimals, dd/mm/yyyy): the sample a visitor can try, and the generator of
//! the benchmark's big files. Deterministic: same rows and seed, same bytes.

use chrono::{Days, NaiveDate};
use std::fmt::Write;

/// SplitMix64: small, fast, good enough for sample data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const TRADES: [&str; 16] = [
    "Boulangeries",
    "Transports",
    "Garage",
    "Hôtel",
    "Menuiserie",
    "Pharmacie",
    "Imprimerie",
    "Brasserie",
    "Cabinet",
    "Électricité",
    "Laboratoires",
    "Fromagerie",
    "Constructions",
    "Librairie",
    "Optique",
    "Textiles",
];
const FAMILIES: [&str; 19] = [
    "Martin",
    "Lefèvre",
    "Bernard",
    "Moreau",
    "Girard",
    "Rousseau",
    "Fournier",
    "Vidal",
    "Bonnet",
    "Mercier",
    "Lambert",
    "Fontaine",
    "Chevalier",
    "Roux",
    "Blanc",
    "Guérin",
    "Faure",
    "Morel",
    "Garnier",
];
const FORMS: [&str; 4] = ["SAS", "SARL", "SA", "EURL"];
const DIVISIONS: [&str; 4] = ["Île-de-France", "Nord", "Sud-Ouest", "Export"];
const REPS: [&str; 5] = ["Claire Dubois", "Marc Laurent", "Sophie Petit", "Antoine Moreau", "Julie Garnier"];
const REASONS: [&str; 4] = ["Prix contesté", "Livraison incomplète", "Marchandise endommagée", "Facture en double"];

/// The export's date: nothing in the sample happens after it.
pub fn export_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 30).unwrap_or(NaiveDate::MIN)
}

/// A customer's habits.
struct Payer {
    code: String,
    name: String,
    division: &'static str,
    rep: &'static str,
    terms: u64,
    /// Mean days paid after the due date (negative: early).
    mean_late: f64,
    /// Share of invoices never paid.
    default_rate: f64,
    /// Typical invoice amount in cents.
    size: f64,
    credit_limit: u64,
}

fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{},{:02}", c / 100, c % 100)
}

/// `rows` invoices of about `rows / 25` customers (at least 12), issued over
/// the 22 months before `export_date()`, as a French CSV export.
pub fn receivables_csv(rows: usize, seed: u64) -> String {
    let mut rng = Rng(seed);
    let n_customers = (rows / 25).clamp(12, 200_000);
    let payers: Vec<Payer> = (0..n_customers)
        .map(|i| {
            // 16 x 19 distinct pairs (coprime lengths), then a branch number.
            let combos = TRADES.len() * FAMILIES.len();
            let mut name =
                format!("{} {} {}", TRADES[i % TRADES.len()], FAMILIES[i % FAMILIES.len()], FORMS[i % FORMS.len()]);
            if i >= combos {
                name = format!("{name} ({})", i / combos + 1);
            }
            let profile = rng.unit();
            Payer {
                code: format!("C{:05}", 1 + i),
                name,
                division: DIVISIONS[rng.below(DIVISIONS.len() as u64) as usize],
                rep: REPS[rng.below(REPS.len() as u64) as usize],
                terms: [30, 30, 45, 60][rng.below(4) as usize],
                mean_late: if profile < 0.35 {
                    -3.0
                } else if profile < 0.75 {
                    12.0
                } else if profile < 0.93 {
                    35.0
                } else {
                    80.0
                },
                default_rate: if profile > 0.95 { 0.15 } else { 0.005 },
                size: 40_000.0 + rng.unit() * 900_000.0,
                credit_limit: [20_000, 50_000, 100_000, 250_000][rng.below(4) as usize],
            }
        })
        .collect();
    let end = export_date();
    let span = 670u64;
    let start = end.checked_sub_days(Days::new(span)).unwrap_or(end);
    let mut out = String::with_capacity(rows * 150 + 200);
    out.push_str("N° facture;Code client;Raison sociale;Date facture;Date échéance;Montant TTC;Date règlement;Litige;Motif litige;Division;Commercial;Limite de crédit\r\n");
    let fmt = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
    for i in 0..rows {
        // Later days are busier: a growing business.
        let day = ((rng.unit().sqrt()) * span as f64) as u64;
        let issued = start.checked_add_days(Days::new(day)).unwrap_or(start);
        let p = &payers[rng.below(payers.len() as u64) as usize];
        let due = issued.checked_add_days(Days::new(p.terms)).unwrap_or(issued);
        let credit_note = rng.unit() < 0.03;
        let mut cents = (p.size * (0.2 + 1.6 * rng.unit())) as i64;
        if credit_note {
            cents = -(cents / 4);
        }
        let disputed = !credit_note && rng.unit() < 0.04;
        let late = p.mean_late + (rng.unit() - 0.5) * 20.0 + if disputed { 45.0 } else { 0.0 };
        let never = rng.unit() < p.default_rate;
        let paid = due.checked_add_signed(chrono::Duration::days(late.round() as i64)).unwrap_or(due).max(issued);
        let settled = if never || paid > end { String::new() } else { fmt(paid) };
        let reason = if disputed { REASONS[rng.below(REASONS.len() as u64) as usize] } else { "" };
        let _ = write!(
            out,
            "F{}-{:06};{};{};{};{};{};{};{};{};{};{};{}\r\n",
            issued.format("%Y"),
            i + 1,
            p.code,
            p.name,
            fmt(issued),
            fmt(due),
            money(cents),
            settled,
            if disputed { "Oui" } else { "Non" },
            reason,
            p.division,
            p.rep,
            money(p.credit_limit as i64 * 100),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::import::{import_csv, ImportOptions};

    /// The sample shipped in public/ is this generator's output (800 rows, seed 2026).
    #[test]
    fn shipped_sample_is_up_to_date() {
        let shipped = include_str!("../../public/sample-receivables.csv");
        assert!(
            shipped == receivables_csv(800, 2026),
            "regenerate: cargo run --example generate -- 800 2026 > public/sample-receivables.csv"
        );
    }

    #[test]
    fn sample_is_deterministic_and_reads_back_whole() {
        let a = receivables_csv(500, 7);
        assert_eq!(a, receivables_csv(500, 7));
        let (l, r) = import_csv(a.as_bytes(), &ImportOptions::default()).unwrap();
        assert_eq!((r.rows_read, r.invoices, r.rows_skipped), (500, 500, 0));
        assert!(r.credit_notes > 0);
        assert!(l.invoices.iter().any(|i| i.disputed));
        let division = l.invoices[0].division.map(|ix| l.label(ix));
        assert!(DIVISIONS.contains(&division.unwrap()));
        assert!(l.labels.len() <= DIVISIONS.len() + REPS.len() + REASONS.len(), "labels are interned");
        assert!(l.invoices.iter().any(|i| i.settled_date().is_none()), "some invoices are open");
        assert!(l.latest_event_date().unwrap() <= export_date());
    }
}
