//! Colours and emphasis. Everything that matters is also shown without colour (reverse video,
//! bold, markers), so `NO_COLOR` and 16-colour terminals lose nothing.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use ratatui::widgets::Block;

/// The styles the views draw with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours are used at all.
    pub color: bool,
    /// Whether boxes are drawn with `+ - |` instead of box-drawing characters (config
    /// `borders = "ascii"`, for fonts and terminals without them).
    pub ascii: bool,
}

/// Box borders in plain ASCII.
const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Theme {
    /// A theme with colour.
    pub const COLOR: Self = Self {
        color: true,
        ascii: false,
    };
    /// A theme without colour: `NO_COLOR`.
    pub const MONO: Self = Self {
        color: false,
        ascii: false,
    };

    /// The border characters.
    #[must_use]
    pub fn border_set(self) -> border::Set<'static> {
        if self.ascii {
            ASCII_BORDER
        } else {
            border::PLAIN
        }
    }

    /// A block with every border, in the theme's characters.
    #[must_use]
    pub fn block(self) -> Block<'static> {
        Block::bordered().border_set(self.border_set())
    }

    /// Colour unless `NO_COLOR` is set to a non-empty value (<https://no-color.org>).
    #[must_use]
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if no_color { Self::MONO } else { Self::COLOR }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    /// Plain text.
    #[must_use]
    pub fn text(self) -> Style {
        Style::new()
    }

    /// Secondary text: labels, hints, timestamps.
    #[must_use]
    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    /// The selected row of a list or picker: reverse video works without colour.
    #[must_use]
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// The focused field or pane: bold, and coloured when colour is on.
    #[must_use]
    pub fn focused(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// A field that does not apply.
    #[must_use]
    pub fn disabled(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    /// An error message.
    #[must_use]
    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// Success, e.g. a completed action.
    #[must_use]
    pub fn success(self) -> Style {
        self.fg(Color::Green)
    }

    /// A warning, e.g. the demo marker or a stale job.
    #[must_use]
    pub fn warning(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// Titles and headings.
    #[must_use]
    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
}
