//! A date field: forgiving text (`now`, `today 14:30`, `-2h`, ISO) read live and shown back.

use chrono::{DateTime, Utc};
use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler as _;

pub use crate::rules::DateRule;
use crate::when::{Understood, Zone};

/// A text field holding a date.
#[derive(Debug, Clone)]
pub struct DateField {
    input: Input,
    initial: String,
    rule: DateRule,
    understood: Understood,
    shown: Option<String>,
    required: bool,
    error: Option<String>,
}

impl DateField {
    /// A field starting with `text`, read at `now` in `zone`.
    #[must_use]
    pub fn new(text: &str, rule: DateRule, zone: Zone, now: DateTime<Utc>) -> Self {
        let mut field = Self {
            input: Input::new(text.to_owned()),
            initial: text.to_owned(),
            rule,
            understood: Understood::Empty,
            shown: None,
            required: false,
            error: None,
        };
        field.reread(zone, now);
        field
    }

    /// The text and its cursor.
    #[must_use]
    pub fn input(&self) -> &Input {
        &self.input
    }

    /// How the text was read at the last edit.
    #[must_use]
    pub fn understood(&self) -> &Understood {
        &self.understood
    }

    /// The date as read, in words ("Sat 28 Nov 2026 14:30 local (in 2 h)"), when it was read.
    #[must_use]
    pub fn shown(&self) -> Option<&str> {
        self.shown.as_deref()
    }

    /// Whether the server said this job needs the date.
    #[must_use]
    pub fn is_required(&self) -> bool {
        self.required
    }

    /// Marks the field required (the server answered `SCHEDULED_DATE_REQUIRED`).
    pub fn mark_required(&mut self) {
        self.required = true;
    }

    /// The message beside the field (validation or server), if any.
    #[must_use]
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Puts a message beside the field, or clears it.
    pub fn set_error(&mut self, error: Option<String>) {
        self.error = error;
    }

    /// Whether the text differs from the one the form opened with.
    #[must_use]
    pub fn has_changes(&self) -> bool {
        self.input.value() != self.initial
    }

    /// Edits the text with a key and reads it again. Returns whether the text or cursor moved.
    pub fn handle_key(&mut self, key: KeyEvent, zone: Zone, now: DateTime<Utc>) -> bool {
        let before = self.input.value().to_owned();
        let changed = self.input.handle_event(&Event::Key(key)).is_some();
        if self.input.value() != before {
            self.error = None;
            self.reread(zone, now);
        }
        changed
    }

    /// Puts back the text of a draft and reads it at `now`; the text the field opened with
    /// stays the reference, so a restored text counts as a change.
    pub fn restore(&mut self, text: &str, zone: Zone, now: DateTime<Utc>) {
        self.input = Input::new(text.to_owned());
        self.error = None;
        self.reread(zone, now);
    }

    /// Reads the text at `now`, for the live line under the field.
    pub fn reread(&mut self, zone: Zone, now: DateTime<Utc>) {
        self.understood = zone.understand(self.input.value(), now);
        self.shown = match &self.understood {
            Understood::Date(date) => Some(zone.describe(*date, now)),
            Understood::Empty | Understood::Invalid(_) => None,
        };
    }

    /// The value to send, read at `now`: `None` when empty and not required; an error message
    /// when unreadable, required and empty, or against the field's rule.
    ///
    /// # Errors
    /// The message to show beside the field.
    pub fn value(&self, zone: Zone, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, String> {
        crate::rules::check_date(self.input.value(), self.rule, self.required, zone, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone};
    use crossterm::event::{KeyCode, KeyModifiers};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 12, 55, 0).unwrap()
    }

    fn typed(field: &mut DateField, text: &str) {
        for c in text.chars() {
            field.handle_key(
                KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
                Zone::utc(),
                now(),
            );
        }
    }

    #[test]
    fn reads_live_as_the_user_types() {
        let mut field = DateField::new("", DateRule::NotPast, Zone::utc(), now());
        assert_eq!(field.understood(), &Understood::Empty);
        typed(&mut field, "+2");
        assert!(matches!(field.understood(), Understood::Invalid(_)));
        typed(&mut field, "h");
        assert_eq!(
            field.understood(),
            &Understood::Date(now() + TimeDelta::hours(2))
        );
        assert_eq!(field.shown(), Some("Sat 28 Nov 2026 14:55 UTC (in 2 h)"));
        assert!(field.has_changes());
    }

    #[test]
    fn rules_match_the_servers() {
        let past = DateField::new("-1h", DateRule::NotFuture, Zone::utc(), now());
        assert_eq!(
            past.value(Zone::utc(), now()),
            Ok(Some(now() - TimeDelta::hours(1)))
        );
        let future = DateField::new("+1h", DateRule::NotFuture, Zone::utc(), now());
        assert!(
            future
                .value(Zone::utc(), now())
                .unwrap_err()
                .contains("future")
        );
        let ahead = DateField::new("+1h", DateRule::NotPast, Zone::utc(), now());
        assert_eq!(
            ahead.value(Zone::utc(), now()),
            Ok(Some(now() + TimeDelta::hours(1)))
        );
        let behind = DateField::new("yesterday", DateRule::NotPast, Zone::utc(), now());
        assert!(
            behind
                .value(Zone::utc(), now())
                .unwrap_err()
                .contains("past")
        );
    }

    #[test]
    fn empty_is_left_out_until_required() {
        let mut field = DateField::new("", DateRule::NotPast, Zone::utc(), now());
        assert_eq!(field.value(Zone::utc(), now()), Ok(None));
        field.mark_required();
        assert!(
            field
                .value(Zone::utc(), now())
                .unwrap_err()
                .contains("required")
        );
    }

    #[test]
    fn editing_clears_the_message() {
        let mut field = DateField::new("now", DateRule::NotFuture, Zone::utc(), now());
        field.set_error(Some("performed_on is later than now".into()));
        field.handle_key(
            KeyEvent::new(KeyCode::Left, KeyModifiers::NONE),
            Zone::utc(),
            now(),
        );
        assert!(field.error().is_some(), "moving the cursor changes nothing");
        field.handle_key(
            KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
            Zone::utc(),
            now(),
        );
        assert_eq!(field.error(), None);
    }
}
