//! The session of a scripting command: the profile, the client, and the login: the cached
//! token first (proved with one small read), then `CRMJOBS_PASSWORD`/`CRMJOBS_API_KEY`, the
//! profile's password or key command, and only then a password prompt (never with
//! `--no-input`). The token the command ends with is written back to the profile's cache.
//! Also `login` and `logout`.

use crate::api::client::{Client, Credentials};
use crate::config::resolve::Loaded;
use crate::config::token_cache::TokenOwner;
use crate::config::{AuthSource, Overrides, Paths, Profile, TokenCache, secret};
use crate::runtime::login_plan::CacheSlot;

use super::output::{Format, json_text};
use super::{Exit, Global, prompt};

/// Why a command stopped before its work: the code and the message for standard error.
#[derive(Debug)]
pub struct Failure {
    /// How the process ends.
    pub exit: Exit,
    /// What went wrong, for people.
    pub message: String,
}

impl Failure {
    /// A failure with `exit` and `message`.
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        Self {
            exit,
            message: message.into(),
        }
    }

    /// Prints the message and gives the exit code.
    #[must_use]
    pub fn report(self) -> Exit {
        // The message may quote the server: `note` shows its control characters, not obeys them.
        super::output::note(&self.message);
        self.exit
    }
}

impl From<crate::api::error::ApiError> for Failure {
    fn from(error: crate::api::error::ApiError) -> Self {
        Self::new(Exit::of(&error), error.to_string())
    }
}

/// A logged-in command: what it runs against and how it prints.
#[derive(Debug)]
pub struct Ctx {
    /// The client, with a token.
    pub client: Client,
    /// The resolved profile.
    pub profile: Profile,
    /// The folders in use (outbox, audit log).
    pub paths: Paths,
    /// The output format.
    pub format: Format,
    /// Whether prompts are forbidden.
    pub no_input: bool,
    slot: CacheSlot,
    /// Audit writes that failed in this command, for the end to report.
    audit_failure: crate::outbox::AuditFailure,
}

impl Ctx {
    /// Who outbox entries made here belong to.
    #[must_use]
    pub fn owner(&self) -> crate::outbox::Owner {
        crate::outbox::Owner {
            profile: self.profile.name.clone(),
            server: self.profile.server.clone(),
            organisation: self.profile.organisation.clone(),
            username: self.profile.username.clone(),
        }
    }

    /// The outbox, writing to the audit log.
    ///
    /// # Errors
    /// The outbox folder cannot be created or read.
    pub fn outbox(&self) -> Result<crate::outbox::Outbox, Failure> {
        crate::outbox::Outbox::open(&self.paths.outbox_dir())
            .map(|outbox| {
                outbox
                    .with_audit(&self.paths.audit_log())
                    .with_audit_failures(std::sync::Arc::clone(&self.audit_failure))
            })
            .map_err(|e| Failure::new(Exit::Usage, format!("cannot open the outbox: {e}")))
    }

    /// The last audit write that failed in this command, if any.
    #[must_use]
    pub fn take_audit_failure(&self) -> Option<String> {
        self.audit_failure
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }

    /// Writes the token the command ended with back to the cache (re-logins replace it).
    pub fn finish(&self) {
        self.slot.remember(&self.client);
    }
}

