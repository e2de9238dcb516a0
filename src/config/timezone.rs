//! `server_timezone`: the zone a profile's server writes its offset-less dates in (an IANA
//! name, `Area/City`), from `CRMJOBS_SERVER_TIMEZONE` or the profile, UTC unless set.

use super::ConfigError;
use super::file::RawProfile;

/// The variable that sets the server's time zone (beats the profile's `server_timezone`).
pub const SERVER_TIMEZONE_ENV: &str = "CRMJOBS_SERVER_TIMEZONE";

/// Reads an IANA time zone name (`Europe/Nicosia`, `UTC`).
///
/// # Errors
/// The message to show when the name is not one.
pub fn parse_timezone(name: &str) -> Result<chrono_tz::Tz, String> {
    name.trim().parse::<chrono_tz::Tz>().map_err(|_| {
        format!(
            "server_timezone `{name}` is not an IANA time zone name (like \"Europe/Nicosia\" \
             or \"UTC\")"
        )
    })
}

/// `CRMJOBS_SERVER_TIMEZONE`, else the file's `server_timezone` (checked with the file's
/// other values), else UTC.
pub(super) fn resolve(
    p: &RawProfile,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<chrono_tz::Tz, ConfigError> {
    if let Some(name) = env(SERVER_TIMEZONE_ENV) {
        return parse_timezone(&name).map_err(|message| ConfigError::Environment {
            variable: SERVER_TIMEZONE_ENV,
            message,
        });
    }
    Ok(p.server_timezone
        .as_ref()
        .and_then(|name| parse_timezone(name.get_ref()).ok())
        .unwrap_or(chrono_tz::Tz::UTC))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(zone: Option<&str>) -> RawProfile {
        RawProfile {
            server_timezone: zone.map(|z| toml::Spanned::new(0..0, z.to_owned())),
            ..RawProfile::default()
        }
    }

    #[test]
    fn the_variable_beats_the_file_and_utc_is_the_default() {
        let none = |_: &str| None;
        let kolkata = |name: &str| (name == SERVER_TIMEZONE_ENV).then(|| "Asia/Kolkata".into());
        assert_eq!(resolve(&profile(None), &none).unwrap(), chrono_tz::Tz::UTC);
        let file = profile(Some("America/St_Johns"));
        assert_eq!(
            resolve(&file, &none).unwrap(),
            chrono_tz::Tz::America__St_Johns
        );
        assert_eq!(
            resolve(&file, &kolkata).unwrap(),
            chrono_tz::Tz::Asia__Kolkata
        );
        let wrong = |_: &str| Some("Mars/Olympus".to_owned());
        let error = resolve(&file, &wrong).unwrap_err().to_string();
        assert_eq!(
            error,
            "CRMJOBS_SERVER_TIMEZONE: server_timezone `Mars/Olympus` is not an IANA time zone \
             name (like \"Europe/Nicosia\" or \"UTC\")"
        );
    }

    #[test]
    fn config_check_names_the_line_of_a_zone_that_is_not_one() {
        let source = super::super::file::Source {
            path: "config.toml".into(),
            text: "[profiles.work]\nserver = \"https://crm.example.com\"\n\
                   server_timezone = \"Europe/Nicosia\"\n[profiles.test]\n\
                   server_timezone = \"GMT+2\"\n"
                .into(),
        };
        let raw = super::super::file::parse(&source).unwrap();
        let problems = super::super::check::file_problems(&source, &raw);
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "line 5: server_timezone `GMT+2` is not an IANA time zone name (like \
              \"Europe/Nicosia\" or \"UTC\")"
            ]
        );
    }

    #[test]
    fn config_check_refuses_empty_entries_of_the_server_lists() {
        let source = super::super::file::Source {
            path: "config.toml".into(),
            text: "[profiles.work]\nserver = \"https://crm.example.com\"\n\
                   token_error_codes = [\"COM.CRM.EXCEPTION.X.GONEEXCEPTION\"]\n\
                   job_types = [\"Field repair\", \" \"]\n"
                .into(),
        };
        let raw = super::super::file::parse(&source).unwrap();
        let problems = super::super::check::file_problems(&source, &raw);
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(lines, ["line 4: job_types has an empty entry; remove it"]);
    }
}
