//! The CRM.COM Web API: the only code that knows the wire format. No UI imports here.
mod actions;
mod answer;
pub mod client;
pub mod date;
mod decode;
pub mod error;
pub mod ident;
pub mod job;
mod job_wire;
pub mod model;
mod params;
pub mod query;
mod reads;
mod retry;
mod session;
pub mod shared;
mod tls;
mod transport;

pub use decode::{decode_job, decode_jobs};
