//! Generates the jobs: believable, deterministic for a seed, dated around the server's start.
//!
//! Creation times are spread over the weeks of history with more jobs recently (the age of
//! job `i` of `n` goes with `((n - i) / n)²`), and the state depends on the age: new jobs are
//! mostly pending or in progress, old ones mostly completed or cancelled.

use chrono::{DateTime, Duration, Utc};
use fastrand::Rng;

use super::org::Org;
use super::seed::{self, Material};
use super::store::{JobRec, Jobs};
use crate::api::job::UserDefinedFields;
use crate::api::model::{FulfillmentScope, LifeCycleState, RatingState};

/// How old the newest job is when the server starts.
const NEWEST_AGE: Duration = Duration::minutes(10);

/// The latest moment a seeded job was changed: a little before the start, so the first
/// action on a job always changes its `updated_date` even at the wire's one-second precision.
const QUIET_BEFORE_START: Duration = Duration::minutes(5);

/// Builds the organisation and `count` jobs from `seed`, with dates relative to `now`.
///
/// # Errors
/// A broken seed file (a build defect, caught by the tests).
pub(crate) fn generate(count: usize, seed: u64, now: DateTime<Utc>) -> Result<(Org, Jobs), String> {
    let (org, material) = seed::organisation()?;
    let mut jobs = Jobs::new(org.types.len(), org.receivables.len());
    let mut rng = Rng::with_seed(seed);
    let span = f64::from(material.weeks_of_history) * 7.0 * 86_400.0;
    let cast = Cast::new(&org);
    enough_to_draw_from(&org, &material, &cast)?;
    let mut previous = now - Duration::seconds(span_secs(span));
    for at in 0..count {
        #[expect(clippy::cast_precision_loss, reason = "job counts are far below 2^52")]
        let share = (count - at) as f64 / count as f64;
        let age = span * share * share;
        let created = (now - NEWEST_AGE - Duration::seconds(span_secs(age))).max(previous);
        previous = created;
        let rec = job(&org, &material, &cast, &mut rng, at, created, now);
        jobs.push(rec);
    }
    Ok((org, jobs))
}

/// Every list a job draws from must have something in it; drawing from an empty one would
/// panic, so a seed file that empties one is refused instead.
fn enough_to_draw_from(org: &Org, material: &Material, cast: &Cast) -> Result<(), String> {
    let lists = [
        ("job types", org.types.len()),
        ("customers", org.receivables.len()),
        ("streets", material.streets.len()),
        ("routers", material.routers.len()),
        ("services", material.services.len()),
        ("notes", material.notes.len()),
        ("office users", cast.office.len()),
        ("units with technicians", cast.depots.len()),
    ];
    match lists.iter().find(|(_, len)| *len == 0) {
        Some((what, _)) => Err(format!("seed: no {what} to draw jobs from")),
        None => Ok(()),
    }
}

fn span_secs(secs: f64) -> i64 {
    #[expect(
        clippy::cast_possible_truncation,
        reason = "spans are weeks, far from i64's limits"
    )]
    let whole = secs.round() as i64;
    whole
}

/// The people who appear on jobs, by role.
struct Cast {
    /// Users who create jobs (supervisors and dispatchers).
    office: Vec<usize>,
    /// Units with technicians, and the technicians of each.
    depots: Vec<(usize, Vec<usize>)>,
}

impl Cast {
    fn new(org: &Org) -> Self {
        let office = (0..org.users.len())
            .filter(|&u| !org.users[u].technician)
            .collect();
        let depots = (0..org.units.len())
            .map(|unit| {
                let techs = (0..org.users.len())
                    .filter(|&u| org.users[u].technician && org.users[u].units.contains(&unit))
                    .collect::<Vec<_>>();
                (unit, techs)
            })
            .filter(|(_, techs)| !techs.is_empty())
            .collect();
        Self { office, depots }
    }
}

/// Picks from weighted choices.
fn weighted<T: Copy>(rng: &mut Rng, choices: &[(T, u32)]) -> T {
    let total: u32 = choices.iter().map(|(_, w)| w).sum();
    let mut roll = rng.u32(0..total.max(1));
    for &(choice, weight) in choices {
        if roll < weight {
            return choice;
        }
        roll -= weight;
    }
    choices[0].0
}

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(0..items.len())]
}

