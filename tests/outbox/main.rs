//! The outbox: durable store, delivery and reconciliation against a faulty stand-in.
//!
//! One test binary per area (each binary is linked once, not once per file); the
//! support modules live beside the areas that share them.

#[path = "../outbox_support/mod.rs"]
mod outbox_support;

mod deliver;
mod faults;
mod store;
