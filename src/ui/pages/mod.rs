//! One file per area of the app.

pub mod analyse;
pub mod coming;
