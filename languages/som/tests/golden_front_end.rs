//! The SOM golden corpus, `tests/golden/som/` (its `README.md` says how a runner runs it),
//! checked with what exists without an interpreter: the front end and the files' conventions.
//!
//! * Every class file of the corpus goes through [`parse_class`] and [`check_inherited`] (with
//!   the fields its superclasses declare, found as the launcher would: the file's own directory
//!   first, then the project's `core-lib/`). A file that a test expects not to compile — named
//!   by the first line of some `.stderr`, `File 'tests/golden/som/…/X.som', line L, column C:`
//!   — must fail with exactly that report (§14.3, [`CompileError::render`] with the path the
//!   launcher prints when run from the repository root); every other file must compile.
//! * The corpus is well-formed: entry points are the `.som` files with an `.out` beside them;
//!   `.status`, `.stderr`, `.args` and `.by-name` belong to an entry point; statuses are
//!   non-zero integers; text files end with a newline; class file names are unique; each
//!   category's expectations have its shape (compile errors, VM errors, Smalltalk errors).
//!
//! The checks are one function, [`corpus_problems`], run on the real corpus (which must have
//! none) and on a small corpus with planted defects (each of which must be reported).

use som::parser::{check_inherited, parse_class, ClassDef, CompileError, Superclass};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The corpus's directories (§15.3, §16.2, §17), each holding at least one test.
const CATEGORIES: &[&str] = &[
    "arrays",
    "basic_interpreter",
    "bigint",
    "blocks",
    "classes",
    "closures",
    "collections",
    "control",
    "dnu",
    "doubles",
    "errors_compile",
    "errors_smalltalk",
    "errors_vm",
    "globals",
    "integers",
    "launcher",
    "nonlocal_return",
    "printing",
    "reflection",
    "strings",
    "super",
    "symbols",
    "system",
];

/// Entry points whose file declares a class name other than the file's (§1: the file named
/// by `TARGET` is used whatever name it declares). Every other file declares its own name.
const NAME_DIFFERS: &[&str] = &["launcher/LauncherFileName.som", "launcher/LauncherFileNameArgs.som"];

/// How compile errors name a corpus file: the path the launcher was given, relative to the
/// repository root the runner works in (README.md).
const PATH_PREFIX: &str = "tests/golden/som";

/// The first line of every VM-level error report (§14.2).
const TRACEBACK: &str = "Traceback (most recent call at bottom):";

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden/som")
}

fn core_lib() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("core-lib")
}

/// Every file under `dir`, by its path relative to `root` with `/` separators.
fn read_tree(root: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_tree(root, &path, files);
        } else {
            let relative = path.strip_prefix(root).expect("under the root");
            let key = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>();
            files.insert(key.join("/"), std::fs::read(&path).expect("readable file"));
        }
    }
}

/// `a/b/C.som` → (`a/b`, `C`, `som`); a file without extension has the extension `""`.
fn split(path: &str) -> (&str, &str, &str) {
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
    let (stem, extension) = file.rsplit_once('.').unwrap_or((file, ""));
    (dir, stem, extension)
}

fn sibling(path: &str, extension: &str) -> String {
    let (dir, stem, _) = split(path);
    if dir.is_empty() {
        format!("{stem}.{extension}")
    } else {
        format!("{dir}/{stem}.{extension}")
    }
}

fn text<'a>(files: &'a BTreeMap<String, Vec<u8>>, path: &str, problems: &mut Vec<String>) -> Option<&'a str> {
    let bytes = files.get(path)?;
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(_) => {
            problems.push(format!("{path}: not UTF-8"));
            None
        }
    }
}

/// Class files by name as the launcher finds them for a class in directory `dir` of the corpus:
/// `dir/NAME.som`, else `core-lib/NAME.som` (the target's directory is in front of the class
/// path, §1).
struct ClassFinder<'a> {
    files: &'a BTreeMap<String, Vec<u8>>,
    core_lib: &'a Path,
    /// By [`ClassFinder::find`]'s key: the class, `None` if the file does not parse.
    cache: BTreeMap<String, Option<ClassDef>>,
}

