//! The interface: screens drawn on a `TestBackend`, the real loop against the stand-in.
//!
//! One test binary per area (each binary is linked once, not once per file); the
//! support modules live beside the areas that share them.

#[path = "../form_support/mod.rs"]
mod form_support;
#[path = "../tui_support/mod.rs"]
mod tui_support;

mod assembled;
mod budget;
mod bulk;
mod cancel_reasons;
mod complete;
mod decode_lenient;
mod drafts;
mod form_behaviour;
mod form_picker;
mod form_view;
mod form_when;
mod forms;
mod http;
mod outbox;
mod power;
mod power_input;
mod power_runtime;
mod relogin;
mod relogin_screen;
mod runtime;
mod saved;
mod screens;
mod update;
mod zones;
