//! How the interactive app logs in for a profile: a cached token first (proved with one
//! small read), then the profile's own secret (`CRMJOBS_PASSWORD`, `password_command`, an API
//! key), and only then the login screen. Every token the client ends up with is written back
//! to the profile's token cache.

use secrecy::{ExposeSecret, SecretString};

use crate::api::client::{Client, Credentials};
use crate::api::error::ApiError;
use crate::app::{Msg, RequestId};
use crate::config::token_cache::TokenOwner;
use crate::config::{Profile, TokenCache};

/// Where a profile's token is cached.
#[derive(Debug, Clone)]
pub struct CacheSlot {
    /// The cache folder.
    pub cache: TokenCache,
    /// The profile (the file name).
    pub profile: String,
    /// Who the token belongs to.
    pub owner: TokenOwner,
}

impl CacheSlot {
    /// Writes the client's token, if it has one. A failure costs only the next start's
    /// silent login, so it is logged and not shown.
    pub fn remember(&self, client: &Client) {
        if let Some(token) = client.token()
            && let Err(error) = self.cache.store(&self.profile, &self.owner, &token)
        {
            tracing::warn!(%error, "token not cached");
        }
    }
}

/// The login of one interactive session.
#[derive(Debug, Clone, Default)]
pub struct LoginPlan {
    /// Credentials known without asking (environment, password or key command).
    pub credentials: Option<Credentials>,
    /// The unit to log in to with a typed password.
    pub unit: Option<String>,
    /// The token cache of the profile.
    pub cache: Option<CacheSlot>,
    /// A profile whose password or key command was not run at start because a cached
    /// token was there; run (with no terminal) only if that token fails.
    pub fallback: Option<Profile>,
}

impl LoginPlan {
    /// Answers `Command::Login`: an empty password means "log in without asking".
    pub async fn login(
        &self,
        client: &Client,
        id: RequestId,
        organisation: String,
        username: String,
        password: SecretString,
    ) -> Msg {
        let result = if password.expose_secret().is_empty() {
            self.silent(client).await
        } else {
            client.set_credentials(Credentials::Password {
                organisation,
                username,
                password,
                unit: self.unit.clone(),
            });
            client.login().await
        };
        if result.is_ok()
            && let Some(slot) = &self.cache
        {
            slot.remember(client);
        }
        Msg::LoggedIn { id, result }
    }

    async fn silent(&self, client: &Client) -> Result<(), ApiError> {
        if let Some(credentials) = &self.credentials {
            client.set_credentials(credentials.clone());
        }
        if client.is_logged_in() {
            // A cached token: one small read proves it, or (with credentials) renews it.
            let probe = client.prove_token().await;
            match probe {
                Ok(()) => return Ok(()),
                Err(error) if self.credentials.is_none() && self.fallback.is_none() => {
                    return Err(error);
                }
                Err(_) => {}
            }
        }
        if self.credentials.is_none()
            && let Some(profile) = self.fallback.clone()
        {
            let found = tokio::task::spawn_blocking(move || {
                crate::config::secret::command_credentials(&profile)
            })
            .await
            .map_err(|e| ApiError::Config(e.to_string()))?
            .map_err(|e| ApiError::Config(e.to_string()))?;
            let Some(credentials) = found else {
                return Err(ApiError::NotLoggedIn);
            };
            client.set_credentials(credentials);
            return client.login().await;
        }
        match self.credentials {
            Some(_) => client.login().await,
            None => Err(ApiError::NotLoggedIn),
        }
    }
}
