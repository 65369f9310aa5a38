//! The command line: parses arguments with clap, runs a command, prints its
//! diagnostics (snippets to stderr, `short`, `json` and `github` to stdout) and maps the outcome to an exit code
//! (0 success, 1 content errors or warnings under `--strict`, 2 the tool failed).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand};

use crate::base::diagnostic::Warned;
use crate::base::i18n::{Language, Text};
use crate::base::report::{self, Format};
use crate::build::{self, BuildOptions};
use crate::tr;

mod help;

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
    /// The language of messages and help: zh-CN or en (default: QUIRE_LANG,
    /// then the site's `language`)
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_language)]
    lang: Option<Language>,
}

fn parse_language(tag: &str) -> Result<Language, String> {
    Language::from_tag(tag).ok_or_else(|| format!("`{tag}` is not zh-CN or en"))
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
        /// Where to write the site (default: <root>/public; a relative path is
        /// taken from the current folder)
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
        /// Where to write the schemas (default: <root>/schemas; a relative path
        /// is taken from the current folder)
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
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
    let args: Vec<std::ffi::OsString> = args.into_iter().collect();
    // The language is needed before clap parses anything: `--help` is
    // written in it.
    let lang = Language::choose(
        flag(&args, "--lang").and_then(|t| Language::from_tag(&t)),
        || {
            let root = flag(&args, "--root").unwrap_or_else(|| ".".into());
            build::stated_language(Path::new(&root))
        },
    );
    let cli = match help::localize(Cli::command(), lang)
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(err) => {
            match help::error(&err, lang) {
                Some(text) => eprint!("{text}"),
                None => {
                    let _ = err.print();
                }
            }
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let lang = cli.lang.unwrap_or(lang);
    let outcome = dispatch(cli.command, lang);
    match outcome {
        Ok(code) => code,
        Err(err) => {
            let error = if lang == Language::Zh {
                "错误："
            } else {
                "error: "
            };
            eprintln!("{error}{err:#}");
            ExitCode::from(2)
        }
    }
}

/// The value of `name` in the raw arguments (`--root x` or `--root=x`).
fn flag(args: &[std::ffi::OsString], name: &str) -> Option<String> {
    let mut args = args.iter().map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == name {
            return args.next().map(|v| v.into_owned());
        }
        if let Some(value) = arg.strip_prefix(name).and_then(|r| r.strip_prefix('=')) {
            return Some(value.to_string());
        }
    }
    None
}

fn dispatch(command: Command, lang: Language) -> anyhow::Result<ExitCode> {
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
                output: output.map(std::path::absolute).transpose()?,
                base_url,
                drafts,
                strict: report.strict,
                handbook,
                no_pdf,
                ignore_system_fonts,
            };
            run_build(&root, &options, report.format, lang, timings)
        }
        Command::Check {
            site,
            drafts,
            external,
            timeout,
            report,
        } => {
            let external = external.then(|| std::time::Duration::from_secs(timeout.max(1)));
            run_check(Root::new(site.root)?, drafts, external, report, lang)
        }
        Command::Init { dir } => run_init(dir, lang),
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
            lang,
        })
        .map(|()| ExitCode::SUCCESS),
        Command::New {
            kind,
            slug,
            title,
            site,
        } => run_new(Root::new(site.root)?, &kind, &slug, title.as_deref(), lang),
        Command::Schema { out, site } => run_schema(Root::new(site.root)?, out, lang),
    }
}

fn print(text: &str, format: Format) {
    // Snippets are for people and go to stderr; the one-line formats and
    // JSON are for programs (grep, an editor, CI) and go to stdout, as ruff
    // prints them, so they can be piped.
    if format != Format::Human {
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
    } else {
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }
}

