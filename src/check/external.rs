//! `quire check --external`: are the web addresses playbooks link to still
//! alive? Opt-in and never part of a build, since it needs the network.
//! Each address is asked once (HEAD, then GET where HEAD is refused), by a
//! small pool of threads, each request bounded by a timeout.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use crate::base::codes::Code;
use crate::base::diagnostic::Diagnostic;
use crate::check::Checked;
use crate::input::site::Site;

/// How many addresses are asked at once.
const WORKERS: usize = 8;

/// Checks every http(s) link in the site; dead ones become `dead-external-link` warnings.
pub fn check(site: &Site, checked: &[Checked], timeout: Duration) -> Vec<Diagnostic> {
    // Every place each address is written: (playbook, byte range in the body).
    let mut places: BTreeMap<&str, Vec<(usize, std::ops::Range<usize>)>> = BTreeMap::new();
    for (i, checked) in checked.iter().enumerate() {
        for link in &checked.links {
            if !link.wiki && (link.dest.starts_with("http://") || link.dest.starts_with("https://"))
            {
                places
                    .entry(link.dest.as_str())
                    .or_default()
                    .push((i, link.range.clone()));
            }
        }
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!(
            "quire/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build()
        .into();
    let queue: Mutex<Vec<&str>> = Mutex::new(places.keys().copied().collect());
    let dead: Mutex<Vec<(&str, String)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..WORKERS.min(places.len()) {
            scope.spawn(|| {
                while let Some(url) = queue.lock().map(|mut q| q.pop()).unwrap_or(None) {
                    if let Err(why) = probe(&agent, url) {
                        if let Ok(mut dead) = dead.lock() {
                            dead.push((url, why));
                        }
                    }
                }
            });
        }
    });
    let mut diags = Vec::new();
    for (url, why) in dead.into_inner().unwrap_or_default() {
        for (i, range) in &places[url] {
            let p = &site.playbooks[*i];
            diags.push(
                Diagnostic::warning(Code::DeadExternalLink, &p.source, p.file_range(range.clone()), crate::tr!("{url} {why}", "{url} {why}"))
                    .with_help(crate::tr!("更新或删掉这个链接；只有加上 --external 时 quire 才检查网页链接", "update or remove the link; quire only checks web links when asked with --external")),
            );
        }
    }
    diags
}

/// `Ok` when the address answers with a success or redirect status.
fn probe(agent: &ureq::Agent, url: &str) -> Result<(), String> {
    let status = match agent.head(url).call() {
        // Some servers refuse HEAD; ask again the ordinary way.
        Ok(r) if matches!(r.status().as_u16(), 405 | 501) => {
            agent.get(url).call().map(|r| r.status())
        }
        other => other.map(|r| r.status()),
    };
    match status {
        Ok(s) if s.is_success() || s.is_redirection() => Ok(()),
        Ok(s) => Err(format!("answered {}", s.as_u16())),
        Err(ureq::Error::Timeout(_)) => Err("did not answer in time".into()),
        Err(e) => Err(format!("could not be reached ({e})")),
    }
}
