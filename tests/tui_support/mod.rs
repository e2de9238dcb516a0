//! Fixtures shared by the screen tests: a session, jobs with fixed dates, and an app fed
//! through its real update as if the server had answered, with its clock and zone pinned so
//! no screen depends on the machine's wall clock or time zone.
pub mod http;

use chrono::{DateTime, TimeZone, Utc};
use crmjobs::api::job::Job;
use crmjobs::api::model::{
    AssignedTo, CancellationReason, FulfillmentScope, JobStatus, JobType, LifeCycleState,
    LogInformation, StatusEntry, UnitRef, User, UserRef,
};
use crmjobs::app::{App, Command, Connection, Msg, Session};
use crmjobs::when::Zone;
use std::io;
use std::sync::{Arc, Mutex};

use crmjobs::runtime::Screen;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::watch;

/// The demo session.
pub fn session() -> Session {
    Session {
        profile: "demo".into(),
        organisation: "northwind-field".into(),
        username: "supervisor".into(),
        server: "http://127.0.0.1:4040".into(),
        demo: true,
        connection: Connection::LoggedOut,
    }
}

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, 30, 0)
        .single()
        .expect("fixture")
}

const DESCRIPTIONS: [&str; 5] = [
    "Install fibre router and test line",
    "Replace faulty decoder",
    "Disconnect service at tenant move-out",
    "Swap premium package for basic",
    "Quarterly maintenance visit",
];
const SCOPES: [(FulfillmentScope, &str); 5] = [
    (FulfillmentScope::NewSubscription, "Installation"),
    (FulfillmentScope::ReplacePhysicalGoods, "Repair"),
    (FulfillmentScope::CancelSubscription, "Disconnection"),
    (FulfillmentScope::SwapSubscriptionServices, "Package swap"),
    (FulfillmentScope::SubscriptionMaintainance, "Maintenance"),
];
const PEOPLE: [(&str, &str); 3] = [
    ("tech1", "Ana Lopes"),
    ("tech2", "Ben Okafor"),
    ("tech3", "Chen Wei"),
];

/// A job with everything set, numbered `JB{n:05}`.
pub fn job(n: usize, state: LifeCycleState) -> Job {
    let (scope, type_name) = SCOPES[n % SCOPES.len()];
    let (login, name) = PEOPLE[n % PEOPLE.len()];
    let person = UserRef {
        id: format!("U{n}"),
        username: Some(login.into()),
        person_name: Some(name.into()),
        email: Some(format!("{login}@northwind.example")),
    };
    let day = 1 + u32::try_from(n % 27).expect("fixture");
    serde_json::from_value::<Job>(serde_json::json!({"life_cycle_state": "DRAFT"}))
        .map(|mut job| {
            job.id = format!("J{n}");
            job.number = format!("JB{n:05}");
            job.description = Some(DESCRIPTIONS[n % DESCRIPTIONS.len()].into());
            job.notes = Some("Gate code 4411. Dog in the yard.".into());
            job.contact_email = Some("customer@example.com".into());
            job.contact_phone = Some("+357 22 000000".into());
            job.life_cycle_state = state.into();
            job.expiration_date = Some(at(28, 18));
            job.scheduled_date = scope.takes_scheduled_date().then(|| at(29, 9));
            job.start_date = Some(at(day, 8));
            job.assigned_to = Some(Arc::new(AssignedTo {
                user: Some(person.clone()),
                unit: Some(UnitRef {
                    id: "UN1".into(),
                    name: Some("Nicosia field team".into()),
                    group_name: None,
                    community_name: None,
                }),
                business_unit: None,
            }));
            job.job_type = Some(Arc::new(JobType {
                id: format!("T{}", n % SCOPES.len()),
                name: type_name.into(),
                alternative_code: None,
                description: None,
                fulfillment_scope: scope,
            }));
            job.status = Some(Arc::new(JobStatus {
                id: "S1".into(),
                name: format!("{} ok", state.label()),
                alternative_code: None,
                description: None,
                life_cycle_state: state,
            }));
            job.log_information = Some(LogInformation {
                created_date: Some(at(day, 7)),
                updated_date: Some(at(day, 9)),
                created_by_user: Some(Arc::new(person.clone())),
                updated_by_user: Some(Arc::new(person)),
                created_by_unit: None,
                updated_by_unit: None,
            });
            job.udf.udf_string_1 = Some("Router SN 99812".into());
            job
        })
        .expect("fixture")
}

