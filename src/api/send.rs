//! How [`Client::send`] copes with a token that died and with refusals it cannot read: the
//! renewal before expiry, the re-login after a dead token, and finding out what a refusal
//! with a code new to this server means. The reasoning is at the top of `client.rs`.

use std::time::Instant;

use secrecy::SecretString;

use super::answer::Reply;
use super::client::Client;
use super::error::ApiError;
use super::memory::MethodState;
use super::params::Params;
use super::refusal::Meaning;
use super::transport::{Call, Kind};

/// Sending, re-login and learning.
impl Client {
    /// Sends a call with the token, logging in first or again when needed. The reply holds
    /// the body of an OK answer, for the caller to decode its data into its own type.
    pub(crate) async fn send(&self, call: &Call) -> Result<Reply, ApiError> {
        self.renew_if_due().await?;
        let (token, generation) = self.token_for_call().await?;
        let error = match self.execute(call, &token).await {
            Ok(reply) => return Ok(reply),
            Err(error) => error,
        };
        match error.meaning() {
            Some(Meaning::DeadToken) => self.after_dead_token(call, generation, error).await,
            Some(Meaning::Undecided) => self.decide(call, &token, generation, error).await,
            _ => Err(error),
        }
    }

    /// One call with `token`: notes whether the method exists and judges a refusal with
    /// what is known of this server.
    pub(super) async fn execute(
        &self,
        call: &Call,
        token: &SecretString,
    ) -> Result<Reply, ApiError> {
        let result = self.inner.transport.execute(call, Some(token)).await;
        self.inner.session.mark_used(Instant::now());
        let state = match &result {
            Ok(_) | Err(ApiError::Server { .. }) => Some(MethodState::Answers),
            Err(ApiError::MethodMissing { .. }) => Some(MethodState::Missing),
            Err(_) => None,
        };
        if let Some(state) = state {
            self.remember(|memory| memory.note_method(call.path, state));
        }
        result.map_err(|error| self.judge(error))
    }

    /// A refusal's meaning by what this server taught and the profile lists.
    fn judge(&self, error: ApiError) -> ApiError {
        let Some(code) = error.code() else {
            return error;
        };
        let meaning = super::refusal::judge(
            code,
            &self.memory().known_codes(&self.inner.token_error_codes),
        );
        error.with_meaning(meaning)
    }

    /// After a dead-token refusal: a new login when credentials are at hand, then a read is
    /// sent again; an action is not (the caller reads the job back first).
    async fn after_dead_token(
        &self,
        call: &Call,
        generation: u64,
        error: ApiError,
    ) -> Result<Reply, ApiError> {
        if !self.inner.session.has_credentials() {
            return Err(error);
        }
        self.relogin(generation).await?;
        match call.kind {
            Kind::Read => {
                let token = self.current_token()?;
                self.execute(call, &token).await
            }
            Kind::Action(_) => Err(error),
        }
    }

    /// Finds out what a refusal with a code new to this server means, and remembers it.
    async fn decide(
        &self,
        call: &Call,
        token: &SecretString,
        generation: u64,
        error: ApiError,
    ) -> Result<Reply, ApiError> {
        let code = error.code().unwrap_or_default().to_owned();
        if call.kind == Kind::Read && self.inner.session.has_credentials() {
            // A read changes nothing: send it again with a new token.
            self.relogin(generation).await?;
            let replay = self.execute(call, &self.current_token()?).await;
            return match replay {
                Ok(answer) => {
                    self.learn_code(&code, true);
                    Ok(answer)
                }
                Err(again) if again.code() == Some(code.as_str()) => {
                    self.learn_code(&code, false);
                    Err(again.with_meaning(Meaning::Refused))
                }
                Err(other) => Err(other),
            };
        }
        // Try the old token on the smallest documented read.
        let probe = Call::get(
            "jobs/all_scopes/get_completed",
            Params::new()
                .number("number_of_results", 1)
                .number("offset", 0),
        );
        match self.execute(&probe, token).await {
            Ok(_) => {
                self.learn_code(&code, false);
                Err(error.with_meaning(Meaning::Refused))
            }
            Err(probed) if probed.code() == Some(code.as_str()) => {
                self.learn_code(&code, true);
                let error = error.with_meaning(Meaning::DeadToken);
                self.after_dead_token(call, generation, error).await
            }
            Err(_) => Err(error.with_meaning(Meaning::Refused)),
        }
    }

    /// Renews the token before it dies, when credentials are at hand. A renewal that cannot
    /// reach the server leaves the old token to try.
    async fn renew_if_due(&self) -> Result<(), ApiError> {
        let session = &self.inner.session;
        if !session.has_credentials() || !session.is_due_for_renewal(Instant::now()) {
            return Ok(());
        }
        tracing::debug!("the token is near its end; renewing it");
        match self.relogin(session.generation()).await {
            Err(error) if error.is_auth_failure() => Err(error),
            Err(error) => {
                tracing::debug!(%error, "renewal failed; trying the old token");
                Ok(())
            }
            Ok(()) => Ok(()),
        }
    }

    fn current_token(&self) -> Result<SecretString, ApiError> {
        self.inner.session.current().0.ok_or(ApiError::NotLoggedIn)
    }

    fn learn_code(&self, code: &str, dead_token: bool) {
        tracing::info!(code, dead_token, "learned what a refusal code means");
        self.remember(|memory| memory.note_code(code, dead_token));
    }
}
