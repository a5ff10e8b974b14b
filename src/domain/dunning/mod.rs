//! Dunning ("relance"): plans of reminders the user designs or starts from
//! a template, the late-payment penalties a reminder may claim, and the
//! simulation of the plans on the open invoices: which action on which day,
//! with its message, and the workload it makes.

pub mod agreements;
pub mod calendar;
pub mod limits;
pub mod penalties;
pub mod plan;
pub mod render;
pub mod simulate;
pub mod store;
pub mod templates;
