//! One file per area of the app.

pub mod analyse;
pub mod calculators;
pub mod dunning;
pub mod embed;
pub mod privacy;