fn state_for_age(rng: &mut Rng, age_days: i64) -> LifeCycleState {
    use LifeCycleState::{Cancelled, Completed, Draft, InProgress, Pending};
    let weights: [(LifeCycleState, u32); 5] = match age_days {
        0 => [
            (Draft, 10),
            (Pending, 45),
            (InProgress, 35),
            (Completed, 8),
            (Cancelled, 2),
        ],
        1..=6 => [
            (Draft, 5),
            (Pending, 30),
            (InProgress, 30),
            (Completed, 28),
            (Cancelled, 7),
        ],
        7..=20 => [
            (Draft, 2),
            (Pending, 8),
            (InProgress, 10),
            (Completed, 68),
            (Cancelled, 12),
        ],
        _ => [
            (Draft, 1),
            (Pending, 2),
            (InProgress, 3),
            (Completed, 80),
            (Cancelled, 14),
        ],
    };
    weighted(rng, &weights)
}

fn scope_weight(scope: FulfillmentScope) -> u32 {
    match scope {
        FulfillmentScope::GenericPurpose => 20,
        FulfillmentScope::NewSubscription => 18,
        FulfillmentScope::AddSubscriptionServices
        | FulfillmentScope::SwapSubscriptionInstalledItems => 8,
        FulfillmentScope::SubscriptionMaintainance => 7,
        FulfillmentScope::DeactivateSubscription => 4,
        _ => 6,
    }
}

fn hours(rng: &mut Rng, low: i64, high: i64) -> Duration {
    Duration::minutes(rng.i64(low * 60..high * 60))
}

fn describe(
    rng: &mut Rng,
    material: &Material,
    scope: FulfillmentScope,
    customer: &str,
    street: &str,
) -> String {
    let template = material
        .templates
        .get(scope.as_wire())
        .and_then(|list| (!list.is_empty()).then(|| pick(rng, list).clone()))
        .unwrap_or_else(|| "Visit {customer} at {street}".to_owned());
    template
        .replace("{customer}", customer)
        .replace("{street}", street)
        .replace("{model}", pick(rng, &material.routers).as_str())
        .replace("{service}", pick(rng, &material.services).as_str())
}

fn status_for(rng: &mut Rng, org: &Org, job_type: usize, state: LifeCycleState) -> usize {
    let choices: Vec<(usize, u32)> = org
        .type_statuses(job_type, state)
        .map(|entry| (entry.status, if entry.default { 6 } else { 2 }))
        .collect();
    if choices.is_empty() {
        return 0;
    }
    weighted(rng, &choices)
}

/// One job, created at `created`.
fn job(
    org: &Org,
    material: &Material,
    cast: &Cast,
    rng: &mut Rng,
    at: usize,
    created: DateTime<Utc>,
    now: DateTime<Utc>,
) -> JobRec {
    let state = state_for_age(rng, (now - created).num_days());
    let type_weights: Vec<(usize, u32)> = (0..org.types.len())
        .map(|t| (t, scope_weight(org.types[t].job_type.fulfillment_scope)))
        .collect();
    let job_type = weighted(rng, &type_weights);
    let scope = org.types[job_type].job_type.fulfillment_scope;
    let receivable = rng.usize(0..org.receivables.len());
    let customer = &org.receivables[receivable];
    let (unit, techs) = pick(rng, &cast.depots);
    let unassigned_share = match state {
        LifeCycleState::Draft => 60,
        LifeCycleState::Pending => 20,
        _ => 3,
    };
    let assignee = (rng.u32(0..100) >= unassigned_share).then(|| *pick(rng, techs));
    let created_by = *pick(rng, &cast.office);
    let mut rec = JobRec {
        id: format!("{:016x}{:016x}", rng.u64(..), rng.u64(..)),
        number: format!("JB{:05}", at + 1),
        description: describe(rng, material, scope, &customer.name, &customer.street),
        notes: notes(rng, material),
        receivable,
        job_type,
        status: status_for(rng, org, job_type, state),
        state,
        rating: RatingState::Pending,
        start_date: None,
        expected_completion_date: Some(created + hours(rng, 24, 240)),
        actual_completed_date: None,
        expiration_date: (rng.u32(0..2) == 0).then(|| created + Duration::days(30)),
        scheduled_date: None,
        assignee,
        unit: *unit,
        created,
        created_by,
        created_by_unit: org.users[created_by].units[0],
        updated: created,
        updated_by: created_by,
        updated_by_unit: org.users[created_by].units[0],
        udf: udf(rng, material, &customer.street, created),
        requires_scheduled_date: false,
        performed: None,
        cancellation_reason: None,
        cancel_provided_items: false,
        applied: 0,
    };
    life(&mut rec, org, material, rng, now);
    rec
}

