//! Every link in the built sample site leads somewhere: relative hrefs point
//! at files that exist and fragments at ids that exist in the target page.

use std::collections::HashMap;
use std::path::Path;

use crate::*;

fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!("{attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .unwrap()
        .into_owned()
}

#[test]
fn every_internal_link_resolves() {
    let out = TempDir::new().unwrap();
    let public = out.path().join("public");
    let run = quire(&repo(), &["build", "--output", public.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));

    let mut pages: HashMap<std::path::PathBuf, String> = HashMap::new();
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            pages.insert(entry.path().canonicalize().unwrap(), read(entry.path()));
        }
    }
    let mut checked = 0;
    let mut cross_page = 0;
    for (path, html) in &pages {
        if path.ends_with("404.html") {
            continue; // links there are absolute, from base_url
        }
        let dir = path.parent().unwrap();
        for href in attr_values(html, "href") {
            if href.contains("://") || href.starts_with("mailto:") {
                continue;
            }
            let (file, fragment) = href
                .split_once('#')
                .map_or((href, None), |(f, frag)| (f, Some(frag)));
            let target = if file.is_empty() {
                path.clone()
            } else {
                let t = dir.join(decode(file));
                assert!(t.is_file(), "{}: broken link {href}", path.display());
                t.canonicalize().unwrap()
            };
            if !file.is_empty() && file.ends_with("index.html") && target != *path {
                cross_page += 1;
            }
            if let Some(fragment) = fragment {
                let ids = attr_values(&pages[&target], "id");
                let fragment = decode(fragment);
                assert!(
                    ids.contains(&fragment.as_str()),
                    "{}: #{fragment} not found in {}",
                    path.display(),
                    Path::new(&target).display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} links checked");
    assert!(cross_page > 100);
}
