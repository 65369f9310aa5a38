//! The command line: parses arguments with clap, runs a command, prints its
//! diagnostics to stderr and maps the outcome to an exit code
//! (0 success, 1 content errors, 2 the tool failed).

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::build::{self, BuildOptions};
use crate::diagnostic;

const EXAMPLES: &str = "\
Examples:
  quire init my-handbook           start a new site in ./my-handbook
  quire build                      build the site in this folder into ./public
  quire build --root my-handbook --base-url /handbook/
                                   build for publishing under a sub-path
  quire build --drafts --output /tmp/preview
                                   include drafts, write elsewhere";

#[derive(Debug, Parser)]
#[command(name = "quire", version, about = "Turns a folder of community-operations playbooks into a training site", after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into an output folder (public/ by default)
    #[command(
        after_help = "Examples:\n  quire build\n  quire build --root my-handbook --output dist --base-url /handbook/"
    )]
    Build {
        /// The site's folder, holding quire.yaml and content/
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Where to write the site (default: <root>/public)
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// The URL path the site is served from, e.g. /handbook/
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Include playbooks marked `draft: true`
        #[arg(long)]
        drafts: bool,
    },
    /// Start a new site: config, one playbook per kind, a glossary, a handbook
    #[command(
        after_help = "Examples:\n  quire init my-handbook\n  quire init            (in an empty folder)"
    )]
    Init {
        /// Folder to create the site in (default: the current folder)
        #[arg(default_value = ".", value_name = "DIR")]
        dir: PathBuf,
    },
}

/// Runs quire with the process's arguments.
pub fn main() -> ExitCode {
    // No input may crash quire with a backtrace: a panic is a bug, reported
    // as a tool failure with one line.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: internal error (this is a bug in quire, please report it): {info}");
    }));
    match std::panic::catch_unwind(|| run(std::env::args_os())) {
        Ok(code) => code,
        Err(_) => ExitCode::from(2),
    }
}

/// Runs quire with the given arguments (the first is the program name).
pub fn run(args: impl IntoIterator<Item = std::ffi::OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let outcome = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => run_build(BuildOptions {
            root,
            output,
            base_url,
            drafts,
        }),
        Command::Init { dir } => run_init(dir),
    };
    match outcome {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run_build(options: BuildOptions) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let report = build::build(&options)?;
    let mut stderr = std::io::stderr().lock();
    for d in &report.diagnostics {
        let _ = writeln!(stderr, "{}", d.render_human());
    }
    let (errors, warnings) = diagnostic::count(&report.diagnostics);
    match report.written {
        Some(files) => {
            let _ = writeln!(
                stderr,
                "built {} into {} ({files} files, {}) in {:.2}s",
                plural(report.playbooks, "playbook"),
                report.output.display(),
                plural(warnings, "warning"),
                started.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let _ = writeln!(
                stderr,
                "error: build failed with {} and {}; nothing was written to {}",
                plural(errors, "error"),
                plural(warnings, "warning"),
                report.output.display()
            );
            Ok(ExitCode::from(1))
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn run_init(dir: PathBuf) -> anyhow::Result<ExitCode> {
    let written = crate::init::init(&dir)?;
    let mut stderr = std::io::stderr().lock();
    for file in &written {
        let _ = writeln!(stderr, "  created {}", dir.join(file).display());
    }
    let shown = dir.display();
    let _ = writeln!(
        stderr,
        "new quire site in {shown}; build it with `quire build --root {shown}` and open {}",
        dir.join("public").join("index.html").display()
    );
    Ok(ExitCode::SUCCESS)
}
