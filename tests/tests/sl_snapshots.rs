//! Snapshots of what the interpreter learned (specialized trees) and of what the partial
//! evaluator made of it (Cranelift IR), reviewed with `cargo insta review`.

use bonsai::node::graph::TreeFormat;
use bonsai_tests::{run_sl_with, run_sl_with_options, with_snapshot_filters, Mode};

/// The tree dump of every function after running `program` in the interpreter.
fn trees(program: &str) -> String {
    let r = run_sl_with("snapshot.sl", program, "", Mode::Interpreter, |_| {}, true);
    format!("--- output (status {})\n{}--- trees\n{}", r.status, r.stdout, r.diagnostics)
}

/// The IR of the compiled units of `program`, compiled once warm (after 3 calls or 50 back
/// edges, so the trees are specialized), addresses filtered.
fn ir(program: &str) -> String {
    let configure = |o: &mut bonsai::engine::EngineOptions| {
        o.dump_ir = true;
        o.compile_threshold_calls = 3;
        o.osr_threshold_back_edges = 50;
    };
    let r = run_sl_with("snapshot.sl", program, "", Mode::Eager, configure, false);
    assert_eq!(r.status, 0, "{}", r.stdout);
    r.diagnostics
}

#[test]
fn tree_add_rewrites_long_to_number() {
    let program = "
function add(a, b) { return a + b; }
function main() {
  println(add(1, 2));
  println(add(9223372036854775807, 1));
  println(add(3, 4));
}";
    insta::assert_snapshot!(trees(program));
}

