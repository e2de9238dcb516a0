//! The form's view of its fields: read and write handles, fields that may not apply, and the
//! status every form sends.

use crate::api::ident::JobStatusIdentifier;

use super::date_field::DateField;
use super::focus::FieldId;
use super::picker::Picker;

/// A field of a form, or why it is not available; what the view draws.
#[derive(Debug, Clone, Copy)]
pub enum FieldRef<'a> {
    /// A list to pick from.
    Picker(&'a Picker),
    /// A date typed as text.
    Date(&'a DateField),
    /// The field does not apply to this job; the reason is shown.
    Disabled(&'static str),
}

/// An enabled field to change.
#[derive(Debug)]
pub enum FieldMut<'a> {
    /// A list to pick from.
    Picker(&'a mut Picker),
    /// A date typed as text.
    Date(&'a mut DateField),
}

/// A field whose value cannot be sent, and the message to show beside it.
pub type Invalid = (FieldId, String);

/// A field that applies to the job, or the reason it does not.
#[derive(Debug, Clone)]
pub enum Slot<T> {
    /// The field applies.
    Enabled(T),
    /// It does not; the reason is shown in its place.
    Disabled(&'static str),
}

impl<T> Slot<T> {
    /// `Enabled(make())` when `applies`, else disabled with `reason`.
    pub fn when(applies: bool, reason: &'static str, make: impl FnOnce() -> T) -> Self {
        if applies {
            Self::Enabled(make())
        } else {
            Self::Disabled(reason)
        }
    }

    /// The field, or the reason it is disabled.
    ///
    /// # Errors
    /// The reason, when disabled.
    pub fn as_result(&self) -> Result<&T, &'static str> {
        match self {
            Self::Enabled(field) => Ok(field),
            Self::Disabled(reason) => Err(reason),
        }
    }

    /// The field, when enabled.
    pub fn enabled(&self) -> Option<&T> {
        self.as_result().ok()
    }

    /// The field to change, when enabled.
    pub fn enabled_mut(&mut self) -> Option<&mut T> {
        match self {
            Self::Enabled(field) => Some(field),
            Self::Disabled(_) => None,
        }
    }
}

/// The status to send: by id; `None` (the type's default) while the statuses are not there
/// and nothing was typed.
pub(super) fn picked_status(picker: &Picker) -> Result<Option<JobStatusIdentifier>, String> {
    unpicked_text(picker)?;
    if picker.nothing_matches() {
        return Err(crate::rules::no_status_matches(picker.filter().value()));
    }
    Ok(picker
        .chosen()
        .map(|status| JobStatusIdentifier::Id(status.id.clone())))
}

/// Refuses to send a picker's value while what the user typed into it could not pick
/// anything yet (the list still loading): sent, the choice would be dropped unseen.
///
/// # Errors
/// The message to show beside the field.
pub(super) fn unpicked_text(picker: &Picker) -> Result<(), String> {
    match picker.typed_without_items() {
        Some(text) => Err(format!(
            "the {} are not loaded yet, so \"{text}\" picks none; wait for them, or clear \
             the text to leave it out",
            picker.noun()
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::app::form::picker::Choice;
    use crate::app::remote::Remote;

    fn user(id: &str, name: &str) -> Choice {
        Choice {
            id: id.into(),
            label: name.into(),
            detail: Some(name.to_lowercase()),
            is_default: false,
        }
    }

    #[test]
    fn text_typed_while_the_list_loads_is_not_dropped_unseen() {
        let mut picker = Picker::new("users", Some("nobody (leave it out)"));
        picker.set_items(Remote::Loading);
        assert_eq!(
            unpicked_text(&picker),
            Ok(()),
            "nothing typed: nothing lost"
        );
        for c in "rossi".chars() {
            picker.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        let refused = unpicked_text(&picker).expect_err("the typed name picks nobody yet");
        assert!(refused.contains("\"rossi\""), "{refused}");
        picker.set_items(Remote::Loaded(vec![user("U1", "Ana"), user("U2", "Rossi")]));
        assert_eq!(unpicked_text(&picker), Ok(()));
        assert_eq!(picker.chosen().map(|c| c.id.as_str()), Some("U2"));
    }
}
