//! Watching the site for edits. notify reports raw file-system events;
//! this module keeps the ones that matter, sorts them into what they touch
//! ([`Change`]), and debounces a burst of them into one rebuild.
//!
//! Directories are watched, not files: editors save by writing a temporary
//! file and renaming it over the original (vim, VS Code, JetBrains), which
//! a watch on the original file would miss. A watched folder that is deleted
//! takes its watch with it; when it comes back (or first appears) it is a
//! new folder, which [`rewatch`] watches again.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

use notify::event::ModifyKind;
use notify::{Event, EventKind, RecursiveMode, Watcher};

use crate::base::i18n::Text;
use crate::input::load::is_ignored_name;
use crate::tr;

/// What a batch of file-system events touched, by the part of the site it feeds.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Change {
    /// Playbook files under `content/`, relative to the site root.
    pub playbooks: Vec<String>,
    pub glossary: bool,
    pub handbooks: bool,
    pub config: bool,
    /// The `content/` folder itself came or went, and everything in it.
    pub content: bool,
    pub templates: bool,
    /// Files published as they are: under a theme's or the site's
    /// `static/`, and the images and attachments under `content/`.
    pub static_files: bool,
}

impl Change {
    pub fn is_empty(&self) -> bool {
        *self == Change::default()
    }

    /// Whether everything must be rebuilt (config and templates shape every page).
    pub fn is_global(&self) -> bool {
        self.config || self.content || self.templates
    }

    /// One line for the terminal: what changed.
    pub fn describe(&self) -> Text {
        let mut parts: Vec<Text> = Vec::new();
        match self.playbooks.len() {
            0 => {}
            1 => parts.push(Text::same(&self.playbooks[0])),
            n => parts.push(tr!("{n} 篇手册", "{n} playbooks")),
        }
        for (flag, name) in [
            (self.glossary, tr!("术语表", "the glossary")),
            (self.handbooks, tr!("一本手册定义", "a handbook")),
            (self.config, Text::same("quire.yaml")),
            (self.content, Text::same("content/")),
            (self.templates, tr!("模板", "templates")),
            (self.static_files, tr!("图片和文件", "images and files")),
        ] {
            if flag {
                parts.push(name);
            }
        }
        Text::join(&parts, "、", ", ")
    }

    /// Adds the meaning of one changed path.
    pub fn add(&mut self, root: &Path, path: &Path) {
        let Ok(rel) = path.strip_prefix(root) else {
            return;
        };
        let rel = crate::input::load::relative(Path::new(""), rel);
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        if rel.is_empty() || is_ignored_name(name) || rel.split('/').any(|seg| seg.starts_with('.'))
        {
            return;
        }
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        if rel == "quire.yaml" {
            self.config = true;
        } else if rel == "content" {
            self.content = true;
        } else if let Some(under) = rel.strip_prefix("content/") {
            let source = crate::base::source::is_source_extension(&ext);
            if under == "glossary.yaml" || under == "glossary.yml" {
                self.glossary = true;
            } else if under.starts_with("handbooks/") && source {
                self.handbooks = true;
            } else if source {
                if !self.playbooks.contains(&rel) {
                    self.playbooks.push(rel);
                }
            } else if !path.is_file() && ext.is_empty() {
                // A folder was renamed or removed: its playbooks and files with it.
                self.playbooks.push(rel);
                self.static_files = true;
            } else {
                // An image or attachment: published as it is, and its size
                // is written into the pages that show it.
                self.static_files = true;
            }
        } else if rel == "themes" || rel.starts_with("themes/") {
            // `themes/<name>/templates/…` and `themes/<name>/static/…`; a
            // folder above those takes both with it when it comes or goes.
            match rel.split('/').nth(2) {
                Some("templates") => self.templates = true,
                Some("static") => self.static_files = true,
                Some(_) => {}
                None => {
                    self.templates = true;
                    self.static_files = true;
                }
            }
        } else if rel == "static" || rel.starts_with("static/") {
            self.static_files = true;
        }
    }
}

/// Sorts events into a [`Change`]; access-only events are not changes.
pub fn classify(root: &Path, events: &[Event]) -> Change {
    let mut change = Change::default();
    for event in events {
        if matches!(event.kind, EventKind::Access(_)) {
            continue;
        }
        for path in &event.paths {
            change.add(root, path);
        }
    }
    change
}

/// How long the site must be quiet before a save is rebuilt: an editor's
/// save is a few events within a millisecond or two.
pub const QUIET: Duration = Duration::from_millis(20);
/// The quiet that ends a long burst (see [`quiet_after`]).
pub const LONG_QUIET: Duration = Duration::from_millis(100);
/// The longest a steady stream of events may hold back a rebuild. Long
/// enough that a burst of a second or so (a script, a checkout, an editor
/// saving on every keystroke) is one rebuild, not one every few hundred
/// milliseconds with the site half-written.
pub const MAX_WAIT: Duration = Duration::from_secs(2);

