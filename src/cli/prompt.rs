//! Questions on the terminal: a password typed without echo, and a yes/no confirmation.
//! Asked only when standard input and error are a terminal and `--no-input` is not given.

use std::io::{IsTerminal, Write};

use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use secrecy::SecretString;

/// Whether a question can be asked: not forbidden, and a person is at a terminal.
#[must_use]
pub fn can_ask(no_input: bool) -> bool {
    !no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Leaves raw mode however the prompt ends.
struct Raw;

impl Drop for Raw {
    fn drop(&mut self) {
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

/// Asks for a password on the terminal, echoing nothing. `None` when the user gave up
/// (`Esc`, `Ctrl-c`).
///
/// # Errors
/// The terminal could not be read.
pub fn password(prompt: &str) -> std::io::Result<Option<SecretString>> {
    // Raw mode before the prompt shows: a password typed (or pasted) the moment the prompt
    // appears must be neither echoed by the terminal nor left in its line buffer, where its
    // Enter would arrive as a line feed.
    crossterm::terminal::enable_raw_mode()?;
    let raw = Raw;
    let mut err = std::io::stderr();
    write!(err, "{prompt}")?;
    err.flush()?;
    let mut typed = String::new();
    let done = loop {
        match crossterm::event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => match key.code {
                KeyCode::Enter => break true,
                // A line feed (Ctrl-J) ends the line too, as it does in a cooked terminal.
                KeyCode::Char('j') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    break true;
                }
                KeyCode::Esc => break false,
                KeyCode::Char('c' | 'd') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    break false;
                }
                KeyCode::Backspace => {
                    typed.pop();
                }
                KeyCode::Char(c) => typed.push(c),
                _ => {}
            },
            Event::Paste(text) => typed.push_str(&text),
            _ => {}
        }
    };
    drop(raw);
    writeln!(err)?;
    Ok(done.then(|| SecretString::from(typed)))
}

/// Asks a yes/no question on the terminal; only `y` or `yes` is yes.
///
/// # Errors
/// The terminal could not be read.
pub fn confirm(question: &str) -> std::io::Result<bool> {
    let mut err = std::io::stderr();
    write!(err, "{question} [y/N] ")?;
    err.flush()?;
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}
