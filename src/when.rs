//! Forgiving date entry: `now`, `today 14:30`, `yesterday`, `-2h`, ISO; and how it was understood.
