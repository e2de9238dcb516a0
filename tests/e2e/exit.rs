//! Every way out of the real binary in a pseudo-terminal: `q`, Ctrl-c, SIGTERM, SIGINT,
//! SIGHUP, a closed terminal (also with SIGHUP ignored) and a panic. Each exits within a
//! bound meant only to stop a hang, uses next to no CPU on the way out, and (where the
//! terminal still exists) leaves `stty -g` as it was and the alternate screen left with the
//! cursor shown.
#![cfg(target_os = "linux")]

use crate::tty_support;

use portable_pty::CommandBuilder;
use tty_support::Pty;

/// CPU ticks (1/100 s) allowed between the trigger and the exit: an orderly exit needs a
/// few; a spin on a hung-up terminal would use one per tick until the hang bound.
const EXIT_TICKS: u64 = 50;

fn exits_cleanly(mut pty: Pty, trigger: impl FnOnce(&mut Pty)) {
    let ticks = pty.ticks();
    trigger(&mut pty);
    let exit = pty.wait_exit(ticks);
    assert!(exit.status.success(), "exit status {exit:?}");
    assert!(exit.ticks_after_trigger <= EXIT_TICKS, "{exit:?}");
    pty.assert_restored();
}

#[test]
fn q_quits_and_restores() {
    exits_cleanly(Pty::demo(), |pty| pty.send(b"q"));
}

#[test]
fn ctrl_c_quits_and_restores() {
    exits_cleanly(Pty::demo(), |pty| pty.send(b"\x03"));
}

#[test]
fn sigterm_restores() {
    exits_cleanly(Pty::demo(), |pty| pty.signal("TERM"));
}

#[test]
fn sigint_restores() {
    exits_cleanly(Pty::demo(), |pty| pty.signal("INT"));
}

#[test]
fn sighup_restores() {
    exits_cleanly(Pty::demo(), |pty| pty.signal("HUP"));
}

#[test]
fn sigterm_with_a_form_open_restores() {
    let mut pty = Pty::demo();
    pty.send(b"2");
    pty.shared.wait_text("JB");
    pty.send(b"c");
    pty.shared.wait_text("Status");
    exits_cleanly(pty, |pty| pty.signal("TERM"));
}

/// The terminal vanishes (the SSH session dropped): no terminal is left to restore, but the
/// process must notice and leave rather than spin on reads that fail.
fn leaves_a_closed_terminal(mut pty: Pty) {
    let ticks = pty.ticks();
    pty.close_terminal(b"?");
    let exit = pty.wait_exit(ticks);
    // An orderly exit: not a read error, not a panic writing the error to a dead terminal.
    assert!(exit.status.success(), "exit status {exit:?}");
    assert!(exit.ticks_after_trigger <= EXIT_TICKS, "{exit:?}");
}

#[test]
fn a_closed_terminal_ends_the_program() {
    leaves_a_closed_terminal(Pty::demo());
}

#[test]
fn a_closed_terminal_ends_the_program_even_with_sighup_ignored() {
    let mut command = CommandBuilder::new("sh");
    command.arg("-c");
    command.arg(format!(
        "trap '' HUP; exec '{}' --demo",
        env!("CARGO_BIN_EXE_crmjobs")
    ));
    leaves_a_closed_terminal(Pty::demo_via(command));
}

#[test]
fn a_panic_restores_the_terminal_then_reports() {
    let mut pty = Pty::crmjobs(&["--demo"], &[("CRMJOBS_TEST_PANIC", "1")]);
    let exit = pty.wait_exit(0);
    assert!(!exit.status.success(), "a panic is a failure: {exit:?}");
    let raw = String::from_utf8_lossy(&pty.shared.raw()).into_owned();
    let message = raw.find("panicked").expect("the panic is reported");
    let left = raw.find("\x1b[?1049l").expect("left the alternate screen");
    assert!(
        left < message,
        "restored before the report, so it is readable"
    );
    assert!(!raw.contains("demo-password"), "no password in the report");
    pty.assert_restored();
}

/// The watch the input thread keeps on the tty, on its own: quiet while the terminal is
/// there, input when a key comes, a hang-up once the other side is closed.
#[test]
fn the_tty_watch_sees_input_and_the_hang_up() {
    use crmjobs::runtime::input::{Ready, Tty};
    use std::io::Write;
    let pty = portable_pty::native_pty_system()
        .openpty(portable_pty::PtySize::default())
        .expect("pty");
    let path = pty.master.tty_name().expect("a tty name");
    let tty = Tty::from_fd(std::fs::File::open(&path).expect("open the tty").into());
    assert_eq!(tty.wait(false).expect("poll"), Ready::Nothing);
    let mut keys = pty.master.take_writer().expect("pty");
    keys.write_all(b"x\r").expect("pty");
    keys.flush().expect("pty");
    assert_eq!(tty.wait(true).expect("poll"), Ready::Input);
    drop(keys);
    drop(pty.master);
    // The hang-up shows once the last copy of the master is closed; a child that another
    // test of this binary forks at the same moment may hold a copy for a while. Input still
    // pending must not hide the hang-up once it comes (bounded: 30 s).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut ready = tty.wait(true).expect("poll");
    while ready != Ready::HungUp && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
        ready = tty.wait(true).expect("poll");
    }
    assert_eq!(ready, Ready::HungUp);
}
