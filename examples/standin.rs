//! Runs the stand-in CRM.COM server in the foreground: `cargo run --example standin -- --port 8080`.

#[cfg(feature = "standin")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    use clap::Parser;

    #[derive(Parser)]
    struct Args {
        #[command(flatten)]
        standin: crmjobs::standin::StandinArgs,
    }

    crmjobs::standin::serve(Args::parse().standin).await
}

#[cfg(not(feature = "standin"))]
fn main() -> std::process::ExitCode {
    eprintln!("this build has no stand-in: build with the `standin` feature");
    std::process::ExitCode::FAILURE
}
