//! The documented flavour's messages: prose for people, never starting with the wire name of
//! a parameter, so a client cannot lean on the strict flavour's `name: what` form to place an
//! error beside a field.

use super::envelope::Code;

/// The documented message for a refusal whose strict message is `strict`.
pub(crate) fn documented(code: Code, strict: &str) -> String {
    match code {
        Code::InvalidToken => {
            "The access token was rejected; the request was not carried out".to_owned()
        }
        Code::AuthenticationFailed => {
            "The credentials given could not be authenticated for this organisation".to_owned()
        }
        Code::ScheduledDateRequired => "The scheduled date is required because the \
             subscription's action rules prevent immediate execution"
            .to_owned(),
        _ => rephrase(strict),
    }
}

/// `name: what` becomes `What (name in words)`; a bare mandatory parameter becomes
/// `A value is required for the name in words`.
fn rephrase(strict: &str) -> String {
    let Some((name, what)) = strict.split_once(": ") else {
        return capitalised(strict);
    };
    let words = name.replace(['_', '.'], " ");
    if what == "this parameter is mandatory" {
        return format!("A value is required for the {words}");
    }
    if what.contains(name) {
        capitalised(what)
    } else {
        format!("{} ({words})", capitalised(what))
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_message_starts_with_the_parameter() {
        let cases = [
            (
                Code::MissingParameter,
                "job_identifier: this parameter is mandatory",
            ),
            (
                Code::InvalidParameter,
                "offset: must be a whole number of at least 0",
            ),
            (
                Code::InvalidLifeCycleState,
                "job_identifier: job JB00019 is PENDING; only jobs in progress can be completed",
            ),
            (
                Code::ScheduledDateRequired,
                "scheduled_date: the subscription action rules prevent immediate execution",
            ),
            (
                Code::InvalidToken,
                "token: the token has expired; log in again",
            ),
        ];
        for (code, strict) in cases {
            let (name, _) = strict.split_once(':').unwrap();
            let prose = documented(code, strict);
            assert!(!prose.starts_with(name), "{prose}");
            assert!(prose.starts_with(char::is_uppercase), "{prose}");
        }
        assert_eq!(
            documented(
                Code::MissingParameter,
                "job_identifier: this parameter is mandatory"
            ),
            "A value is required for the job identifier"
        );
        assert_eq!(
            documented(
                Code::InvalidParameter,
                "offset: must be a whole number of at least 0"
            ),
            "Must be a whole number of at least 0 (offset)"
        );
    }
}
