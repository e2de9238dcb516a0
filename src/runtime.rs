//! The event loop: terminal input, messages from effects, and drawing when something changed.
