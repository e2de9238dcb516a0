//! Which part of a form has the keyboard, and the order Tab walks through the parts.

/// A field of an action form. Every form shows its fields in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldId {
    /// The status to set (every form).
    Status,
    /// Who did the work (completion of `NEW_SUBSCRIPTION` jobs).
    PerformedBy,
    /// When the work was done (completion of `NEW_SUBSCRIPTION` jobs).
    PerformedOn,
    /// When the subscription action is to run (completion, four scopes).
    ScheduledDate,
    /// Why the job is cancelled (cancel).
    Reason,
}

impl FieldId {
    /// The label shown before the field.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Status => "Status",
            Self::PerformedBy => "Performed by",
            Self::PerformedOn => "Performed on",
            Self::ScheduledDate => "Scheduled date",
            Self::Reason => "Reason",
        }
    }

    /// The wire name of the parameter the field fills; server messages name it.
    #[must_use]
    pub fn wire_name(self) -> &'static str {
        match self {
            Self::Status => "status_identifier",
            Self::PerformedBy => "performed_by_user_identifier",
            Self::PerformedOn => "performed_on",
            Self::ScheduledDate => "scheduled_date",
            Self::Reason => "cancellation_reason_identifier",
        }
    }
}

/// What has the keyboard: a field, or the submit button.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Focus {
    /// A field that takes input.
    Field(FieldId),
    /// The submit button; Enter on it submits.
    Submit,
}

/// The focus after `current` in `order`, wrapping around; the first one if `current` is absent.
#[must_use]
pub fn next(order: &[Focus], current: Focus) -> Focus {
    step(order, current, 1)
}

/// The focus before `current` in `order`, wrapping around.
#[must_use]
pub fn previous(order: &[Focus], current: Focus) -> Focus {
    step(order, current, order.len().saturating_sub(1))
}

fn step(order: &[Focus], current: Focus, by: usize) -> Focus {
    let Some(first) = order.first() else {
        return current;
    };
    match order.iter().position(|f| *f == current) {
        Some(at) => order[(at + by) % order.len()],
        None => *first,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDER: [Focus; 3] = [
        Focus::Field(FieldId::Status),
        Focus::Field(FieldId::PerformedOn),
        Focus::Submit,
    ];

    #[test]
    fn tab_walks_forward_and_wraps() {
        assert_eq!(
            next(&ORDER, Focus::Field(FieldId::Status)),
            Focus::Field(FieldId::PerformedOn)
        );
        assert_eq!(next(&ORDER, Focus::Submit), Focus::Field(FieldId::Status));
    }

    #[test]
    fn shift_tab_walks_back_and_wraps() {
        assert_eq!(
            previous(&ORDER, Focus::Field(FieldId::Status)),
            Focus::Submit
        );
        assert_eq!(
            previous(&ORDER, Focus::Submit),
            Focus::Field(FieldId::PerformedOn)
        );
    }

    #[test]
    fn a_focus_not_in_the_order_goes_to_the_first() {
        assert_eq!(
            next(&ORDER, Focus::Field(FieldId::PerformedBy)),
            Focus::Field(FieldId::Status)
        );
    }
}