/// Answers the app's commands as a server holding `per_tab` jobs in each state would
/// (pages of them), until no command is left.
pub fn serve(app: &mut App, commands: Vec<Command>, per_tab: usize) {
    let mut queue = commands;
    while let Some(command) = queue.pop() {
        let msg = match command {
            Command::Login { id, .. } => Msg::LoggedIn { id, result: Ok(()) },
            Command::FetchJobs { id, state, page } => {
                let base = 1 + 1000
                    * LifeCycleState::ALL
                        .iter()
                        .position(|s| *s == state)
                        .expect("fixture");
                let start = usize::try_from(page.offset).expect("fixture");
                let end = per_tab.min(start + usize::try_from(page.size).expect("fixture"));
                let jobs = (start..end).map(|i| job(base + i, state)).collect();
                Msg::Jobs {
                    id,
                    state,
                    page,
                    result: Ok(jobs),
                }
            }
            Command::ShowJob { id, job: ident } => {
                let n: usize = ident.value()[2..].parse().expect("fixture");
                let state = app.selected().expect("fixture").life_cycle_state.known();
                Msg::Job {
                    id,
                    result: Ok(job(n, state.expect("fixture"))),
                }
            }
            Command::FetchStatuses { id, state, .. } => Msg::Statuses {
                id,
                result: Ok(statuses(state)),
            },
            Command::FetchUsers { id, .. } => Msg::Users {
                id,
                result: Ok(users()),
            },
            Command::FetchReasons { id, .. } => Msg::Reasons {
                id,
                result: Ok(reasons()),
            },
            other => panic!("the fixture server does not answer {other:?}"),
        };
        queue.extend(app.update(msg));
    }
}

/// The statuses of every fixture type for `state`, the first one the default.
pub fn statuses(state: LifeCycleState) -> Vec<StatusEntry> {
    let names: &[&str] = match state {
        LifeCycleState::Completed => &["Installed", "Installed - partial", "Customer not home"],
        LifeCycleState::InProgress => &["On site", "Travelling"],
        LifeCycleState::Cancelled => &["Cancelled by customer", "Cancelled - duplicate"],
        _ => &["Awaiting visit"],
    };
    names
        .iter()
        .enumerate()
        .map(|(i, name)| StatusEntry {
            id: format!("E{i}"),
            default: i == 0,
            status: JobStatus {
                id: format!("S{i}"),
                name: (*name).to_owned(),
                alternative_code: None,
                description: None,
                life_cycle_state: state,
            },
        })
        .collect()
}

/// The cancellation reasons of every fixture type; `No access to premises` is the default.
pub fn reasons() -> Vec<CancellationReason> {
    [
        ("R1", "Customer request", "CUSTREQ", false),
        ("R2", "No access to premises", "NOACCESS", true),
        ("R3", "Duplicate job", "DUP", false),
        ("R4", "Customer not reachable", "NOCONTACT", false),
    ]
    .into_iter()
    .map(|(id, name, code, default)| CancellationReason {
        id: id.into(),
        name: name.into(),
        alternative_code: Some(code.into()),
        description: None,
        default,
    })
    .collect()
}

/// The users of the fixture unit.
pub fn users() -> Vec<User> {
    PEOPLE
        .iter()
        .map(|(login, name)| User {
            id: format!("U-{login}"),
            username: (*login).to_owned(),
            person_name: Some((*name).to_owned()),
            email: None,
            active: true,
        })
        .collect()
}