impl ClassFinder<'_> {
    /// The class named `name` seen from directory `dir`: its key in the cache, or `None`.
    fn find(&mut self, dir: &str, name: &str) -> Option<String> {
        let local = if dir.is_empty() { format!("{name}.som") } else { format!("{dir}/{name}.som") };
        let key = if self.files.contains_key(&local) {
            local
        } else {
            let path = self.core_lib.join(format!("{name}.som"));
            if !path.is_file() {
                return None;
            }
            format!("core-lib:{name}")
        };
        if !self.cache.contains_key(&key) {
            let text = match key.strip_prefix("core-lib:") {
                Some(name) => std::fs::read_to_string(self.core_lib.join(format!("{name}.som"))).ok(),
                None => self.files.get(&key).and_then(|b| String::from_utf8(b.clone()).ok()),
            };
            let parsed = text.and_then(|text| parse_class(&text).ok());
            self.cache.insert(key.clone(), parsed);
        }
        Some(key)
    }

    fn class(&self, key: &str) -> Option<&ClassDef> {
        self.cache.get(key)?.as_ref()
    }

    /// The superclasses of `class` (a class file in `dir`), nearest first, or why they cannot
    /// be found.
    fn superclasses(&mut self, dir: &str, class: &ClassDef) -> Result<Vec<String>, String> {
        let mut chain: Vec<String> = Vec::new();
        let mut next = superclass_name(class);
        while let Some(name) = next {
            if chain.len() > 64 {
                return Err(format!("the superclass chain of {} has a cycle", class.name.name));
            }
            let key = self.find(dir, &name).ok_or_else(|| format!("superclass {name} not found"))?;
            let superclass = self.class(&key).ok_or_else(|| format!("superclass {name} does not compile"))?;
            next = superclass_name(superclass);
            chain.push(key);
        }
        Ok(chain)
    }

    /// The inherited instance fields and class-side fields of `class` for [`check_inherited`].
    fn inherited_fields(
        &mut self,
        dir: &str,
        class: &ClassDef,
    ) -> Result<(Vec<String>, Vec<String>), String> {
        let chain = self.superclasses(dir, class)?;
        let mut instance = Vec::new();
        let mut class_side = Vec::new();
        for key in chain.iter().rev() {
            let superclass = self.class(key).expect("resolved above");
            instance.extend(superclass.instance_fields.iter().map(|f| f.name.clone()));
            class_side.extend(superclass.class_fields.iter().map(|f| f.name.clone()));
        }
        // A metaclass inherits, through `Object class superclass` = `Class`, the instance
        // fields of `Class` and its superclasses (§5.1).
        let class_key = self.find(dir, "Class").ok_or("class Class not found")?;
        let class_class = self.class(&class_key).ok_or("class Class does not compile")?.clone();
        let mut meta_chain = vec![class_key];
        meta_chain.extend(self.superclasses(dir, &class_class)?);
        for key in meta_chain.iter().rev() {
            let c = self.class(key).expect("resolved above");
            class_side.extend(c.instance_fields.iter().map(|f| f.name.clone()));
        }
        Ok((instance, class_side))
    }
}

fn superclass_name(class: &ClassDef) -> Option<String> {
    match &class.superclass {
        Superclass::Default => Some("Object".to_string()),
        Superclass::Named(name) => Some(name.name.clone()),
        Superclass::Nil(_) => None,
    }
}

/// Parses `text` (the corpus file `path`, in directory `dir`) and applies the checks of §4
/// that need the superclasses.
fn compile(
    finder: &mut ClassFinder<'_>,
    dir: &str,
    text: &str,
) -> Result<Result<ClassDef, CompileError>, String> {
    let class = match parse_class(text) {
        Ok(class) => class,
        Err(error) => return Ok(Err(error)),
    };
    let (instance, class_side) = finder.inherited_fields(dir, &class)?;
    let instance: Vec<&str> = instance.iter().map(String::as_str).collect();
    let class_side: Vec<&str> = class_side.iter().map(String::as_str).collect();
    Ok(check_inherited(&class, text, &instance, &class_side).map(|()| class))
}

