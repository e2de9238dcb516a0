//! A send whose answer was lost and whose read-back then failed has an unknown outcome, and
//! says so (`OutcomeUnknown`: "check the job"), never "unreachable, nothing applied".

use crate::client_foreign;
use crate::outbox_support;

use client_foreign::{Canned, Fake};
use crmjobs::api::client::{Client, ClientConfig};
use crmjobs::api::error::ApiError;
use crmjobs::api::ident::JobIdentifier;
use crmjobs::api::job::CompleteParams;
use crmjobs::outbox::{Delivery, Entry, Owner, PendingAction, deliver};

#[tokio::test]
async fn a_lost_answer_and_a_failed_read_back_are_an_unknown_outcome() {
    // A gateway that answers 502 to everything: the completion may have passed through it
    // (its outcome is unknown), and the read-back fails.
    let fake = Fake::start(vec![Canned::new(
        502,
        "text/html",
        "<html>bad gateway</html>",
    )])
    .await;
    let client = Client::new(ClientConfig::new(&fake.url)).expect("client");
    client.set_token("a-token".into());
    let dir = tempfile::tempdir().unwrap();
    let outbox = outbox_support::outbox(dir.path());
    let owner = Owner {
        profile: "test".into(),
        server: fake.url.clone(),
        organisation: "org".into(),
        username: "me".into(),
    };
    let action =
        PendingAction::Complete(CompleteParams::new(JobIdentifier::Number("JB00019".into())));
    let entry = Entry::new(&owner, action, None);
    outbox.add(&entry).unwrap();
    let Delivery::Waiting { error, .. } = deliver(&client, &outbox, entry).await else {
        panic!("the entry waits");
    };
    assert!(
        matches!(error, ApiError::OutcomeUnknown { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("check the job"), "{error}");
    assert!(
        error.to_string().contains("could not be read back"),
        "{error}"
    );
}
