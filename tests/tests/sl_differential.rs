//! Differential testing of the compiler: generated SL programs (deterministic seeds) run in
//! every execution mode must print exactly what the interpreter prints — a difference is a
//! compiler bug (invariant 3 of ARCHITECTURE.md). Programs mix 64-bit and big integers, strings,
//! booleans, objects, loops, branches and calls, and may end in a guest error.

use bonsai_tests::{run_sl, Mode};

/// A small deterministic generator (64-bit LCG), so every run tests the same programs.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    fn literal(&mut self) -> String {
        match self.below(6) {
            0 => "9223372036854775807".to_string(),
            1 => "4611686018427387904".to_string(),
            2 => format!("\"s{}\"", self.below(10)),
            _ => self.below(100).to_string(),
        }
    }

    /// An expression over `vars`; `depth` bounds nesting; calls only functions below `func` (no
    /// recursion).
    fn expr(&mut self, vars: &[&str], func: usize, depth: u32) -> String {
        if depth == 0 {
            return if self.below(3) == 0 { self.literal() } else { self.pick(vars).to_string() };
        }
        match self.below(10) {
            0..=3 => {
                let op = self.pick(&["+", "-"]);
                format!("({} {op} {})", self.expr(vars, func, depth - 1), self.expr(vars, func, depth - 1))
            }
            // Products with a small factor only: values grow, but not exponentially in digits.
            4 => format!("({} * {})", self.expr(vars, func, depth - 1), self.below(20)),
            5 => format!(
                "({} / ({} * 0 + {}))",
                self.expr(vars, func, depth - 1),
                self.expr(vars, func, 0),
                1 + self.below(7)
            ),
            6 if func > 0 => {
                let callee = self.below(func as u64);
                format!(
                    "f{callee}({}, {})",
                    self.expr(vars, func, depth - 1),
                    self.expr(vars, func, depth - 1)
                )
            }
            7 => format!("o.p{}", self.below(3)),
            _ => self.expr(vars, func, 0),
        }
    }

    fn condition(&mut self, vars: &[&str], func: usize) -> String {
        let cmp = self.pick(&["<", "<=", ">", ">=", "==", "!="]);
        let c = format!("{} {cmp} {}", self.expr(vars, func, 1), self.expr(vars, func, 1));
        match self.below(4) {
            0 => format!("{c} && {} < {}", self.pick(vars), self.below(50)),
            1 => format!("{c} || {} == {}", self.pick(vars), self.below(5)),
            _ => c,
        }
    }

    fn function(&mut self, index: usize) -> String {
        let vars = ["a", "b", "x", "y"];
        let mut body = String::from("  x = a; y = b; o = new(); o.p0 = 1; o.p1 = a; o.p2 = \"t\";\n");
        for _ in 0..2 + self.below(3) {
            let stmt = match self.below(5) {
                0 => format!("  if ({}) {{ x = {}; }} else {{ y = {}; }}\n", self.condition(&vars, index), self.expr(&vars, index, 2), self.expr(&vars, index, 1)),
                1 => format!(
                    "  i = 0; while (i < {}) {{ x = {}; o.p{} = x; i = i + 1; if (i == 3) {{ continue; }} if ({}) {{ break; }} }}\n",
                    self.below(12),
                    self.expr(&vars, index, 2),
                    self.below(3),
                    self.condition(&vars, index)
                ),
                2 => format!("  o.p{} = {};\n", self.below(3), self.expr(&vars, index, 2)),
                _ => format!("  {} = {};\n", self.pick(&["x", "y"]), self.expr(&vars, index, 3)),
            };
            body.push_str(&stmt);
        }
        body.push_str(&format!("  return {};\n", self.expr(&vars, index, 2)));
        format!("function f{index}(a, b) {{\n{body}}}\n")
    }

    fn program(&mut self) -> String {
        let functions = 1 + self.below(3) as usize;
        let mut text = String::new();
        for f in 0..functions {
            text.push_str(&self.function(f));
        }
        let last = functions - 1;
        text.push_str(&format!(
            "function main() {{\n  n = 0; acc = 0;\n  while (n < 30) {{ acc = f{last}(n, acc - n * {}); n = n + 1; }}\n  println(acc);\n  return f{last}({}, {});\n}}\n",
            self.below(5),
            self.literal(),
            self.literal()
        ));
        text
    }
}

/// The seeds to run: `1..=200` by default (what CI runs); `BONSAI_DIFFERENTIAL_PROGRAMS=N`
/// runs N programs, and `BONSAI_DIFFERENTIAL_FIRST_SEED=S` starts at seed S, so a person can
/// run the differential test for hours (`BONSAI_DIFFERENTIAL_PROGRAMS=1000000 cargo test
/// --release -p bonsai-tests --test sl_differential`) or replay one failing seed.
fn seeds() -> std::ops::RangeInclusive<u64> {
    let var = |name: &str, default: u64| -> u64 {
        match std::env::var(name) {
            Ok(v) => v.trim().parse().unwrap_or_else(|_| panic!("{name}={v:?} is not a whole number")),
            Err(_) => default,
        }
    };
    let first = var("BONSAI_DIFFERENTIAL_FIRST_SEED", 1);
    let count = var("BONSAI_DIFFERENTIAL_PROGRAMS", 200).max(1);
    first..=first.saturating_add(count - 1)
}

#[test]
fn generated_programs_print_the_same_in_every_mode() {
    let mut failures = Vec::new();
    for seed in seeds() {
        let program = Gen(seed).program();
        let reference = run_sl("generated.sl", &program, "", Mode::Interpreter);
        for mode in [Mode::Eager, Mode::Stress, Mode::Osr, Mode::DeoptStress] {
            let r = run_sl("generated.sl", &program, "", mode);
            if (r.stdout.as_str(), r.status) != (reference.stdout.as_str(), reference.status) {
                failures.push(format!(
                    "seed {seed} [{mode:?}]\n{program}--- interpreter (status {})\n{}--- {mode:?} (status {})\n{}",
                    reference.status, reference.stdout, r.status, r.stdout
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} differences:\n\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn generated_programs_do_different_things() {
    // Guards the generator itself: the programs must print a variety of results and errors.
    let outputs: std::collections::BTreeSet<String> = (1..=20u64)
        .map(|seed| run_sl("generated.sl", &Gen(seed).program(), "", Mode::Interpreter).stdout)
        .collect();
    assert!(outputs.len() >= 15, "{outputs:?}");
}
