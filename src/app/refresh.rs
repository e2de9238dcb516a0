//! Auto-refresh: at the configured interval the shown tab is reloaded in the background.
//! The cursor stays on its job, an open form is never disturbed (the tick is skipped), and
//! the runtime's timer only runs while the server answers (paused while offline, resumed by
//! the next answered request).

use std::time::Duration;

use super::jobs::Load;
use super::{App, Command, Connection, Overlay};

impl App {
    /// How often the runtime should send `Msg::AutoRefresh` now: `None` while auto-refresh
    /// is off, before login, or while the server is unreachable.
    #[must_use]
    pub fn auto_refresh_period(&self) -> Option<Duration> {
        let logged_in = self.login.as_ref().is_none_or(|l| !l.is_shown());
        let online = self.session.connection == Connection::Online;
        self.auto_refresh
            .filter(|p| !p.is_zero() && logged_in && online)
    }

    /// The timer fired: reloads the shown tab unless something must not be disturbed or a
    /// load is already under way. The footer's notice stays.
    pub(super) fn auto_refresh(&mut self) -> Vec<Command> {
        let busy_tab = matches!(self.tab().load, Load::Loading { .. } | Load::NotAsked);
        let form_open = matches!(self.overlay, Overlay::Form(_));
        if self.auto_refresh_period().is_none() || busy_tab || form_open {
            return self.unchanged();
        }
        self.load_tab(self.current)
    }
}
