//! The file-system floor for a build, for benchmarks: read every Markdown
//! file under `<site>/content`, turn it into HTML with pulldown-cmark, and
//! write one file per page, in parallel, doing nothing else. quire's build
//! is compared with this (see docs/performance.md).
//!
//!     cargo run --release --example floor -- <site> <output>

use std::path::{Path, PathBuf};

use rayon::prelude::*;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(site), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: floor <site> <output>");
        std::process::exit(2);
    };
    let content = Path::new(site).join("content");
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.par_iter().try_for_each(|path| {
        let text = std::fs::read_to_string(path)?;
        let mut html = String::with_capacity(text.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&text));
        let rel = path
            .strip_prefix(&content)
            .unwrap_or(path)
            .with_extension("");
        let dir = Path::new(out).join(rel);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("index.html"), html)
    })
}
