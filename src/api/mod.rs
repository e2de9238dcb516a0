//! The CRM.COM Web API: the only code that knows the wire format. No UI imports here.
mod actions;
mod answer;
pub mod client;
pub mod date;
mod decode;
pub mod error;
pub mod fallback;
pub mod ident;
pub mod job;
mod job_wire;
pub mod memory;
pub mod model;
mod params;
pub mod query;
mod reads;
pub mod refusal;
mod retry;
mod session;
pub mod shared;
mod tls;
mod token_life;
mod transport;

pub use decode::{decode_job, decode_jobs};