/// The fixtures' "now": noon on the day the open fixture jobs expire (at 18:30), so
/// every open job is due today and screens do not change with the wall clock.
pub fn noon() -> DateTime<Utc> {
    at(28, 12) - chrono::Duration::minutes(30)
}

/// The zone the screens show the fixtures in, whatever the machine's: UTC, as the user's
/// own (so the form says "local" as it does for the machine's zone).
pub fn zone() -> Zone {
    Zone::Named(chrono_tz::Tz::UTC)
}

/// A new app showing dates in the fixtures' zone.
pub fn new_app(session: Session, password: Option<&str>, size: (u16, u16)) -> App {
    App::new(session, password.map(|p| p.to_owned().into()), size).with_zone(zone())
}

/// An app logged in to the fixture server, every tab loaded with its first page.
pub fn loaded_app(size: (u16, u16), per_tab: usize) -> App {
    loaded_app_in(size, per_tab, zone(), noon)
}

/// `loaded_app` in `zone` at the time `now` gives.
pub fn loaded_app_in(
    size: (u16, u16),
    per_tab: usize,
    zone: Zone,
    now: fn() -> DateTime<Utc>,
) -> App {
    let mut app = new_app(session(), Some("pw"), size)
        .with_zone(zone)
        .with_clock(now);
    let commands = app.init();
    serve(&mut app, commands, per_tab);
    app
}

/// Draws the app on a test terminal of `size`.
pub fn draw(app: &App, (width, height): (u16, u16)) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("fixture");
    terminal
        .draw(|frame| crmjobs::ui::render(app, frame))
        .expect("fixture");
    terminal
}

/// A test screen others can read while the loop owns it; each frame bumps a counter.
#[derive(Clone)]
pub struct Recorder {
    pub terminal: Arc<Mutex<Terminal<TestBackend>>>,
    pub frames: Arc<watch::Sender<usize>>,
}

impl Recorder {
    pub fn new(width: u16, height: u16) -> Self {
        Self {
            terminal: Arc::new(Mutex::new(
                Terminal::new(TestBackend::new(width, height)).expect("test setup"),
            )),
            frames: Arc::new(watch::channel(0).0),
        }
    }

    pub fn text(&self) -> String {
        self.terminal
            .lock()
            .expect("test setup")
            .backend()
            .to_string()
    }

    /// Waits until a frame satisfies `done`.
    /// Waits (at most a minute) until `done` holds for the screen's text.
    pub async fn wait_until(&self, done: impl Fn(&str) -> bool) {
        let mut frames = self.frames.subscribe();
        let waited = tokio::time::timeout(std::time::Duration::from_secs(60), async {
            while !done(&self.text()) {
                frames.changed().await.expect("the loop draws");
            }
        })
        .await;
        assert!(
            waited.is_ok(),
            "the screen did not reach the awaited state within a minute:\n{}",
            self.text()
        );
    }

    /// Waits (at most a minute: a hang is a failure with the screen, not a stuck run) until
    /// the screen shows `needle`.
    pub async fn wait_for(&self, needle: &str) {
        let mut frames = self.frames.subscribe();
        let waited = tokio::time::timeout(std::time::Duration::from_secs(60), async {
            while !self.text().contains(needle) {
                frames.changed().await.expect("test setup");
            }
        })
        .await;
        assert!(
            waited.is_ok(),
            "{needle:?} did not appear within a minute; the screen:\n{}",
            self.text()
        );
    }
}

impl Screen for Recorder {
    fn draw(&mut self, app: &App) -> io::Result<()> {
        self.terminal
            .lock()
            .expect("test setup")
            .draw(|f| crmjobs::ui::render(app, f))
            .expect("test setup");
        self.frames.send_modify(|n| *n += 1);
        Ok(())
    }

    fn size(&self) -> io::Result<(u16, u16)> {
        let size = self
            .terminal
            .lock()
            .expect("test setup")
            .size()
            .expect("test setup");
        Ok((size.width, size.height))
    }
}
