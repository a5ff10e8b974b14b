//! Native benchmark: parse + compute the dashboard for a generated file of
//! 1,000,000 invoices. Run with `make bench` (or `cargo bench`).
fn main() {}
