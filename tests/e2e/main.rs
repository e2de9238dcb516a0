//! Journeys of the real binary in a pseudo-terminal: demo, profiles, exits, outbox, drafts, idle.
//!
//! One test binary per area (each binary is linked once, not once per file); the
//! support modules live beside the areas that share them.

#[expect(
    dead_code,
    reason = "the terminal journeys use only the command runner; the rest serves the cli binary"
)]
#[path = "../cli_support/mod.rs"]
mod cli_support;
#[path = "../tty_support/mod.rs"]
mod tty_support;

mod cli_tty;
mod demo;
mod drafts;
mod exit;
mod outbox;
mod perf_idle;
mod profile;
mod secrets;
