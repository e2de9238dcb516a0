//! The session: credentials, the token, its generation and its life, and the lock that makes a
//! re-login happen once for every request that met a dead token together.
//!
//! Each stored token bumps the generation. A request remembers the generation of the token it
//! sent; when that token is rejected it asks for a re-login *from that generation*, and under
//! the login lock only the first asker still sees it current and logs in; the others find a
//! newer token already there and simply replay with it.

use std::sync::{PoisonError, RwLock};
use std::time::Instant;

use secrecy::{ExposeSecret, SecretString};

use super::params::Params;
use super::token_life::TokenLife;
use super::transport::{Call, Kind, Verb};

/// How to log in. Debug never shows the password or the key.
#[derive(Clone)]
pub enum Credentials {
    /// `POST authentication/token`.
    Password {
        /// The organisation's name on the server.
        organisation: String,
        /// Login name.
        username: String,
        /// The password.
        password: SecretString,
        /// The unit id to work in; the user's default unit when `None`.
        unit: Option<String>,
    },
    /// `POST authentication/web_api_key/token`: the key as HTTP Basic username.
    ApiKey {
        /// The Web API key.
        key: SecretString,
        /// The unit id to work in; the key's default unit when `None`.
        unit: Option<String>,
    },
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Password {
                organisation,
                username,
                password: _,
                unit,
            } => f
                .debug_struct("Password")
                .field("organisation", organisation)
                .field("username", username)
                .field("password", &"[REDACTED]")
                .field("unit", unit)
                .finish(),
            Self::ApiKey { key: _, unit } => f
                .debug_struct("ApiKey")
                .field("key", &"[REDACTED]")
                .field("unit", unit)
                .finish(),
        }
    }
}

impl Credentials {
    /// The login call these credentials make. Logins change nothing on the server, so they
    /// are retried like reads.
    pub(crate) fn login_call(&self) -> Call {
        match self {
            Self::Password {
                organisation,
                username,
                password,
                unit,
            } => {
                let params = Params::new()
                    .text("username", username.as_str())
                    .text("password", password.expose_secret())
                    .text("organisation", organisation.as_str())
                    .text_opt("unit", unit.as_deref());
                Call::new(Verb::Post, "authentication/token", params, Kind::Read)
            }
            Self::ApiKey { key, unit } => {
                let params = Params::new().text_opt("unit", unit.as_deref());
                let mut call = Call::new(
                    Verb::Post,
                    "authentication/web_api_key/token",
                    params,
                    Kind::Read,
                );
                call.basic_user = Some(key.clone());
                call
            }
        }
    }
}

/// The token, how many tokens were stored before it, and when it should be renewed.
#[derive(Default)]
struct Slot {
    token: Option<SecretString>,
    generation: u64,
    life: Option<TokenLife>,
}

/// What every clone of a `Client` shares about who it is.
#[derive(Default)]
pub(crate) struct Session {
    slot: RwLock<Slot>,
    credentials: RwLock<Option<Credentials>>,
    /// Held while logging in: one login at a time, the others wait and reuse its token.
    pub(crate) login_lock: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (token, generation) = self.current();
        f.debug_struct("Session")
            .field("token", &token.map(|_| "[REDACTED]"))
            .field("generation", &generation)
            .field("credentials", &self.credentials())
            .finish_non_exhaustive()
    }
}

impl Session {
    /// The token (if any) and its generation.
    pub(crate) fn current(&self) -> (Option<SecretString>, u64) {
        let slot = self.slot.read().unwrap_or_else(PoisonError::into_inner);
        (slot.token.clone(), slot.generation)
    }

    /// The generation of the token in force.
    pub(crate) fn generation(&self) -> u64 {
        self.current().1
    }

    /// Replaces the token (or forgets it) and starts a new generation. `fresh`: it comes
    /// from a login just now (so its issue time is now), not from a cache.
    pub(crate) fn store(&self, token: Option<SecretString>, fresh: bool) {
        let life = token.as_ref().map(|token| {
            TokenLife::of(
                token.expose_secret(),
                Instant::now(),
                chrono::Utc::now().timestamp(),
                fresh,
            )
        });
        let mut slot = self.slot.write().unwrap_or_else(PoisonError::into_inner);
        slot.token = token;
        slot.life = life;
        slot.generation = slot.generation.wrapping_add(1);
    }

    /// Whether the token in force should be renewed before it is sent at `now`.
    pub(crate) fn is_due_for_renewal(&self, now: Instant) -> bool {
        let slot = self.slot.read().unwrap_or_else(PoisonError::into_inner);
        slot.life.is_some_and(|life| life.is_due(now))
    }

    /// The token was sent at `now` (an unused token of an older server dies after an hour).
    pub(crate) fn mark_used(&self, now: Instant) {
        let mut slot = self.slot.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(life) = &mut slot.life {
            life.used(now);
        }
    }

    /// How long until the token in force is renewed, when its life is known.
    pub(crate) fn renews_in(&self, now: Instant) -> Option<std::time::Duration> {
        let slot = self.slot.read().unwrap_or_else(PoisonError::into_inner);
        slot.life.and_then(|life| life.renews_in(now))
    }

    /// The credentials, when some were given.
    pub(crate) fn credentials(&self) -> Option<Credentials> {
        self.credentials
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Whether a re-login is possible.
    pub(crate) fn has_credentials(&self) -> bool {
        self.credentials
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some()
    }

    /// Keeps the credentials for logins and re-logins.
    pub(crate) fn set_credentials(&self, credentials: Credentials) {
        *self
            .credentials
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Some(credentials);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CANARY: &str = "canary-Secret-7731";

    fn password() -> Credentials {
        Credentials::Password {
            organisation: "northwind-field".into(),
            username: "supervisor".into(),
            password: CANARY.into(),
            unit: None,
        }
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let key = Credentials::ApiKey {
            key: CANARY.into(),
            unit: Some("U1".into()),
        };
        for credentials in [password(), key] {
            let text = format!("{credentials:?} {credentials:#?}");
            assert!(!text.contains(CANARY), "{text}");
            assert!(text.contains("[REDACTED]"), "{text}");
        }
        let session = Session::default();
        session.set_credentials(password());
        session.store(Some(CANARY.into()), true);
        let text = format!("{session:?}");
        assert!(!text.contains(CANARY), "{text}");
    }

    #[test]
    fn password_login_sends_the_three_fields_and_the_unit_when_given() {
        let call = password().login_call();
        assert_eq!(call.path, "authentication/token");
        assert_eq!(
            call.params.to_body(None),
            json!({"username": "supervisor", "password": CANARY, "organisation": "northwind-field"})
        );
        assert!(call.basic_user.is_none());
    }

    #[test]
    fn key_login_uses_basic_and_puts_only_the_unit_in_the_body() {
        let call = Credentials::ApiKey {
            key: CANARY.into(),
            unit: Some("U7".into()),
        }
        .login_call();
        assert_eq!(call.path, "authentication/web_api_key/token");
        assert_eq!(call.params.to_body(None), json!({"unit": "U7"}));
        assert_eq!(
            call.basic_user.as_ref().map(ExposeSecret::expose_secret),
            Some(CANARY)
        );
    }

    #[test]
    fn each_stored_token_is_a_new_generation() {
        let session = Session::default();
        let (token, first) = session.current();
        assert!(token.is_none());
        session.store(Some("a".into()), true);
        session.store(None, false);
        assert_eq!(session.generation(), first + 2);
    }
}
