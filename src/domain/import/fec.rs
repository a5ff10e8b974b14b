//! The FEC (Fichier des Écritures Comptables), kpi.md "FEC": to be written.
