//! `quire serve`: build the site into memory, serve it, watch the sources,
//! rebuild on every save and tell the browser to reload.
//!
//! The pipeline is the same as `quire build`; only the last stage differs:
//! the rendered [`Output`] stays in memory instead of being written, so the
//! user's `public/` is never touched and nothing is left behind on exit.
//! Unlike `quire build`, it renders a site with content errors: every
//! playbook that parses gets its page, marked with its file's problems, and
//! a file that cannot be parsed gets a page that says why. Only a build that
//! can render nothing (an error in `quire.yaml`, a failure of the tool such
//! as a broken template) keeps what was served before: the last good site,
//! or at the start a holding page (`holding.rs`). Every build's diagnostics
//! go to every open page, which lists them in an overlay.
//!
//! The HTTP side is axum on tokio, as in mdBook and Zola: a maintained,
//! widely used stack whose HTTP parsing we do not have to get right ourselves,
//! with Server-Sent Events built in for the reload stream. `guard.rs` decides
//! which requests are answered at all, and `conn.rs` serves each connection
//! with hyper directly, for its timeouts and the cap on open connections.

mod conn;
mod guard;
mod holding;
mod http;
pub mod watch;

pub use guard::parse_allowed_host;
pub use http::site_path;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use anyhow::Context as _;
use tokio::sync::broadcast;

use crate::base::diagnostic::{self, Diagnostic, Warned};
use crate::base::i18n::{Language, Text};
use crate::base::report;
use crate::build;
use crate::input::theme;
use crate::output::render::{self, Output};
use crate::output::Pdfs;
use crate::tr;

/// What `quire serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Absolute, with symbolic links resolved (the command line makes it
    /// so): the watcher's paths are matched against it.
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    pub poll: bool,
    /// Host names answered besides localhost and IP addresses (`--allow-host`).
    pub allow_hosts: Vec<String>,
    /// The language of the terminal lines, the overlay and the holding page.
    pub lang: Language,
}

/// The site being previewed: the output served and what the latest build found.
#[derive(Debug, Default)]
pub struct Preview {
    pub output: Arc<Output>,
    /// Which build `output` is.
    pub served: Served,
    /// Errors marked in `output` (so the terminal can say whether what is
    /// kept after a failed build was good).
    pub served_errors: usize,
    /// Diagnostics of the latest build, good or not.
    pub diagnostics: Vec<Diagnostic>,
    /// The tool's own failure in the latest build (a broken template, say).
    pub failure: Option<String>,
    pub generation: u64,
    /// The language of the overlay's snippets.
    pub lang: Language,
}

/// Which build the preview serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Served {
    /// The latest build, its problems marked on its pages.
    #[default]
    Latest,
    /// An earlier build: the latest could render nothing.
    Earlier,
    /// The holding page: no build has rendered anything yet.
    Holding,
}

impl Served {
    /// As the pages' live script reads it.
    pub fn as_str(self) -> &'static str {
        match self {
            Served::Latest => "latest",
            Served::Earlier => "earlier",
            Served::Holding => "holding",
        }
    }
}

impl Preview {
    /// The message sent to pages: what to do, and the build's status.
    pub fn message(&self, action: Action) -> String {
        let diagnostics: Vec<serde_json::Value> = self
            .diagnostics
            .iter()
            .map(|d| {
                // The overlay shows the same snippet as the terminal.
                let mut json = d.to_json(self.lang);
                json["text"] = serde_json::Value::String(report::human(d, self.lang));
                json
            })
            .collect();
        let (_, warnings) = diagnostic::count(&self.diagnostics);
        serde_json::json!({
            "action": action.as_str(),
            "status": {
                "generation": self.generation,
                "served": self.served.as_str(),
                "diagnostics": diagnostics,
                "warnings": warnings,
                "failure": self.failure,
            }
        })
        .to_string()
    }
}

/// What a rebuild can reuse from the builds before it.
#[derive(Debug)]
pub struct Memory {
    /// Parsed and checked playbook files.
    pub cache: build::Cache,
    /// What each rendered playbook page depended on.
    pub memo: render::Memo,
}

impl Default for Memory {
    fn default() -> Self {
        Memory {
            cache: build::Cache::keeping(),
            memo: render::Memo::default(),
        }
    }
}

impl Memory {
    /// Forgets what a change makes stale: the configuration shapes how every
    /// file is read, checked and rendered; templates, static files and the
    /// glossary shape every page; a content folder that came back may hold
    /// anything.
    pub fn forget(&mut self, change: &watch::Change) {
        self.cache.forget(&change.playbooks);
        if change.config || change.content {
            self.cache.clear();
        }
        if change.config
            || change.content
            || change.templates
            || change.glossary
            || change.static_files
        {
            self.memo.clear();
        }
    }
}

