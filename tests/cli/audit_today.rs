//! "Completed today by you" starts from the audit log: only this account's confirmed
//! completions since the given time count, each job once.

use chrono::{Duration, Utc};
use crmjobs::audit::{self, AuditRecord, Outcome};
use crmjobs::outbox::Owner;

fn owner() -> Owner {
    Owner {
        profile: "work".to_owned(),
        server: "https://crm.example.com".to_owned(),
        organisation: "ACME".to_owned(),
        username: "jdoe".to_owned(),
    }
}

fn record(job: &str, action: &str, outcome: Outcome, hours_ago: i64) -> AuditRecord {
    let owner = owner();
    AuditRecord {
        at: Utc::now() - Duration::hours(hours_ago),
        profile: owner.profile,
        server: owner.server,
        organisation: owner.organisation,
        username: owner.username,
        action: action.to_owned(),
        job: job.to_owned(),
        outcome,
        status: None,
        message: None,
    }
}

#[test]
fn only_this_accounts_confirmed_completions_since_the_time_count_once_each() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("audit.jsonl");
    let mut someone_else = record("JB00005", "complete", Outcome::Applied, 1);
    someone_else.username = "other".to_owned();
    for entry in [
        record("JB00001", "complete", Outcome::Waiting, 2),
        record("JB00001", "complete", Outcome::AlreadyApplied, 1),
        record("JB00002", "complete", Outcome::Applied, 1),
        record("JB00002", "complete", Outcome::Applied, 1),
        record("JB00003", "start", Outcome::Applied, 1),
        record("JB00004", "complete", Outcome::Refused, 1),
        record("JB00006", "complete", Outcome::Applied, 30),
        someone_else,
    ] {
        audit::append(&log, &entry).expect("append");
    }
    let since = Utc::now() - Duration::hours(12);
    let jobs = audit::completed_since(&log, &owner(), since).expect("read");
    assert_eq!(jobs, ["JB00001", "JB00002"]);
    let missing = audit::completed_since(&dir.path().join("none.jsonl"), &owner(), since);
    assert!(missing.expect("a missing log is empty").is_empty());
}
