//! Runs the stand-in CRM.COM server in the foreground: `cargo run --example standin -- --port 8080`.
use clap::Parser;

#[derive(Parser)]
struct Args {
    #[command(flatten)]
    standin: crmjobs::standin::StandinArgs,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    crmjobs::standin::serve(Args::parse().standin).await
}
