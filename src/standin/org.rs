//! The organisation the stand-in plays: units, users, job types and statuses, accounts
//! receivable. Fixed once seeded; only jobs change.

use crate::api::ident::{
    AccountsReceivableIdentifier, BusinessUnitIdentifier, GroupIdentifier, JobStatusIdentifier,
    JobTypeIdentifier, SecurityProfileIdentifier, UnitIdentifier, UserIdentifier,
};
use crate::api::model::{
    BusinessUnitRef, JobStatus, JobType, LifeCycleState, StatusEntry, UnitRef, User, UserRef,
};

/// Something known by id and name only (groups, security profiles).
#[derive(Debug, Clone)]
pub(crate) struct Named {
    pub(crate) id: String,
    pub(crate) name: String,
}

/// A business unit.
#[derive(Debug, Clone)]
pub(crate) struct BusinessUnit {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) code: String,
}

/// A unit; users belong to units, units to a group and a business unit.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) alternative_code: String,
    pub(crate) group: usize,
    pub(crate) community: String,
    /// The business unit the unit belongs to.
    pub(crate) owner: usize,
}

/// A user; the first of `units` is the default unit of a login.
#[derive(Debug, Clone)]
pub(crate) struct UserRec {
    pub(crate) id: String,
    pub(crate) username: String,
    pub(crate) person_name: String,
    pub(crate) email: String,
    pub(crate) active: bool,
    pub(crate) units: Vec<usize>,
    pub(crate) profile: usize,
    /// Whether jobs get assigned to this user.
    pub(crate) technician: bool,
    /// The documented flavour sends `person_name` and `email` as `""`, as R14.1 does for
    /// users without them.
    pub(crate) documented_blank: bool,
}

/// One status a job type allows, with whether it is the type's default for its state.
#[derive(Debug, Clone)]
pub(crate) struct TypeStatus {
    pub(crate) entry_id: String,
    pub(crate) status: usize,
    pub(crate) default: bool,
}

/// A job type with the statuses it allows.
#[derive(Debug, Clone)]
pub(crate) struct TypeRec {
    pub(crate) job_type: JobType,
    pub(crate) statuses: Vec<TypeStatus>,
    /// The documented flavour leaves `fulfillment_scope` out of the type, as some real
    /// answers do; the server still judges completions by the scope.
    pub(crate) documented_without_scope: bool,
}

/// An accounts receivable: a customer's account, with the contact details jobs carry.
#[derive(Debug, Clone)]
pub(crate) struct Receivable {
    pub(crate) id: String,
    pub(crate) number: String,
    pub(crate) name: String,
    pub(crate) email: String,
    pub(crate) phone: String,
    pub(crate) street: String,
}

/// The whole organisation.
#[derive(Debug, Clone)]
pub(crate) struct Org {
    pub(crate) name: String,
    pub(crate) business_units: Vec<BusinessUnit>,
    pub(crate) groups: Vec<Named>,
    pub(crate) profiles: Vec<Named>,
    pub(crate) units: Vec<Unit>,
    pub(crate) users: Vec<UserRec>,
    pub(crate) statuses: Vec<JobStatus>,
    pub(crate) types: Vec<TypeRec>,
    pub(crate) reasons: super::reasons::Reasons,
    pub(crate) receivables: Vec<Receivable>,
}

/// Finds the position of the first item whose `field` value matches.
fn position<T>(items: &[T], pick: impl Fn(&T) -> bool) -> Option<usize> {
    items.iter().position(pick)
}

impl Org {
    /// A user by id or username.
    pub(crate) fn find_user(&self, ident: &UserIdentifier) -> Option<usize> {
        position(&self.users, |u| match ident {
            UserIdentifier::Id(id) => &u.id == id,
            UserIdentifier::Username(name) => &u.username == name,
        })
    }

    /// A unit by id, name or alternative code.
    pub(crate) fn find_unit(&self, ident: &UnitIdentifier) -> Option<usize> {
        position(&self.units, |u| match ident {
            UnitIdentifier::Id(id) => &u.id == id,
            UnitIdentifier::Name(name) => &u.name == name,
            UnitIdentifier::AlternativeCode(code) => &u.alternative_code == code,
        })
    }

    /// A business unit by id, name or code.
    pub(crate) fn find_business_unit(&self, ident: &BusinessUnitIdentifier) -> Option<usize> {
        position(&self.business_units, |b| match ident {
            BusinessUnitIdentifier::Id(id) => &b.id == id,
            BusinessUnitIdentifier::Name(name) => &b.name == name,
            BusinessUnitIdentifier::Code(code) => &b.code == code,
        })
    }