#[test]
fn tree_add_specializes_to_string() {
    let program = "
function add(a, b) { return a + b; }
function main() {
  println(add(1, 2));
  println(add(\"x\", 2));
  println(add(3, \"y\"));
}";
    insta::assert_snapshot!(trees(program));
}

#[test]
fn tree_call_sites_and_profiles() {
    let program = "
function inc(x) { return x + 1; }
function dec(x) { return x - 1; }
function apply(f, x) { return f(x); }
function main() {
  i = 0;
  while (i < 10) { if (i < 8) { apply(inc, i); } else { apply(dec, i); } i = i + 1; }
  return inc(41);
}";
    insta::assert_snapshot!(trees(program));
}

#[test]
fn tree_call_site_goes_polymorphic_then_megamorphic() {
    let program = "
function a(x) { return x + 1; }
function b(x) { return x + 2; }
function c(x) { return x + 3; }
function d(x) { return x + 4; }
function call(f, x) { return f(x); }
function twice(f, x) { return f(x); }
function main() {
  println(call(a, 1) + call(b, 1) + call(c, 1) + call(d, 1));
  println(twice(a, 1) + twice(b, 1));
}";
    insta::assert_snapshot!(trees(program));
}

#[test]
fn tree_property_caches_go_monomorphic_polymorphic_megamorphic() {
    // `getX` sees objects of 1, then 3, then 6 different shapes.
    let program = |shapes: u32| {
        format!(
            "
function getX(o) {{ return o.x; }}
function shape(i) {{
  o = new();
  if (i == 1) {{ o.a = 1; }}
  if (i == 2) {{ o.b = 1; }}
  if (i == 3) {{ o.c = 1; }}
  if (i == 4) {{ o.d = 1; }}
  if (i == 5) {{ o.e = 1; }}
  o.x = i;
  return o;
}}
function main() {{
  i = 0; sum = 0;
  while (i < {shapes}) {{ sum = sum + getX(shape(i)); i = i + 1; }}
  return sum;
}}"
        )
    };
    let getx = |shapes: u32| {
        let dump = trees(&program(shapes));
        let start = dump.find("getX (").unwrap_or(0);
        let end = dump[start..].find("\nmain (").map_or(dump.len(), |e| start + e + 1);
        format!("--- {shapes} shape(s)\n{}", &dump[start..end])
    };
    insta::assert_snapshot!(format!("{}{}{}", getx(1), getx(3), getx(6)));
}

#[test]
fn tree_writes_past_the_inline_slots_cache_their_transitions() {
    // Six properties: the fifth and sixth go to the extension array. Their writes cache the
    // transition like the first four (with a room check in the extension array), rather than
    // going megamorphic.
    let program = "
function make(i) { o = new(); o.a = i; o.b = i; o.c = i; o.d = i; o.e = i; o.f = i; return o; }
function main() { i = 0; s = 0; while (i < 10) { s = s + make(i).f; i = i + 1; } return s; }";
    let dump = trees(program);
    let start = dump.find("make (").unwrap_or(0);
    let end = dump[start..].find("\nmain (").map_or(dump.len(), |e| start + e + 1);
    insta::assert_snapshot!(&dump[start..end]);
}

#[test]
fn ir_of_property_read() {
    let program = "
function getX(o) { return o.x; }
function main() {
  p = new(); p.x = 40; p.y = 2;
  i = 0; sum = 0;
  while (i < 10) { sum = sum + getX(p); i = i + 1; }
  return sum;
}";
    with_snapshot_filters(|| insta::assert_snapshot!(ir(program)));
}

#[test]
fn ir_of_reads_of_one_receiver() {
    // `o.x + o.y - o.x`: the receiver's tag and shape are tested once (facts), the second read
    // of `o.x` loads again (no load elimination yet).
    let program = "
function sum(o) { return o.x + o.y - o.x; }
function main() {
  p = new(); p.x = 40; p.y = 2;
  i = 0; s = 0;
  while (i < 10) { s = s + sum(p); i = i + 1; }
  return s;
}";
    let ir = ir(program);
    let unit = ir.split("[bonsai] IR of ").find(|u| u.starts_with("sum ")).expect("sum is compiled");
    let shape_loads =
        unit.lines().filter(|l| l.contains("load.i64") && l.contains("+8") && !l.contains("stack")).count();
    with_snapshot_filters(|| insta::assert_snapshot!(unit));
    assert!(shape_loads <= 3, "{unit}");
}

#[test]
fn ir_of_integer_loop() {
    let program = "
function main() {
  i = 0; sum = 0;
  while (i < 100) { sum = sum + i; i = i + 1; }
  return sum;
}";
    with_snapshot_filters(|| insta::assert_snapshot!(ir(program)));
}

#[test]
fn ir_of_recursive_call() {
    let program = "
function fib(n) { if (n < 2) { return n; } return fib(n - 1) + fib(n - 2); }
function main() { return fib(6); }";
    with_snapshot_filters(|| insta::assert_snapshot!(ir(program)));
}

#[test]
fn tree_keyed_accesses_specialize_on_elements() {
    // `get` sees in-bounds integer keys (Element), then a string key (Generic); `put` sees
    // appends (Generic) and then in-place writes (Element); `o.k0` sees a dictionary-mode
    // object and goes megamorphic.
    let program = "
function get(o, k) { return o[k]; }
function put(o, k, v) { o[k] = v; }
function named(o) { return o.k0; }
function main() {
  o = new();
  i = 0;
  while (i < 3) { put(o, i, i); i = i + 1; }
  put(o, 1, 10);
  println(get(o, 1) + get(o, \"2\"));
  d = new();
  i = 0;
  while (i < 200) { d[\"k\" + i] = i; i = i + 1; }
  println(named(d));
}";
    insta::assert_snapshot!(trees(program));
}

#[test]
fn ir_of_element_read() {
    let program = "
function sum(o, n) { i = 0; s = 0; while (i < n) { s = s + o[i]; i = i + 1; } return s; }
function main() {
  o = new(); o[0] = 1; o[1] = 2; o[2] = 3;
  k = 0; t = 0;
  while (k < 10) { t = t + sum(o, 3); k = k + 1; }
  return t;
}";
    with_snapshot_filters(|| insta::assert_snapshot!(ir(program)));
}

#[test]
fn ir_of_objects_that_do_not_escape() {
    // Allocation removal: `p` and `q` never leave the loop, and are dead at its header (each
    // iteration writes them before reading them), so the loop allocates nothing: its property
    // accesses are SSA moves and its shape checks fold. Only the cold transfer points (an
    // overflow deoptimizes) allocate them for the interpreter, out of line. (The heap's fast
    // path would set a valid-object bit with an 8-bit load; the slow path is a call.)
    let program = "
function main() {
  i = 0; sum = 0;
  while (i < 100) {
    p = new(); p.x = i; p.y = i * 2;
    q = new(); q.x = p.y; q.y = p.x; q.next = p;
    sum = sum + q.next.x + q.x - q.y;
    i = i + 1;
  }
  r = new(); r.sum = sum;
  return r.sum;
}";
    let ir = ir(program);
    let loop_unit = ir
        .split("[bonsai] IR of ")
        .find(|u| u.starts_with("main (osr-compiled)"))
        .expect("the loop is compiled");
    let hot_allocations = loop_unit
        .split("\nblock")
        .filter(|block| !block.lines().next().unwrap_or("").contains("cold"))
        .filter(|block| block.contains("load.i8") || block.contains("call"))
        .count();
    assert_eq!(hot_allocations, 0, "the loop allocates:\n{loop_unit}");
    with_snapshot_filters(|| insta::assert_snapshot!(loop_unit));
}

/// The Graphviz graphs (`--dump-tree=dot`) of every function of `program` after an eagerly
/// compiled run (compiled after 5 calls or 50 back edges, so the trees are specialized and
/// the calls inlined).
fn graphs(program: &str) -> String {
    let configure = |o: &mut bonsai::engine::EngineOptions| {
        o.compile_threshold_calls = 5;
        o.osr_threshold_back_edges = 50;
    };
    let options = sl::launcher::RunOptions { dump_tree: true, tree_format: TreeFormat::Dot, dump_dir: None };
    let r = run_sl_with_options("graph.sl", program, "", Mode::Eager, configure, options);
    assert_eq!(r.status, 0, "{}", r.stdout);
    r.diagnostics
}

const CALLS_INLINED_INTO_A_LOOP: &str = "
function inc(x) { return x + 1; }
function dec(x) { return x - 1; }
function apply(f, x) { return f(x); }
function main() {
  i = 0;
  s = 0;
  while (i < 100) { if (i < 80) { s = s + apply(inc, i); } else { s = s + apply(dec, i); } i = i + 1; }
  o = new();
  o.x = s;
  return o.x + inc(41);
}";

/// Boxes with specializations, caches and profiles, colored by state; `apply` and `inc`
/// inlined into `main` as clusters; `apply`'s polymorphic call site.
#[test]
fn dot_of_calls_inlined_into_a_loop() {
    insta::assert_snapshot!(graphs(CALLS_INLINED_INTO_A_LOOP));
}

/// Every graph renders with Graphviz's `dot` without a warning (when `dot` is installed;
/// the snapshot above pins the text either way).
#[test]
fn dot_graphs_render_with_graphviz() {
    let Ok(version) = std::process::Command::new("dot").arg("-V").output() else {
        eprintln!("dot (Graphviz) not installed: rendering not checked");
        return;
    };
    assert!(version.status.success());
    let text = graphs(CALLS_INLINED_INTO_A_LOOP);
    let graphs: Vec<&str> = text.split_inclusive("\n}\n").collect();
    assert_eq!(graphs.len(), 4, "one graph per function");
    for graph in graphs {
        use std::io::Write;
        let mut dot = std::process::Command::new("dot")
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("dot starts");
        dot.stdin.take().expect("stdin").write_all(graph.as_bytes()).expect("dot reads the graph");
        let out = dot.wait_with_output().expect("dot runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && stderr.is_empty(), "dot failed on\n{graph}\n{stderr}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("<svg"), "no SVG for\n{graph}");
    }
}
