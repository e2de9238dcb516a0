//! `crmjobs jobs cancel --reason`: the real binary against the stand-in, the reason checked
//! against the job type's cancellation reasons before sending; and the method it relies on,
//! `jobs/configuration/cancellation_reasons/list`, on the wire and as the client reads it.

use crate::cli_support;
use crate::standin_support;

use cli_support::Bench;
use crmjobs::api::ident::{CancellationReasonIdentifier, JobTypeIdentifier};
use crmjobs::api::job::{CancelParams, Job};
use crmjobs::api::model::{FulfillmentScope, LifeCycleState};
use crmjobs::standin::StandinConfig;

const REPAIR: fn(FulfillmentScope) -> bool = |s| s == FulfillmentScope::GenericPurpose;

fn type_of(job: &Job) -> JobTypeIdentifier {
    JobTypeIdentifier::Id(job.job_type.as_ref().expect("a type").id.clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reason_is_found_by_name_code_or_id_in_any_case() {
    // Enough jobs for three pending repairs.
    let bench = Bench::start_with(StandinConfig::default()).await;
    let jobs = bench.jobs(LifeCycleState::Pending, 3, REPAIR).await;
    let client = bench.client();
    client.login().await.expect("login");
    let reasons = client
        .cancellation_reasons(&type_of(&jobs[0]))
        .await
        .expect("the type's reasons");
    let unreachable = reasons
        .iter()
        .find(|r| r.name == "Customer not reachable")
        .expect("Field repair offers it");
    let by = [
        ("no ACCESS to premises", "No access to premises"),
        ("dup", "Duplicate request"),
        (unreachable.id.as_str(), "Customer not reachable"),
    ];
    for (job, (text, recorded)) in jobs.iter().zip(by) {
        let run = bench
            .run(&["jobs", "cancel", &job.number, "--yes", "--reason", text])
            .await;
        assert_eq!(run.code, 0, "{text}: {run:?}");
        assert!(run.stdout.contains("CANCELLED"), "{run:?}");
        assert_eq!(
            bench.server.cancellation_reason_of(&job.number).as_deref(),
            Some(recorded),
            "{text}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_reason_is_not_sent_and_names_the_offered_ones() {
    let bench = Bench::start().await;
    let job = &bench.jobs(LifeCycleState::Pending, 1, REPAIR).await[0];
    // "Arrears paid" exists, but only for service suspensions.
    for text in ["Bored", "Arrears paid"] {
        let run = bench
            .run(&["jobs", "cancel", &job.number, "--yes", "--reason", text])
            .await;
        assert_eq!(run.code, 1, "{text}: {run:?}");
        assert!(run.stdout.contains("not_sent"), "{run:?}");
        assert!(
            run.stdout
                .contains(&format!("no reason matches \"{text}\"")),
            "{run:?}"
        );
        assert!(
            run.stdout
                .contains("Field repair jobs offer: Customer request, Duplicate request"),
            "the offered names: {run:?}"
        );
    }
    assert_eq!(bench.server.applied_actions(&job.number), 0, "nothing sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_reason_none_is_sent_and_json_results_keep_their_shape() {
    let bench = Bench::start().await;
    let jobs = bench.jobs(LifeCycleState::InProgress, 2, REPAIR).await;
    let plain = bench
        .run(&["jobs", "cancel", &jobs[0].number, "--yes", "--json"])
        .await;
    assert_eq!(plain.code, 0, "{plain:?}");
    assert_eq!(bench.server.cancellation_reason_of(&jobs[0].number), None);
    let with = bench
        .run(&[
            "jobs",
            "cancel",
            &jobs[1].number,
            "--yes",
            "--json",
            "--reason",
            "custreq",
        ])
        .await;
    assert_eq!(with.code, 0, "{with:?}");
    let keys = |text: &str| -> Vec<String> {
        let doc: serde_json::Value = serde_json::from_str(text).expect("one JSON document");
        let row = doc["results"][0].as_object().expect("a result row").clone();
        row.keys().cloned().collect()
    };
    assert_eq!(keys(&plain.stdout), keys(&with.stdout), "the same columns");
    assert_eq!(
        bench
            .server
            .cancellation_reason_of(&jobs[1].number)
            .as_deref(),
        Some("Customer request")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stand_in_lists_each_types_reasons_and_checks_the_one_sent() {
    let bench = Bench::start().await;
    let client = bench.client();
    client.login().await.expect("login");
    let repair = &bench.jobs(LifeCycleState::Pending, 1, REPAIR).await[0];
    let reasons = client
        .cancellation_reasons(&type_of(repair))
        .await
        .expect("listed");
    let names: Vec<&str> = reasons.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Customer request",
            "Duplicate request",
            "No access to premises",
            "Customer not reachable"
        ]
    );
    let defaults: Vec<&str> = reasons
        .iter()
        .filter(|r| r.default)
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(defaults, ["Customer request"], "one default");
    assert!(reasons.iter().all(|r| r.alternative_code.is_some()));

    let by_name = JobTypeIdentifier::Name("Service suspension".into());
    let suspension = client.cancellation_reasons(&by_name).await.expect("listed");
    assert!(suspension.iter().any(|r| r.name == "Arrears paid"));
    let unknown = JobTypeIdentifier::Name("Gardening".into());
    let refused = client.cancellation_reasons(&unknown).await.unwrap_err();
    assert_eq!(refused.code(), Some("NOT_FOUND"), "{refused}");

    // Another type's reason is refused like an unknown one; the type's own by code is kept.
    let cancel = |reason: CancellationReasonIdentifier| CancelParams {
        job: repair.identifier(),
        status: None,
        reason: Some(reason),
        cancel_provided_items: false,
    };
    let foreign = CancellationReasonIdentifier::Name("Arrears paid".into());
    let refused = client.cancel(&cancel(foreign)).await.unwrap_err();
    assert_eq!(refused.code(), Some("NOT_FOUND"), "{refused}");
    assert!(
        refused
            .to_string()
            .contains("cancellation_reason_identifier"),
        "{refused}"
    );
    assert_eq!(bench.server.applied_actions(&repair.number), 0);
    let own = CancellationReasonIdentifier::AlternativeCode("NOCONTACT".into());
    client.cancel(&cancel(own)).await.expect("cancelled");
    assert_eq!(
        bench
            .server
            .cancellation_reason_of(&repair.number)
            .as_deref(),
        Some("Customer not reachable")
    );
}

#[tokio::test]
async fn on_the_wire_the_type_is_mandatory_and_paging_and_fields_set_apply() {
    let (h, token) = standin_support::start_logged_in().await;
    let method = "jobs/configuration/cancellation_reasons/list";
    let (_, missing) = h.get(method, &format!("token={token}")).await;
    assert_eq!(
        standin_support::code(&missing),
        "MISSING_PARAMETER",
        "{missing}"
    );
    assert!(standin_support::message(&missing).starts_with("job_type_identifier:"));
    let repair = format!("token={token}&job_type_identifier=alternative_code%3DREPAIR");
    let (_, all) = h.get(method, &repair).await;
    let first = &all["data"][0];
    let mut keys: Vec<&str> = first
        .as_object()
        .expect("an entry")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["alternative_code", "default", "description", "id", "name"]
    );
    assert_eq!(first["default"], true);
    let (_, page) = h
        .get(method, &format!("{repair}&offset=1&number_of_results=2"))
        .await;
    let names: Vec<&str> = page["data"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(names, ["Duplicate request", "No access to premises"]);
    let (_, narrow) = h
        .get(method, &format!("{repair}&fields_set=name,default"))
        .await;
    assert_eq!(
        narrow["data"][0],
        serde_json::json!({"name": "Customer request", "default": true})
    );
}
