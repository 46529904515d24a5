//! The class path and class files: the part of class loading (spec §1, §5.4) that needs no
//! interpreter — where the file of class `X` is, and its text read, parsed and checked to
//! declare `X`.
//!
//! ```
//! use som::class_path::{load_class_file, ClassPath};
//! use std::path::{Path, PathBuf};
//!
//! // som progs/Hello.som world  (no -cp: the project's core library is the class path)
//! let core_lib = Path::new(env!("CARGO_MANIFEST_DIR")).join("core-lib");
//! let (class_path, target) = ClassPath::for_target(None, "progs/Hello.som", &core_lib);
//! assert_eq!(target.name, "Hello");
//! assert_eq!(target.file, Some(PathBuf::from("progs/Hello.som")));
//! assert_eq!(class_path.dirs(), [PathBuf::from("progs"), core_lib.clone()]);
//!
//! let vector = class_path.find("Vector").expect("Vector.som on the class path");
//! let (class, _text) = load_class_file(&vector, Some("Vector")).unwrap_or_else(|error| {
//!     eprint!("{}", error.render()); // what the launcher does: stderr, then exit status 1
//!     std::process::exit(1)
//! });
//! assert_eq!(class.name.name, "Vector");
//! ```
//!
//! What the launcher prints when a load fails: [`LoadError::render`] on stderr, then it exits
//! with status 1 (§1: a compile error, §14.3, or a VM-level failure to start).

use crate::parser::{parse_class, ClassDef, CompileError};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

#[cfg(test)]
mod tests;

/// Directories searched in order for `NAME.som` (spec §1, `-cp DIR1:DIR2:...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassPath {
    dirs: Vec<PathBuf>,
}

/// The class the launcher runs, from its `TARGET` argument (spec §1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetClass {
    /// The class name: `TARGET`'s file name without its directory and `.som` (`Foo` for
    /// `some/dir/Foo.som`, for `Foo.som` and for `Foo`).
    pub name: String,
    /// The class file `TARGET` names, when it is a path (it has a directory part or ends in
    /// `.som`): `some/dir/Foo.som`; `some/dir/Foo` gives `some/dir/Foo.som`. `None` for a
    /// bare class name, which is found on the class path like any class.
    pub file: Option<PathBuf>,
}

impl ClassPath {
    /// The directories of a `-cp` argument, `DIR1:DIR2:...`, in order; empty entries (`a::b`,
    /// a leading or trailing `:`) are ignored.
    pub fn parse(cp: &str) -> ClassPath {
        ClassPath { dirs: cp.split(':').filter(|d| !d.is_empty()).map(PathBuf::from).collect() }
    }

    /// The class path and target class of `som [-cp CP] TARGET` (spec §1).
    ///
    /// * The class path is `cp` parsed as by [`ClassPath::parse`]; when no `-cp` is given
    ///   (`cp` is `None`) it is `default_core_lib` alone — the launcher's rule of issue 9: the
    ///   project's own core library (`languages/som/core-lib`, located by the caller) is on the
    ///   class path when none is given. A given `-cp` replaces it (the TestSuite passes the
    ///   reference core library that way).
    /// * If `TARGET` has a directory part (`some/dir/Foo.som`, `some/dir/Foo`), that directory
    ///   is put in front of the class path.
    /// * The class name is `TARGET`'s file name without the directory and the `.som`
    ///   extension; see [`TargetClass`].
    pub fn for_target(cp: Option<&str>, target: &str, default_core_lib: &Path) -> (ClassPath, TargetClass) {
        let mut class_path = match cp {
            Some(cp) => ClassPath::parse(cp),
            None => ClassPath { dirs: vec![default_core_lib.to_path_buf()] },
        };
        let path = Path::new(target);
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
        let file_name = path.file_name().map_or(target.into(), |f| f.to_string_lossy());
        let (name, has_extension) = match file_name.strip_suffix(".som") {
            Some(stem) => (stem.to_string(), true),
            None => (file_name.to_string(), false),
        };
        if let Some(dir) = dir {
            class_path.dirs.insert(0, dir.to_path_buf());
        }
        let file = match (dir, has_extension) {
            (_, true) => Some(path.to_path_buf()),
            (Some(dir), false) => Some(dir.join(format!("{name}.som"))),
            (None, false) => None,
        };
        (class_path, TargetClass { name, file })
    }

    /// The directories, in search order.
    pub fn dirs(&self) -> &[PathBuf] {
        &self.dirs
    }

    /// The file of class `class_name`: the first `DIR/NAME.som` that is a file, searching the
    /// directories in order (spec §1) — so a class path may put its own `Vector.som` before
    /// the core library's. `None` when no directory has it, or when `class_name` is empty or
    /// contains a path separator (it could not be an identifier).
    pub fn find(&self, class_name: &str) -> Option<PathBuf> {
        if class_name.is_empty() || class_name.contains(['/', '\\']) {
            return None;
        }
        let file_name = format!("{class_name}.som");
        self.dirs.iter().map(|dir| dir.join(&file_name)).find(|file| file.is_file())
    }
}

