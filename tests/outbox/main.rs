//! The outbox: durable store, delivery and reconciliation against a faulty stand-in.
//!
//! One test binary per area (each binary is linked once, not once per file); the
//! support modules live beside the areas that share them.

#[expect(
    dead_code,
    reason = "one canned gateway serves here; the rest serves the client binary"
)]
#[path = "../client_foreign/mod.rs"]
mod client_foreign;
#[path = "../outbox_support/mod.rs"]
mod outbox_support;

mod deliver;
mod faults;
mod lost_answer;
mod store;
