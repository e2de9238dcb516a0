//! `GET users/list`: the users of a business unit, unit, group or security profile.

use super::envelope::{Code, Failure};
use super::fields::{self, Data};
use super::org::Org;
use super::params::Params;
use super::reads::{authorised, paging};
use super::{Flavour, Shared, documented};
use crate::api::ident::{
    BusinessUnitIdentifier, GroupIdentifier, SecurityProfileIdentifier, UnitIdentifier,
};

/// The one filter of a users list, resolved.
#[derive(Debug, Clone, Copy)]
enum Filter {
    BusinessUnit(usize),
    Unit(usize),
    Group(usize),
    Profile(usize),
}

impl Filter {
    /// Whether a user passes.
    fn admits(self, org: &Org, user: usize) -> bool {
        let user = &org.users[user];
        match self {
            Self::BusinessUnit(b) => user.units.iter().any(|&u| org.units[u].owner == b),
            Self::Unit(unit) => user.units.contains(&unit),
            Self::Group(g) => user.units.iter().any(|&u| org.units[u].group == g),
            Self::Profile(p) => user.profile == p,
        }
    }
}

const ONE_OF: &str = "give exactly one of business_unit_identifier, unit_identifier, \
                      group_identifier, security_profile_identifier";

/// Reads the four filter parameters; exactly one must be given and must exist.
fn filter(org: &Org, params: &mut Params) -> Result<Filter, Failure> {
    let business_unit: Option<BusinessUnitIdentifier> =
        params.identifier("business_unit_identifier")?;
    let unit: Option<UnitIdentifier> = params.identifier("unit_identifier")?;
    let group: Option<GroupIdentifier> = params.identifier("group_identifier")?;
    let profile: Option<SecurityProfileIdentifier> =
        params.identifier("security_profile_identifier")?;
    let given = [
        business_unit.is_some(),
        unit.is_some(),
        group.is_some(),
        profile.is_some(),
    ];
    match given.iter().filter(|&&g| g).count() {
        0 => {
            return Err(Failure::new(
                Code::MissingParameter,
                format!("unit_identifier: {ONE_OF}"),
            ));
        }
        1 => {}
        _ => return Err(Failure::invalid("unit_identifier", ONE_OF)),
    }
    if let Some(ident) = business_unit {
        let found = org.find_business_unit(&ident).ok_or_else(|| {
            Failure::not_found(
                "business_unit_identifier",
                format!("no business unit with {ident}"),
            )
        })?;
        return Ok(Filter::BusinessUnit(found));
    }
    if let Some(ident) = unit {
        let found = org.find_unit(&ident).ok_or_else(|| {
            Failure::not_found("unit_identifier", format!("no unit with {ident}"))
        })?;
        return Ok(Filter::Unit(found));
    }
    if let Some(ident) = group {
        let found = org.find_group(&ident).ok_or_else(|| {
            Failure::not_found("group_identifier", format!("no group with {ident}"))
        })?;
        return Ok(Filter::Group(found));
    }
    let ident = profile.ok_or_else(|| Failure::missing("security_profile_identifier"))?;
    let found = org.find_profile(&ident).ok_or_else(|| {
        Failure::not_found(
            "security_profile_identifier",
            format!("no security profile with {ident}"),
        )
    })?;
    Ok(Filter::Profile(found))
}

/// `GET users/list`: exactly one of four filters, paged in the organisation's order.
pub(crate) fn list(shared: &Shared, mut params: Params) -> Result<Data, Failure> {
    authorised(shared, &mut params)?;
    let org = &shared.org;
    let filter = filter(org, &mut params)?;
    let (offset, size) = paging(shared, &mut params)?;
    let wanted = params.fields_set(fields::USER)?;
    params.finish("users/list")?;
    let page = (0..org.users.len())
        .filter(|&u| filter.admits(org, u))
        .skip(offset)
        .take(size);
    if shared.flavour == Flavour::Documented {
        let users: Vec<_> = page.map(|u| documented::user(org, u)).collect();
        return Ok(Data::of(&users, wanted.as_deref()));
    }
    let users: Vec<_> = page.map(|u| org.user(u)).collect();
    Ok(Data::of(&users, wanted.as_deref()))
}