/// One build into memory: the output, with each page marked with its file's
/// problems, and the diagnostics. The output is `None` only when
/// `quire.yaml` has an error: the site then holds no playbooks, and
/// rendering it would blank the preview. Drafts are always built: a
/// playbook `quire new` has just written must show at once.
/// Files unchanged since the build that produced `previous` are neither
/// read nor parsed nor checked again, and their pages are kept when nothing
/// they show has changed; the link checks always cover the whole site.
pub fn build_in_memory(
    root: &Path,
    memory: &mut Memory,
    previous: Option<&Output>,
) -> anyhow::Result<Warned<Option<Output>>> {
    // Links in the preview are served from the server's root, whatever base_url says.
    let options = build::LoadOptions {
        base_url: Some("/"),
        drafts: true,
        strict: false,
    };
    let Warned {
        output: built,
        diagnostics: mut diags,
    } = build::load_site_cached(root, &options, &mut memory.cache)?;
    diagnostic::sort(&mut diags);
    if config_failed(&diags) {
        return Ok(Warned::new(None, diags));
    }
    let theme = theme::load(root, &built.site.config.theme)?;
    let problems = render::Problems::new(&built.site, &diags);
    let options = render::Options {
        pdfs: &Pdfs::none(),
        problems: &problems,
        sink: None,
    };
    let reuse = render::Reuse {
        memo: &mut memory.memo,
        previous,
        fresh: &memory.cache.fresh,
    };
    let output = render::render_with(&built, &theme, &options, reuse)?;
    memory.cache.rendered();
    Ok(Warned::new(Some(output), diags))
}

/// Whether `quire.yaml` has an error, which stops loading before any playbook.
fn config_failed(diags: &[Diagnostic]) -> bool {
    // An error a rule raised (`rules: {unknown-key: error}`) fails a build,
    // but the site was read in full: only the configuration's own errors
    // stop the load before any playbook.
    diags
        .iter()
        .any(|d| d.is_error() && d.file == "quire.yaml" && d.rule.is_none())
}

/// What a page in the browser does after a rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Nothing it shows changed.
    None,
    /// Only stylesheets changed: swap them in place, keeping the scroll.
    Css,
    /// Pages changed: reload.
    Reload,
}

impl Action {
    /// As `live.js` reads it.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::None => "none",
            Action::Css => "css",
            Action::Reload => "reload",
        }
    }
}

impl Action {
    /// What the terminal says was done.
    fn says(self) -> Text {
        match self {
            Action::None => tr!("页面没有变化", "none"),
            Action::Css => tr!("只换了样式表", "css"),
            Action::Reload => tr!("页面已刷新", "reload"),
        }
    }
}

/// What a rebuild changed in the output, for the browser: nothing, only
/// stylesheets (swapped in place), or pages (reloaded).
pub fn action(old: &Output, new: &Output) -> Action {
    let changed = new
        .files
        .iter()
        // A kept page is the same allocation; only rendered ones need comparing.
        .filter(|(path, bytes)| {
            old.files
                .get(*path)
                .is_none_or(|o| !Arc::ptr_eq(o, bytes) && o != *bytes)
        })
        .map(|(path, _)| path)
        .chain(
            old.files
                .keys()
                .filter(|path| !new.files.contains_key(*path)),
        );
    let mut any = false;
    for path in changed {
        if !path.ends_with(".css") {
            return Action::Reload;
        }
        any = true;
    }
    if any {
        Action::Css
    } else {
        Action::None
    }
}

