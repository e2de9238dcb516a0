//! Drawing of the completion, start and cancel forms and their pickers.
