//! The scripting commands and the configuration: the real binary against the stand-in.
//!
//! One test binary per area (each binary is linked once, not once per file); the
//! support modules live beside the areas that share them.

#[path = "../cli_support/mod.rs"]
mod cli_support;
#[expect(
    dead_code,
    reason = "the reasons test reads the stand-in raw; the rest serves the standin binary"
)]
#[path = "../standin_support/mod.rs"]
mod standin_support;
#[expect(
    dead_code,
    reason = "the config screen tests draw screens; the loop helpers serve the tui binary"
)]
#[path = "../tui_support/mod.rs"]
mod tui_support;

mod audit_today;
mod audit_unwritten;
mod cancel_reasons;
mod commands;
mod config_cli;
mod config_load;
mod config_login;
mod config_screen;
mod config_tokens;
mod doctor;
mod doctor_login;
mod hostile_text;
mod outbox;
mod session;