    /// A group by id or name.
    pub(crate) fn find_group(&self, ident: &GroupIdentifier) -> Option<usize> {
        position(&self.groups, |g| match ident {
            GroupIdentifier::Id(id) => &g.id == id,
            GroupIdentifier::Name(name) => &g.name == name,
        })
    }

    /// A security profile by id or name.
    pub(crate) fn find_profile(&self, ident: &SecurityProfileIdentifier) -> Option<usize> {
        position(&self.profiles, |p| match ident {
            SecurityProfileIdentifier::Id(id) => &p.id == id,
            SecurityProfileIdentifier::Name(name) => &p.name == name,
        })
    }

    /// A job type by id, name or alternative code.
    pub(crate) fn find_type(&self, ident: &JobTypeIdentifier) -> Option<usize> {
        position(&self.types, |t| {
            let t = &t.job_type;
            match ident {
                JobTypeIdentifier::Id(id) => &t.id == id,
                JobTypeIdentifier::Name(name) => &t.name == name,
                JobTypeIdentifier::AlternativeCode(code) => {
                    t.alternative_code.as_deref() == Some(code.as_str())
                }
            }
        })
    }

    /// A job status of the organisation by id, name or alternative code.
    pub(crate) fn find_status(&self, ident: &JobStatusIdentifier) -> Option<usize> {
        position(&self.statuses, |s| match ident {
            JobStatusIdentifier::Id(id) => &s.id == id,
            JobStatusIdentifier::Name(name) => &s.name == name,
            JobStatusIdentifier::AlternativeCode(code) => {
                s.alternative_code.as_deref() == Some(code.as_str())
            }
        })
    }

    /// An accounts receivable by id, number or name.
    pub(crate) fn find_receivable(&self, ident: &AccountsReceivableIdentifier) -> Option<usize> {
        position(&self.receivables, |r| match ident {
            AccountsReceivableIdentifier::Id(id) => &r.id == id,
            AccountsReceivableIdentifier::Number(number) => &r.number == number,
            AccountsReceivableIdentifier::Name(name) => &r.name == name,
        })
    }

    /// The statuses a type allows in `state`, the default first.
    pub(crate) fn type_statuses(
        &self,
        job_type: usize,
        state: LifeCycleState,
    ) -> impl Iterator<Item = &TypeStatus> {
        self.types[job_type]
            .statuses
            .iter()
            .filter(move |entry| self.statuses[entry.status].life_cycle_state == state)
    }

    /// The type's default status for `state`; the seed guarantees there is one.
    pub(crate) fn default_status(&self, job_type: usize, state: LifeCycleState) -> Option<usize> {
        self.type_statuses(job_type, state)
            .find(|entry| entry.default)
            .map(|entry| entry.status)
    }

    /// A status list entry as the wire carries it.
    pub(crate) fn status_entry(&self, entry: &TypeStatus) -> StatusEntry {
        StatusEntry {
            id: entry.entry_id.clone(),
            default: entry.default,
            status: self.statuses[entry.status].clone(),
        }
    }

    /// A user as embedded in a job.
    pub(crate) fn user_ref(&self, user: usize) -> UserRef {
        let user = &self.users[user];
        UserRef {
            id: user.id.clone(),
            username: Some(user.username.clone()),
            person_name: Some(user.person_name.clone()),
            email: Some(user.email.clone()),
        }
    }

    /// A user as `users/list` returns it.
    pub(crate) fn user(&self, user: usize) -> User {
        let user = &self.users[user];
        User {
            id: user.id.clone(),
            username: user.username.clone(),
            person_name: Some(user.person_name.clone()),
            email: Some(user.email.clone()),
            active: user.active,
        }
    }

    /// A unit as embedded in a job.
    pub(crate) fn unit_ref(&self, unit: usize) -> UnitRef {
        let unit = &self.units[unit];
        UnitRef {
            id: unit.id.clone(),
            name: Some(unit.name.clone()),
            group_name: Some(self.groups[unit.group].name.clone()),
            community_name: Some(unit.community.clone()),
        }
    }

    /// The business unit of a unit, as embedded in a job.
    pub(crate) fn business_unit_ref(&self, unit: usize) -> BusinessUnitRef {
        let business_unit = &self.business_units[self.units[unit].owner];
        BusinessUnitRef {
            id: business_unit.id.clone(),
            name: Some(business_unit.name.clone()),
            code: Some(business_unit.code.clone()),
        }
    }
}
