//! The token cache: 0600 files in a 0700 folder, written atomically, tied to the server,
//! organisation and user, refused (with the `chmod` that fixes it) when others could read it.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;

use crmjobs::config::TokenCache;
use crmjobs::config::token_cache::TokenOwner;
use secrecy::{ExposeSecret, SecretString};

fn owner() -> TokenOwner {
    TokenOwner {
        server: "https://crm.example".into(),
        organisation: "ACME".into(),
        username: "jdoe".into(),
    }
}

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn stores_private_files_and_loads_them_back() {
    let state = tempfile::tempdir().unwrap();
    let dir = state.path().join("tokens");
    let cache = TokenCache::new(dir.clone());
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
    let state = tempfile::tempdir().unwrap();
    let cache = TokenCache::new(state.path().join("tokens"));
    cache
        .store("work", &owner(), &SecretString::from("tok"))
        .unwrap();
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
    let state = tempfile::tempdir().unwrap();
    let dir = state.path().join("tokens");
    let cache = TokenCache::new(dir.clone());
    cache
        .store("work", &owner(), &SecretString::from("tok-secret"))
        .unwrap();
    let file = dir.join("work.token");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let message = cache.load("work", &owner()).unwrap_err().to_string();
    assert!(
        message.contains(&format!("chmod 600 {}", file.display())),
        "{message}"
    );
    assert!(message.contains("0644"), "{message}");
    assert!(!message.contains("tok-secret"));
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(
        cache.load("work", &owner()).unwrap().is_some(),
        "usable once fixed"
    );
}

#[test]
fn an_open_folder_is_refused_with_the_fix() {
    let state = tempfile::tempdir().unwrap();
    let dir = state.path().join("tokens");
    let cache = TokenCache::new(dir.clone());
    cache
        .store("work", &owner(), &SecretString::from("tok"))
        .unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
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
    let state = tempfile::tempdir().unwrap();
    let dir = state.path().join("tokens");
    let cache = TokenCache::new(dir.clone());
    cache
        .store("work", &owner(), &SecretString::from("tok"))
        .unwrap();
    assert!(cache.remove("work").unwrap());
    assert!(!dir.join("work.token").exists());
    assert!(!cache.remove("work").unwrap(), "already gone");
    for bad in ["../evil", "a/b", ".hidden", ""] {
        assert!(cache.path(bad).is_err(), "{bad:?} accepted");
    }
}
