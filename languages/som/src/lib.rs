//! # SOM Smalltalk on Bonsai
//!
//! SOM (the Simple Object Machine dialect of Smalltalk, specified in `../shared/spec/som.md`)
//! is Bonsai's second guest language: a class file's text to a checked syntax tree, class
//! loading from the class path, a tree builder to self-specializing nodes, the primitives, and
//! the `som` launcher. A class parsed and checked, then a tour:
//!
//! ```
//! use som::parser::{parse_class, Expression, MethodBody, Statement, Superclass};
//!
//! let text = "Pair = Object (
//!     | key value |
//!     key = ( ^ key )
//!     key: k value: v = ( key := k. value := v )
//!     ----
//!     key: k value: v = ( ^ self new key: k value: v )
//! )";
//! let class = parse_class(text).unwrap();
//! assert!(matches!(&class.superclass, Superclass::Named(n) if n.name == "Object"));
//! assert_eq!(class.instance_fields.len(), 2);
//! let new = &class.class_methods[0];
//! assert_eq!(new.selector, "key:value:");
//! let MethodBody::Statements(body) = &new.body else { panic!("not a primitive") };
//! let Statement::Return { value: Expression::Send(send), .. } = &body[0] else { panic!() };
//! assert_eq!(send.selector, "key:value:");
//! assert_eq!((send.position.line, send.position.column_0based()), (6, 26));
//!
//! let error = parse_class("Bad = ( foo = ( ^ 'a\\q' ) )").unwrap_err();
//! assert_eq!(
//!     error.render("Bad.som"),
//!     "File 'Bad.som', line 1, column 21:\n  Bad = ( foo = ( ^ 'a\\q' ) )\nUnknown escape sequence '\\q'\n"
//! );
//! ```
//!
//! ## A tour
//!
//! | Concept | Where |
//! | --- | --- |
//! | Lexical syntax (§2) and grammar (§3), pest | `src/parser/som.pest`, [`parser::parse_class`] |
//! | Syntax tree: classes, methods, statements, expressions, literals | [`parser::ClassDef`], [`parser::Method`], [`parser::Statement`], [`parser::Expression`], [`parser::Literal`] |
//! | Source positions (byte offset, 1-based line and column) | [`parser::Position`] |
//! | Compile-time rules that need no other class (§4) | [`parser::parse_class`] |
//! | Compile-time rules that need the inherited fields (§4) | [`parser::check_inherited`] |
//! | Compile errors by cause, rendered as in §14.3 | [`parser::CompileError`], [`parser::CompileErrorKind`] |
//! | Double rules for the primitives (§9–§10.1) | [`double::format`], [`double::fmod`], [`double::round`], [`double::truncate`], [`double::from_string`], [`double::big_to_f64`] |
//! | Class path (`-cp`, `TARGET`, §1), reading and checking a class file (§5.4), load errors (§14.3) | [`class_path::ClassPath`], [`class_path::TargetClass`], [`class_path::load_class_file`], [`class_path::LoadError`] |
//! | The universe: classes, metaclasses, methods, symbols, globals, lazy loading (§5) | [`universe::Universe`] |
//! | Tree builder: variables to slots, contexts and fields; inlined control structures | [`builder::MethodBuilder`] |
//! | Nodes: sends with inline caches, blocks and non-local return, control flow | [`nodes`] |
//! | Primitives (§12), one table | [`primitives`] |
//! | Running a program, error reports (§1, §14.2) | [`launcher::run`] |
//! | Core library (§13; `primitive` bodies where §12 lists a primitive) | `core-lib/*.som` |
//!

#![forbid(unsafe_code)]

pub mod builder;
pub mod class_path;
pub mod double;
pub mod launcher;
pub mod nodes;
pub mod parser;
pub mod polyglot;
pub mod primitives;
pub mod universe;

/// The project's own core library (§13), used when no `-cp` is given.
pub fn default_core_lib() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("core-lib")
}
