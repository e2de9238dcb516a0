//! Logins, tokens and their lifetime.
//!
//! Tokens are JWT-shaped like those of CRM.COM R12+, but only the stand-in's own table gives
//! them meaning. The strict flavour's claims are `sub`, `org`, `unit`, `jti` and `iat`/`exp`
//! as numbers; the documented flavour's are the record's `usr`, `org`, `oun`, `jti` and
//! `iat`/`exp` as strings of epoch seconds. A token lives a fixed time from its issue, used or not; the lifetime in force
//! is read when the token is checked, so a test can shorten it for tokens already issued.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::time::Instant;

use axum::http::{HeaderMap, header};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::json;

use super::envelope::{Code, Failure};
use super::fields::Data;
use super::params::Params;
use super::{DEMO_API_KEY, DEMO_PASSWORD, DEMO_USERNAME, Flavour, Shared, lock};

/// Who a token speaks for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Session {
    pub(crate) user: usize,
    pub(crate) unit: usize,
    issued: Instant,
}

/// The tokens issued and not released.
#[derive(Debug, Default)]
pub(crate) struct Sessions {
    tokens: HashMap<String, Session>,
    /// Tokens issued at or before this moment are expired (a test hook).
    expired_up_to: Option<Instant>,
}

impl Sessions {
    /// Every token issued so far is expired from now on.
    pub(crate) fn expire_all(&mut self) {
        self.expired_up_to = Some(Instant::now());
    }

    /// Whether a session is still alive with the lifetime `ttl`.
    fn alive(&self, session: &Session, ttl: std::time::Duration) -> bool {
        session.issued.elapsed() < ttl
            && self
                .expired_up_to
                .is_none_or(|up_to| session.issued > up_to)
    }
}

/// The session of a token, or `INVALID_TOKEN`.
pub(crate) fn session(shared: &Shared, token: &str) -> Result<Session, Failure> {
    let ttl = lock(&shared.faults).effective_token_ttl();
    let mut sessions = lock(&shared.sessions);
    match sessions.tokens.get(token).copied() {
        Some(session) if sessions.alive(&session, ttl) => Ok(session),
        Some(_) => {
            sessions.tokens.remove(token);
            Err(Failure::new(
                Code::InvalidToken,
                "token: the token has expired; log in again",
            ))
        }
        None => Err(Failure::new(
            Code::InvalidToken,
            "token: unknown or released token; log in again",
        )),
    }
}

/// A new JWT-shaped token for `user` in `unit`.
fn issue(shared: &Shared, user: usize, unit: usize) -> String {
    let org = &shared.org;
    let ttl = lock(&shared.faults).effective_token_ttl();
    let issued_at = chrono::Utc::now().timestamp();
    let expires = issued_at.saturating_add(i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX));
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let jti = format!("{:016x}", fastrand::u64(..));
    let claims = match shared.flavour {
        Flavour::Strict => json!({
            "sub": org.users[user].username,
            "org": org.name,
            "unit": org.units[unit].id,
            "iat": issued_at,
            "exp": expires,
            "jti": jti,
        }),
        // The claims of the record's example token: epoch seconds as strings.
        Flavour::Documented => json!({
            "usr": org.users[user].username,
            "org": org.name,
            "oun": org.units[unit].id,
            "jti": jti,
            "iat": issued_at.to_string(),
            "exp": expires.to_string(),
        }),
    };
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let signature: Vec<u8> = std::iter::repeat_with(|| fastrand::u8(..))
        .take(32)
        .collect();
    let token = format!("{header}.{payload}.{}", URL_SAFE_NO_PAD.encode(signature));
    let session = Session {
        user,
        unit,
        issued: Instant::now(),
    };
    lock(&shared.sessions).tokens.insert(token.clone(), session);
    shared.logins.fetch_add(1, Ordering::SeqCst);
    token
}

