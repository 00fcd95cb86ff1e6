//! The module import graphs of `service/src` and `runtime/src` have no circle: a module that
//! uses another is never used by it, directly or through others. Modules are files; a reference
//! is any path naming another module of the crate (`crate::a::b`, `super::x`, a child module by
//! name, or a module brought in by `use crate::a`). Doc comments and the `#[cfg(test)]` module at
//! the end of a file do not count: tests may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[test]
fn service_modules_import_each_other_without_circles() {
    assert_no_circle("service/src");
}

#[test]
fn runtime_modules_import_each_other_without_circles() {
    assert_no_circle("runtime/src");
}

#[test]
fn the_checker_finds_a_circle_through_super_and_crate_paths() {
    let sources = [
        ("a", "use crate::b::Thing;"),
        ("b", "pub fn f() { super::c::g() }"),
        ("c", "use crate::{a};\nfn g() { a::h() }"),
        ("d", "// crate::a is only a comment\n/// [`crate::a`] too"),
    ];
    let modules: Vec<(String, String)> = sources
        .iter()
        .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
        .collect();
    let graph = import_graph(&modules);
    assert_eq!(
        find_circle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    assert!(graph["d"].is_empty(), "comments are not imports");
}

fn assert_no_circle(crate_dir: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(crate_dir);
    let modules = read_modules(&root);
    assert!(
        modules.len() > 5,
        "no modules found under {}",
        root.display()
    );
    let graph = import_graph(&modules);
    if let Some(circle) = find_circle(&graph) {
        panic!("{crate_dir} has an import circle: {}", circle.join(" -> "));
    }
}

/// Every module of the crate under `root` (but the crate roots, which only declare modules),
/// by path (`store::journal`), with its text up to its test module.
fn read_modules(root: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    collect_rust_files(root, &mut files);
    files
        .into_iter()
        .filter_map(|file| {
            let relative = file.strip_prefix(root).ok()?.with_extension("");
            let mut parts: Vec<String> = relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|last| last == "mod") {
                parts.pop();
            }
            let path = parts.join("::");
            if path == "lib" || path == "main" || path.starts_with("bin::") {
                return None;
            }
            let text = std::fs::read_to_string(&file).ok()?;
            Some((path, text))
        })
        .collect()
}

fn collect_rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            collect_rust_files(&path, files);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
}

/// Which modules each module refers to.
fn import_graph(modules: &[(String, String)]) -> BTreeMap<String, BTreeSet<String>> {
    let known: BTreeSet<&str> = modules.iter().map(|(path, _)| path.as_str()).collect();
    modules
        .iter()
        .map(|(module, text)| {
            let code = without_comments(production_part(text));
            let mut imported = BTreeSet::new();
            for path in paths(&code) {
                if let Some(target) = resolve(module, &path, &code, &known)
                    && target != *module
                {
                    imported.insert(target);
                }
            }
            (module.clone(), imported)
        })
        .collect()
}

/// The text before the file's `#[cfg(test)]` module.
fn production_part(text: &str) -> &str {
    text.find("#[cfg(test)]\nmod tests")
        .map_or(text, |start| &text[..start])
}

fn without_comments(text: &str) -> String {
    text.lines()
        .map(|line| line.find("//").map_or(line, |start| &line[..start]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `a::b::c` path in `code`, with `use crate::{x, y::z}` groups spelled out.
fn paths(code: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for (start, _) in code.match_indices("crate::{") {
        let group = &code[start + "crate::{".len()..];
        let group = &group[..group.find('}').unwrap_or(group.len())];
        for item in group.split(',') {
            let item = item.trim().trim_start_matches('{');
            if !item.is_empty() {
                found.push(
                    std::iter::once("crate")
                        .chain(item.split("::"))
                        .map(|segment| segment.trim().to_owned())
                        .collect(),
                );
            }
        }
    }
    let is_path_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':';
    for token in code.split(|c: char| !is_path_char(c)) {
        let segments: Vec<String> = token
            .split("::")
            .take_while(|segment| !segment.is_empty())
            .map(str::to_owned)
            .collect();
        if segments.len() > 1 && !token.starts_with(':') {
            found.push(segments);
        }
    }
    found
}

/// The module of the crate `path` names from inside `module`, if any: the longest known prefix.
fn resolve(module: &str, path: &[String], code: &str, known: &BTreeSet<&str>) -> Option<String> {
    let parent = || module.rsplit_once("::").map_or("", |(parent, _)| parent);
    let (base, rest): (String, &[String]) = match path.first()?.as_str() {
        "crate" => (String::new(), &path[1..]),
        "super" => (parent().to_owned(), &path[1..]),
        "self" => (module.to_owned(), &path[1..]),
        first => {
            let child = join(module, first);
            let imported = code.contains(&format!("use crate::{first};"))
                || code.contains(&format!("use crate::{first}::"))
                || (code.contains("use crate::{") && known.contains(first));
            if known.contains(child.as_str()) {
                (module.to_owned(), path)
            } else if imported && known.contains(first) {
                (String::new(), path)
            } else {
                return None;
            }
        }
    };
    (1..=rest.len())
        .rev()
        .map(|length| {
            rest[..length]
                .iter()
                .fold(base.clone(), |prefix, segment| join(&prefix, segment))
        })
        .find(|candidate| known.contains(candidate.as_str()))
        .or_else(|| known.contains(base.as_str()).then_some(base))
}

fn join(prefix: &str, segment: &str) -> String {
    if prefix.is_empty() {
        segment.to_owned()
    } else {
        format!("{prefix}::{segment}")
    }
}

/// A circle in `graph`, as the modules along it (the first repeated at the end), if there is one.
fn find_circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        trail: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(position) = trail.iter().position(|seen| seen == node) {
            let mut circle = trail[position..].to_vec();
            circle.push(node.to_owned());
            return Some(circle);
        }
        if done.contains(node) {
            return None;
        }
        trail.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, trail, done) {
                return Some(circle);
            }
        }
        trail.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}
