//! Differential testing of the compiler on SOM: generated programs (deterministic seeds) run in
//! every compiled execution mode must print exactly what the interpreter prints, exit with the
//! same status and report the same errors — a difference is a compiler (or SOM) bug
//! (invariant 3 of ARCHITECTURE.md). The SOM counterpart of `sl_differential.rs`.
//!
//! A program is a `Main` class (a `run` method and a few helper methods) and three small user
//! classes (`Base` and its subclasses `SubA`, `SubB`, overriding methods and sending `super`),
//! written to a scratch directory under the system's temporary directory. Programs mix
//! SmallIntegers overflowing into big integers, Doubles and mixed arithmetic and comparisons,
//! Strings and Symbols, Booleans, inlined and real-send control structures (literal blocks and
//! blocks held in variables), blocks writing outer variables, non-local returns through `do:`,
//! `inject:into:` and helper methods, Arrays, polymorphic sends, and sometimes end in an error.
//! Every loop is bounded and no method calls itself or a later one, so every program ends
//! quickly; nothing depends on time, hash codes or the collector.

use bonsai::testing::Rng;
use bonsai_tests::{run_som, workspace_root, Mode, RunResult};
use std::path::{Path, PathBuf};

/// The compiled modes compared with the interpreter (those the golden runner uses).
const COMPILED_MODES: [Mode; 4] = [Mode::Eager, Mode::Stress, Mode::Osr, Mode::DeoptStress];

/// The integer variables of a helper method (`a`, `b` are its arguments).
const INTS: [&str; 4] = ["a", "b", "x", "y"];

/// A generator of SOM programs over one seed.
struct Gen {
    rng: Rng,
}

impl Gen {
    fn new(seed: u64) -> Gen {
        Gen { rng: Rng::new(seed) }
    }