/// The unit a login asked for (by id), or the user's default unit.
fn login_unit(shared: &Shared, user: usize, unit: Option<String>) -> Result<usize, Failure> {
    let org = &shared.org;
    let Some(unit_id) = unit else {
        return Ok(org.users[user].units[0]);
    };
    let unit = org
        .units
        .iter()
        .position(|u| u.id == unit_id)
        .ok_or_else(|| Failure::not_found("unit", format!("no unit has the id {unit_id:?}")))?;
    if org.users[user].units.contains(&unit) {
        Ok(unit)
    } else {
        Err(Failure::new(
            Code::AuthenticationFailed,
            format!(
                "unit: {} does not belong to the unit {}",
                org.users[user].username, org.units[unit].name
            ),
        ))
    }
}

/// `POST authentication/token`.
pub(crate) fn login(shared: &Shared, mut params: Params) -> Result<Data, Failure> {
    let username = params.required_text("username")?;
    let password = params.required_text("password")?;
    let organisation = params.required_text("organisation")?;
    let unit = params.text("unit")?;
    params.finish("authentication/token")?;
    let org = &shared.org;
    let expected = lock(&shared.passwords)
        .get(&username)
        .cloned()
        .unwrap_or_else(|| DEMO_PASSWORD.to_owned());
    let user = org
        .users
        .iter()
        .position(|u| u.username == username && u.active)
        .filter(|_| password == expected && organisation == org.name)
        .ok_or_else(|| {
            Failure::new(
                Code::AuthenticationFailed,
                "password: wrong organisation, username or password",
            )
        })?;
    let unit = login_unit(shared, user, unit)?;
    Ok(Data::of(
        &json!({ "token": issue(shared, user, unit) }),
        None,
    ))
}

/// The Web API key from an HTTP Basic header: the key as username, an empty password.
fn basic_key(headers: &HeaderMap) -> Result<String, Failure> {
    let refuse = |what: &str| {
        Failure::new(
            Code::AuthenticationFailed,
            format!("Authorization: {what}; send the Web API key as the HTTP Basic username"),
        )
    };
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or_else(|| Failure::missing("Authorization (HTTP Basic with the Web API key)"))?;
    let text = value.to_str().map_err(|_| refuse("not readable text"))?;
    let encoded = text
        .strip_prefix("Basic ")
        .ok_or_else(|| refuse("not HTTP Basic"))?;
    let decoded = STANDARD
        .decode(encoded.trim())
        .map_err(|_| refuse("not valid base64"))?;
    let decoded = String::from_utf8(decoded).map_err(|_| refuse("not valid UTF-8"))?;
    match decoded.split_once(':') {
        Some((key, "")) if !key.is_empty() => Ok(key.to_owned()),
        Some((_, password)) if !password.is_empty() => Err(refuse("the password must be empty")),
        _ => Err(refuse("no key given")),
    }
}

/// `POST authentication/web_api_key/token`.
pub(crate) fn login_api_key(
    shared: &Shared,
    headers: &HeaderMap,
    mut params: Params,
) -> Result<Data, Failure> {
    let unit = params.text("unit")?;
    params.finish("authentication/web_api_key/token")?;
    let key = basic_key(headers)?;
    if key != DEMO_API_KEY {
        return Err(Failure::new(
            Code::AuthenticationFailed,
            "Authorization: unknown Web API key",
        ));
    }
    let user = shared
        .org
        .users
        .iter()
        .position(|u| u.username == DEMO_USERNAME)
        .ok_or_else(|| Failure::new(Code::AuthenticationFailed, "the key's user is missing"))?;
    let unit = login_unit(shared, user, unit)?;
    Ok(Data::of(
        &json!({ "token": issue(shared, user, unit) }),
        None,
    ))
}

/// `POST authentication/token/release`: the token is dead at once.
pub(crate) fn release(shared: &Shared, mut params: Params) -> Result<Data, Failure> {
    let token = params.token()?;
    params.finish("authentication/token/release")?;
    session(shared, &token)?;
    lock(&shared.sessions).tokens.remove(&token);
    Ok(Data::null())
}