/// The quiet that ends a burst that has gone on for `elapsed`: [`QUIET`] at
/// first, then a tenth of the burst, up to [`LONG_QUIET`], so that a writer
/// that pauses for a moment in the middle of a long burst does not split it.
pub fn quiet_after(elapsed: Duration) -> Duration {
    (elapsed / 10).clamp(QUIET, LONG_QUIET)
}

/// Waits for the next batch: blocks for a first event, then collects until
/// the site has been quiet for [`quiet_after`] the burst so far, or for
/// [`MAX_WAIT`] in all. Events that arrive while the caller rebuilds stay in
/// the channel and make the next batch, so no change is lost; finding them
/// there means the burst goes on, so that batch waits for [`LONG_QUIET`]
/// from the start. Reads (the rebuild's own among them) and the watcher's
/// errors change nothing: they neither start a batch nor keep one open.
/// `None` when the watcher is gone.
pub fn next_batch(events: &Receiver<notify::Result<Event>>) -> Option<Vec<Event>> {
    let counts = |event: notify::Result<Event>| {
        event
            .ok()
            .filter(|e| !matches!(e.kind, EventKind::Access(_)))
    };
    let (first, going_on) = loop {
        let (event, waiting) = match events.try_recv() {
            Ok(event) => (event, true),
            Err(TryRecvError::Empty) => (events.recv().ok()?, false),
            Err(TryRecvError::Disconnected) => return None,
        };
        if let Some(event) = counts(event) {
            break (event, waiting);
        }
    };
    let mut batch = vec![first];
    let started = Instant::now();
    let mut last = started;
    loop {
        let now = Instant::now();
        let quiet = if going_on {
            LONG_QUIET
        } else {
            quiet_after(now - started)
        };
        let until = (last + quiet).min(started + MAX_WAIT);
        let wait = until.saturating_duration_since(now);
        if wait.is_zero() {
            return Some(batch);
        }
        match events.recv_timeout(wait) {
            Ok(event) => {
                if let Some(event) = counts(event) {
                    batch.push(event);
                    last = Instant::now();
                }
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return Some(batch),
        }
    }
}

/// A running watcher (dropping it stops the watching) and its events.
pub type Watching = (Box<dyn Watcher + Send>, Receiver<notify::Result<Event>>);

/// The site's folders that are watched recursively; the root itself is
/// watched alone.
const FOLDERS: [&str; 3] = ["content", "themes", "static"];

/// Watches each of the site's [`FOLDERS`] that a batch shows appearing
/// (created, or renamed into place). A folder that was deleted and restored
/// is a new folder: the watch on the old one went with it, and the root's
/// own watch is not recursive, so without this nothing in it would be seen.
/// Only appearances count: reading a folder also names it, and the new
/// watch reads it.
pub fn rewatch(watcher: &mut dyn Watcher, root: &Path, events: &[Event]) {
    for dir in FOLDERS {
        let path = root.join(dir);
        let appeared = events.iter().any(|e| {
            matches!(
                e.kind,
                EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_))
            ) && e.paths.contains(&path)
        });
        if appeared && path.is_dir() {
            // One watch per folder, whether or not the old one is still known.
            let _ = watcher.unwatch(&path);
            if let Err(err) = watcher.watch(&path, RecursiveMode::Recursive) {
                eprintln!("warning: cannot watch {}: {err}", path.display());
            }
        }
    }
}

