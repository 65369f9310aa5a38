//! The command line: parses arguments with clap, runs a command, prints its
//! diagnostics to stderr and maps the outcome to an exit code
//! (0 success, 1 content errors or warnings under `--strict`, 2 the tool failed).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::base::diagnostic::{self, Format, Warned};
use crate::build::{self, BuildOptions};

const EXAMPLES: &str = "\
Examples:
  quire init my-handbook           start a new site in ./my-handbook
  quire check                      check every playbook, write nothing
  quire build                      check, then build the site into ./public
  quire build --base-url /handbook/
                                   build for publishing under a sub-path
  quire serve --open               preview with live reload while you edit
  quire new sop welcome --title 新人接待
                                   start a playbook with its kind's headings
  quire schema                     write JSON Schemas for editors";

#[derive(Debug, Parser)]
#[command(name = "quire", version, about = "Turns a folder of community-operations playbooks into a training site", after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Args)]
struct SiteArgs {
    /// The site's folder, holding quire.yaml and content/
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
}

/// The site folder, made absolute before any command runs, and as it was
/// given, to show the paths quire prints the way the user wrote them.
///
/// Later code never meets a relative root: the file watcher reports
/// absolute paths, which a relative root would never prefix, and a command
/// that changes its working folder would read another site.
struct Root {
    path: PathBuf,
    given: PathBuf,
}

impl Root {
    /// Symbolic links are resolved as well, because some watchers (macOS's
    /// FSEvents) report the real path of a file, not the one it was reached
    /// by. A folder that does not exist yet is only made absolute; the
    /// command then says that it is missing.
    fn new(given: PathBuf) -> anyhow::Result<Root> {
        let path = match std::fs::canonicalize(&given) {
            Ok(path) => path,
            Err(_) => std::path::absolute(&given)?,
        };
        Ok(Root { path, given })
    }

    /// A path under the root as the user would write it: `./public` for
    /// `--root .`, `my-handbook/public` for `--root my-handbook`.
    fn show(&self, path: &Path) -> PathBuf {
        match path.strip_prefix(&self.path) {
            Ok(rel) => self.given.join(rel),
            Err(_) => path.to_path_buf(),
        }
    }
}

