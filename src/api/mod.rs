//! The CRM.COM Web API: the only code that knows the wire format. No UI imports here.
mod actions;
mod answer;
pub mod client;
pub mod date;
mod decode;
pub mod error;
pub mod ident;
pub mod job;
mod job_pages;
pub mod job_state;
mod job_wire;
mod lenient;
pub mod model;
pub mod paging;
mod params;
pub mod query;
mod reads;
mod retry;
mod session;
pub mod shared;
mod tls;
mod transport;
mod wire_date;

pub use decode::{decode_job, decode_job_in, decode_jobs, decode_jobs_in};
