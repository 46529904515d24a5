//! The pest parser generated from `sl.pest` (token rules and grammar, spec §2–3).

/// Parses SL source with the rules of `sl.pest`: `Rule::tokens` lexes, `Rule::program` parses.
#[derive(pest_derive::Parser)]
#[grammar = "parser/sl.pest"]
pub(super) struct SlGrammar;
