//! The stand-in server over real HTTP: its methods, rules, faults, bad input and scale.
//!
//! One test binary per area (each binary is linked once, not once per file); the
//! support modules live beside the areas that share them.

#[path = "../standin_support/mod.rs"]
mod standin_support;

mod actions;
mod auth;
mod bad_input;
mod complete_rules;
mod config_reads;
mod faults;
mod flavours;
mod fuzz;
mod reads;
mod scale_and_logs;
mod smoke;
