//! Analysis: what the ledger says at a date. The figures of kpi.md (`kpi`,
//! one function per figure, named as kpi.md and the page's `data-kpi`),
//! the aged balance (`kpi::aging`), payer behaviour and the A-D rating
//! (`behaviour`), the collections forecast and its backtest (`forecast`),
//! the charts' series (`charts`), the converted view (`convert`) and the
//! history of kept exports (`history`). Reads a ledger, never a file.

pub mod behaviour;
pub mod charts;
pub mod convert;
pub mod forecast;
pub mod history;
pub mod kpi;
