#!/usr/bin/env python3
"""Writes a deterministic corpus of complete playbooks for benchmarks.

usage: gen_corpus.py OUT_DIR [COUNT] [--no-links]

Each playbook is complete for its kind (every element covered), about 2,700
CJK characters, 7-11 `##` sections with a table and lists, and 3-5 links to
other playbooks, so `quire check` and `quire build` do all their work.
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


def body(rng, kind, i, ids, links=True):
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
    for target in rng.sample(ids, 5):
        parts.append(f"参见[相关内容](../{target}.md)。\n" if links else f"参见相关内容 {target}。\n")
    return "".join(parts)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    links = "--no-links" not in sys.argv
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
    for i, id_ in enumerate(ids):
        kind = kinds[i % 4]
        fm = [f"title: 手册 {i}", f"summary: {paragraph(rng, 30).strip()}", "owner: 运营部", "tags: [新人, 基准]"]
        if kind == "group-rules":
            fm += ["platform: 微信群", "size_limit: 200"]
        if kind == "sop":
            fm += ["roles: [班主任, 助教]", "variables: [昵称]"]
        if kind == "sharing":
            fm += ["format: 干货分享", "medium: 图文"]
        text = "---\n" + "\n".join(fm) + "\n---\n\n" + body(rng, kind, i, [x for x in ids[max(0, i - 50):i + 50] if x != id_], links)
        with open(os.path.join(out, "content", id_ + ".md"), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
