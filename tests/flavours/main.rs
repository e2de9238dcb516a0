//! The main journeys against both flavours of the stand-in (strict and documented), over real
//! HTTP, through the real loop and the real binary: each journey runs once per flavour and a
//! failure names the flavour it happened in (`both`).
//!
//! One test binary per area (each binary is linked once, not once per file); the support
//! modules live beside the areas that share them.

#[expect(
    dead_code,
    reason = "the journeys use part of the command helpers; the rest serves the cli binary"
)]
#[path = "../cli_support/mod.rs"]
mod cli_support;
#[expect(
    dead_code,
    reason = "the journeys drive the loop over HTTP; the screen fixtures serve the tui binary"
)]
#[path = "../tui_support/mod.rs"]
mod tui_support;

mod assembled;
mod both;
mod cli_journeys;
mod cli_run;
mod odd_jobs;
mod outbox;
mod tui_complete;
mod tui_expiry;
mod zones;
