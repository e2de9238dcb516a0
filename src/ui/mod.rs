//! Pure rendering of the application state: nothing here changes state or does I/O.
pub mod form;
pub mod theme;