/// The command-line part of the configuration.
#[must_use]
pub fn overrides(global: &Global) -> Overrides {
    Overrides {
        config: global.config.clone(),
        profile: global.profile.clone(),
        server: global.server.clone(),
        organisation: global.organisation.clone(),
        username: global.username.clone(),
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The profile, its client and its token cache, nothing sent yet.
fn prepare(global: &Global) -> Result<(Loaded, Client, CacheSlot), Failure> {
    let loaded = crate::config::load(&overrides(global))
        .map_err(|e| Failure::new(Exit::Usage, e.to_string()))?;
    let profile = &loaded.profile;
    let client = Client::new(profile.client_config(&loaded.paths))
        .map_err(|e| Failure::new(Exit::Usage, e.to_string()))?;
    let slot = CacheSlot {
        cache: TokenCache::new(loaded.paths.tokens_dir()),
        profile: profile.name.clone(),
        owner: TokenOwner {
            server: profile.server.clone(),
            organisation: profile.organisation.clone(),
            username: profile.username.clone(),
        },
    };
    Ok((loaded, client, slot))
}

/// Loads the profile and logs in as described at the top of this file.
///
/// # Errors
/// A configuration problem (exit 2), no way to log in or refused credentials (3), the
/// server out of reach (5).
pub async fn connect(global: &Global) -> Result<Ctx, Failure> {
    let (loaded, client, slot) = prepare(global)?;
    let cached = slot
        .cache
        .load(&slot.profile, &slot.owner)
        .map_err(|e| Failure::new(Exit::Usage, e.to_string()))?;
    let from_env = secret::env_credentials(&loaded.profile, &env);
    let has_env = from_env.is_some();
    if let Some(credentials) = from_env {
        client.set_credentials(credentials);
    }
    let mut fresh = true;
    if let Some(token) = cached {
        client.set_token(token);
        // With credentials at hand the client renews a dead token by itself; without, one
        // small read tells whether the cached token still works before any action is tried.
        fresh = has_env || probe(&client).await?;
    }
    if !fresh || !client.is_logged_in() {
        if !has_env {
            client.set_credentials(obtain(&loaded.profile, global.no_input)?);
        }
        client.login().await?;
    }
    Ok(Ctx {
        client,
        profile: loaded.profile,
        paths: loaded.paths,
        format: Format::choose(global),
        no_input: global.no_input,
        slot,
        audit_failure: std::sync::Arc::default(),
    })
}

/// Whether the client's token is accepted; other failures end the command.
async fn probe(client: &Client) -> Result<bool, Failure> {
    match client.prove_token().await {
        Ok(()) => Ok(true),
        Err(error) if error.needs_login() => Ok(false),
        Err(error) => Err(error.into()),
    }
}

/// Credentials without the environment: the profile's command, else a password prompt.
fn obtain(profile: &Profile, no_input: bool) -> Result<Credentials, Failure> {
    if let Some(credentials) = secret::silent_credentials(profile, &env)
        .map_err(|e| Failure::new(Exit::Auth, e.to_string()))?
    {
        return Ok(credentials);
    }
    if !prompt::can_ask(no_input) {
        let why = if no_input {
            "--no-input forbids asking"
        } else {
            "no terminal to ask on"
        };
        return Err(Failure::new(
            Exit::Auth,
            format!(
                "not logged in and {why} for the password: run `crmjobs login`, or set \
                 CRMJOBS_PASSWORD or the profile's password_command"
            ),
        ));
    }
    let question = format!(
        "Password for {}@{} at {}: ",
        profile.username, profile.organisation, profile.server
    );
    let password = prompt::password(&question)
        .map_err(|e| Failure::new(Exit::Auth, format!("cannot read the password: {e}")))?
        .ok_or_else(|| Failure::new(Exit::Auth, "login abandoned"))?;
    Ok(Credentials::Password {
        organisation: profile.organisation.clone(),
        username: profile.username.clone(),
        password,
        unit: profile.unit.clone(),
    })
}

/// `crmjobs login`: a fresh login whatever is cached; the token goes to the cache.
pub async fn login(global: &Global) -> Exit {
    match login_inner(global).await {
        Ok(exit) => exit,
        Err(failure) => failure.report(),
    }
}

async fn login_inner(global: &Global) -> Result<Exit, Failure> {
    let (loaded, client, slot) = prepare(global)?;
    let profile = &loaded.profile;
    let credentials = match secret::env_credentials(profile, &env) {
        Some(credentials) => credentials,
        None => obtain(profile, global.no_input)?,
    };
    client.set_credentials(credentials);
    client.login().await?;
    let token = client
        .token()
        .ok_or_else(|| Failure::new(Exit::Auth, "the server gave no token"))?;
    slot.cache
        .store(&slot.profile, &slot.owner, &token)
        .map_err(|e| Failure::new(Exit::Usage, e.to_string()))?;
    let who = match profile.auth {
        AuthSource::ApiKey | AuthSource::ApiKeyCommand(_) => "an API key".to_owned(),
        _ => format!("{}@{}", profile.username, profile.organisation),
    };
    print_status(
        global,
        &format!(
            "logged in to {} with {who} (profile {})",
            profile.server, profile.name
        ),
        profile,
        true,
    );
    Ok(Exit::Success)
}

/// `crmjobs logout`: releases the cached token on the server, then deletes it (and the
/// profile's saved jobs) here even if the server could not be told (a warning then says why;
/// the exit code is 0: the user is logged out here).
pub async fn logout(global: &Global) -> Exit {
    match logout_inner(global).await {
        Ok(exit) => exit,
        Err(failure) => failure.report(),
    }
}

async fn logout_inner(global: &Global) -> Result<Exit, Failure> {
    let (loaded, client, slot) = prepare(global)?;
    let cached = slot.cache.load(&slot.profile, &slot.owner);
    let released = match cached {
        Ok(Some(token)) => {
            client.set_token(token);
            client.release_token().await
        }
        // A refused or foreign file is deleted all the same: the user asked to log out.
        Ok(None) | Err(_) => Ok(()),
    };
    let removed = slot
        .cache
        .remove(&slot.profile)
        .map_err(|e| Failure::new(Exit::Usage, e.to_string()))?;
    // The saved jobs hold customers' names and addresses: they go with the login.
    let jobs = crate::jobcache::JobCache::new(
        loaded.paths.jobs_dir(),
        &loaded.profile.name,
        loaded.profile.token_owner(),
    );
    if let Some(jobs) = jobs {
        jobs.remove().map_err(|e| {
            Failure::new(
                Exit::Usage,
                format!(
                    "the saved jobs in {} could not be deleted: {e}",
                    jobs.path().display()
                ),
            )
        })?;
    }
    // Release is deprecated from R12: a server may not have it, and an unreleased token
    // dies by itself within hours. Logging out here is done either way, so it is a warning.
    if let Err(error) = released {
        super::output::note(&format!(
            "warning: the token was deleted here but not released on the server ({error});              it expires by itself"
        ));
    }
    let text = if removed {
        format!(
            "logged out of {} (profile {})",
            loaded.profile.server, loaded.profile.name
        )
    } else {
        format!("not logged in (profile {})", loaded.profile.name)
    };
    print_status(global, &text, &loaded.profile, false);
    Ok(Exit::Success)
}

/// A one-line status, or with `--json` the same as an object.
fn print_status(global: &Global, text: &str, profile: &Profile, logged_in: bool) {
    if Format::choose(global) == Format::Json {
        let doc = serde_json::json!({
            "profile": profile.name,
            "server": profile.server,
            "organisation": profile.organisation,
            "username": profile.username,
            "logged_in": logged_in,
        });
        super::output::emit(&json_text(&doc));
    } else {
        super::output::emit(&format!("{text}\n"));
    }
}
