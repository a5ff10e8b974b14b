//! The engine's side of the history of exports: the record of the file at
//! the as-of date (`domain::analysis::history::Snapshot`: aggregates only). The page
//! keeps it in the browser on request and compares it with the exports
//! kept before; the ledger never leaves the worker.

use super::protocol::{KpiQuery, Selection, SnapshotQuery};
use super::Engine;
use crate::domain::analysis::history::{currency_snapshot, Snapshot};
use crate::domain::analysis::kpi::Unavailable;
use crate::domain::import::mapping::Role;

impl Engine {
    /// The record of the whole file (every currency, no other filter) at
    /// `q.as_of`; unavailable where its figures are (a snapshot file before
    /// its date) or without a file.
    pub fn snapshot(&mut self, q: &SnapshotQuery) -> Result<Snapshot, Unavailable> {
        let info = self.info.clone().ok_or(Unavailable::NothingToAverage)?;
        let mut currencies = Vec::with_capacity(info.currencies.len());
        let mut failed = None;
        for currency in &info.currencies {
            let selection = Selection { currency: currency.clone(), ..Selection::default() };
            let query = KpiQuery {
                as_of: q.as_of,
                period: q.period,
                selection: selection.clone(),
                provisions: q.provisions.clone(),
                // A kept export has no typed sales: on an open-items file
                // its DSO family is unavailable, and kept without a point.
                typed_sales: None,
            };
            // The figures the panel shows for that currency (from the cache when shown).
            let figures = self
                .kpis(&query)
                .kpis
                .figures()
                .into_iter()
                .filter_map(|(name, value, _)| value.ok().map(|v| (name.to_string(), v)))
                .collect();
            match currency_snapshot(self.own_view(&selection), q.as_of, &q.buckets, &q.salt, currency, figures) {
                Ok(c) => currencies.push(c),
                Err(e) => failed = failed.or(Some(e)),
            }
        }
        match failed {
            Some(e) => Err(e),
            None => Ok(Snapshot {
                as_of: q.as_of,
                file_name: info.file_name.clone(),
                period: q.period,
                buckets: q.buckets.clone(),
                invoice_ids: info.report.columns.iter().any(|(r, _)| *r == Role::InvoiceId),
                currencies,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::analysis::history::{export_kind, fingerprint, layout_key, name_stem, ExportKind};
    use crate::domain::analysis::kpi::aging::Buckets;
    use crate::domain::analysis::kpi::provisions::ProvisionRates;
    use crate::domain::analysis::kpi::Period;
    use crate::domain::import::ImportOptions;
    use crate::domain::ledger::tests::{d, dec};
    use crate::engine::protocol::*;
    use crate::engine::tests::engine;
    use crate::engine::{decode, encode, Request, Response};

    fn query(as_of: &str) -> SnapshotQuery {
        SnapshotQuery {
            as_of: d(as_of),
            period: Period::D90,
            provisions: ProvisionRates::default(),
            buckets: Buckets::default(),
            salt: "s".into(),
        }
    }

    #[test]
    fn the_record_of_a_file_holds_every_currency_and_the_panel_s_figures() {
        let (mut engine, info) = engine();
        assert_eq!(
            layout_key(&info.report),
            "facture|client|datefacture|echeance|montant|devise|datereglement|limitedecredit"
        );
        assert_eq!((name_stem(&info.file_name).as_str(), export_kind(&info.report)), ("F", ExportKind::Receivables));
        let request = Request::Snapshot { id: 4, query: Box::new(query("2026-03-31")) };
        let Some(Request::Snapshot { query: q, .. }) = decode::<Request>(&encode(&request)) else { panic!("decodes") };
        let answer = Response::Snapshot { id: 4, answer: Box::new(engine.snapshot(&q)) };
        let Some(Response::Snapshot { answer: a, .. }) = decode_answer(&encode_answer(&answer)) else {
            panic!("decodes")
        };
        let s = a.unwrap();
        assert!(s.invoice_ids);
        assert_eq!(s.currencies.iter().map(|c| c.currency.as_str()).collect::<Vec<_>>(), vec!["USD", "EUR"]);
        let eur = s.currency("EUR").unwrap();
        // The figures panel's: AR 1,200 (A1 1,000 due that day, A2 200 59 days late).
        let panel = engine.kpis(&KpiQuery {
            as_of: d("2026-03-31"),
            period: Period::D90,
            selection: Selection { currency: "EUR".into(), ..Selection::default() },
            provisions: ProvisionRates::default(),
            typed_sales: None,
        });
        for (name, value, _) in panel.kpis.figures() {
            assert_eq!(eur.figures.get(name).copied(), value.ok().map(|v| v.normalize()), "{name}");
        }
        assert_eq!(eur.figures.get("ar_total"), Some(&dec("1200")));
        assert_eq!(eur.aged, vec![dec("1000"), dec("0"), dec("200"), dec("0"), dec("0")]);
        let alpha = &eur.customers[0];
        assert_eq!(
            (alpha.id.as_str(), alpha.open, alpha.overdue, alpha.credit_limit),
            ("Alpha", dec("1200"), dec("200"), Some(dec("500")))
        );
        assert!(alpha.prints.contains(&(fingerprint("s", "A2"), dec("200"))));
        // B2 was paid on 15 March: USD holds B1 alone.
        let usd = s.currency("USD").unwrap();
        assert_eq!((usd.customers.len(), usd.customers[0].open_items, usd.customers[0].open), (1, 1, dec("3000")));
    }

    #[test]
    fn an_open_items_file_before_its_date_and_a_file_without_numbers() {
        let file = "Client;Date facture;Échéance;Montant;Reste dû\nAlpha;01/03/2026;31/03/2026;100,00;60,00\n";
        let (mut engine, info) =
            crate::engine::Engine::load("balance-2026-03.csv".into(), file.as_bytes(), &ImportOptions::default())
                .unwrap();
        assert_eq!(
            (export_kind(&info.report), name_stem(&info.file_name).as_str()),
            (ExportKind::OpenItems, "Balance")
        );
        assert_eq!(engine.snapshot(&query("2026-02-28")), Err(Unavailable::SnapshotFrom(d("2026-03-01"))));
        let s = engine.snapshot(&query("2026-03-31")).unwrap();
        assert!(!s.invoice_ids, "no invoice number column: invoices cannot be followed");
        assert_eq!(s.currencies[0].customers[0].open, dec("60"));
        // No file: an answer all the same.
        assert!(crate::engine::Engine::default().snapshot(&query("2026-03-31")).is_err());
    }
}
