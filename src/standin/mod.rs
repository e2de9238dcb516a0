//! The stand-in CRM.COM server (axum): store, rules, seed data and fault injection.
