//! End to end: the real binary with `--demo` in a pseudo-terminal, read through a vt100
//! parser. Completes a job from launch, quits, and checks the terminal was restored.
#![cfg(target_os = "linux")]

use crate::tty_support;

use tty_support::Pty;

/// Waits for the exit and checks the terminal is as it was before the program, the mouse
/// (on by default) released after it was captured.
fn assert_exits_restored(mut demo: Pty) {
    let status = tty_support::wait_bounded(demo.child.as_mut(), "the demo");
    assert!(status.success(), "exit status {status:?}");
    demo.shared.wait("the pty to close", |out| out.closed);
    let raw = String::from_utf8_lossy(&demo.shared.raw()).into_owned();
    let captured = raw.rfind("\x1b[?1000h").expect("the mouse was captured");
    let released = raw.rfind("\x1b[?1000l").expect("the mouse was released");
    assert!(released > captured, "mouse capture is off again");
    let sgr_on = raw.rfind("\x1b[?1006h").unwrap_or(0);
    let sgr_off = raw.rfind("\x1b[?1006l").unwrap_or(0);
    assert!(sgr_off >= sgr_on, "no mouse reporting left on");
    demo.assert_restored();
}

#[test]
fn demo_completes_a_job_and_restores_the_terminal() {
    let mut demo = Pty::demo();
    // The In progress tab, filtered to field repairs (generic jobs: only a status to pick).
    demo.send(b"2");
    demo.shared.wait_text("JB");
    demo.send(b"/Field repair\r");
    demo.shared.wait_text("of");
    demo.send(b"c");
    demo.shared.wait_text("Status");
    demo.send(b"\x13"); // Ctrl-s
    demo.shared.wait_text("is now Completed");
    let screen = demo.shared.screen();
    assert!(screen.contains("Completed"), "{screen}");
    demo.send(b"q");
    assert_exits_restored(demo);
}

#[test]
fn a_hangup_restores_the_terminal() {
    let demo = Pty::demo();
    // SIGHUP, as when the SSH session that ran it closes.
    demo.child.clone_killer().kill().expect("e2e");
    assert_exits_restored(demo);
}

#[test]
fn a_click_on_a_tab_switches_to_it_in_the_real_terminal() {
    let mut demo = Pty::demo();
    let screen = demo.shared.screen();
    let (row, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("In progress"))
        .expect("the tabs line");
    let byte = line.find("In progress").expect("the tab");
    let column = line[..byte].chars().count() + 3;
    // An SGR mouse report (1-based): left button pressed, then released.
    let at = format!("{};{}", column + 1, row + 1);
    demo.send(format!("\x1b[<0;{at}M\x1b[<0;{at}m").as_bytes());
    demo.shared.wait_text("· In progress");
    demo.send(b"q");
    assert_exits_restored(demo);
}