    fn below(&mut self, n: usize) -> usize {
        self.rng.below(n)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// An Integer literal: small, near the 64-bit limits, or already big.
    fn int_literal(&mut self) -> String {
        match self.below(10) {
            0 => "9223372036854775807".to_string(),
            1 => "4611686018427387904".to_string(),
            2 => "(0 - 9223372036854775807 - 1)".to_string(),
            3 => "123456789012345678901234567890".to_string(),
            4 => format!("-{}", 1 + self.below(50)),
            _ => self.below(100).to_string(),
        }
    }

    /// A non-zero divisor literal, possibly negative.
    fn divisor(&mut self) -> String {
        let d = 1 + self.below(9);
        if self.below(3) == 0 {
            format!("-{d}")
        } else {
            d.to_string()
        }
    }

    /// An Integer-valued expression; helpers `h0..h{helper}` (earlier ones only) may be called.
    fn int_expr(&mut self, helper: usize, depth: u32) -> String {
        if depth == 0 {
            return if self.below(3) == 0 { self.int_literal() } else { self.pick(&INTS).to_string() };
        }
        let d = depth - 1;
        match self.below(14) {
            0..=2 => {
                let op = self.pick(&["+", "-"]);
                format!("({} {op} {})", self.int_expr(helper, d), self.int_expr(helper, d))
            }
            // Products with a small factor only: values grow, but not exponentially in digits.
            3 => format!("({} * {})", self.int_expr(helper, d), self.below(20)),
            4 => format!("({} % {})", self.int_expr(helper, d), self.divisor()),
            5 => format!("({} rem: {})", self.int_expr(helper, d), self.divisor()),
            6 => format!("({} / {})", self.int_expr(helper, d), self.divisor()),
            7 if helper > 0 => {
                let callee = self.below(helper);
                format!("(self h{callee}: {} with: {})", self.int_expr(helper, d), self.int_expr(helper, d))
            }
            8 => format!(
                "({} ifTrue: [ {} ] ifFalse: [ {} ])",
                self.bool_expr(helper, d),
                self.int_expr(helper, d),
                self.int_expr(helper, d)
            ),
            9 => format!("(({}) f: {})", self.object(), self.int_expr(helper, d)),
            10 => format!("({} abs)", self.int_expr(helper, d)),
            11 => format!("({} max: {})", self.int_expr(helper, d), self.int_expr(helper, d)),
            12 => format!("({} length)", self.string_expr(d)),
            _ => self.int_expr(helper, 0),
        }
    }

    /// A Double-valued expression (IEEE results such as `inf` and `NaN` are fine).
    fn double_expr(&mut self, helper: usize, depth: u32) -> String {
        if depth == 0 {
            return match self.below(4) {
                0 => self.pick(&["1.5", "-0.25", "3.0", "0.1", "25000000000.0", "0.001"]).to_string(),
                1 => "d".to_string(),
                2 => format!("({} // {})", self.pick(&INTS), self.pick(&["3", "7", "0", "-2", "0.5"])),
                _ => format!("{} asDouble", self.pick(&["a", "b", "x", "y"])),
            };
        }
        let d = depth - 1;
        match self.below(6) {
            0 => format!("({} + {})", self.double_expr(helper, d), self.int_expr(helper, d)),
            1 => format!("({} - {})", self.int_expr(helper, d), self.double_expr(helper, d)),
            2 => format!("({} * {})", self.double_expr(helper, d), self.pick(&["0.5", "3", "-1.25"])),
            3 => format!("({} // {})", self.double_expr(helper, d), self.pick(&["3", "0.0", "-2.5", "7"])),
            4 => format!("({} % {})", self.double_expr(helper, d), self.pick(&["1.5", "2", "-3.0"])),
            _ => self.double_expr(helper, 0),
        }
    }

    /// A Boolean-valued expression.
    fn bool_expr(&mut self, helper: usize, depth: u32) -> String {
        let d = depth.saturating_sub(1);
        let cmp = self.pick(&["<", "<=", ">", ">=", "=", "~="]);
        match self.below(8) {
            0 => format!("({} {cmp} {})", self.double_expr(helper, d), self.int_expr(helper, d)),
            1 => format!("({} {cmp} {})", self.int_expr(helper, d), self.double_expr(helper, d)),
            2 => format!("({} = {})", self.string_expr(d), self.string_expr(d)),
            3 if depth > 0 => {
                format!("({} and: [ {} ])", self.bool_expr(helper, d), self.bool_expr(helper, d))
            }
            4 if depth > 0 => {
                format!("({} or: [ {} ])", self.bool_expr(helper, d), self.bool_expr(helper, d))
            }
            5 if depth > 0 => format!("({} not)", self.bool_expr(helper, d)),
            _ => format!("({} {cmp} {})", self.int_expr(helper, d), self.int_expr(helper, d)),
        }
    }

    /// A String- or Symbol-valued expression (short: concatenations only of literals and
    /// printed numbers, so lengths stay bounded).
    fn string_expr(&mut self, depth: u32) -> String {
        if depth == 0 {
            return match self.below(5) {
                0 => format!("'s{}'", self.below(10)),
                1 => self.pick(&["#foo", "#bar:", "#+", "#with:with:"]).to_string(),
                2 => format!("{} asString", self.pick(&INTS)),
                3 => self.pick(&["true asString", "nil asString", "d asString", "#sym asString"]).to_string(),
                _ => format!(
                    "({} ifTrue: ['yes'] ifFalse: [#no])",
                    self.pick(&["(a < b)", "(x = y)", "(d > 1)"])
                ),
            };
        }
        let d = depth - 1;
        match self.below(4) {
            0 => format!("({} concatenate: {})", self.string_expr(d), self.string_expr(d)),
            1 => format!("({} + {})", self.string_expr(d), self.pick(&INTS)),
            2 => format!("({} asSymbol)", self.string_expr(d)),
            _ => self.string_expr(0),
        }
    }

    /// An instance of one of the user classes.
    fn object(&mut self) -> String {
        let class = self.pick(&["Base", "SubA", "SubB"]);
        format!("{class} new setV: {}", self.below(10))
    }

    /// One statement of helper `index` (may return from the method non-locally).
    fn statement(&mut self, index: usize) -> String {
        let h = index;
        let n = 1 + self.below(8);
        match self.below(19) {
            0 => format!("x := {}.", self.int_expr(h, 3)),
            // A loop variable captured by an inner block (fresh per iteration).
            16 => format!(
                "1 to: {n} do: [ :k | blk := [ k * {} ]. y := y + blk value ].",
                self.int_expr(h, 1)
            ),
            17 => format!(
                "i := {n}. [ i <= 0 ] whileFalse: [ x := x + {}. i := i - 1 ].",
                self.int_expr(h, 1)
            ),
            // A non-local return from a block held in a variable.
            18 => format!(
                "blk := [ :e | e > {} ifTrue: [ ^ e + x ] ]. (Array with: a with: {}) do: blk.",
                self.int_literal(),
                self.int_expr(h, 1)
            ),
            1 => format!("y := {}.", self.int_expr(h, 3)),
            2 => format!(
                "{} ifTrue: [ x := {} ] ifFalse: [ y := {} ].",
                self.bool_expr(h, 2),
                self.int_expr(h, 2),
                self.int_expr(h, 1)
            ),
            3 => format!(
                "i := 0. [ i < {n} ] whileTrue: [ x := {}. i := i + 1 ].",
                self.int_expr(h, 2)
            ),
            4 => format!("1 to: {n} do: [ :k | y := y + (k * {}) - {} ].", self.below(30), self.int_expr(h, 1)),
            // The same loops with blocks held in variables: real sends.
            5 => format!(
                "i := 0. cond := [ i < {n} ]. blk := [ y := {}. i := i + 1 ]. cond whileTrue: blk.",
                self.int_expr(h, 2)
            ),
            6 => format!("blk := [ :k | x := x + (k * {}) ]. 1 to: {n} do: blk.", self.int_expr(h, 1)),
            7 => format!(
                "arr := Array new: {n}. 1 to: {n} do: [ :k | arr at: k put: k * {} ]. arr do: [ :e | y := y + e ].",
                self.int_expr(h, 1)
            ),
            8 => format!(
                "arr := Array new: {n}. arr at: 1 put: {}. y := (arr inject: 0 into: [ :acc :e | e isNil ifTrue: [ acc ] ifFalse: [ acc + e ] ]).",
                self.int_expr(h, 2)
            ),
            // Non-local returns through `do:`, `inject:into:` and a helper method.
            9 => format!(
                "(Array with: {} with: {} with: x) do: [ :e | e > {} ifTrue: [ ^ e - y ] ].",
                self.int_expr(h, 1),
                self.int_expr(h, 1),
                self.int_literal()
            ),
            10 => format!(
                "x := (Array with: a with: b with: {}) inject: 0 into: [ :acc :e | acc > {} ifTrue: [ ^ acc ]. acc + e ].",
                self.int_expr(h, 1),
                self.below(200)
            ),
            11 => format!(
                "self each: (Array with: x with: {}) do: [ :e | e < {} ifTrue: [ ^ e * {} ] ].",
                self.int_expr(h, 1),
                self.int_literal(),
                self.below(5)
            ),
            12 => format!(
                "(Array with: ({}) with: ({}) with: ({})) do: [ :o | x := x + (o f: {}) ].",
                self.object(),
                self.object(),
                self.object(),
                self.int_expr(h, 1)
            ),
            13 => format!("d := {}.", self.double_expr(h, 3)),
            14 => format!("s := {}.", self.string_expr(2)),
            _ => format!(
                "({} or: [ {} ]) ifTrue: [ ^ {} ].",
                self.bool_expr(h, 1),
                self.bool_expr(h, 1),
                self.int_expr(h, 2)
            ),
        }
    }

    /// Helper `h{index}:with:`: its statements, then an Integer result.
    fn helper(&mut self, index: usize) -> String {
        let mut body =
            String::from("        | x y d s i cond blk arr |\n        x := a. y := b. d := 0.5. s := 'h'.\n");
        for _ in 0..2 + self.below(4) {
            body.push_str(&format!("        {}\n", self.statement(index)));
        }
        body.push_str(&format!("        ^ {} + s length", self.int_expr(index, 2)));
        format!("    h{index}: a with: b = (\n{body} )\n")
    }

    /// An error ending the program, or nothing.
    fn ending(&mut self) -> &'static str {
        match self.below(12) {
            0 => "        x foo: 1.\n",
            1 => "        self error: 'boom ' + x asString.\n",
            2 => "        (Array new: 3) at: 4.\n",
            3 => "        (x / 0) println.\n",
            4 => "        (x % 0) println.\n",
            5 => "        (x + 'one') println.\n",
            _ => "",
        }
    }

