//! The outbox on disk: entries round-trip, a process killed at each step of a write leaves
//! the old or the new entry, stray temp files are cleaned, torn files are moved aside, and
//! the audit log appends and reads back.

use std::path::Path;
use std::process::{Command, Stdio};

use chrono::{Duration, Utc};
use crmjobs::api::ident::{JobIdentifier, JobStatusIdentifier, UserIdentifier};
use crmjobs::api::job::{CancelParams, CompleteParams, StartParams};
use crmjobs::api::model::LifeCycleState;
use crmjobs::audit::{self, AuditRecord, Outcome};
use crmjobs::outbox::{
    Baseline, Entry, EntryId, EntryState, Outbox, Owner, PendingAction, WriteStep,
};

fn owner() -> Owner {
    Owner {
        profile: "work".into(),
        server: "https://crm.example.com".into(),
        organisation: "northwind-field".into(),
        username: "supervisor".into(),
    }
}

fn complete_entry() -> Entry {
    let mut params = CompleteParams::new(JobIdentifier::Number("JB00042".into()));
    params.status = Some(JobStatusIdentifier::Name("Installed".into()));
    params.performed_by = Some(UserIdentifier::Username("tech1".into()));
    params.performed_on = Some(Utc::now() - Duration::hours(2));
    let baseline = Baseline {
        life_cycle_state: LifeCycleState::InProgress.into(),
        updated_date: Some(Utc::now() - Duration::days(1)),
    };
    Entry::new(&owner(), PendingAction::Complete(params), Some(baseline))
}

#[test]
fn entries_round_trip_and_list_per_owner() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path()).unwrap();
    let first = outbox.add(&complete_entry()).unwrap();
    let mut other_owner = owner();
    other_owner.profile = "home".into();
    let cancel = PendingAction::Cancel(CancelParams {
        job: JobIdentifier::Id("77".into()),
        status: None,
        reason: None,
        cancel_provided_items: true,
    });
    let second = outbox.add(&Entry::new(&other_owner, cancel, None)).unwrap();

    let reopened = Outbox::open(dir.path()).unwrap();
    assert_eq!(reopened.get(&first.id).unwrap().as_ref(), Some(&first));
    assert_eq!(reopened.list().unwrap().len(), 2);
    assert_eq!(reopened.list_for(&owner()).unwrap(), vec![first.clone()]);
    assert_eq!(reopened.list_for(&other_owner).unwrap(), vec![second]);
    reopened.remove(&first.id).unwrap();
    assert_eq!(reopened.list_for(&owner()).unwrap(), vec![]);
    // A removed entry is not brought back by a late update.
    let error = reopened.replace(&first).unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::NotFound);
    assert_eq!(reopened.list_for(&owner()).unwrap(), vec![]);
}

#[test]
fn entry_ids_are_short_and_typeable() {
    let id = EntryId::random();
    assert_eq!(id.as_str().len(), 8);
    assert_eq!(id.to_string().parse::<EntryId>().unwrap(), id);
    assert!("../etc".parse::<EntryId>().is_err());
    assert!("".parse::<EntryId>().is_err());
}

#[test]
fn stray_temp_files_are_removed_and_torn_files_moved_aside() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path()).unwrap();
    let kept = outbox.add(&complete_entry()).unwrap();
    std::fs::write(dir.path().join("abcd1234.json.tmp-00000001"), b"{\"id\":").unwrap();
    std::fs::write(
        dir.path().join("deadbeef.json"),
        b"{\"id\": \"deadbeef\", \"crea",
    )
    .unwrap();

    let reopened = Outbox::open(dir.path()).unwrap();
    assert_eq!(reopened.list().unwrap(), vec![kept]);
    assert_eq!(reopened.quarantined().len(), 1);
    assert!(dir.path().join("deadbeef.json.corrupt").exists());
    assert!(!dir.path().join("abcd1234.json.tmp-00000001").exists());
}

#[cfg(unix)]
#[test]
fn files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("outbox");
    let outbox = Outbox::open(&folder).unwrap();
    let entry = outbox.add(&complete_entry()).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&folder.join(format!("{}.json", entry.id))), 0o600);
}

/// The step the child process is killed after, and the folder it writes to.
const STEP_VAR: &str = "CRMJOBS_TEST_OUTBOX_CRASH_STEP";
const DIR_VAR: &str = "CRMJOBS_TEST_OUTBOX_CRASH_DIR";

