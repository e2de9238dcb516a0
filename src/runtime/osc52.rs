//! The OSC 52 escape that puts text on the clipboard of the terminal the user sits at. It
//! travels over SSH; inside tmux it is wrapped in tmux's passthrough so tmux hands it on.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// `ESC ] 52 ; c ; <base64> BEL`, wrapped for tmux when `tmux` is set.
#[must_use]
pub fn sequence(text: &str, tmux: bool) -> Vec<u8> {
    let osc = format!("\x1b]52;c;{}\x07", STANDARD.encode(text));
    if tmux {
        // tmux passes on what is between `ESC P tmux;` and `ESC \`, with every ESC doubled.
        format!("\x1bPtmux;{}\x1b\\", osc.replace('\x1b', "\x1b\x1b")).into_bytes()
    } else {
        osc.into_bytes()
    }
}

/// Whether the app runs inside tmux (tmux sets `TMUX` for its panes).
#[must_use]
pub fn in_tmux() -> bool {
    std::env::var_os("TMUX").is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_tmux_forms() {
        assert_eq!(sequence("JB00600", false), b"\x1b]52;c;SkIwMDYwMA==\x07");
        assert_eq!(
            sequence("JB00600", true),
            b"\x1bPtmux;\x1b\x1b]52;c;SkIwMDYwMA==\x07\x1b\\"
        );
    }
}
