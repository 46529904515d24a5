//! Parsing scales: a generated program of a few megabytes parses in memory linear in its size
//! and runs correctly, and a pathologically nested one is refused quickly.
//!
//! Memory is the process's peak resident set (`VmHWM` in `/proc/self/status`), so this file is
//! its own test binary and holds one test that measures: other tests running in parallel
//! threads of the same process would blur the figure. The peak is reset before each
//! measurement (`/proc/self/clear_refs`) when the kernel allows it.

use bonsai::engine::{run_with_stack, EngineOptions, GUEST_STACK_BYTES};
use sl::parser::{Block, Expr, ExprKind, Program, Stmt, MAX_NESTING_LEVELS};
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The parser's budget beyond the syntax tree it returns, in bytes per byte of source.
const PARSE_BYTES_PER_SOURCE_BYTE: usize = 20;

/// A program of about `statements` statements: functions of 1,000 statements of several kinds
/// (assignments, arithmetic, calls, property writes, `if`/`else`, `while` with `break`), one
/// function `big` of a tenth of the statements in a single block, and a `main` that calls them
/// all and prints the sum of their results.
fn generate(statements: usize) -> (String, String) {
    let mut s = String::with_capacity(statements * 16);
    let functions = statements / 1000;
    let mut expected: i64 = 0;
    for f in 0..functions {
        s.push_str(&format!("function f{f}(a) {{\n  x = a;\n  o = new();\n"));
        for i in 0..199 {
            s.push_str("  x = x + 1;\n  y = (x * 2) / 2 - x;\n");
            s.push_str(&format!("  o.k{} = y + {i};\n", i % 7));
            s.push_str("  if (y == 0) { x = x + 0; } else { x = 0; }\n");
            s.push_str("  while (1 < 2) { break; }\n");
        }
        s.push_str("  return x;\n}\n");
        expected += f as i64 + 199;
    }
    s.push_str("function big() {\n  n = 0;\n");
    for _ in 0..statements / 10 {
        s.push_str("  n = n + 1;\n");
    }
    s.push_str("  return n;\n}\n");
    expected += (statements / 10) as i64;
    s.push_str("function main() {\n  s = big();\n");
    for f in 0..functions {
        s.push_str(&format!("  s = s + f{f}({f});\n"));
    }
    s.push_str("  println(s);\n}\n");
    (s, format!("{expected}\n"))
}

/// `VmHWM` and `VmRSS` of this process, in bytes.
fn memory() -> (usize, usize) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<usize>().ok())
            .map_or(0, |kb| kb * 1024)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// Resets `VmHWM` to the current resident set (Linux `clear_refs` value 5); without it the
/// high-water mark of earlier work stays and only makes the bound looser.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Heap bytes of a syntax tree: its nodes, vectors and strings, plus 16 bytes of allocator
/// overhead per allocation.
fn tree_bytes(program: &Program) -> usize {
    fn string(s: &String) -> usize {
        if s.capacity() == 0 {
            0
        } else {
            s.capacity() + 16
        }
    }
    fn block(b: &Block) -> usize {
        b.statements.capacity() * size_of::<Stmt>() + 16 + b.statements.iter().map(stmt).sum::<usize>()
    }
    fn boxed_block(b: &Block) -> usize {
        size_of::<Block>() + 16 + block(b)
    }
    fn boxed(e: &Expr) -> usize {
        size_of::<Expr>() + 16 + expr(e)
    }
    fn stmt(s: &Stmt) -> usize {
        match s {
            Stmt::While { cond, body, .. } => boxed(cond) + boxed_block(body),
            Stmt::If { cond, then_block, else_block, .. } => {
                boxed(cond) + boxed_block(then_block) + else_block.as_ref().map_or(0, |b| boxed_block(b))
            }
            Stmt::Return { value, .. } => value.as_ref().map_or(0, |v| boxed(v)),
            Stmt::Expr(e) => expr(e),
            Stmt::Break(_) | Stmt::Continue(_) | Stmt::Debugger(_) => 0,
        }
    }
    fn expr(e: &Expr) -> usize {
        match &e.kind {
            ExprKind::Binary { left, right, .. } => boxed(left) + boxed(right),
            ExprKind::Paren(inner) => boxed(inner),
            ExprKind::Number(s) | ExprKind::String(s) | ExprKind::Name(s) => string(s),
            ExprKind::Call { callee, args } => {
                boxed(callee)
                    + args.capacity() * size_of::<Expr>()
                    + 16
                    + args.iter().map(expr).sum::<usize>()
            }
            ExprKind::AssignLocal { name, value } => string(name) + boxed(value),
            ExprKind::ReadProperty { receiver, key } => boxed(receiver) + boxed(key),
            ExprKind::WriteProperty { receiver, key, value } => boxed(receiver) + boxed(key) + boxed(value),
        }
    }
    program
        .functions
        .iter()
        .map(|f| string(&f.name) + f.params.iter().map(string).sum::<usize>() + block(&f.body))
        .sum()
}

