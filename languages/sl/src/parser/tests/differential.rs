//! The pest grammar and the ANTLR replay must accept exactly the same files: pest builds the
//! tree of every file it accepts, the replay words the error of every file pest rejects. The
//! piecewise parse that builds the tree (`tree.rs`) must accept exactly the files the whole-file
//! rule `program` accepts. Random programs (valid ones and mutated ones) check that,
//! deterministically.

use super::parse;
use crate::parser::grammar::{Rule, SlGrammar};
use crate::parser::{recognizer, token, tree, SourceMap};
use pest::Parser as _;

use bonsai::testing::Rng;

const VOCABULARY: &[&str] = &[
    "function", "(", ",", ")", "{", "}", "break", ";", "continue", "debugger", "while", "if", "else",
    "return", "=", ".", "[", "]", "||", "&&", "<", "==", "+", "-", "*", "/", "x", "f", "\"s\"", "1",
];

struct Gen {
    rng: Rng,
    out: Vec<&'static str>,
}

impl Gen {
    fn program(&mut self) {
        for _ in 0..1 + self.rng.below(2) {
            self.out.extend(["function", "f", "("]);
            for i in 0..self.rng.below(3) {
                if i > 0 {
                    self.out.push(",");
                }
                self.out.push("p");
            }
            self.out.push(")");
            self.block(3);
        }
    }

    fn block(&mut self, depth: usize) {
        self.out.push("{");
        for _ in 0..self.rng.below(4) {
            self.statement(depth);
        }
        self.out.push("}");
    }

    fn statement(&mut self, depth: usize) {
        let choice = if depth == 0 { 5 + self.rng.below(2) } else { self.rng.below(7) };
        match choice {
            0 | 1 => {
                self.out.push(if choice == 0 { "while" } else { "if" });
                self.out.push("(");
                self.expr(2);
                self.out.push(")");
                self.block(depth - 1);
                if choice == 1 && self.rng.below(2) == 0 {
                    self.out.push("else");
                    self.block(depth - 1);
                }
            }
            2 => {
                let word = *self.rng.pick(&["break", "continue", "debugger"]);
                self.out.extend([word, ";"]);
            }
            3 => {
                self.out.push("return");
                if self.rng.below(2) == 0 {
                    self.expr(2);
                }
                self.out.push(";");
            }
            _ => {
                self.expr(3);
                self.out.push(";");
            }
        }
    }

    fn expr(&mut self, depth: usize) {
        self.operand(depth);
        let ops = ["||", "&&", "<", "==", "+", "-", "*", "/"];
        // At most one comparison between two `&&`/`||` (comparisons do not associate).
        let mut compared = false;
        while self.rng.below(3) == 0 {
            let mut op = *self.rng.pick(&ops);
            if op == "<" || op == "==" {
                if compared {
                    op = "+";
                }
                compared = true;
            } else if op == "&&" || op == "||" {
                compared = false;
            }
            self.out.push(op);
            self.operand(depth);
        }
    }

    fn operand(&mut self, depth: usize) {
        match if depth == 0 { 1 + self.rng.below(2) } else { self.rng.below(5) } {
            0 => {
                self.out.push("(");
                self.expr(depth - 1);
                self.out.push(")");
            }
            1 => self.out.push(*self.rng.pick(&["\"s\"", "1", "0"])),
            _ => {
                self.out.push(*self.rng.pick(&["x", "f", "o"]));
                while depth > 0 && self.rng.below(2) == 0 {
                    match self.rng.below(4) {
                        0 => {
                            self.out.push("(");
                            for i in 0..self.rng.below(3) {
                                if i > 0 {
                                    self.out.push(",");
                                }
                                self.expr(depth - 1);
                            }
                            self.out.push(")");
                        }
                        1 => {
                            self.out.push("=");
                            self.expr(depth - 1);
                        }
                        2 => self.out.extend([".", "k"]),
                        _ => {
                            self.out.push("[");
                            self.expr(depth - 1);
                            self.out.push("]");
                        }
                    }
                }
            }
        }
    }

