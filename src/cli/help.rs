//! `quire --help` in Chinese. The English help is clap's, written on the
//! arguments in `cli/mod.rs`; for a Chinese run this module replaces each
//! command's description, each argument's help, the headings and the
//! examples with the Chinese below, keyed by command and argument name.
//! A test checks that every command and argument has its Chinese here.

use clap::Command;

use crate::base::i18n::Language;

/// `(command, argument, Chinese help)`: the argument `""` is the command's
/// own description, `"after"` its examples; the command `""` is the
/// program's own, and what an argument says under every command.
const ZH: &[(&str, &str, &str)] = &[
    ("", "", "把一文件夹的社群运营手册变成培训网站"),
    ("", "after", "示例：
  quire init my-handbook           在 ./my-handbook 新建一个站点
  quire check                      检查每一篇手册，不写任何文件
  quire build                      先检查，再把站点构建到 ./public
  quire build --base-url /handbook/
                                   构建要发布在子路径下的站点
  quire serve --open               边写边预览，保存后自动刷新
  quire new sop welcome --title 新人接待
                                   按这一类的要素标题新建一篇手册
  quire schema                     为编辑器写出 JSON Schema"),
    // What several commands share (`--root`, `--format`, `--strict`), once.
    ("", "root", "站点文件夹，里面有 quire.yaml 和 content/"),
    ("", "format", FORMAT),
    ("", "strict", "有警告也算失败（退出码 1）"),
    ("", "lang", "提示和帮助用的语言：zh-CN 或 en（默认看 QUIRE_LANG，再看站点的 `language`）"),
    ("", "help", "显示帮助"),
    ("", "version", "显示版本"),
    ("build", "", "检查每一篇手册，然后把站点构建到输出文件夹（默认 public/）"),
    ("build", "after", "示例：
  quire build
  quire build --root my-handbook --output dist --base-url /handbook/
  quire build --strict --format github     （在 CI 里）
  quire build --handbook newcomer          （只构建一本手册的打印页和 PDF）"),
    ("build", "output", "站点写到哪里（默认 <root>/public；相对路径从当前文件夹算起）"),
    ("build", "base_url", "站点发布在哪个网址路径下，例如 /handbook/"),
    ("build", "drafts", "把标着 `draft: true` 的草稿也构建进去"),
    ("build", "handbook", "只构建这一本手册（content/handbooks/<ID>.yaml）的打印页和 PDF"),
    ("build", "no_pdf", "不生成手册的 PDF"),
    ("build", "ignore_system_fonts", "PDF 只用站点 fonts/ 文件夹里的字体"),
    ("build", "timings", "显示每个阶段用了多久（读取、解析、检查、链接、渲染、PDF、写入）"),
    ("check", "", "按类型要求和领域规则检查每一篇手册，不写任何文件"),
    ("check", "after", "示例：
  quire check
  quire check --strict --format short
  quire check --format json > problems.json"),
    ("check", "drafts", "草稿也检查"),
    ("check", "external", "同时检查 http(s) 链接能不能打开（需要联网）"),
    ("check", "timeout", "用 --external 时每个网址最多等几秒"),
    ("serve", "", "边写边预览：在内存里构建站点并提供访问，每次保存都重新构建"),
    ("serve", "after", "示例：
  quire serve
  quire serve --port 0 --open
  quire serve --poll     （网络盘、WSL、容器里）
  quire serve --bind 0.0.0.0 --allow-host handbook.office     （给办公室网络里的同事看）"),
    ("serve", "bind", "监听的地址；不是 127.0.0.1 时，同一网络里的人都能打开预览"),
    ("serve", "port", "端口；0（或端口被占用时）自动选一个空闲的"),
    ("serve", "allow_host", "也接受这个主机名的请求（可以写多次；`.corp.example` 表示它下面的所有名字）。localhost 和 IP 地址总是接受"),
    ("serve", "open", "用默认浏览器打开站点"),
    ("serve", "poll", "定时轮询文件变化，而不是等文件系统通知"),
    ("serve", "drafts", "没有作用，只为旧脚本还能运行而保留：预览总是显示草稿"),
    ("init", "", "新建一个站点：配置、每类一篇示例手册、术语表和一本手册定义"),
    ("init", "after", "示例：
  quire init my-handbook
  quire init            （在一个空文件夹里）"),
    ("init", "dir", "在哪个文件夹里建站点（默认当前文件夹）"),
    ("new", "", "新建一篇手册（草稿），把这一类的要素写成待填的标题"),
    ("new", "after", "示例：
  quire new sop welcome --title 新人入群接待
  quire new group-rules 读书群"),
    ("new", "kind", "类型：group-rules、sop、sharing-format、case-study，或 quire.yaml 里定义的"),
    ("new", "slug", "文件名（不带 .md），例如 welcome 或 读书群"),
    ("new", "title", "标题（默认就是文件名）"),
    ("schema", "", "为每个类型写出 front matter 的 JSON Schema，让编辑器补全和检查字段"),
    ("schema", "after", "示例：
  quire schema
  quire schema --out .vscode/schemas"),
    ("schema", "out", "写到哪里（默认 <root>/schemas；相对路径从当前文件夹算起）"),
    ("help", "", "显示这份帮助，或某个命令的帮助"),
];

/// `--format` and what each of its values means (clap's own list of
/// values would say "Possible values" in English).
const FORMAT: &str = "问题的显示格式：human（默认）是带源代码行和 ^ 标记的片段；short 每个问题一行\
（`文件:行:列: 级别[代码] 说明`）；json 是一份 JSON 文档；github 是 GitHub Actions 的注解";

const TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// `command` as a run in `lang` shows its help.
pub fn localize(command: Command, lang: Language) -> Command {
    if lang != Language::Zh {
        return command;
    }
    let mut command = command;
    // clap adds `--help`, `--version` and `help` when it builds the
    // command: build first, so they can be translated too.
    command.build();
    translate(command, "")
}

fn translate(command: Command, name: &str) -> Command {
    let mut command = command
        .help_template(TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令");
    if let Some(about) = zh(name, "") {
        command = command.about(about).long_about(None);
    }
    // clap writes `[OPTIONS]` into the usage line itself.
    let usage = command.render_usage().to_string();
    let usage = usage
        .trim_start_matches("Usage: ")
        .replace("[OPTIONS]", "[选项]");
    command = command.override_usage(usage);
    if let Some(after) = zh(name, "after") {
        command = command.after_help(after).after_long_help(None);
    }
    let args: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in args {
        let help = zh(name, &id).or_else(|| zh("", &id));
        command = command.mut_arg(id.as_str(), |arg| {
            let heading = if arg.is_positional() {
                "参数"
            } else {
                "选项"
            };
            let Some(help) = help else {
                return arg.help_heading(heading);
            };
            // clap says defaults and values in English: say them in the help.
            let defaults: Vec<String> = arg
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            let help = match defaults.first().map(String::as_str) {
                _ if !arg.get_action().takes_values() || help.contains("默认") => {
                    help.to_string()
                }
                Some(".") => format!("{help}（默认当前文件夹）"),
                Some(default) => format!("{help}（默认 {default}）"),
                None => help.to_string(),
            };
            arg.help_heading(heading)
                .help(help)
                .long_help(None)
                .hide_default_value(true)
                .hide_possible_values(true)
        });
    }
    let subcommands: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subcommands {
        command = command.mut_subcommand(sub.as_str(), |s| translate(s, &sub));
    }
    command
}

/// A mistake on the command line in Chinese, for the mistakes people make
/// most (a mistyped command or option, a value that is not allowed, a
/// missing argument); `None` leaves the rest to clap's English.
pub fn error(err: &clap::Error, lang: Language) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if lang != Language::Zh {
        return None;
    }
    let get = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join("、")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::StyledStrs(v)) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("、"),
        ),
        _ => None,
    };
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let mut line = match err.kind() {
        ErrorKind::InvalidSubcommand => {
            let name = get(ContextKind::InvalidSubcommand)?;
            format!("没有 `{name}` 这个命令")
        }
        ErrorKind::UnknownArgument => format!("不认识的选项 `{arg}`"),
        ErrorKind::InvalidValue => {
            let value = get(ContextKind::InvalidValue).unwrap_or_default();
            match get(ContextKind::ValidValue) {
                Some(valid) => format!("`{arg}` 不能是 `{value}`，可以写：{valid}"),
                None => format!("`{arg}` 不能是 `{value}`"),
            }
        }
        ErrorKind::ValueValidation => {
            let value = get(ContextKind::InvalidValue).unwrap_or_default();
            let why = std::error::Error::source(err).map(|e| e.to_string());
            format!("`{arg}` 不能是 `{value}`（{}）", why.unwrap_or_default())
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必须写的参数：{arg}"),
        _ => return None,
    };
    let suggested =
        get(ContextKind::SuggestedSubcommand).or_else(|| get(ContextKind::SuggestedArg));
    if let Some(suggested) = suggested {
        line.push_str(&format!("；是不是想写 `{suggested}`？"));
    }
    let mut text = format!("错误：{line}\n\n");
    if let Some(usage) = get(ContextKind::Usage) {
        let usage = usage.trim_start_matches("Usage: ");
        text.push_str(&format!("用法：{usage}\n\n"));
    }
    text.push_str("运行 `quire --help` 看所有命令和选项。\n");
    Some(text)
}

fn zh(command: &str, arg: &str) -> Option<&'static str> {
    ZH.iter()
        .find(|(c, a, _)| *c == command && *a == arg)
        .map(|(_, _, text)| *text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory as _;

    /// Every command and argument the English help has is in Chinese too.
    #[test]
    fn every_command_and_argument_has_its_chinese() {
        let mut command = crate::cli::Cli::command();
        command.build();
        fn walk(c: &Command, name: &str) {
            assert!(
                zh(name, "").is_some(),
                "`{name}` has no Chinese description"
            );
            if name != "help" && !name.is_empty() {
                assert!(
                    zh(name, "after").is_some(),
                    "`{name}` has no Chinese examples"
                );
            }
            for arg in c.get_arguments() {
                let id = arg.get_id().as_str();
                assert!(
                    zh(name, id).or_else(|| zh("", id)).is_some(),
                    "`{name} --{id}` has no Chinese help"
                );
            }
            for sub in c.get_subcommands() {
                walk(sub, sub.get_name());
            }
        }
        walk(&command, "");
    }
}
