//! # SOM Smalltalk on Bonsai: the front end
//!
//! SOM (the Simple Object Machine dialect of Smalltalk, specified in `../shared/spec/som.md`)
//! is Bonsai's second guest language. This crate holds its front end so far: a class file's
//! text to a checked syntax tree, or the first compile error in the format of spec §14.3; where
//! a class's file is on the class path and how it is read (spec §1, §5.4) — and the project's
//! own core library, one `.som` file per class, written from spec §13. The tree
//! builder, nodes, primitives and launcher come later. A tour:
//!
//! | Concept | Where |
//! | --- | --- |
//! | Lexical syntax (§2) and grammar (§3), pest | `src/parser/som.pest`, [`parser::parse_class`] |
//! | Syntax tree: classes, methods, statements, expressions, literals | [`parser::ClassDef`], [`parser::Method`], [`parser::Statement`], [`parser::Expression`], [`parser::Literal`] |
//! | Source positions (byte offset, 1-based line and column) | [`parser::Position`] |
//! | Compile-time rules that need no other class (§4) | [`parser::parse_class`] |
//! | Compile-time rules that need the inherited fields (§4) | [`parser::check_inherited`] |
//! | Compile errors by cause, rendered as in §14.3 | [`parser::CompileError`], [`parser::CompileErrorKind`] |
//! | Double rules for the primitives: printing (§10.1), `%` as C `fmod`, `round` and `asInteger` to exact Integers, `Double fromString:`, big Integer to double (§9–§10) | [`double::format`], [`double::fmod`], [`double::round`], [`double::truncate`], [`double::Rounded`], [`double::from_string`], [`double::big_to_f64`] |
//! | Class path (`-cp`, `TARGET`, §1), finding `NAME.som`, reading and checking a class file (§5.4), load errors (§14.3) | [`class_path::ClassPath`], [`class_path::TargetClass`], [`class_path::load_class_file`], [`class_path::LoadError`] |
//! | Core library (§13; `primitive` bodies where §12 lists a primitive), checked by `tests/core_lib.rs` against the hierarchy of §5.3 and the selectors of §12–§13 | `core-lib/*.som` |
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

#![forbid(unsafe_code)]

pub mod class_path;
pub mod double;
pub mod parser;