/// Dates and flags that follow from the state: started, completed, scheduled, updated.
fn life(rec: &mut JobRec, org: &Org, material: &Material, rng: &mut Rng, now: DateTime<Utc>) {
    let scope = org.types[rec.job_type].job_type.fulfillment_scope;
    let latest = now - QUIET_BEFORE_START;
    let worker = rec.assignee.unwrap_or(rec.created_by);
    if matches!(
        rec.state,
        LifeCycleState::InProgress | LifeCycleState::Completed
    ) {
        let started = (rec.created + hours(rng, 1, 48)).min(latest);
        rec.start_date = Some(started);
        rec.updated = started;
        rec.updated_by = worker;
        rec.updated_by_unit = rec.unit;
    }
    if rec.state == LifeCycleState::Completed {
        let started = rec.start_date.unwrap_or(rec.created);
        let done = (started + hours(rng, 1, 8)).min(latest);
        rec.actual_completed_date = Some(done);
        rec.updated = done;
        rec.rating = if rng.u32(0..10) < 7 {
            RatingState::Completed
        } else {
            RatingState::Pending
        };
    }
    if rec.state == LifeCycleState::Cancelled {
        rec.updated = (rec.created + hours(rng, 1, 72)).min(latest);
        // One draw whatever the type offers, so the jobs after it stay as they were.
        let draw = rng.usize(..);
        let offered = org.reasons.of_type(rec.job_type);
        rec.cancellation_reason = offered.get(draw % offered.len().max(1)).copied();
    }
    if scope.takes_scheduled_date() {
        let open = matches!(
            rec.state,
            LifeCycleState::Pending | LifeCycleState::InProgress
        );
        if open && rng.f64() < material.share_requiring_scheduled_date {
            rec.requires_scheduled_date = true;
        } else if open && rng.u32(0..2) == 0 {
            rec.scheduled_date = Some(now + hours(rng, 24, 14 * 24));
        } else if rec.state == LifeCycleState::Completed {
            rec.scheduled_date = rec.actual_completed_date;
        }
    }
}

fn notes(rng: &mut Rng, material: &Material) -> Option<String> {
    match rng.u32(0..10) {
        0..=3 => None,
        4..=7 => Some(pick(rng, &material.notes).clone()),
        _ => Some(format!(
            "{} {}",
            pick(rng, &material.notes),
            pick(rng, &material.notes)
        )),
    }
}

/// The organisation's user-defined fields: equipment model, serial, site address, service;
/// cable length and signal level; appointment date.
fn udf(
    rng: &mut Rng,
    material: &Material,
    street: &str,
    created: DateTime<Utc>,
) -> UserDefinedFields {
    UserDefinedFields {
        udf_string_1: Some(pick(rng, &material.routers).clone()),
        udf_string_2: Some(format!("SN-{:08X}", rng.u32(..))),
        udf_string_3: Some(street.to_owned()),
        udf_string_4: (rng.u32(0..2) == 0).then(|| pick(rng, &material.services).clone()),
        udf_float_1: (rng.u32(0..3) > 0).then(|| f64::from(rng.u32(2..60))),
        udf_float_2: (rng.u32(0..3) == 0).then(|| -f64::from(rng.u32(400..800)) / 10.0),
        udf_date_1: (rng.u32(0..2) == 0).then(|| created + hours(rng, 24, 96)),
        ..UserDefinedFields::default()
    }
}