/// Everything wrong with the corpus under `root` (empty when it is well-formed and the front
/// end agrees with it), and the number of entry points.
fn corpus_problems(root: &Path, core_lib: &Path) -> (Vec<String>, usize) {
    let mut files = BTreeMap::new();
    read_tree(root, root, &mut files);
    let mut problems = Vec::new();

    // File kinds and places.
    let mut stems: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut categories_used = BTreeSet::new();
    for path in files.keys() {
        let (dir, stem, extension) = split(path);
        if dir.is_empty() {
            if !["README.md", "CHECKLIST.md", "PENDING", ".gitattributes"].contains(&path.as_str()) {
                problems.push(format!("{path}: unexpected file at the top of the corpus"));
            }
            continue;
        }
        let category = dir.split('/').next().unwrap_or(dir);
        if !CATEGORIES.contains(&category) {
            problems.push(format!("{path}: {category} is not a category of the corpus"));
        }
        match extension {
            "som" => {
                stems.entry(stem).or_default().push(path);
            }
            "out" => {
                if !files.contains_key(&sibling(path, "som")) {
                    problems.push(format!("{path}: has no .som beside it"));
                }
                categories_used.insert(category);
            }
            "status" | "stderr" | "args" | "by-name" => {
                if !files.contains_key(&sibling(path, "out")) {
                    problems.push(format!("{path}: belongs to no entry point (has no .out beside it)"));
                }
            }
            _ => problems.push(format!("{path}: unexpected kind of file")),
        }
    }
    for category in CATEGORIES {
        if !categories_used.contains(category) {
            problems.push(format!("category {category} has no test"));
        }
    }
    for (stem, paths) in &stems {
        if paths.len() > 1 {
            problems.push(format!("class file name {stem}.som is used more than once: {}", paths.join(", ")));
        }
    }

    // Contents of the expectation files.
    for path in files.keys() {
        let (_, _, extension) = split(path);
        let Some(content) = (match extension {
            "out" | "stderr" | "status" | "args" | "by-name" => text(&files, path, &mut problems),
            _ => None,
        }) else {
            continue;
        };
        if !content.is_empty() && !content.ends_with('\n') {
            problems.push(format!("{path}: does not end with a newline"));
        }
        match extension {
            "stderr" if content.is_empty() => problems.push(format!("{path}: empty (leave it out instead)")),
            "status" => match content.strip_suffix('\n').map(str::parse::<i32>) {
                Some(Ok(0)) => problems.push(format!("{path}: status 0 (leave the file out instead)")),
                Some(Ok(_)) => {}
                _ => problems.push(format!("{path}: not an integer status on one line: {content:?}")),
            },
            "args" if content.lines().any(str::is_empty) => {
                problems.push(format!("{path}: an empty argument line"))
            }
            "by-name" if !content.is_empty() => problems.push(format!("{path}: a marker file must be empty")),
            _ => {}
        }
    }

    // Entry points and the shape of each category's expectations.
    let entry_points: Vec<&String> =
        files.keys().filter(|p| p.ends_with(".som") && files.contains_key(&sibling(p, "out"))).collect();
    let mut expected_failures: BTreeMap<String, (String, String)> = BTreeMap::new();
    for path in &entry_points {
        let category = path.split('/').next().unwrap_or("");
        let status =
            files.get(&sibling(path, "status")).map(|s| String::from_utf8_lossy(s).trim().to_string());
        let out = files
            .get(&sibling(path, "out"))
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .unwrap_or_default();
        let stderr_path = sibling(path, "stderr");
        let stderr = files.get(&stderr_path).map(|s| String::from_utf8_lossy(s).into_owned());
        let first_stderr_line = stderr.as_deref().and_then(|s| s.lines().next()).unwrap_or("");
        if let Some(named) = first_stderr_line.strip_prefix("File '") {
            let stderr = stderr.clone().unwrap_or_default();
            let lines = stderr.lines().count();
            if !(2..=3).contains(&lines) {
                problems.push(format!("{stderr_path}: a compile error report has 2 or 3 lines, not {lines}"));
            }
            match named.split_once("', line ").and_then(|(p, _)| p.strip_prefix(PATH_PREFIX)) {
                Some(file) if files.contains_key(file.trim_start_matches('/')) => {
                    let file = file.trim_start_matches('/').to_string();
                    if let Some((other, text)) = expected_failures.get(&file) {
                        if *text != stderr {
                            problems.push(format!(
                                "{stderr_path} and {other} expect different errors for {file}"
                            ));
                        }
                    }
                    expected_failures.insert(file, (stderr_path.clone(), stderr));
                }
                _ => problems
                    .push(format!("{stderr_path}: names no class file of the corpus: {first_stderr_line}")),
            }
            if status.as_deref() != Some("1") {
                problems.push(format!("{path}: a compile error exits with status 1"));
            }
        } else if category == "errors_compile" {
            problems
                .push(format!("{path}: an errors_compile test needs a .stderr with a compile error report"));
        }
        match category {
            "errors_vm" => {
                let stderr = stderr.unwrap_or_default();
                let lines: Vec<&str> = stderr.lines().collect();
                if lines.len() < 2
                    || lines[lines.len() - 2] != TRACEBACK
                    || !lines[lines.len() - 1].ends_with('.')
                {
                    problems.push(format!(
                        "{stderr_path}: a VM error ends with the lines `{TRACEBACK}` and `MESSAGE.`"
                    ));
                }
                if status.as_deref() != Some("1") {
                    problems.push(format!("{path}: a VM error exits with status 1"));
                }
            }
            "errors_smalltalk" => {
                let lines: Vec<&str> = out.lines().collect();
                let ends_with_error = lines.len() >= 2
                    && lines[lines.len() - 2].is_empty()
                    && lines[lines.len() - 1].starts_with("ERROR: ");
                if !ends_with_error {
                    problems.push(format!("{path}: the output must end with an empty line and `ERROR: …`"));
                }
                if status.as_deref() != Some("1") {
                    problems.push(format!("{path}: error: exits with status 1"));
                }
            }
            _ => {}
        }
    }

    // Every class file through the front end.
    let mut finder = ClassFinder { files: &files, core_lib, cache: BTreeMap::new() };
    for (path, bytes) in &files {
        let (dir, stem, extension) = split(path);
        if extension != "som" || dir.is_empty() {
            continue;
        }
        let Ok(source) = std::str::from_utf8(bytes) else {
            problems.push(format!("{path}: not UTF-8"));
            continue;
        };
        let shown = format!("{PATH_PREFIX}/{path}");
        let compiled = match compile(&mut finder, dir, source) {
            Ok(compiled) => compiled,
            Err(why) => {
                problems.push(format!("{path}: {why}"));
                continue;
            }
        };
        match (compiled, expected_failures.get(path.as_str())) {
            (Ok(class), None) => {
                let is_entry = files.contains_key(&sibling(path, "out"));
                if class.name.name != stem && !(is_entry && NAME_DIFFERS.contains(&path.as_str())) {
                    problems.push(format!("{path}: declares class {} instead of {stem}", class.name.name));
                }
            }
            (Err(error), None) => {
                problems.push(format!("{path}: does not compile:\n{}", error.render(&shown)))
            }
            (Ok(_), Some((stderr_path, _))) => {
                problems.push(format!("{path}: compiles, but {stderr_path} expects a compile error"))
            }
            (Err(error), Some((stderr_path, expected))) => {
                let rendered = error.render(&shown);
                let expected_lines: Vec<&str> = expected.lines().collect();
                let rendered_lines: Vec<&str> = rendered.lines().collect();
                // Two lines: the spec leaves the message free (§4), the position is fixed.
                let agrees = if expected_lines.len() == 2 {
                    rendered_lines.get(..2) == Some(&expected_lines[..])
                } else {
                    rendered == *expected
                };
                if !agrees {
                    problems.push(format!(
                        "{path}: the compile error differs from {stderr_path}\n--- expected:\n{expected}--- front end:\n{rendered}"
                    ));
                }
            }
        }
    }
    (problems, entry_points.len())
}

