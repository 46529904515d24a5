//! The class path and class files, on temporary directories (each test its own, removed when
//! it ends) and on the project's `core-lib/`.

use super::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh directory under [`std::env::temp_dir`], removed with its contents when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("bonsai-som-class-path-{}-{label}-{n}", std::process::id()));
        // A stale directory of an earlier run with the same process id.
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// Creates `sub` (and its parents) under this directory.
    fn dir(&self, sub: &str) -> PathBuf {
        let dir = self.0.join(sub);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// Writes `contents` to `file` (a path under this directory), creating its directory.
    fn write(&self, file: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// `-cp` text for the subdirectories `subs`, in order.
    fn cp(&self, subs: &[&str]) -> String {
        let dirs: Vec<String> = subs.iter().map(|s| self.0.join(s).display().to_string()).collect();
        dirs.join(":")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn core_lib() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("core-lib")
}

fn class_source(name: &str) -> String {
    format!("{name} = ( run = ( ^ 42 ) )\n")
}

#[test]
fn parse_keeps_order_and_ignores_empty_entries() {
    let cp = ClassPath::parse(":a::b/c:");
    assert_eq!(cp.dirs(), [PathBuf::from("a"), PathBuf::from("b/c")]);
    assert_eq!(cp.to_string(), "a:b/c");
    assert!(ClassPath::parse("").dirs().is_empty());
    assert!(ClassPath::parse(":::").dirs().is_empty());
}

#[test]
fn find_searches_in_order_and_the_first_hit_wins() {
    let tmp = TempDir::new("order");
    let mine = tmp.write("mine/Vector.som", class_source("Vector"));
    tmp.write("lib/Vector.som", class_source("Vector"));
    let only_lib = tmp.write("lib/Pair.som", class_source("Pair"));
    tmp.dir("empty");
    let cp = ClassPath::parse(&tmp.cp(&["empty", "mine", "lib"]));
    assert_eq!(cp.find("Vector"), Some(mine));
    assert_eq!(cp.find("Pair"), Some(only_lib.clone()));
    let cp = ClassPath::parse(&tmp.cp(&["lib", "mine"]));
    assert_eq!(cp.find("Vector"), Some(tmp.0.join("lib/Vector.som")));
    // Empty entries around the directories change nothing.
    let cp = ClassPath::parse(&format!("::{}::", tmp.cp(&["empty", "lib"])));
    assert_eq!(cp.find("Pair"), Some(only_lib));
}

#[test]
fn find_misses_absent_classes_directories_and_non_identifiers() {
    let tmp = TempDir::new("missing");
    tmp.dir("lib/Dir.som");
    tmp.write("lib/Foo.som", class_source("Foo"));
    tmp.write("lib/sub/Bar.som", class_source("Bar"));
    let cp = ClassPath::parse(&tmp.cp(&["lib", "nonexistent"]));
    assert_eq!(cp.find("Absent"), None);
    assert_eq!(cp.find("Dir"), None, "a directory named Dir.som is no class file");
    assert_eq!(cp.find("sub/Bar"), None);
    assert_eq!(cp.find(""), None);
    assert_eq!(ClassPath::parse("").find("Foo"), None);
}

#[test]
fn target_with_directory_part_goes_in_front() {
    let core = core_lib();
    let (cp, target) = ClassPath::for_target(Some("x:y"), "some/dir/Foo.som", &core);
    assert_eq!(cp.dirs(), [PathBuf::from("some/dir"), "x".into(), "y".into()]);
    assert_eq!(target, TargetClass { name: "Foo".into(), file: Some("some/dir/Foo.som".into()) });

    // Without `.som` the file is still DIR/NAME.som.
    let (cp, target) = ClassPath::for_target(Some("x"), "some/dir/Foo", &core);
    assert_eq!(cp.dirs(), [PathBuf::from("some/dir"), "x".into()]);
    assert_eq!(target, TargetClass { name: "Foo".into(), file: Some("some/dir/Foo.som".into()) });

    // No -cp: the directory goes in front of the project's core library.
    let (cp, target) = ClassPath::for_target(None, "/abs/Foo.som", &core);
    assert_eq!(cp.dirs(), [PathBuf::from("/abs"), core.clone()]);
    assert_eq!(target.name, "Foo");
}

#[test]
fn target_without_directory_part() {
    let core = core_lib();
    let (cp, target) = ClassPath::for_target(Some("x::y"), "Foo.som", &core);
    assert_eq!(cp.dirs(), [PathBuf::from("x"), "y".into()]);
    assert_eq!(target, TargetClass { name: "Foo".into(), file: Some("Foo.som".into()) });

    // A bare name stays a name, found on the class path.
    let (cp, target) = ClassPath::for_target(Some("x"), "Foo", &core);
    assert_eq!(cp.dirs(), [PathBuf::from("x")]);
    assert_eq!(target, TargetClass { name: "Foo".into(), file: None });

    // Only the last `.som` is stripped, and only `.som`.
    let (_, target) = ClassPath::for_target(None, "Foo.som.som", &core);
    assert_eq!(target.name, "Foo.som");
    let (_, target) = ClassPath::for_target(None, "Foo.st", &core);
    assert_eq!(target, TargetClass { name: "Foo.st".into(), file: None });
}

#[test]
fn no_cp_means_the_core_library_and_an_empty_cp_means_none() {
    let core = core_lib();
    let (cp, _) = ClassPath::for_target(None, "Foo", &core);
    assert_eq!(cp.dirs(), std::slice::from_ref(&core));
    let (cp, _) = ClassPath::for_target(Some(""), "Foo", &core);
    assert!(cp.dirs().is_empty());
}

#[test]
fn the_core_library_resolves_object_and_vector() {
    let (cp, _) = ClassPath::for_target(None, "Foo", &core_lib());
    for name in ["Object", "Vector"] {
        let path = cp.find(name).unwrap_or_else(|| panic!("{name} not found in core-lib"));
        assert_eq!(path, core_lib().join(format!("{name}.som")));
        let (class, text) = load_class_file(&path, Some(name)).unwrap();
        assert_eq!(class.name.name, name);
        assert!(text.contains(&format!("{name} = ")));
    }
}

#[test]
fn a_class_path_may_shadow_the_core_library() {
    let tmp = TempDir::new("shadow");
    let mine = tmp.write("mine/Vector.som", class_source("Vector"));
    let cp = format!("{}:{}", tmp.cp(&["mine"]), core_lib().display());
    let (cp, _) = ClassPath::for_target(Some(&cp), "Foo", &core_lib());
    assert_eq!(cp.find("Vector"), Some(mine));
    assert_eq!(cp.find("Object"), Some(core_lib().join("Object.som")));
}

#[test]
fn a_misnamed_file_is_accepted_only_as_the_target() {
    let tmp = TempDir::new("misnamed");
    let path = tmp.write("progs/Foo.som", class_source("Bar"));

    let (class, text) = load_class_file(&path, None).unwrap();
    assert_eq!(class.name.name, "Bar");
    assert_eq!(text, class_source("Bar"));

    let error = load_class_file(&path, Some("Foo")).unwrap_err();
    assert!(matches!(&error, LoadError::WrongName { expected, declared, .. }
        if expected == "Foo" && declared == "Bar"));
    assert_eq!(
        error.render(),
        format!("File '{}' defines class 'Bar', but class 'Foo' was expected\n", path.display())
    );

    // Through the launcher's rules: TARGET as a path accepts it, as a bare name does not.
    let target_path = path.display().to_string();
    let (cp, target) = ClassPath::for_target(Some(""), &target_path, &core_lib());
    let (loaded, class, _) = target.load(&cp).unwrap();
    assert_eq!((loaded, class.name.name.as_str()), (path.clone(), "Bar"));
    let (cp, target) = ClassPath::for_target(Some(&tmp.cp(&["progs"])), "Foo", &core_lib());
    assert!(matches!(target.load(&cp), Err(LoadError::WrongName { .. })));
}

#[test]
fn a_bare_target_not_on_the_class_path_is_not_found() {
    let tmp = TempDir::new("notfound");
    tmp.dir("a");
    let (cp, target) = ClassPath::for_target(Some(&tmp.cp(&["a"])), "Nowhere", &core_lib());
    let error = target.load(&cp).unwrap_err();
    assert!(matches!(&error, LoadError::NotFound { name, .. } if name == "Nowhere"));
    assert_eq!(
        error.render(),
        format!("Class 'Nowhere' not found on the class path '{}'\n", tmp.0.join("a").display())
    );
}

#[test]
fn missing_and_unreadable_files_are_errors_naming_the_path() {
    let tmp = TempDir::new("unreadable");
    let missing = tmp.0.join("Missing.som");
    let error = load_class_file(&missing, Some("Missing")).unwrap_err();
    assert!(matches!(&error, LoadError::Io { error, .. } if error.kind() == io::ErrorKind::NotFound));
    let line = error.render();
    assert!(line.starts_with(&format!("Cannot read class file '{}': ", missing.display())), "{line}");
    assert_eq!(line.lines().count(), 1);

    // A directory where the file should be: read fails, no panic.
    let dir = tmp.dir("Dir.som");
    let error = load_class_file(&dir, None).unwrap_err();
    assert!(matches!(&error, LoadError::Io { path, .. } if *path == dir));
    assert!(error.to_string().contains(&dir.display().to_string()));

    // The missing target file named by TARGET.
    let target_path = missing.display().to_string();
    let (cp, target) = ClassPath::for_target(None, &target_path, &core_lib());
    assert!(matches!(target.load(&cp), Err(LoadError::Io { .. })));
}

#[test]
fn non_utf8_is_an_error_with_the_offset() {
    let tmp = TempDir::new("utf8");
    let path = tmp.write("Bad.som", b"Bad = ( 'caf\xe9' )");
    let error = load_class_file(&path, Some("Bad")).unwrap_err();
    assert!(matches!(error, LoadError::NotUtf8 { offset_bytes: 12, .. }), "{error:?}");
    assert_eq!(
        error.render(),
        format!("Class file '{}' is not UTF-8 text (invalid byte at offset 12)\n", path.display())
    );
}

#[test]
fn compile_errors_render_as_in_14_3_with_the_path() {
    let tmp = TempDir::new("compile");
    let path = tmp.write("lib/Bad.som", "Bad = (\n    | a a |\n)\n");
    let error = load_class_file(&path, Some("Bad")).unwrap_err();
    let LoadError::Compile { error: compile, .. } = &error else { panic!("{error:?}") };
    let shown = path.display().to_string();
    assert_eq!(error.render(), compile.render(&shown));
    assert_eq!(
        error.render(),
        format!(
            "File '{shown}', line 2, column 9:\n  | a a |\nField 'a' has already been defined in this class.\n"
        )
    );
    assert_eq!(
        error.to_string(),
        format!("File '{shown}', 2:9: Field 'a' has already been defined in this class.")
    );

    // Compile errors come before the name check, also for the target.
    let path = tmp.write("Other.som", "Named = ( foo = ( ^ 'a\\q' ) )");
    let error = load_class_file(&path, Some("Other")).unwrap_err();
    assert_eq!(
        error.render(),
        format!(
            "File '{}', line 1, column 23:\n  Named = ( foo = ( ^ 'a\\q' ) )\nUnknown escape sequence '\\q'\n",
            path.display()
        )
    );
}