/// Starts watching the site's folders. `poll` uses a polling watcher, for
/// network drives, WSL and containers where native events do not arrive.
pub fn watch(root: &Path, poll: bool) -> anyhow::Result<Watching> {
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher: Box<dyn Watcher + Send> = if poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
        Box::new(notify::PollWatcher::new(tx, config)?)
    } else {
        Box::new(notify::recommended_watcher(tx)?)
    };
    // The root itself, not recursively: quire.yaml lives there, and `public/`
    // or `target/` below it must not wake the watcher.
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for dir in FOLDERS {
        let path: PathBuf = root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    Ok((watcher, rx))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, ModifyKind, RemoveKind, RenameMode};

    fn ev(kind: EventKind, paths: &[&str]) -> Event {
        let mut e = Event::new(kind);
        for p in paths {
            e = e.add_path(PathBuf::from("/site").join(p));
        }
        e
    }

    #[test]
    fn a_vim_save_is_one_playbook_change() {
        // vim writes a probe file, a backup, the new text under a swap name, then renames.
        let events = [
            ev(EventKind::Create(CreateKind::File), &["content/sop/4913"]),
            ev(EventKind::Remove(RemoveKind::File), &["content/sop/4913"]),
            ev(
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &["content/sop/welcome.md", "content/sop/welcome.md~"],
            ),
            ev(
                EventKind::Create(CreateKind::File),
                &["content/sop/.welcome.md.swp"],
            ),
            ev(
                EventKind::Create(CreateKind::File),
                &["content/sop/welcome.md"],
            ),
            ev(
                EventKind::Modify(ModifyKind::Data(DataChange::Content)),
                &["content/sop/welcome.md"],
            ),
            ev(
                EventKind::Remove(RemoveKind::File),
                &["content/sop/welcome.md~"],
            ),
        ];
        let change = classify(Path::new("/site"), &events);
        assert_eq!(change.playbooks, ["content/sop/welcome.md"]);
        assert!(!change.is_global());
        assert_eq!(change.describe().en, "content/sop/welcome.md");
    }

    #[test]
    fn a_vscode_save_renames_a_temp_file_over_the_original() {
        let events = [
            ev(
                EventKind::Create(CreateKind::File),
                &["content/cases/小米社区.md.tmp"],
            ),
            ev(
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &["content/cases/小米社区.md.tmp", "content/cases/小米社区.md"],
            ),
        ];
        assert_eq!(
            classify(Path::new("/site"), &events).playbooks,
            ["content/cases/小米社区.md"]
        );
    }

    #[test]
    fn each_part_of_the_site_is_told_apart() {
        let paths = [
            "quire.yaml",
            "content/glossary.yaml",
            "content/handbooks/newcomer.yaml",
            "themes/default/templates/playbook.html",
            "themes/mine/static/style.css",
            "static/logo.png",
            "public/index.html",
            ".git/index",
            "content/sop/.#welcome.md",
            "content/sop/welcome.md___jb_tmp___",
        ];
        let events: Vec<Event> = paths
            .iter()
            .map(|p| ev(EventKind::Modify(ModifyKind::Any), &[p]))
            .collect();
        let change = classify(Path::new("/site"), &events);
        assert_eq!(
            change,
            Change {
                playbooks: vec![],
                glossary: true,
                handbooks: true,
                config: true,
                content: false,
                templates: true,
                static_files: true
            }
        );
        assert!(change.is_global());
        let only_noise = classify(Path::new("/site"), &events[6..]);
        assert!(only_noise.is_empty());
    }

    #[test]
    fn the_site_folders_coming_or_going_are_changes() {
        let folder = |p: &str| {
            classify(
                Path::new("/site"),
                &[ev(EventKind::Create(CreateKind::Folder), &[p])],
            )
        };
        let content = folder("content");
        assert!(content.content && content.is_global());
        assert_eq!(content.describe().en, "content/");
        for p in ["themes", "themes/mine"] {
            let change = folder(p);
            assert!(change.templates && change.static_files, "{p}");
        }
        assert!(folder("themes/mine/templates").templates);
        assert!(!folder("themes/mine/templates").static_files);
        assert!(folder("themes/mine/static").static_files);
        assert!(folder("static").static_files);
        assert!(folder("themes/mine/README.md").is_empty());
    }

    #[test]
    fn an_image_beside_a_playbook_is_a_change_of_published_files() {
        let change = classify(
            Path::new("/site"),
            &[ev(
                EventKind::Modify(ModifyKind::Any),
                &["content/group-rules/二维码.png"],
            )],
        );
        assert!(
            change.static_files && change.playbooks.is_empty(),
            "{change:?}"
        );
    }

    #[test]
    fn a_long_burst_needs_a_longer_quiet_to_end() {
        let ms = Duration::from_millis;
        assert_eq!(quiet_after(ms(0)), QUIET);
        assert_eq!(quiet_after(ms(150)), QUIET);
        assert_eq!(quiet_after(ms(500)), ms(50));
        assert_eq!(quiet_after(ms(1000)), LONG_QUIET);
        assert_eq!(quiet_after(MAX_WAIT), LONG_QUIET);
    }

    #[test]
    fn events_already_waiting_are_one_batch() {
        let (tx, rx) = std::sync::mpsc::channel();
        for _ in 0..1000 {
            let event = ev(
                EventKind::Modify(ModifyKind::Any),
                &["content/sop/welcome.md"],
            );
            tx.send(Ok(event)).unwrap();
        }
        drop(tx);
        assert_eq!(next_batch(&rx).map(|b| b.len()), Some(1000));
        assert!(next_batch(&rx).is_none());
    }

    #[test]
    fn reads_make_no_batch() {
        let (tx, rx) = std::sync::mpsc::channel();
        let read = || {
            let kind = EventKind::Access(notify::event::AccessKind::Read);
            Ok(ev(kind, &["content/sop/welcome.md"]))
        };
        let write = ev(
            EventKind::Modify(ModifyKind::Any),
            &["content/sop/welcome.md"],
        );
        for event in [read(), read(), Ok(write.clone()), read()] {
            tx.send(event).unwrap();
        }
        tx.send(Err(notify::Error::generic("lost"))).unwrap();
        drop(tx);
        assert_eq!(next_batch(&rx), Some(vec![write]));
        assert!(next_batch(&rx).is_none());
    }

    #[test]
    fn access_events_are_not_changes() {
        let events = [ev(
            EventKind::Access(notify::event::AccessKind::Read),
            &["content/sop/welcome.md"],
        )];
        assert!(classify(Path::new("/site"), &events).is_empty());
    }
}