#[test]
fn the_corpus_is_well_formed_and_the_front_end_agrees_with_it() {
    let (problems, entry_points) = corpus_problems(&corpus_root(), &core_lib());
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    assert!(entry_points >= 120, "only {entry_points} tests");
}

/// A fresh directory under [`std::env::temp_dir`], removed with its contents when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("bonsai-som-golden-{}-{label}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn write(&self, file: &str, contents: &str) {
        let path = self.0.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn planted_defects_are_reported() {
    let corpus = TempDir::new("defects");
    let good = "Good = ( run = ( 1 println ) )\n";
    // One passing test per category, so that only the planted defects are reported.
    for category in CATEGORIES {
        let name = format!("Good{}", category.replace('_', ""));
        let text = good.replace("Good", &name);
        corpus.write(&format!("{category}/{name}.som"), &text);
        let (out, stderr, status) = match *category {
            "errors_compile" => ("", None, "1\n"),
            "errors_vm" => ("", Some(format!("{TRACEBACK}\nDivision by zero.\n")), "1\n"),
            "errors_smalltalk" => ("\nERROR: x\n", None, "1\n"),
            _ => ("1\n", None, ""),
        };
        corpus.write(&format!("{category}/{name}.out"), out);
        if let Some(stderr) = stderr {
            corpus.write(&format!("{category}/{name}.stderr"), &stderr);
        }
        if !status.is_empty() {
            corpus.write(&format!("{category}/{name}.status"), status);
        }
        if *category == "errors_compile" {
            // It must fail: make it a duplicate argument, with the right report.
            let text = format!("{name} = ( m: a n: a = ( ) )\n");
            corpus.write(&format!("{category}/{name}.som"), &text);
            let stderr = format!(
                "File '{PATH_PREFIX}/errors_compile/{name}.som', line 1, column {}:\n  {}\nVariable 'a' shadows another of the same name\n",
                name.len() + 14,
                text.trim()
            );
            corpus.write(&format!("{category}/{name}.stderr"), &stderr);
        }
    }
    let (problems, _) = corpus_problems(&corpus.0, &core_lib());
    assert!(problems.is_empty(), "the clean corpus has problems:\n{}", problems.join("\n"));

    corpus.write("printing/Orphan.stderr", "x\n");
    corpus.write("printing/BadStatus.som", "BadStatus = ( run = ( ) )\n");
    corpus.write("printing/BadStatus.out", "");
    corpus.write("printing/BadStatus.status", "zero\n");
    corpus.write("printing/NoNewline.som", "NoNewline = ( run = ( ) )\n");
    corpus.write("printing/NoNewline.out", "1");
    corpus.write("printing/Broken.som", "Broken = ( run = ( ^ ) )\n");
    corpus.write("printing/Broken.out", "");
    corpus.write("printing/Twice.som", "Twice = ( )\n");
    corpus.write("arrays/Twice.som", "Twice = ( )\n");
    corpus.write("printing/Misnamed.som", "Other = ( )\n");
    corpus.write("printing/Misnamed.out", "");
    corpus.write("printing/FieldClash.som", "FieldClash = Good2 ( | x | )\n");
    corpus.write("printing/Good2.som", "Good2 = ( | x | )\n");
    corpus.write("errors_compile/Compiles.som", "Compiles = ( )\n");
    corpus.write("errors_compile/Compiles.out", "");
    corpus.write("errors_compile/Compiles.status", "1\n");
    corpus.write(
        "errors_compile/Compiles.stderr",
        &format!("File '{PATH_PREFIX}/errors_compile/Compiles.som', line 1, column 1:\n  Compiles = ( )\n"),
    );
    corpus.write("errors_compile/WrongColumn.som", "WrongColumn = ( m: a n: a = ( ) )\n");
    corpus.write("errors_compile/WrongColumn.out", "");
    corpus.write("errors_compile/WrongColumn.status", "1\n");
    corpus.write(
        "errors_compile/WrongColumn.stderr",
        &format!(
            "File '{PATH_PREFIX}/errors_compile/WrongColumn.som', line 1, column 20:\n  WrongColumn = ( m: a n: a = ( ) )\nVariable 'a' shadows another of the same name\n"
        ),
    );
    corpus.write("errors_vm/NoTraceback.som", "NoTraceback = ( run = ( 1 / 0 ) )\n");
    corpus.write("errors_vm/NoTraceback.out", "");
    corpus.write("errors_vm/NoTraceback.status", "1\n");
    corpus.write("errors_vm/NoTraceback.stderr", "Division by zero.\n");
    corpus.write("unknown_category/Stray.som", "Stray = ( )\n");

    let (problems, _) = corpus_problems(&corpus.0, &core_lib());
    let report = problems.join("\n");
    let expected = [
        "printing/Orphan.stderr: belongs to no entry point",
        "printing/BadStatus.status: not an integer status",
        "printing/NoNewline.out: does not end with a newline",
        "printing/Broken.som: does not compile",
        "class file name Twice.som is used more than once",
        "printing/Misnamed.som: declares class Other instead of Misnamed",
        "printing/FieldClash.som: does not compile:\nFile 'tests/golden/som/printing/FieldClash.som', line 1, column 24:",
        "errors_compile/Compiles.som: compiles, but errors_compile/Compiles.stderr expects a compile error",
        "errors_compile/WrongColumn.som: the compile error differs",
        "errors_vm/NoTraceback.stderr: a VM error ends with the lines",
        "unknown_category/Stray.som: unknown_category is not a category",
    ];
    for needle in expected {
        assert!(report.contains(needle), "not reported: {needle}\nreport:\n{report}");
    }
    assert_eq!(problems.len(), expected.len(), "report:\n{report}");
}