    /// The files of a program: (class name, source).
    fn program(&mut self) -> Vec<(&'static str, String)> {
        let helpers = 1 + self.below(3);
        let mut main = String::from("Main = (\n    each: arr do: blk = ( arr do: blk )\n");
        for h in 0..helpers {
            main.push_str(&self.helper(h));
        }
        let a = self.int_literal();
        let b = self.int_literal();
        let last = helpers - 1;
        main.push_str(&format!(
            "    run = (\n        | a b x y d s n |\n        a := {a}. b := {b}. x := 0. y := 1. d := 0.5. s := 'r'.\n        n := 0. [ n < {} ] whileTrue: [ x := self h{last}: n with: x - (n * {}). n := n + 1 ].\n        x println.\n",
            5 + self.below(20),
            self.below(5)
        ));
        for _ in 0..2 + self.below(4) {
            let line = match self.below(5) {
                0 => format!(
                    "        (self h{}: {} with: {}) println.\n",
                    self.below(helpers),
                    self.int_expr(0, 2),
                    self.int_expr(0, 2)
                ),
                1 => format!("        {} println.\n", self.double_expr(0, 2)),
                2 => format!("        {} println.\n", self.string_expr(2)),
                3 => format!("        {} println.\n", self.bool_expr(0, 2)),
                _ => format!("        (({}) describe: {}) println.\n", self.object(), self.int_expr(0, 1)),
            };
            main.push_str(&line);
        }
        main.push_str(self.ending());
        main.push_str("        'done' println )\n)\n");

        let k = [self.below(9) + 1, self.below(9) + 1, self.below(9) + 1];
        let base = format!(
            "Base = (\n    | v |\n    setV: x = ( v := x )\n    v = ( ^ v )\n    f: x = ( ^ x * {} + v )\n    name = ( ^ 'Base' )\n    describe: x = ( ^ self name + ':' + (self f: x) asString )\n)\n",
            k[0]
        );
        let sub_a = format!(
            "SubA = Base (\n    f: x = ( ^ (super f: x) - {} )\n    name = ( ^ 'A<' + super name + '>' )\n)\n",
            k[1]
        );
        let sub_b = format!(
            "SubB = Base (\n    f: x = ( ^ x > {} ifTrue: [ x rem: {} ] ifFalse: [ v * x ] )\n    name = ( ^ #B )\n)\n",
            k[2] * 10,
            k[1]
        );
        vec![("Main", main), ("Base", base), ("SubA", sub_a), ("SubB", sub_b)]
    }
}