fn run_build(
    root: &Root,
    options: &BuildOptions,
    format: Format,
    lang: Language,
    timings: bool,
) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let built = build::build(options)?;
    if timings {
        eprintln!("timings: {}", built.timings.summary());
    }
    let output = root.show(&built.output);
    let output = output.display();
    let what = match built.written {
        Some(files) => {
            let playbooks = report::playbooks(built.playbooks);
            let secs = started.elapsed().as_secs_f64();
            tr!(
                "已构建 {}，写入 {output}（{files} 个文件），用时 {secs:.2} 秒",
                "built {} into {output} ({files} files) in {secs:.2}s",
                playbooks
            )
        }
        None => tr!(
            "构建失败，{output} 里什么也没有写",
            "build failed; nothing was written to {output}"
        ),
    };
    print(
        &report::render_all(&built.diagnostics, format, lang, built.playbooks, &what),
        format,
    );
    Ok(if built.written.is_some() {
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
    lang: Language,
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
    crate::base::diagnostic::sort(&mut diags);
    let checked = report::playbooks(site.playbooks.len());
    let what = tr!("已检查 {}", "checked {}", checked);
    print(
        &report::render_all(&diags, args.format, lang, site.playbooks.len(), &what),
        args.format,
    );
    Ok(if crate::base::diagnostic::fails(&diags, args.strict) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_init(dir: PathBuf, lang: Language) -> anyhow::Result<ExitCode> {
    let written = crate::init::init(&dir)?;
    let mut lines = Vec::new();
    for file in &written {
        let file = dir.join(file);
        let file = file.display();
        lines.push(tr!("  已创建 {file}", "  created {file}"));
    }
    let shown = dir.display();
    let index = dir.join("public").join("index.html");
    let index = index.display();
    let next = match dir == Path::new(".") {
        true => tr!(
            "在这个文件夹里运行 `quire serve --open`，边写边预览；`quire build` 把站点写到 public/，之后用浏览器打开 {index}",
            "run `quire serve --open` in this folder to preview while you write; `quire build` writes the site to public/, then open {index}"
        ),
        false => tr!(
            "先 `cd {shown}`，再运行 `quire serve --open`，边写边预览；`quire build` 把站点写到 public/，之后用浏览器打开 public/index.html",
            "`cd {shown}`, then run `quire serve --open` to preview while you write; `quire build` writes the site to public/, then open public/index.html"
        ),
    };
    lines.push(tr!(
        "新站点建在 {shown}。{}",
        "new quire site in {shown}. {}",
        next
    ));
    say(&lines, lang);
    Ok(ExitCode::SUCCESS)
}

fn run_new(
    root: Root,
    kind: &str,
    slug: &str,
    title: Option<&str>,
    lang: Language,
) -> anyhow::Result<ExitCode> {
    let path = crate::init::new_playbook(&root.path, kind, slug, title)?;
    let shown = root.show(&path);
    let shown = shown.display();
    say(
        &[
            tr!(
                "已创建 {shown}，是一份草稿（文件里写着 `draft: true`）",
                "created {shown} as a draft (it says `draft: true`)"
            ),
            tr!(
                "  把每一节填好；`quire check --drafts` 会列出还缺什么",
                "  fill in each section; `quire check --drafts` lists what is left"
            ),
            tr!(
                "  `quire serve` 可以边写边预览",
                "  `quire serve` previews it while you write"
            ),
            tr!(
                "  删掉 `draft: true` 之后 `quire build` 才会发布它（或者用 `--drafts` 构建）",
                "  `quire build` publishes it once you remove `draft: true` (or build with `--drafts`)"
            ),
        ],
        lang,
    );
    Ok(ExitCode::SUCCESS)
}

fn run_schema(root: Root, out: Option<PathBuf>, lang: Language) -> anyhow::Result<ExitCode> {
    let out = match out {
        Some(out) => std::path::absolute(out)?,
        None => root.path.join("schemas"),
    };
    let written: Vec<Text> = crate::schema::write_schemas(&root.path, &out)?
        .iter()
        .map(|path| {
            let path = root.show(path);
            let path = path.display();
            tr!("  已写入 {path}", "  wrote {path}")
        })
        .collect();
    say(&written, lang);
    Ok(ExitCode::SUCCESS)
}

/// Prints lines for people, to stderr, in `lang`.
fn say(lines: &[Text], lang: Language) {
    let mut stderr = std::io::stderr().lock();
    for line in lines {
        let _ = writeln!(stderr, "{}", line.get(lang));
    }
}