/// The old and the new state of the entry the child rewrites.
fn old_and_new() -> (Entry, Entry) {
    let old = complete_entry();
    let mut new = old.clone();
    new.attempts = 3;
    new.state = EntryState::Conflict {
        why: "changed".into(),
    };
    (old, new)
}

/// Run as a child: rewrites the entry in `DIR_VAR`, aborting after step `STEP_VAR`. The
/// parent test runs this; on its own (no variables) it does nothing.
#[test]
fn crash_child() {
    let (Ok(dir), Ok(step)) = (std::env::var(DIR_VAR), std::env::var(STEP_VAR)) else {
        return;
    };
    let step: usize = step.parse().unwrap();
    let outbox = Outbox::open(Path::new(&dir)).unwrap();
    let new: Entry =
        serde_json::from_str(&std::fs::read_to_string(Path::new(&dir).join("new")).unwrap())
            .unwrap();
    outbox
        .write_with_hook(&new, &mut |done| {
            if done == WriteStep::ALL[step] {
                // A kill: no destructors, no flushing, nothing after this step.
                std::process::abort();
            }
        })
        .unwrap();
}

#[test]
fn a_kill_at_any_step_of_a_write_leaves_the_old_or_the_new_entry() {
    let (old, new) = old_and_new();
    for (step, name) in WriteStep::ALL.iter().enumerate() {
        for first_write in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let outbox = Outbox::open(&dir.path().join("outbox")).unwrap();
            if !first_write {
                outbox.add(&old).unwrap();
            }
            std::fs::write(
                dir.path().join("outbox/new"),
                serde_json::to_string(&new).unwrap(),
            )
            .unwrap();
            let status = Command::new(std::env::current_exe().unwrap())
                .args(["--exact", "store::crash_child", "--test-threads=1"])
                .env(DIR_VAR, dir.path().join("outbox"))
                .env(STEP_VAR, step.to_string())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap();
            assert!(!status.success(), "the child was killed after {name:?}");
            std::fs::remove_file(dir.path().join("outbox/new")).unwrap();

            let reopened = Outbox::open(&dir.path().join("outbox")).unwrap();
            let entries = reopened.list().unwrap();
            let expected = if *name >= WriteStep::Renamed {
                vec![new.clone()]
            } else if first_write {
                vec![]
            } else {
                vec![old.clone()]
            };
            assert_eq!(
                entries, expected,
                "killed after {name:?}, first write {first_write}"
            );
            assert!(reopened.quarantined().is_empty());
            let leftovers = std::fs::read_dir(dir.path().join("outbox"))
                .unwrap()
                .count();
            assert_eq!(leftovers, expected.len(), "no temp file survives a reopen");
        }
    }
}

#[test]
fn no_secret_field_in_an_entry() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path()).unwrap();
    let entry = outbox
        .add(&Entry::new(
            &owner(),
            PendingAction::Start(StartParams {
                job: JobIdentifier::Number("JB1".into()),
                status: None,
            }),
            None,
        ))
        .unwrap();
    let text = std::fs::read_to_string(dir.path().join(format!("{}.json", entry.id))).unwrap();
    for word in ["password", "token", "key", "secret"] {
        assert!(!text.to_lowercase().contains(word), "{word} in {text}");
    }
}

#[test]
fn the_audit_log_appends_and_reads_since_a_date() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data/audit.jsonl");
    let record = |at, outcome| AuditRecord {
        at,
        profile: "work".into(),
        server: "https://crm.example.com".into(),
        organisation: "northwind-field".into(),
        username: "supervisor".into(),
        action: "complete".into(),
        job: "JB00042".into(),
        outcome,
        status: Some("Installed".into()),
        message: None,
    };
    let yesterday = Utc::now() - Duration::days(1);
    let now = Utc::now();
    audit::append(&path, &record(yesterday, Outcome::Waiting)).unwrap();
    audit::append(&path, &record(now, Outcome::AlreadyApplied)).unwrap();
    // A torn last line (a crash mid-append) is skipped.
    std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, b"{\"at\":\"20"))
        .unwrap();

    assert_eq!(audit::read(&path, None).unwrap().len(), 2);
    let recent = audit::read(&path, Some(now - Duration::hours(1))).unwrap();
    assert_eq!(recent, vec![record(now, Outcome::AlreadyApplied)]);
    let line = std::fs::read_to_string(&path).unwrap();
    assert!(line.contains("\"outcome\":\"already_applied\""), "{line}");
    assert!(
        audit::read(&dir.path().join("none.jsonl"), None)
            .unwrap()
            .is_empty()
    );
}