/// Runs the preview until Ctrl-C.
pub fn serve(options: ServeOptions) -> anyhow::Result<()> {
    let root = options.root.clone();
    let lang = options.lang;
    let started = Instant::now();
    // A folder that is no site at all is a mistake in the command: say so
    // and stop, rather than wait for a site to appear.
    build::require_site(&root)?;
    let mut memory = Memory::default();
    let (output, diagnostics, failure) = match build_in_memory(&root, &mut memory, None) {
        Ok(built) => (built.output, built.diagnostics, None),
        Err(err) => {
            memory.memo.clear();
            (None, Vec::new(), Some(failure_line(&err, lang)))
        }
    };
    let first = tr!("首次构建", "first build");
    eprint!(
        "{}",
        report::render_all(&diagnostics, report::Format::Human, lang, 0, &first)
    );
    if let Some(failure) = &failure {
        eprintln!("{failure}");
    }
    let (errors, _) = diagnostic::count(&diagnostics);
    // When nothing could be rendered there is no site to show yet: serve a
    // page that says why, which the overlay can sit on, and the real site
    // once the problem is fixed.
    let marked = tr!("；有错误的页面已标出", "; pages with errors are marked");
    let (output, served, what) = match output {
        Some(output) if errors > 0 => (output, Served::Latest, marked.get(lang).to_string()),
        Some(output) => (output, Served::Latest, String::new()),
        None => (
            holding::page(lang, &diagnostics, failure.as_deref()),
            Served::Holding,
            String::new(),
        ),
    };
    let pages = output.files.len();
    let preview = Arc::new(RwLock::new(Preview {
        output: Arc::new(output),
        served,
        served_errors: errors,
        diagnostics,
        failure,
        generation: 1,
        lang,
    }));
    let (events, _) = broadcast::channel(64);
    let app = http::App {
        preview: preview.clone(),
        events: events.clone(),
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let listener = runtime.block_on(bind(options.bind, options.port))?;
    let addr = listener.local_addr()?;
    let bind = options.bind;
    if !bind.is_loopback() {
        say_err(tr!(
            "警告：正在 {bind} 上提供预览；能连到这台机器的人都能通过它的 IP 地址或 --allow-host 允许的名字读到站点",
            "warning: serving on {bind}; anyone who can reach this machine can read the site, by its IP address or by a name allowed with --allow-host"
        ), lang);
    }
    let (asked, got) = (options.port, addr.port());
    if asked != 0 && got != asked {
        say(
            tr!(
                "端口 {asked} 被占用，改用 {got}",
                "port {asked} is busy; using {got} instead"
            ),
            lang,
        );
    }
    let url = format!("http://{addr}/");
    let ms = started.elapsed().as_millis();
    say(match served {
        Served::Holding => tr!(
            "{url} 暂时无法预览：那个页面会说明原因，改好后就显示站点（按 Ctrl-C 停止）",
            "nothing to preview yet at {url}: the page there says why, and shows the site once that is fixed (Ctrl-C to stop)"
        ),
        _ => tr!(
            "正在 {url} 提供 {pages} 个文件（构建用时 {ms} 毫秒{what}；按 Ctrl-C 停止）",
            "serving {pages} files at {url} (built in {ms} ms{what}; Ctrl-C to stop)"
        ),
    }, lang);
    if options.open {
        open_browser(&url, lang);
    }

    let (mut watcher, rx) = watch::watch(&root, options.poll)?;
    std::thread::spawn(move || {
        while let Some(batch) = watch::next_batch(&rx) {
            watch::rewatch(&mut *watcher, &root, &batch);
            let change = watch::classify(&root, &batch);
            if change.is_empty() {
                continue;
            }
            let started = Instant::now();
            memory.forget(&change);
            let message = rebuild(&root, &preview, &mut memory, &change.describe(), started);
            let _ = events.send(message);
        }
    });

    let policy = guard::Policy::new(options.allow_hosts);
    runtime.block_on(async move {
        let limits = conn::Limits::for_this_process();
        // Ctrl-C stops at once: open reload streams never end by themselves,
        // so waiting for connections to finish would wait forever.
        tokio::select! {
            () = conn::run(listener, http::router(app), policy, limits) => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    });
    say(tr!("已停止", "stopped"), lang);
    Ok(())
}

/// Rebuilds after a change, updates the preview, prints one line (and the
/// errors), and returns the message for the pages.
fn rebuild(
    root: &Path,
    preview: &RwLock<Preview>,
    memory: &mut Memory,
    what: &Text,
    started: Instant,
) -> String {
    // Build while pages are still served from what was built before. The
    // holding page has none of the site's pages to keep.
    let previous = preview
        .read()
        .ok()
        .filter(|p| p.served != Served::Holding)
        .map(|p| p.output.clone());
    // A bug that panics on some input must not end live reload for the
    // session: report it like any failure, and start the next build afresh.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        build_in_memory(root, memory, previous.as_deref())
    }))
    .unwrap_or_else(|_| {
        *memory = Memory::default();
        Err(anyhow::anyhow!(
            "internal error while rebuilding (this is a bug in quire, please report it)"
        ))
    });
    let Ok(mut preview) = preview.write() else {
        return String::new();
    };
    let lang = preview.lang;
    preview.generation += 1;
    let ms = started.elapsed().as_millis();
    let (result, diags) = match result {
        Ok(built) => (Ok(built.output), built.diagnostics),
        Err(err) => {
            // A render that failed halfway may have noted pages it never
            // handed over: nothing it noted may be kept.
            memory.memo.clear();
            (Err(failure_line(&err, lang)), Vec::new())
        }
    };
    let (errors, warnings) = diagnostic::count(&diags);
    let (errors_text, warnings_text) = (report::errors(errors), report::warnings(warnings));
    let action = match result {
        Ok(Some(output)) => {
            let action = action(&preview.output, &output);
            let (done, files) = (action.says(), output.files.len());
            say(match errors {
                0 => tr!(
                    "{} 改了：{}（{files} 个文件，{}），用时 {ms} 毫秒",
                    "changed {}: {} ({files} files, {}) in {ms} ms",
                    what, done, warnings_text
                ),
                _ => tr!(
                    "{} 改了：{}，用时 {ms} 毫秒；有错误的页面已标出（{}，{files} 个文件，{}）",
                    "changed {}: {} in {ms} ms; pages with errors are marked ({}, {files} files, {})",
                    what, errors_text, done, warnings_text
                ),
            }, lang);
            preview.output = Arc::new(output);
            preview.served = Served::Latest;
            preview.served_errors = errors;
            preview.failure = None;
            action
        }
        // Nothing could be rendered: keep what is served, or, while that is
        // the holding page, make it say what is wrong now.
        Ok(None) | Err(_) => {
            let failure = result.err();
            // The failure's own text may run over lines: it comes after.
            let problem = match &failure {
                Some(_) => tr!("构建失败", "failed"),
                None => tr!("quire.yaml 里有 {}", "{} in quire.yaml", errors_text),
            };
            let action = if preview.served == Served::Holding {
                let page = holding::page(lang, &diags, failure.as_deref());
                let action = action(&preview.output, &page);
                preview.output = Arc::new(page);
                say(
                    tr!(
                        "{} 改了：{}，用时 {ms} 毫秒；暂时无法预览（页面上写了原因）",
                        "changed {}: {} in {ms} ms; nothing to preview yet (the page says why)",
                        what,
                        problem
                    ),
                    lang,
                );
                action
            } else {
                preview.served = Served::Earlier;
                let kept = match preview.served_errors {
                    0 => tr!("上一次没有错误的站点", "the last good site"),
                    _ => tr!(
                        "这次修改之前的站点",
                        "the site as it was before this change"
                    ),
                };
                say(
                    tr!(
                        "{} 改了：{}，用时 {ms} 毫秒；继续提供{}",
                        "changed {}: {} in {ms} ms; serving {}",
                        what,
                        problem,
                        kept
                    ),
                    lang,
                );
                Action::None
            };
            if let Some(failure) = failure {
                println!("  {failure}");
                // A failure says nothing new about the content: its
                // diagnostics stay those of the last build that got that far.
                preview.failure = Some(failure);
                return preview.message(action);
            }
            preview.failure = None;
            action
        }
    };
    for d in diags.iter().filter(|d| d.is_error()) {
        println!("  {}", report::short(d, lang));
    }
    preview.diagnostics = diags;
    preview.message(action)
}