/// The seeds to run: `1..=100` by default (what CI runs); `BONSAI_SOM_DIFFERENTIAL_PROGRAMS=N`
/// runs N programs, and `BONSAI_SOM_DIFFERENTIAL_FIRST_SEED=S` starts at seed S, so a person
/// can run the test for hours or replay one failing seed.
fn seeds() -> std::ops::RangeInclusive<u64> {
    let var = |name: &str, default: u64| -> u64 {
        match std::env::var(name) {
            Ok(v) => v.trim().parse().unwrap_or_else(|_| panic!("{name}={v:?} is not a whole number")),
            Err(_) => default,
        }
    };
    let first = var("BONSAI_SOM_DIFFERENTIAL_FIRST_SEED", 1);
    let count = var("BONSAI_SOM_DIFFERENTIAL_PROGRAMS", 100).max(1);
    first..=first.saturating_add(count - 1)
}

/// Writes the program of `seed` to its own scratch directory and returns that directory and
/// the program's text (all files, for failure messages).
fn write_program(scratch: &Path, seed: u64) -> (PathBuf, String) {
    let dir = scratch.join(format!("seed{seed}"));
    std::fs::create_dir_all(&dir).expect("the scratch directory can be created");
    let mut text = String::new();
    for (class, source) in Gen::new(seed).program() {
        std::fs::write(dir.join(format!("{class}.som")), &source).expect("the program can be written");
        text.push_str(&format!("--- {class}.som\n{source}"));
    }
    (dir, text)
}

