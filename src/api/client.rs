//! The reqwest client for the CRM.COM Web API: timeouts, token, re-login, error mapping.
