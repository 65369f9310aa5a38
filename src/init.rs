//! `quire init`: scaffold a new site (config, one playbook per kind, a
//! glossary and a handbook) that builds at once. Never overwrites: if any
//! file it would write exists, it writes nothing. Also `quire new`: one
//! playbook to fill in, written as a draft.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use include_dir::{include_dir, Dir};

static SCAFFOLD: Dir = include_dir!("$CARGO_MANIFEST_DIR/scaffold");

/// Writes the scaffold into `dir`, returning the files written.
pub fn init(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    collect(&SCAFFOLD, &mut files);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let existing: Vec<String> = files
        .iter()
        .filter(|(rel, _)| dir.join(rel).exists())
        .map(|(rel, _)| rel.display().to_string())
        .collect();
    if !existing.is_empty() {
        bail!(
            "refusing to overwrite existing files in {}: {}",
            dir.display(),
            existing.join(", ")
        );
    }
    let mut written = Vec::new();
    for (rel, contents) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&path, contents).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(rel);
    }
    Ok(written)
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<(PathBuf, &'static [u8])>) {
    for file in dir.files() {
        out.push((file.path().to_path_buf(), file.contents()));
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}

/// `quire new`: writes `content/<folder>/<slug>.md` for a kind, with each
/// element as a heading holding a placeholder, so `quire check --drafts`
/// lists what is left to write until every section is filled. The file says
/// `draft: true`, as Hugo's `hugo new` does: a half-written playbook full of
/// placeholders must not reach the published site, or fail its build,
/// before its author says it is ready.
pub fn new_playbook(
    root: &Path,
    kind_id: &str,
    slug: &str,
    title: Option<&str>,
) -> anyhow::Result<PathBuf> {
    crate::build::require_site(root)?;
    let mut diags = Vec::new();
    let config = crate::build::load_config(root, &mut diags);
    if let Some(d) = diags.iter().find(|d| d.is_error()) {
        bail!(
            "quire.yaml has an error: {}: {}",
            d.location(),
            d.message.en
        );
    }
    let Some(kind) = config
        .kinds
        .iter()
        .find(|k| k.id == kind_id || k.folder == kind_id)
    else {
        let ids: Vec<&str> = config.kinds.iter().map(|k| k.id.as_str()).collect();
        bail!("unknown kind `{kind_id}`; known kinds: {}", ids.join(", "));
    };
    let slug = slug.trim().trim_end_matches(".md");
    if slug.is_empty() || slug.contains(['/', '\\']) || slug.starts_with('.') {
        bail!("`{slug}` cannot be a file name: use one word without `/`, e.g. welcome or 读书群");
    }
    if let Some(problem) = crate::base::urls::name_problem(&format!("{slug}.md")) {
        bail!("`{slug}` cannot be a file name: {}", problem.en);
    }
    let path = root
        .join("content")
        .join(&kind.folder)
        .join(format!("{slug}.md"));
    if path.exists() {
        bail!("refusing to overwrite {}", path.display());
    }
    let mut text = String::from("---\n");
    text.push_str(&format!("title: {}\n", yaml_text(title.unwrap_or(slug))));
    text.push_str(&format!(
        "summary: 🔲 一句话说明这份{}是做什么的\n",
        kind.name_zh
    ));
    text.push_str("owner: 🔲\n");
    text.push_str(&format!(
        "reviewed: {}\nreview_every: 180d\ntags: []\n",
        crate::base::dates::today()
    ));
    text.push_str(
        "draft: true    # 草稿：写完后删掉这一行才会发布（quire build --drafts 也会发布）\n",
    );
    for e in kind.elements.iter().filter(|e| e.field.is_some()) {
        let field = e.field.as_deref().unwrap_or_default();
        if field != "owner" {
            text.push_str(&format!(
                "# {field}:    # {}：可以写在这里，也可以写在下面的“{}”一节\n",
                e.name, e.name
            ));
        }
    }
    text.push_str("---\n");
    for e in &kind.elements {
        let heading = e.name.split('/').next().unwrap_or(&e.name);
        text.push_str(&format!("\n## {heading}\n\n"));
        if e.field_type == crate::input::kind::FieldType::Steps {
            text.push_str(
                "| 时间 | 负责人 | 动作 | 话术 |\n|---|---|---|---|\n| 🔲 | 🔲 | 🔲 | 🔲 |\n",
            );
        } else {
            text.push_str("🔲 待补充\n");
        }
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}

/// A YAML scalar for `text`, quoted when it would not read back as itself.
fn yaml_text(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.starts_with(|c: char| "[]{}#&*!|>'\"%@`-?:,".contains(c) || c.is_whitespace())
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with([' ', ':']);
    if plain {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}
