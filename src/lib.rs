//! crmjobs: close CRM.COM service jobs from the terminal.
//!
//! `api` speaks the CRM.COM Web API; `standin` plays a CRM.COM server for the demo and tests;
//! `app` holds the model and its update, `ui` draws it, `runtime` runs the loop.
pub mod api;
pub mod app;
pub mod audit;
pub mod cli;
pub mod config;
pub mod drafts;
pub mod durable;
pub mod jobcache;
pub mod outbox;
pub mod rules;
pub mod runtime;
#[cfg(feature = "standin")]
pub mod standin;
pub mod text;
pub mod ui;
pub mod when;
