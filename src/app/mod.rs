//! The application model and its one synchronous update: App, Msg, Command.
pub mod form;
pub mod remote;
