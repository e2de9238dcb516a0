//! Routing input through a form: focus moves, the focused field's keys, submit and leave.

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::focus::{self, FieldId, Focus};
use super::{ActionForm, ActionRequest, Body, FieldMut, FormInput, FormOutcome, Invalid, Phase};

impl ActionForm {
    /// Handles one input at `now` (dates typed are read against it).
    pub fn handle(&mut self, input: FormInput, now: DateTime<Utc>) -> FormOutcome {
        match self.phase {
            Phase::Submitting { .. } => FormOutcome::Nothing,
            Phase::ConfirmLeave => self.confirm_leave(&input),
            Phase::Editing => self.edit(input, now),
        }
    }

    #[expect(
        clippy::needless_pass_by_value,
        reason = "inputs are handed over to the form, as `handle` takes them"
    )]
    fn edit(&mut self, input: FormInput, now: DateTime<Utc>) -> FormOutcome {
        self.reread_dates(now);
        match input {
            FormInput::NextField => self.focus = focus::next(&self.order(), self.focus),
            FormInput::PrevField => self.focus = focus::previous(&self.order(), self.focus),
            FormInput::Up => self.navigate(KeyCode::Up),
            FormInput::Down => self.navigate(KeyCode::Down),
            FormInput::PageUp => self.navigate(KeyCode::PageUp),
            FormInput::PageDown => self.navigate(KeyCode::PageDown),
            FormInput::Submit => return self.submit(now),
            FormInput::Escape => return self.escape(),
            FormInput::Key(key) => return self.key(key, now),
        }
        FormOutcome::Nothing
    }

    /// Esc or `y` leaves; anything else goes back to the form.
    fn confirm_leave(&mut self, input: &FormInput) -> FormOutcome {
        let leave = match input {
            FormInput::Escape => true,
            FormInput::Key(key) => {
                matches!(key.code, KeyCode::Esc | KeyCode::Char('y' | 'Y'))
                    && key.kind != KeyEventKind::Release
            }
            _ => false,
        };
        // Either way the question is answered; a form the app keeps open takes input again.
        self.phase = Phase::Editing;
        if leave {
            FormOutcome::Close
        } else {
            FormOutcome::Nothing
        }
    }

    fn escape(&mut self) -> FormOutcome {
        if self.has_changes() {
            self.phase = Phase::ConfirmLeave;
            FormOutcome::Nothing
        } else {
            FormOutcome::Close
        }
    }

    /// A raw key: the keys the app may pass through unmapped are honoured here too, the rest
    /// go to the focused field.
    fn key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> FormOutcome {
        if key.kind == KeyEventKind::Release {
            return FormOutcome::Nothing;
        }
        match (key.code, key.modifiers) {
            (KeyCode::Tab, _) => return self.edit(FormInput::NextField, now),
            (KeyCode::BackTab, _) => return self.edit(FormInput::PrevField, now),
            (KeyCode::Esc, _) => return self.escape(),
            (KeyCode::Char('s'), KeyModifiers::CONTROL) => return self.submit(now),
            (KeyCode::Enter, _) if self.focus == Focus::Submit => return self.submit(now),
            (KeyCode::Enter, _) => self.focus = focus::next(&self.order(), self.focus),
            (KeyCode::Up | KeyCode::Down | KeyCode::PageUp | KeyCode::PageDown, _) => {
                self.navigate(key.code);
            }
            _ => {
                let zone = self.zone;
                match self.focused_field() {
                    Some(FieldMut::Picker(picker)) => {
                        picker.handle_key(key);
                    }
                    Some(FieldMut::Date(date)) => {
                        date.handle_key(key, zone, now);
                    }
                    None => {}
                }
            }
        }
        FormOutcome::Nothing
    }

    /// Up/Down/PgUp/PgDn move in a focused picker; elsewhere Up and Down move the focus.
    fn navigate(&mut self, code: KeyCode) {
        if let Some(FieldMut::Picker(picker)) = self.focused_field() {
            picker.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
            return;
        }
        match code {
            KeyCode::Up => self.focus = focus::previous(&self.order(), self.focus),
            KeyCode::Down => self.focus = focus::next(&self.order(), self.focus),
            _ => {}
        }
    }

    /// Reads every date again at `now`, so "now" and "-2h" show what would be sent now,
    /// however long the form has been open.
    fn reread_dates(&mut self, now: DateTime<Utc>) {
        let zone = self.zone;
        for id in [FieldId::PerformedOn, FieldId::ScheduledDate] {
            if let Some(FieldMut::Date(date)) = self.field_mut(id) {
                date.reread(zone, now);
            }
        }
    }

    fn focused_field(&mut self) -> Option<FieldMut<'_>> {
        match self.focus {
            Focus::Field(id) => self.field_mut(id),
            Focus::Submit => None,
        }
    }

    /// Checks every value; sends them if all can be sent, else puts each complaint beside its
    /// field and focuses the first.
    fn submit(&mut self, now: DateTime<Utc>) -> FormOutcome {
        self.clear_errors();
        match self.request(now) {
            Ok(request) => FormOutcome::Submit(request),
            Err(invalid) => {
                if let Some((first, _)) = invalid.first() {
                    self.focus = Focus::Field(*first);
                }
                for (id, message) in invalid {
                    self.set_field_error(id, message);
                }
                FormOutcome::Nothing
            }
        }
    }

    fn request(&self, now: DateTime<Utc>) -> Result<ActionRequest, Vec<Invalid>> {
        match &self.body {
            Body::Start(form) => form.start_params(&self.job).map(ActionRequest::Start),
            Body::Complete(form) => form
                .params(&self.job, self.zone, now)
                .map(ActionRequest::Complete),
            Body::Cancel(form) => form.params(&self.job).map(ActionRequest::Cancel),
        }
    }

    fn set_field_error(&mut self, id: FieldId, message: String) {
        match self.field_mut(id) {
            Some(FieldMut::Picker(picker)) => picker.set_error(Some(message)),
            Some(FieldMut::Date(date)) => date.set_error(Some(message)),
            None => self.notice = Some(message),
        }
    }
}