#[derive(Debug, clap::Args)]
struct ReportArgs {
    /// How to print problems
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Fail (exit 1) on warnings too
    #[arg(long)]
    strict: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check every playbook, then build the site into an output folder (public/ by default)
    #[command(
        after_help = "Examples:\n  quire build\n  quire build --root my-handbook --output dist --base-url /handbook/\n  quire build --strict --format github     (in CI)\n  quire build --handbook newcomer          (one handbook's print page and PDF)"
    )]
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site (default: <root>/public)
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// The URL path the site is served from, e.g. /handbook/
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Include playbooks marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Build only this handbook (content/handbooks/<ID>.yaml): its print page and PDF
        #[arg(long, value_name = "ID")]
        handbook: Option<String>,
        /// Skip the handbooks' PDFs
        #[arg(long)]
        no_pdf: bool,
        /// Look for PDF fonts only in the site's fonts/ folder
        #[arg(long)]
        ignore_system_fonts: bool,
        /// Print how long each stage took (load, parse, check, link, render, pdf, write)
        #[arg(long)]
        timings: bool,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Check every playbook against its kind and the domain lints; write nothing
    #[command(
        after_help = "Examples:\n  quire check\n  quire check --strict --format short\n  quire check --format json > problems.json"
    )]
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Check drafts too
        #[arg(long)]
        drafts: bool,
        /// Also check that http(s) links answer (needs the network)
        #[arg(long)]
        external: bool,
        /// Seconds to wait for each web address with --external
        #[arg(long, default_value_t = 10, value_name = "SECS")]
        timeout: u64,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Preview the site with live reload: build into memory, serve it, rebuild on every save
    #[command(
        after_help = "Examples:\n  quire serve\n  quire serve --port 0 --open\n  quire serve --poll     (network drives, WSL, containers)\n  quire serve --bind 0.0.0.0 --allow-host handbook.office     (for the office network)"
    )]
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// The address to listen on; anything but 127.0.0.1 exposes the preview to the network
        #[arg(long, default_value = "127.0.0.1", value_name = "IP")]
        bind: std::net::IpAddr,
        /// The port; 0 (or a busy port) picks a free one
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Also answer requests for this host name (repeatable; `.corp.example` allows
        /// every name under it). localhost and IP addresses are always answered
        #[arg(long, value_name = "NAME", value_parser = crate::serve::parse_allowed_host)]
        allow_host: Vec<String>,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
        /// Poll for changes instead of waiting for file-system events
        #[arg(long)]
        poll: bool,
        /// No effect, kept so old scripts still run: the preview always shows drafts
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
    /// Write a new playbook, as a draft, with its kind's elements as headings to fill in
    #[command(
        after_help = "Examples:\n  quire new sop welcome --title 新人入群接待\n  quire new group-rules 读书群 "
    )]
    New {
        /// The kind: group-rules, sop, sharing-format, case-study or one from quire.yaml
        kind: String,
        /// The file name (without .md), e.g. welcome or 读书群
        slug: String,
        /// The title (default: the slug)
        #[arg(long)]
        title: Option<String>,
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Write a JSON Schema per kind for front matter, for editors to complete and check fields
    #[command(after_help = "Examples:\n  quire schema\n  quire schema --out .vscode/schemas")]
    Schema {
        /// Where to write the schemas
        #[arg(long, default_value = "schemas", value_name = "DIR")]
        out: PathBuf,
        #[command(flatten)]
        site: SiteArgs,
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
    let outcome = dispatch(cli.command);
    match outcome {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn dispatch(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Build {
            site,
            output,
            base_url,
            drafts,
            handbook,
            no_pdf,
            ignore_system_fonts,
            timings,
            report,
        } => {
            let root = Root::new(site.root)?;
            let options = BuildOptions {
                root: root.path.clone(),
                output,
                base_url,
                drafts,
                strict: report.strict,
                handbook,
                no_pdf,
                ignore_system_fonts,
            };
            run_build(&root, &options, report.format, timings)
        }
        Command::Check {
            site,
            drafts,
            external,
            timeout,
            report,
        } => {
            let external = external.then(|| std::time::Duration::from_secs(timeout.max(1)));
            run_check(Root::new(site.root)?, drafts, external, report)
        }
        Command::Init { dir } => run_init(dir),
        Command::Serve {
            site,
            bind,
            port,
            allow_host,
            open,
            poll,
            drafts: _,
        } => crate::serve::serve(crate::serve::ServeOptions {
            root: Root::new(site.root)?.path,
            bind,
            port,
            open,
            poll,
            allow_hosts: allow_host,
        })
        .map(|()| ExitCode::SUCCESS),
        Command::New {
            kind,
            slug,
            title,
            site,
        } => run_new(Root::new(site.root)?, &kind, &slug, title.as_deref()),
        Command::Schema { out, site } => run_schema(Root::new(site.root)?, out),
    }
}

fn print(text: &str, format: Format) {
    // JSON is data for a program: it goes to stdout; everything else is for people.
    if format == Format::Json {
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
    } else {
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }
}

fn run_build(
    root: &Root,
    options: &BuildOptions,
    format: Format,
    timings: bool,
) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let report = build::build(options)?;
    if timings {
        eprintln!("timings: {}", report.timings.summary());
    }
    let what = match report.written {
        Some(files) => format!(
            "built {} into {} ({files} files) in {:.2}s",
            diagnostic::plural(report.playbooks, "playbook"),
            root.show(&report.output).display(),
            started.elapsed().as_secs_f64()
        ),
        None => format!(
            "build failed; nothing was written to {}",
            root.show(&report.output).display()
        ),
    };
    print(
        &diagnostic::render_all(&report.diagnostics, format, report.playbooks, &what),
        format,
    );
    Ok(if report.written.is_some() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn run_check(
    root: Root,
    drafts: bool,
    external: Option<std::time::Duration>,
    args: ReportArgs,
) -> anyhow::Result<ExitCode> {
    let options = build::LoadOptions {
        drafts,
        strict: args.strict,
        ..Default::default()
    };
    let Warned {
        output: built,
        diagnostics: mut diags,
    } = build::load_site(&root.path, &options)?;
    let site = &built.site;
    if let Some(timeout) = external {
        diags.extend(crate::check::external::check(site, &built.checked, timeout));
        build::apply_rules(site, &mut diags);
    }
    diagnostic::sort(&mut diags);
    let what = format!(
        "checked {}",
        diagnostic::plural(site.playbooks.len(), "playbook")
    );
    print(
        &diagnostic::render_all(&diags, args.format, site.playbooks.len(), &what),
        args.format,
    );
    Ok(if diagnostic::fails(&diags, args.strict) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
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

fn run_new(root: Root, kind: &str, slug: &str, title: Option<&str>) -> anyhow::Result<ExitCode> {
    let path = crate::init::new_playbook(&root.path, kind, slug, title)?;
    let shown = root.show(&path);
    let shown = shown.display();
    eprintln!(
        "created {shown} as a draft (it says `draft: true`)\n\
         \x20 fill in each section; `quire check --drafts` lists what is left\n\
         \x20 `quire serve` previews it while you write\n\
         \x20 `quire build` publishes it once you remove `draft: true` (or build with `--drafts`)"
    );
    Ok(ExitCode::SUCCESS)
}

fn run_schema(root: Root, out: PathBuf) -> anyhow::Result<ExitCode> {
    let out = if out.is_absolute() {
        out
    } else {
        root.path.join(out)
    };
    for path in crate::schema::write_schemas(&root.path, &out)? {
        eprintln!("  wrote {}", root.show(&path).display());
    }
    Ok(ExitCode::SUCCESS)
}