    /// Deletes, inserts or replaces one token.
    fn mutate(&mut self) {
        let at = self.rng.below(self.out.len() + 1);
        let token = *self.rng.pick(VOCABULARY);
        match self.rng.below(3) {
            0 if at < self.out.len() => {
                self.out.remove(at);
            }
            1 if at < self.out.len() => self.out[at] = token,
            _ => self.out.insert(at, token),
        }
    }
}

fn pest_accepts(source: &str) -> bool {
    SlGrammar::parse(Rule::program, source).is_ok()
}

fn pieces_accept(source: &str) -> bool {
    !matches!(tree::build(source, &SourceMap::new(source)), Err(tree::Failure::Syntax))
}

fn replay_accepts(source: &str) -> bool {
    recognizer::diagnose(source, &token::lex(source)) == recognizer::Outcome::Accepted
}

#[test]
fn pest_and_the_replay_agree() {
    let mut gen = Gen { rng: Rng::new(0x5EED_1234_ABCD_0001), out: Vec::new() };
    let mut rejected = 0;
    for round in 0..4000 {
        gen.out.clear();
        gen.program();
        let valid = gen.out.join(" ");
        assert!(pest_accepts(&valid), "pest rejects {valid:?}");
        assert!(replay_accepts(&valid), "replay rejects {valid:?}");
        assert!(pieces_accept(&valid), "the piecewise parse rejects {valid:?}");
        for _ in 0..1 + round % 3 {
            gen.mutate();
        }
        let mutated = gen.out.join(" ");
        let pest = pest_accepts(&mutated);
        assert_eq!(pest, replay_accepts(&mutated), "disagreement on {mutated:?}");
        assert_eq!(pest, pieces_accept(&mutated), "piecewise disagreement on {mutated:?}");
        if !pest {
            rejected += 1;
            // Every rejected file gets an ANTLR-style message, never the fallback.
            let e = parse(&mutated).err().map(|e| e.message).unwrap_or_default();
            assert!(!e.contains("nested too deeply"), "{mutated:?}: {e}");
        }
    }
    assert!(rejected > 1000, "too few invalid inputs generated: {rejected}");
}

#[test]
fn arbitrary_text_never_panics() {
    let alphabet: Vec<char> =
        "function while if else return (){}[];,.=<>!|&+-*/\"\n\t x1_$é%#0\r".chars().collect();
    let mut rng = Rng::new(0xC0FF_EE00_1234_5678);
    for _ in 0..3000 {
        let len = rng.below(40);
        let text: String = (0..len).map(|_| alphabet[rng.below(alphabet.len())]).collect();
        let _ = parse(&text);
        let _ = parse(&format!("function main() {{ {text} }}"));
    }
}

/// Undoes the escaping of `reference.txt` inputs.
fn unescape(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('f') => out.push('\u{0C}'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[test]
fn reference_outcomes() {
    let data = include_str!("reference.txt");
    let mut lines = data.lines().skip_while(|l| l.starts_with('#'));
    let mut checked = 0;
    while let (Some(input), Some(expected)) = (lines.next(), lines.next()) {
        let source = unescape(input);
        let outcome = match recognizer::diagnose(&source, &token::lex(&source)) {
            recognizer::Outcome::Accepted => "OK".to_string(),
            recognizer::Outcome::GaveUp => "gave up".to_string(),
            recognizer::Outcome::Rejected(d) => {
                let p = crate::parser::SourceMap::new(&source).pos(d.offset);
                format!("-- line {} col {}: {}", p.line, p.column, d.message)
            }
        };
        assert_eq!(outcome, expected, "input: {input}");
        assert_eq!(pest_accepts(&source), expected == "OK", "pest on {input}");
        checked += 1;
    }
    assert!(checked > 250, "only {checked} reference cases");
}
