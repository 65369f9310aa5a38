//! `quire serve`: build the site into memory, serve it, watch the sources,
//! rebuild on every save and tell the browser to reload.
//!
//! The pipeline is the same as `quire build`; only the last stage differs:
//! the rendered [`Output`] stays in memory instead of being written, so the
//! user's `public/` is never touched and nothing is left behind on exit.
//! A rebuild with errors keeps the last good site and sends the diagnostics
//! to every open page, which shows them in an overlay until the file is fixed.
//!
//! The HTTP side is axum on tokio, as in mdBook and Zola: a maintained,
//! widely used stack whose HTTP parsing we do not have to get right ourselves,
//! with Server-Sent Events built in for the reload stream. `guard.rs` decides
//! which requests are answered at all, and `conn.rs` serves each connection
//! with hyper directly, for its timeouts and the cap on open connections.

mod conn;
mod guard;
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

use crate::build;
use crate::diagnostic::{self, Diagnostic};
use crate::render::{self, Output};
use crate::theme;

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
    pub drafts: bool,
    /// Host names answered besides localhost and IP addresses (`--allow-host`).
    pub allow_hosts: Vec<String>,
}

/// The site being previewed: the last good output and what the latest build found.
#[derive(Debug, Default)]
pub struct Preview {
    pub output: Arc<Output>,
    /// Diagnostics of the latest build, good or not.
    pub diagnostics: Vec<Diagnostic>,
    /// The tool's own failure in the latest build (a broken template, say).
    pub failure: Option<String>,
    pub generation: u64,
}

impl Preview {
    /// The message sent to pages: what to do, and the build's status.
    pub fn message(&self, action: &str) -> String {
        let diagnostics: Vec<serde_json::Value> = self
            .diagnostics
            .iter()
            .map(|d| {
                // The overlay shows the same snippet as the terminal.
                let mut json = d.to_json();
                json["text"] = serde_json::Value::String(d.render_human());
                json
            })
            .collect();
        let (_, warnings) = diagnostic::count(&self.diagnostics);
        serde_json::json!({
            "action": action,
            "status": {
                "generation": self.generation,
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

/// One build into memory: the output when there were no errors, and the
/// diagnostics. Files unchanged since the build that produced `previous`
/// are neither read nor parsed nor checked again, and their pages are kept
/// when nothing they show has changed; the link checks always cover the
/// whole site.
pub fn build_in_memory(
    root: &Path,
    drafts: bool,
    memory: &mut Memory,
    previous: Option<&Output>,
) -> anyhow::Result<(Option<Output>, Vec<Diagnostic>)> {
    let mut diags = Vec::new();
    // Links in the preview are served from the server's root, whatever base_url says.
    let site = build::load_site_cached(
        root,
        Some("/"),
        drafts,
        false,
        &mut diags,
        &mut memory.cache,
    )?;
    diagnostic::sort(&mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Ok((None, diags));
    }
    let theme = theme::load(root, &site.config.theme)?;
    let output = render::render_with(
        &site,
        &theme,
        &mut memory.memo,
        previous,
        &memory.cache.fresh,
        false,
        None,
    )?;
    memory.cache.rendered();
    Ok((Some(output), diags))
}

/// What a rebuild changed in the output, for the browser: nothing, only
/// stylesheets (swapped in place), or pages (reloaded).
pub fn action(old: &Output, new: &Output) -> &'static str {
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
            return "reload";
        }
        any = true;
    }
    if any {
        "css"
    } else {
        "none"
    }
}

/// Runs the preview until Ctrl-C.
pub fn serve(options: ServeOptions) -> anyhow::Result<()> {
    let root = options.root.clone();
    let started = Instant::now();
    let mut memory = Memory::default();
    let (output, diagnostics) = build_in_memory(&root, options.drafts, &mut memory, None)?;
    eprint!(
        "{}",
        diagnostic::render_all(&diagnostics, diagnostic::Format::Human, 0, "first build")
    );
    // With errors from the start there is no good site yet: serve a page the
    // overlay can sit on, and the real site once the errors are fixed.
    let output = output.unwrap_or_else(waiting_room);
    let pages = output.files.len();
    let preview = Arc::new(RwLock::new(Preview {
        output: Arc::new(output),
        diagnostics,
        failure: None,
        generation: 1,
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
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {}; anyone who can reach this machine can read the site, by its IP address or by a name allowed with --allow-host",
            options.bind
        );
    }
    if options.port != 0 && addr.port() != options.port {
        println!(
            "port {} is busy; using {} instead",
            options.port,
            addr.port()
        );
    }
    let url = format!("http://{addr}/");
    println!(
        "serving {pages} files at {url} (built in {} ms; Ctrl-C to stop)",
        started.elapsed().as_millis()
    );
    if options.open {
        open_browser(&url);
    }

    let (mut watcher, rx) = watch::watch(&root, options.poll)?;
    let drafts = options.drafts;
    std::thread::spawn(move || {
        while let Some(batch) = watch::next_batch(&rx) {
            watch::rewatch(&mut *watcher, &root, &batch);
            let change = watch::classify(&root, &batch);
            if change.is_empty() {
                continue;
            }
            let started = Instant::now();
            memory.forget(&change);
            let message = rebuild(
                &root,
                drafts,
                &preview,
                &mut memory,
                &change.describe(),
                started,
            );
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
    println!("stopped");
    Ok(())
}

/// Rebuilds after a change, updates the preview, prints one line, and returns
/// the message for the pages.
fn rebuild(
    root: &Path,
    drafts: bool,
    preview: &RwLock<Preview>,
    memory: &mut Memory,
    what: &str,
    started: Instant,
) -> String {
    // Build while pages are still served from the last good site.
    let previous = preview.read().map(|p| p.output.clone()).ok();
    // A bug that panics on some input must not end live reload for the
    // session: report it like any failure, and start the next build afresh.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        build_in_memory(root, drafts, memory, previous.as_deref())
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
    preview.generation += 1;
    let elapsed = started.elapsed().as_millis();
    let action = match result {
        Ok((Some(output), diags)) => {
            let action = action(&preview.output, &output);
            let (_, warnings) = diagnostic::count(&diags);
            println!(
                "changed {what}: {action} ({} files, {}) in {elapsed} ms",
                output.files.len(),
                diagnostic::plural(warnings, "warning")
            );
            preview.output = Arc::new(output);
            preview.diagnostics = diags;
            preview.failure = None;
            action
        }
        Ok((None, diags)) => {
            let (errors, _) = diagnostic::count(&diags);
            println!(
                "changed {what}: {} in {elapsed} ms; serving the last good site",
                diagnostic::plural(errors, "error")
            );
            for d in diags.iter().filter(|d| d.is_error()) {
                println!("  {}", d.render_short());
            }
            preview.diagnostics = diags;
            preview.failure = None;
            "none"
        }
        Err(err) => {
            println!("changed {what}: error: {err:#}; serving the last good site");
            preview.failure = Some(format!("error: {err:#}"));
            "none"
        }
    };
    preview.message(action)
}

fn waiting_room() -> Output {
    let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>quire</title></head><body><p>quire: the site has errors; this page reloads when they are fixed.</p></body></html>";
    let mut output = Output::default();
    output
        .files
        .insert("index.html".into(), Arc::new(page.as_bytes().to_vec()));
    output
        .files
        .insert("404.html".into(), Arc::new(page.as_bytes().to_vec()));
    output
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

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("warning: could not open a browser; open {url} yourself");
    }
}
