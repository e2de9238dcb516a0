//! The completion, start and cancel forms: focus, fields and pickers.
