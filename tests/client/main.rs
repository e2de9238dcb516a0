//! The API client against the stand-in: reads, actions, sessions, faults, TLS, proxies, secrets.
//!
//! One test binary per area (each binary is linked once, not once per file); the
//! support modules live beside the areas that share them.

#[path = "../client_foreign/mod.rs"]
mod client_foreign;
#[path = "../client_logs/mod.rs"]
mod client_logs;
#[path = "../client_support/mod.rs"]
mod client_support;

mod actions;
mod environment;
mod faults;
mod proxies;
mod reads;
mod real_server;
mod secrets;
mod session;
