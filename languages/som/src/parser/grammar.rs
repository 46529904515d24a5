//! The pest parser generated from `som.pest` (lexical syntax and grammar, spec §2–3).

/// Parses SOM class files with the rules of `som.pest`; the entry rule is `Rule::class_def`.
#[derive(pest_derive::Parser)]
#[grammar = "parser/som.pest"]
pub(crate) struct SomGrammar;
