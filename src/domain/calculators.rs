//! The savings and DSO calculators (kpi.md "Savings calculator" and the
//! seed 001 DSO example). Pure functions of typed inputs.
