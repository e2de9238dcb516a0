//! A job's life cycle state as the server wrote it.
//!
//! A real server may send a state this client does not know (`EXPIRED`, a newer release's
//! state), or none at all. Such a job is kept, not dropped with its page: [`JobState`] holds
//! either one of the five [`LifeCycleState`]s the client acts on, or the text as written.
//! The app and the CLI show that text and refuse to act on the job themselves (the actions'
//! rules are written for the five states); the job stays in the tab whose page brought it.
//!
//! Why a wrapper and not a sixth `LifeCycleState`: the five states name the tabs, the
//! methods (`get_<state>`) and the actions' targets, where an unknown one has no meaning;
//! only a job's own state can be unknown.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::model::LifeCycleState;

/// A job's life cycle state: known, or kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum JobState {
    /// One of the states the client knows and acts on.
    Known(LifeCycleState),
    /// Any other text, as the server wrote it; empty when the job carried no state at all
    /// (and its status named none either).
    Unknown(Box<str>),
}

impl JobState {
    /// Reads any text: a known state in any of its forms (`IN PROGRESS`, `in-progress`),
    /// else the text as written.
    #[must_use]
    pub fn from_wire(text: &str) -> Self {
        LifeCycleState::from_wire(text).map_or_else(|| Self::Unknown(text.into()), Self::Known)
    }

    /// The state, when it is one the client knows.
    #[must_use]
    pub fn known(&self) -> Option<LifeCycleState> {
        match self {
            Self::Known(state) => Some(*state),
            Self::Unknown(_) => None,
        }
    }

    /// The wire form: a known state's, or the text as written.
    #[must_use]
    pub fn as_wire(&self) -> &str {
        match self {
            Self::Known(state) => state.as_wire(),
            Self::Unknown(text) => text,
        }
    }

    /// How a person reads it: a known state's label, or the text as written.
    #[must_use]
    pub fn label(&self) -> &str {
        match self {
            Self::Known(state) => state.label(),
            Self::Unknown(text) if text.trim().is_empty() => "no state",
            Self::Unknown(text) => text,
        }
    }

    /// Whether no action can move the job on (a known final state).
    #[must_use]
    pub fn is_final(&self) -> bool {
        self.known().is_some_and(LifeCycleState::is_final)
    }

    /// Why the client does not act on a job in this state, when it is not one it knows,
    /// worded to follow "JB00019 is ".
    #[must_use]
    pub fn unknown_refusal(&self) -> Option<String> {
        match self {
            Self::Known(_) => None,
            Self::Unknown(_) => Some(format!(
                "in state \"{}\", which crmjobs does not know: it starts, completes and \
                 cancels only jobs in the states it knows (refresh, or act on it in CRM.COM)",
                self.label()
            )),
        }
    }
}

impl From<LifeCycleState> for JobState {
    fn from(state: LifeCycleState) -> Self {
        Self::Known(state)
    }
}

impl PartialEq<LifeCycleState> for JobState {
    fn eq(&self, other: &LifeCycleState) -> bool {
        self.known() == Some(*other)
    }
}

impl PartialEq<JobState> for LifeCycleState {
    fn eq(&self, other: &JobState) -> bool {
        other == self
    }
}

impl fmt::Display for JobState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_wire())
    }
}

impl Serialize for JobState {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_wire())
    }
}

impl<'de> Deserialize<'de> for JobState {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(StateVisitor)
    }
}

/// Reads the state from the text where it lies (serde's `Cow<str>` would copy it first).
struct StateVisitor;

impl serde::de::Visitor<'_> for StateVisitor {
    type Value = JobState;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(JobState::from_wire(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_states_in_any_form_and_others_as_written() {
        for text in ["IN_PROGRESS", "IN PROGRESS", " in-progress "] {
            assert_eq!(
                JobState::from_wire(text),
                LifeCycleState::InProgress,
                "{text}"
            );
        }
        let expired = JobState::from_wire("EXPIRED");
        assert_eq!(expired, JobState::Unknown("EXPIRED".into()));
        assert_eq!((expired.label(), expired.as_wire()), ("EXPIRED", "EXPIRED"));
        assert_ne!(expired, LifeCycleState::Pending);
        assert!(!expired.is_final());
        let refusal = expired.unknown_refusal().unwrap();
        assert!(
            refusal.starts_with("in state \"EXPIRED\", which crmjobs does not know"),
            "{refusal}"
        );
        assert_eq!(JobState::Unknown("".into()).label(), "no state");
        assert!(JobState::from(LifeCycleState::Completed).is_final());
        assert_eq!(
            JobState::from(LifeCycleState::Pending).unknown_refusal(),
            None
        );
    }

    #[test]
    fn it_travels_as_the_text_it_came_as() {
        for text in ["PENDING", "EXPIRED", ""] {
            let json = format!("\"{text}\"");
            let state: JobState = serde_json::from_str(&json).unwrap();
            assert_eq!(serde_json::to_string(&state).unwrap(), json);
        }
        let state: JobState = serde_json::from_str("\"In progress\"").unwrap();
        assert_eq!(serde_json::to_string(&state).unwrap(), "\"IN_PROGRESS\"");
        assert!(serde_json::from_str::<JobState>("1").is_err());
    }
}