/// `DIR1:DIR2:...`, the form of `-cp`.
impl fmt::Display for ClassPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, dir) in self.dirs.iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{}", dir.display())?;
        }
        Ok(())
    }
}

impl TargetClass {
    /// Loads the target's class file: [`TargetClass::file`] directly, accepting whatever
    /// class name it declares (spec §1's exception for the file named by `TARGET`), or, for a
    /// bare class name, the class found on `class_path`, which must declare that name.
    /// Returns the file's path, class and text.
    pub fn load(&self, class_path: &ClassPath) -> Result<(PathBuf, ClassDef, String), LoadError> {
        let (path, expected) = match &self.file {
            Some(file) => (file.clone(), None),
            None => match class_path.find(&self.name) {
                Some(found) => (found, Some(self.name.as_str())),
                None => {
                    return Err(LoadError::NotFound {
                        name: self.name.clone(),
                        class_path: class_path.clone(),
                    })
                }
            },
        };
        let (class, text) = load_class_file(&path, expected)?;
        Ok((path, class, text))
    }
}

/// Why a class could not be loaded. Every cause is the user's: the program, its files or the
/// command line.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read (missing, a directory, no permission).
    Io {
        /// The class file.
        path: PathBuf,
        /// What the operating system said.
        error: io::Error,
    },
    /// The file is not UTF-8.
    NotUtf8 {
        /// The class file.
        path: PathBuf,
        /// Byte offset of the first byte that is not part of valid UTF-8.
        offset_bytes: usize,
    },
    /// The text does not compile (§3, §4).
    Compile {
        /// The class file.
        path: PathBuf,
        /// The first compile error.
        error: CompileError,
    },
    /// `Foo.som` declares `Bar = ( ... )`, and was loaded as class `Foo` (§1: the file must
    /// define the class it is named after, unless `TARGET` names it).
    WrongName {
        /// The class file.
        path: PathBuf,
        /// The name it was loaded under: `Foo`.
        expected: String,
        /// The name it declares: `Bar`.
        declared: String,
    },
    /// No `NAME.som` on the class path (from [`TargetClass::load`]; [`ClassPath::find`]
    /// itself answers `None`).
    NotFound {
        /// The class name.
        name: String,
        /// Where it was searched.
        class_path: ClassPath,
    },
}

impl LoadError {
    /// What the launcher prints on stderr before exiting with status 1, ending in a newline:
    /// a compile error exactly as [`CompileError::render`] with the file's path (§14.3), any
    /// other error as its one-line [`Display`](fmt::Display) form.
    pub fn render(&self) -> String {
        match self {
            LoadError::Compile { path, error } => error.render(&path.display().to_string()),
            other => format!("{other}\n"),
        }
    }
}

/// One line, without a newline; a compile error as `File 'PATH', line:column: MESSAGE`.
impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, error } => {
                write!(f, "Cannot read class file '{}': {error}", path.display())
            }
            LoadError::NotUtf8 { path, offset_bytes } => write!(
                f,
                "Class file '{}' is not UTF-8 text (invalid byte at offset {offset_bytes})",
                path.display()
            ),
            LoadError::Compile { path, error } => write!(f, "File '{}', {error}", path.display()),
            LoadError::WrongName { path, expected, declared } => write!(
                f,
                "File '{}' defines class '{declared}', but class '{expected}' was expected",
                path.display()
            ),
            LoadError::NotFound { name, class_path } => {
                write!(f, "Class '{name}' not found on the class path '{class_path}'")
            }
        }
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoadError::Io { error, .. } => Some(error),
            LoadError::Compile { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// Reads, parses and checks one class file (spec §1, §5.4): its [`ClassDef`] and its text
/// (which later phases need for source lines in error reports).
///
/// `expected_name` is the name the class is loaded under: `Some("Foo")` for a class found as
/// `Foo.som` on the class path, which must declare `Foo` ([`LoadError::WrongName`]); `None`
/// for the file named by `TARGET`, which may declare any name (§1).
///
/// Errors: [`LoadError::Io`] (never a panic), [`LoadError::NotUtf8`], [`LoadError::Compile`]
/// (only the checks of [`parse_class`]; those needing the superclass chain,
/// [`check_inherited`](crate::parser::check_inherited), come once it is loaded), and
/// [`LoadError::WrongName`].
pub fn load_class_file(path: &Path, expected_name: Option<&str>) -> Result<(ClassDef, String), LoadError> {
    let bytes = std::fs::read(path).map_err(|error| LoadError::Io { path: path.to_path_buf(), error })?;
    let text = String::from_utf8(bytes).map_err(|e| LoadError::NotUtf8 {
        path: path.to_path_buf(),
        offset_bytes: e.utf8_error().valid_up_to(),
    })?;
    let class = parse_class(&text).map_err(|error| LoadError::Compile { path: path.to_path_buf(), error })?;
    if let Some(expected) = expected_name {
        if class.name.name != expected {
            return Err(LoadError::WrongName {
                path: path.to_path_buf(),
                expected: expected.to_string(),
                declared: class.name.name.clone(),
            });
        }
    }
    Ok((class, text))
}