/// The tool's own failure as the terminal and the holding page show it.
fn failure_line(err: &anyhow::Error, lang: Language) -> String {
    let error = if lang == Language::Zh {
        "错误："
    } else {
        "error: "
    };
    format!("{error}{err:#}")
}

/// One line of the preview's progress, to stdout.
fn say(line: Text, lang: Language) {
    println!("{}", line.get(lang));
}

/// One warning about the preview itself, to stderr.
fn say_err(line: Text, lang: Language) {
    eprintln!("{}", line.get(lang));
}

/// Binds the port asked for, or any free port when it is 0 or busy.
async fn bind(ip: IpAddr, port: u16) -> anyhow::Result<tokio::net::TcpListener> {
    match tokio::net::TcpListener::bind(SocketAddr::new(ip, port)).await {
        Ok(listener) => Ok(listener),
        Err(err) if err.kind() == std::io::ErrorKind::AddrInUse => {
            tokio::net::TcpListener::bind(SocketAddr::new(ip, 0))
                .await
                .with_context(|| format!("cannot listen on {ip}"))
        }
        Err(err) => Err(err).with_context(|| format!("cannot listen on {ip}:{port}")),
    }
}

fn open_browser(url: &str, lang: Language) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        say_err(
            tr!(
                "警告：打不开浏览器，请自己打开 {url}",
                "warning: could not open a browser; open {url} yourself"
            ),
            lang,
        );
    }
}
