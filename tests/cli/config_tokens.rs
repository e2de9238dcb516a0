//! The token cache: 0600 files in a 0700 folder, written atomically, tied to the server,
//! organisation and user, refused (with the `chmod` that fixes it) when others could read it.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crmjobs::config::TokenCache;
use crmjobs::config::token_cache::TokenOwner;
use secrecy::{ExposeSecret, SecretString};
use tempfile::TempDir;

fn owner() -> TokenOwner {
    TokenOwner {
        server: "https://crm.example".into(),
        organisation: "ACME".into(),
        username: "jdoe".into(),
    }
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

/// `chmod MODE PATH`, as a user who opened up the file or folder would.
fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// A token cache in `tokens` below a fresh temp folder, nothing cached yet: the temp folder
/// (removed when dropped, so a test keeps it as `_state`), the cache's folder and the cache.
fn empty_cache() -> (TempDir, PathBuf, TokenCache) {
    let state = tempfile::tempdir().expect("temp folder");
    let dir = state.path().join("tokens");
    let cache = TokenCache::new(dir.clone());
    (state, dir, cache)
}

/// [`empty_cache`] once `token` is stored in it for the profile `work` and [`owner`].
fn cache_holding(token: &str) -> (TempDir, PathBuf, TokenCache) {
    let (state, dir, cache) = empty_cache();
    cache
        .store("work", &owner(), &SecretString::from(token))
        .expect("token stored");
    (state, dir, cache)
}

#[test]
fn stores_private_files_and_loads_them_back() {
    let (_state, dir, cache) = empty_cache();
    assert!(
        cache.load("work", &owner()).unwrap().is_none(),
        "nothing cached yet"
    );
    cache
        .store("work", &owner(), &SecretString::from("tok-1"))
        .unwrap();
    let file = dir.join("work.token");
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&file), 0o600);
    let token = cache.load("work", &owner()).unwrap().unwrap();
    assert_eq!(token.expose_secret(), "tok-1");
    cache
        .store("work", &owner(), &SecretString::from("tok-2"))
        .unwrap();
    assert_eq!(
        cache
            .load("work", &owner())
            .unwrap()
            .unwrap()
            .expose_secret(),
        "tok-2"
    );
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["work.token"], "no temporary file left behind");
}

#[test]
fn a_token_for_another_server_or_user_is_not_used() {
    let (_state, _, cache) = cache_holding("tok");
    let other_server = TokenOwner {
        server: "https://other.example".into(),
        ..owner()
    };
    assert!(cache.load("work", &other_server).unwrap().is_none());
    let other_user = TokenOwner {
        username: "someone".into(),
        ..owner()
    };
    assert!(cache.load("work", &other_user).unwrap().is_none());
}

#[test]
fn an_open_file_is_refused_with_the_fix() {
    let (_state, dir, cache) = cache_holding("tok-secret");
    let file = dir.join("work.token");
    set_mode(&file, 0o644);
    let message = cache.load("work", &owner()).unwrap_err().to_string();
    assert!(
        message.contains(&format!("chmod 600 {}", file.display())),
        "{message}"
    );
    assert!(message.contains("0644"), "{message}");
    assert!(!message.contains("tok-secret"));
    set_mode(&file, 0o600);
    assert!(
        cache.load("work", &owner()).unwrap().is_some(),
        "usable once fixed"
    );
}

#[test]
fn an_open_folder_is_refused_with_the_fix() {
    let (_state, dir, cache) = cache_holding("tok");
    set_mode(&dir, 0o755);
    let message = cache.load("work", &owner()).unwrap_err().to_string();
    assert!(
        message.contains(&format!("chmod 700 {}", dir.display())),
        "{message}"
    );
    let message = cache
        .store("work", &owner(), &SecretString::from("t"))
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("chmod 700"),
        "storing into an open folder is refused too: {message}"
    );
}

#[test]
fn remove_deletes_and_profile_names_cannot_escape() {
    let (_state, dir, cache) = cache_holding("tok");
    assert!(cache.remove("work").unwrap());
    assert!(!dir.join("work.token").exists());
    assert!(!cache.remove("work").unwrap(), "already gone");
    for bad in ["../evil", "a/b", ".hidden", ""] {
        assert!(cache.path(bad).is_err(), "{bad:?} accepted");
    }
}
