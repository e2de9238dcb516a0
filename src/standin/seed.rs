//! Builds the organisation from the files under `assets/standin/`, compiled in.
//!
//! Ids of configuration (units, users, types, statuses, customers) are derived from names, so
//! they do not change with the seed; only the jobs depend on it.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::org::{BusinessUnit, Named, Org, Receivable, TypeRec, TypeStatus, Unit, UserRec};
use crate::api::model::{FulfillmentScope, JobStatus, JobType, LifeCycleState};

const ORGANISATION: &str = include_str!("../../assets/standin/organisation.toml");
const JOB_TYPES: &str = include_str!("../../assets/standin/job_types.toml");
pub(crate) const JOBS: &str = include_str!("../../assets/standin/jobs.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrgFile {
    organisation: String,
    business_units: Vec<BusinessUnitFile>,
    groups: Vec<NameFile>,
    security_profiles: Vec<NameFile>,
    units: Vec<UnitFile>,
    users: Vec<UserFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BusinessUnitFile {
    name: String,
    code: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NameFile {
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitFile {
    name: String,
    alternative_code: String,
    group: String,
    community: String,
    business_unit: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserFile {
    username: String,
    person_name: String,
    profile: String,
    units: Vec<String>,
    #[serde(default = "yes")]
    active: bool,
    /// The documented flavour sends this user's `person_name` and `email` as `""`.
    #[serde(default)]
    documented_blank: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TypesFile {
    statuses: Vec<StatusFile>,
    types: Vec<TypeFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusFile {
    name: String,
    alternative_code: String,
    state: LifeCycleState,
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TypeFile {
    name: String,
    alternative_code: String,
    scope: FulfillmentScope,
    description: String,
    /// The documented flavour leaves `fulfillment_scope` out of this type.
    #[serde(default)]
    documented_without_scope: bool,
    draft: Vec<String>,
    pending: Vec<String>,
    in_progress: Vec<String>,
    completed: Vec<String>,
    cancelled: Vec<String>,
}

/// What jobs are made of (`assets/standin/jobs.toml`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Material {
    pub(crate) weeks_of_history: u32,
    pub(crate) share_requiring_scheduled_date: f64,
    pub(crate) customers: Vec<String>,
    pub(crate) streets: Vec<String>,
    pub(crate) routers: Vec<String>,
    pub(crate) services: Vec<String>,
    pub(crate) notes: Vec<String>,
    pub(crate) templates: BTreeMap<String, Vec<String>>,
}

/// A stable 32-hex-digit id for `kind` and `name` (FNV-1a, twice with different offsets).
pub(crate) fn stable_id(kind: &str, name: &str) -> String {
    let hash = |mut state: u64| {
        for byte in kind.bytes().chain([0]).chain(name.bytes()) {
            state ^= u64::from(byte);
            state = state.wrapping_mul(0x0100_0000_01b3);
        }
        state
    };
    format!(
        "{:016x}{:016x}",
        hash(0xcbf2_9ce4_8422_2325),
        hash(0x8422_2325_cbf2_9ce4)
    )
}

fn index_of<T>(
    items: &[T],
    name: &str,
    what: &str,
    pick: impl Fn(&T) -> &str,
) -> Result<usize, String> {
    items
        .iter()
        .position(|item| pick(item) == name)
        .ok_or_else(|| format!("seed: unknown {what} {name:?}"))
}

/// Reads the organisation and the job material from the compiled-in files.
///
/// # Errors
/// A broken seed file (a build defect, caught by the tests).
pub(crate) fn organisation() -> Result<(Org, Material), String> {
    let file: OrgFile =
        toml::from_str(ORGANISATION).map_err(|e| format!("organisation.toml: {e}"))?;
    let types: TypesFile = toml::from_str(JOB_TYPES).map_err(|e| format!("job_types.toml: {e}"))?;
    let material: Material = toml::from_str(JOBS).map_err(|e| format!("jobs.toml: {e}"))?;
    let named = |kind: &str, list: &[NameFile]| -> Vec<Named> {
        list.iter()
            .map(|n| Named {
                id: stable_id(kind, &n.name),
                name: n.name.clone(),
            })
            .collect()
    };
    let business_units: Vec<BusinessUnit> = file
        .business_units
        .iter()
        .map(|b| BusinessUnit {
            id: stable_id("bu", &b.code),
            name: b.name.clone(),
            code: b.code.clone(),
        })
        .collect();
    let groups = named("group", &file.groups);
    let profiles = named("profile", &file.security_profiles);
    let units = units(&file.units, &groups, &business_units)?;
    let users = users(&file.users, &units, &profiles, &file.organisation)?;
    let (statuses, types) = job_types(&types)?;
    let reasons = super::reasons::seed(&types)?;
    let receivables = receivables(&material);
    let org = Org {
        name: file.organisation,
        business_units,
        groups,
        profiles,
        units,
        users,
        statuses,
        types,
        reasons,
        receivables,
    };
    Ok((org, material))
}

fn units(
    list: &[UnitFile],
    groups: &[Named],
    owners: &[BusinessUnit],
) -> Result<Vec<Unit>, String> {
    list.iter()
        .map(|u| {
            Ok(Unit {
                id: stable_id("unit", &u.alternative_code),
                name: u.name.clone(),
                alternative_code: u.alternative_code.clone(),
                group: index_of(groups, &u.group, "group", |g| &g.name)?,
                community: u.community.clone(),
                owner: index_of(owners, &u.business_unit, "business unit", |b| &b.code)?,
            })
        })
        .collect()
}

fn users(
    list: &[UserFile],
    units: &[Unit],
    profiles: &[Named],
    org: &str,
) -> Result<Vec<UserRec>, String> {
    list.iter()
        .map(|u| {
            let member_of = u
                .units
                .iter()
                .map(|code| index_of(units, code, "unit", |unit| &unit.alternative_code))
                .collect::<Result<Vec<_>, _>>()?;
            if member_of.is_empty() {
                return Err(format!("seed: user {} has no unit", u.username));
            }
            Ok(UserRec {
                id: stable_id("user", &u.username),
                username: u.username.clone(),
                person_name: u.person_name.clone(),
                email: format!("{}@{org}.example.com", u.username),
                active: u.active,
                units: member_of,
                profile: index_of(profiles, &u.profile, "security profile", |p| &p.name)?,
                technician: u.profile == "Field Technician",
                documented_blank: u.documented_blank,
            })
        })
        .collect()
}

fn job_types(file: &TypesFile) -> Result<(Vec<JobStatus>, Vec<TypeRec>), String> {
    let statuses: Vec<JobStatus> = file
        .statuses
        .iter()
        .map(|s| JobStatus {
            id: stable_id("status", &s.name),
            name: s.name.clone(),
            alternative_code: Some(s.alternative_code.clone()),
            description: Some(s.description.clone()),
            life_cycle_state: s.state,
        })
        .collect();
    let mut types = Vec::new();
    for t in &file.types {
        let mut entries = Vec::new();
        for (state, names) in [
            (LifeCycleState::Draft, &t.draft),
            (LifeCycleState::Pending, &t.pending),
            (LifeCycleState::InProgress, &t.in_progress),
            (LifeCycleState::Completed, &t.completed),
            (LifeCycleState::Cancelled, &t.cancelled),
        ] {
            if names.is_empty() {
                return Err(format!("seed: type {} has no {state} status", t.name));
            }
            for (at, name) in names.iter().enumerate() {
                let status = index_of(&statuses, name, "status", |s| &s.name)?;
                if statuses[status].life_cycle_state != state {
                    return Err(format!(
                        "seed: status {name} listed under {state} in {}",
                        t.name
                    ));
                }
                entries.push(TypeStatus {
                    entry_id: stable_id("type-status", &format!("{}/{name}", t.alternative_code)),
                    status,
                    default: at == 0,
                });
            }
        }
        types.push(TypeRec {
            job_type: JobType {
                id: stable_id("type", &t.alternative_code),
                name: t.name.clone(),
                alternative_code: Some(t.alternative_code.clone()),
                description: Some(t.description.clone()),
                fulfillment_scope: t.scope,
            },
            statuses: entries,
            documented_without_scope: t.documented_without_scope,
        });
    }
    Ok((statuses, types))
}

fn receivables(material: &Material) -> Vec<Receivable> {
    material
        .customers
        .iter()
        .enumerate()
        .map(|(at, name)| {
            let slug: String = name
                .chars()
                .filter_map(|c| match c {
                    'a'..='z' | '0'..='9' => Some(c),
                    'A'..='Z' => Some(c.to_ascii_lowercase()),
                    ' ' => Some('.'),
                    _ => None,
                })
                .collect();
            Receivable {
                id: stable_id("ar", name),
                number: format!("AR{:06}", 1000 + at),
                name: name.clone(),
                email: format!("{slug}@example.net"),
                // Ofcom's range reserved for drama: never a real subscriber.
                phone: format!("+44 20 7946 0{:03}", (at * 37) % 1000),
                street: material
                    .streets
                    .get(at % material.streets.len().max(1))
                    .cloned()
                    .unwrap_or_default(),
            }
        })
        .collect()
}