/// A `Write` whose bytes the test reads afterwards.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().map_err(|_| std::io::Error::other("poisoned"))?.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs `source` in the interpreter on a guest thread, as `sl --interpreter-only` does.
fn run(source: Arc<String>) -> (i32, String) {
    let output = Captured::default();
    let captured = output.clone();
    let status = run_with_stack(GUEST_STACK_BYTES, move || {
        let engine = bonsai_pe::engine(EngineOptions { compilation: false, ..EngineOptions::default() })
            .expect("an interpreter-only engine");
        let input = Box::new(std::io::BufReader::new(std::io::empty()));
        let options = sl::launcher::RunOptions::default();
        sl::launcher::run(
            "large.sl",
            &source,
            engine,
            Box::new(output),
            input,
            &mut std::io::sink(),
            &options,
        )
    })
    .expect("the guest thread starts");
    let text =
        String::from_utf8_lossy(&captured.0.lock().map(|b| b.clone()).unwrap_or_default()).into_owned();
    (status, text)
}

#[test]
fn large_programs_parse_in_linear_memory_and_deep_nesting_is_refused_quickly() {
    // 200,000 statements: about 5 MB.
    let (source, expected) = generate(200_000);
    let len = source.len();
    assert!(len > 4_000_000, "{len} bytes");

    // The parser: peak beyond the tree it returns.
    reset_peak();
    let (_, before) = memory();
    let program = sl::parser::parse(&source).map_err(|e| e.to_string());
    let (peak, _) = memory();
    let program = program.expect("the generated program parses");
    assert_eq!(program.functions.len(), 200 + 2);
    let tree = tree_bytes(&program);
    let beyond_tree = peak.saturating_sub(before).saturating_sub(tree);
    eprintln!("source {len} B, syntax tree {tree} B, parse peak beyond the tree {beyond_tree} B");
    assert!(
        beyond_tree <= PARSE_BYTES_PER_SOURCE_BYTE * len,
        "parsing {len} bytes took {beyond_tree} bytes beyond its {tree}-byte tree"
    );
    drop(program);

    // The whole run: parse, build the nodes, run. Before the parser worked piece by piece this
    // took about 170 bytes per byte of source.
    let source = Arc::new(source);
    reset_peak();
    let (_, before) = memory();
    let (status, output) = run(source.clone());
    let (peak, _) = memory();
    assert_eq!((status, output.as_str()), (0, expected.as_str()));
    let used = peak.saturating_sub(before);
    eprintln!("parse, build and run: peak {used} B ({} B per byte of source)", used / len);
    assert!(used <= 100 * len, "running {len} bytes peaked at {used} bytes");

    // A million nested parentheses are refused at the first one past the limit.
    let depth = 1_000_000;
    let nested = format!("function main() {{ x = {}1{}; }}", "(".repeat(depth), ")".repeat(depth));
    let start = Instant::now();
    let (status, output) = run(Arc::new(nested));
    let elapsed = start.elapsed();
    let column = "function main() { x = ".len() + MAX_NESTING_LEVELS - 1;
    assert_eq!(status, 1);
    assert_eq!(
        output,
        format!(
            "Error(s) parsing script:\n-- line 1 col {column}: input nested too deeply at '(' (more than \
             {MAX_NESTING_LEVELS} levels)\n"
        )
    );
    // Generous for CI: the check takes milliseconds.
    assert!(elapsed < Duration::from_secs(10), "took {elapsed:?}");
}