fn run(dir: &Path, mode: Mode) -> RunResult {
    let core = workspace_root().join("languages/som/core-lib");
    let class_path = format!("{}:{}", dir.display(), core.display());
    run_som(&class_path, "Main", &[], mode)
}

/// A scratch directory of this test process.
fn scratch(test: &str) -> PathBuf {
    std::env::temp_dir().join(format!("bonsai-som-differential-{}-{test}", std::process::id()))
}

#[test]
fn generated_programs_behave_the_same_in_every_mode() {
    let scratch = scratch("modes");
    // Sequential: guest runs share the process's one heap mutator, so threads would not help.
    let failures: Vec<String> = seeds().filter_map(|seed| differences(&scratch, seed)).collect();
    let _ = std::fs::remove_dir_all(&scratch);
    assert!(failures.is_empty(), "{} programs differ:\n\n{}", failures.len(), failures.join("\n"));
}

/// How the compiled modes' runs of the program of `seed` differ from the interpreter's, if
/// they do: the seed, the program and every differing run.
fn differences(scratch: &Path, seed: u64) -> Option<String> {
    let (dir, program) = write_program(scratch, seed);
    let reference = run(&dir, Mode::Interpreter);
    let mut report = String::new();
    for mode in COMPILED_MODES {
        let r = run(&dir, mode);
        if r.stdout != reference.stdout
            || r.status != reference.status
            || r.diagnostics != reference.diagnostics
        {
            report.push_str(&format!(
                "--- {mode:?} (status {})\n{}--- {mode:?} stderr\n{}",
                r.status, r.stdout, r.diagnostics
            ));
        }
    }
    (!report.is_empty()).then(|| {
        let replay = format!("BONSAI_SOM_DIFFERENTIAL_FIRST_SEED={seed} BONSAI_SOM_DIFFERENTIAL_PROGRAMS=1");
        format!(
            "seed {seed} (replay: {replay})\n{program}--- Interpreter (status {})\n{}--- Interpreter stderr\n{}{report}",
            reference.status, reference.stdout, reference.diagnostics
        )
    })
}

#[test]
fn generated_programs_do_different_things() {
    // Guards the generator itself: the programs must compile, print a variety of results, and
    // some of them end in errors.
    let scratch = scratch("variety");
    let results: Vec<RunResult> =
        (1..=30u64).map(|seed| run(&write_program(&scratch, seed).0, Mode::Interpreter)).collect();
    let _ = std::fs::remove_dir_all(&scratch);
    let outputs: std::collections::BTreeSet<&str> = results.iter().map(|r| r.stdout.as_str()).collect();
    assert!(outputs.len() >= 25, "{outputs:?}");
    let completed = results.iter().filter(|r| r.status == 0 && r.stdout.ends_with("done\n")).count();
    assert!(completed >= 15, "only {completed} of 30 programs completed: {results:#?}");
    assert!(completed < 30, "no program ended in an error");
}
