#!/usr/bin/env python3
"""Writes a deterministic corpus of complete playbooks for benchmarks.

usage: gen_corpus.py OUT_DIR [COUNT] [--no-links] [--hugo HUGO_DIR]

Each playbook is complete for its kind (every element covered), about 2,700
CJK characters, 7-11 `##` sections with a table and lists, and 5 links to
other playbooks, so `quire check` and `quire build` do all their work. The
site also gets a glossary of terms the text uses and a handbook of the first
40 playbooks.

With --hugo, the same pages are also written as a Hugo site (plain layouts,
tags as a taxonomy, RSS and sitemap off) for a side-by-side build.
"""
import os
import random
import sys

KINDS = {
    "group-rules": ["定位", "载体", "入群门槛", "群名片与编号", "发言规范", "奖惩机制", "人数上限", "清理机制", "角色分工", "群文化"],
    "sop": ["目标", "负责人", "时间基准", "步骤", "话术", "指标", "复盘"],
    "sharing": ["形式", "媒介", "角色", "准备", "流程", "互动规则", "规模", "输出"],
    "cases": ["背景", "社群与人群", "五要素", "做法", "成果", "启示", "来源"],
}
EXTRA = ["常见问题", "注意事项", "延伸阅读", "附录"]
WORDS = ("社群 运营 新人 群规 分享 话术 活跃 转化 复盘 指标 小助手 班主任 助教 仪式感 参与感 归属感 "
         "打卡 裂变 海报 邀请 奖励 门槛 暗号 编号 禁言 清理 潜水 核心群 邓巴数字 同好 结构 输出 复制 "
         "用户 内容 干货 答疑 直播 语音 图文 时间 流程 准备 主持人 嘉宾 规模 沉淀 文档 案例 背景 成果").split()


def sentence(rng):
    n = rng.randint(8, 16)
    return "".join(rng.choice(WORDS) for _ in range(n)) + rng.choice("。；，") + "\n"


def paragraph(rng, chars):
    out = ""
    while len(out) < chars:
        out += sentence(rng).rstrip("\n")
    return out[:chars].rstrip("，；") + "。\n"


def body(rng, kind, i, ids, links=True, next_id=None):
    headings = KINDS[kind] + rng.sample(EXTRA, rng.randint(0, 1))
    parts = []
    per = 2700 // len(headings)
    for h in headings:
        parts.append(f"## {h}\n\n")
        if kind == "sop" and h == "步骤":
            parts.append("| 时间 | 负责人 | 动作 | 话术 |\n|---|---|---|---|\n")
            for day in (-7, -1, 0, 1):
                parts.append(f"| D{day:+d} | 助教 | {paragraph(rng, 12).strip()} | — |\n" if day else f"| D0 20:00 | 班主任 | {paragraph(rng, 12).strip()} | — |\n")
            parts.append("\n")
        elif kind == "sop" and h == "话术":
            parts.append("```script\n{昵称}你好，" + paragraph(rng, 60) + "```\n\n")
        elif rng.random() < 0.3:
            for _ in range(3):
                parts.append("- " + paragraph(rng, per // 4))
            parts.append("\n")
        else:
            parts.append(paragraph(rng, per) + "\n")
    # The same text either way; with --no-links the references are plain text,
    # so two corpora differ only in the work links cause.
    # Each playbook also links to the next, so none is an orphan.
    for target in rng.sample(ids, 5) + ([next_id] if next_id else []):
        parts.append(f"参见[相关内容](../{target}.md)。\n" if links else f"参见相关内容 {target}。\n")
    return "".join(parts)


GLOSSARY = ["社群运营", "仪式感", "参与感", "归属感", "邓巴数字", "核心群", "小助手", "裂变", "复盘", "打卡"]


def hugo_site(out, pages):
    """The same pages as a Hugo site: front matter kept, links left as written."""
    os.makedirs(os.path.join(out, "layouts", "_default"), exist_ok=True)
    with open(os.path.join(out, "config.toml"), "w") as f:
        f.write('title = "基准语料"\nbaseURL = "/"\ndisableKinds = ["RSS", "sitemap"]\n'
                '[taxonomies]\ntag = "tags"\n[markup.goldmark.renderer]\nunsafe = true\n')
    page = ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>"
            "<body><nav>{{ range .Site.Sections }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ end }}</nav>"
            "<main><h1>{{ .Title }}</h1>{{ .TableOfContents }}{{ .Content }}</main></body></html>\n")
    listing = ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>"
               "<body><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n")
    for name, text in (("single.html", page), ("list.html", listing)):
        with open(os.path.join(out, "layouts", "_default", name), "w") as f:
            f.write(text)
    for id_, text in pages:
        path = os.path.join(out, "content", id_ + ".md")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)


def main():
    argv = sys.argv[1:]
    hugo = None
    if "--hugo" in argv:
        at = argv.index("--hugo")
        hugo = argv[at + 1]
        del argv[at:at + 2]
    args = [a for a in argv if not a.startswith("--")]
    links = "--no-links" not in argv
    out = args[0]
    count = int(args[1]) if len(args) > 1 else 10000
    rng = random.Random(42)
    kinds = list(KINDS)
    ids = [f"{kinds[i % 4]}/p{i:06d}" for i in range(count)]
    os.makedirs(os.path.join(out, "content"), exist_ok=True)
    with open(os.path.join(out, "quire.yaml"), "w") as f:
        f.write("title: 基准语料\n")
    for kind in kinds:
        os.makedirs(os.path.join(out, "content", kind), exist_ok=True)
    pages = []
    for i, id_ in enumerate(ids):
        kind = kinds[i % 4]
        fm = [f"title: 手册 {i}", f"summary: {paragraph(rng, 30).strip()}", "owner: 运营部", "tags: [新人, 基准]"]
        if kind == "group-rules":
            fm += ["platform: 微信群", "size_limit: 200"]
        if kind == "sop":
            fm += ["roles: [班主任, 助教]", "variables: [昵称]"]
        if kind == "sharing":
            fm += ["format: 干货分享", "medium: 图文"]
        text = "---\n" + "\n".join(fm) + "\n---\n\n" + body(rng, kind, i, [x for x in ids[max(0, i - 50):i + 50] if x != id_], links, ids[(i + 1) % count])
        with open(os.path.join(out, "content", id_ + ".md"), "w") as f:
            f.write(text)
        if hugo:
            pages.append((id_, text))
    with open(os.path.join(out, "content", "glossary.yaml"), "w") as f:
        for term in GLOSSARY:
            f.write(f"- term: {term}\n  definition: 基准语料里的术语“{term}”。\n")
    os.makedirs(os.path.join(out, "content", "handbooks"), exist_ok=True)
    with open(os.path.join(out, "content", "handbooks", "bench.yaml"), "w") as f:
        f.write("title: 基准手册\nchapters:\n")
        for kind in kinds:
            chosen = [x for x in ids[:40] if x.startswith(kind + "/")]
            f.write(f"  - title: {kind}\n    include: [{', '.join(chosen)}]\n")
    if hugo:
        hugo_site(hugo, pages)


if __name__ == "__main__":
    main()
