//! The `som` binary's command line (spec §1): `-cp`, TARGET as a path or a class name, the
//! program's arguments after TARGET (even `--help`), exit statuses, and errors that are
//! reports, never crashes. Runs the binary itself.

use std::path::PathBuf;
use std::process::Command;

fn som(args: &[&str]) -> (String, String, i32) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out =
        Command::new(env!("CARGO_BIN_EXE_som")).args(args).current_dir(&root).output().expect("som runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// A scratch directory with `files` (name, text) in it.
fn dir_with(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("som-launcher-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (file, text) in files {
        std::fs::write(dir.join(file), text).expect("write class file");
    }
    dir
}

const ECHO: &str = "Echo = ( run: args = ( args do: [ :a | a println ] ) )";

#[test]
fn program_arguments_follow_the_target_even_when_they_look_like_options() {
    let dir = dir_with("args", &[("Echo.som", ECHO)]);
    let target = dir.join("Echo.som");
    let (out, err, status) = som(&["-cp", "core-lib", target.to_str().unwrap(), "--help", "-cp", "x"]);
    assert_eq!((out.as_str(), err.as_str(), status), ("Echo\n--help\n-cp\nx\n", "", 0));
}

#[test]
fn a_bare_class_name_is_found_on_the_class_path_and_the_default_is_the_core_library() {
    let dir = dir_with("by-name", &[("Echo.som", ECHO)]);
    let cp = format!("{}:core-lib", dir.display());
    let (out, _, status) = som(&["-cp", &cp, "Echo", "a"]);
    assert_eq!((out.as_str(), status), ("Echo\na\n", 0));
    let target = dir.join("Echo.som");
    let (out, _, status) = som(&["--interpreter-only", target.to_str().unwrap()]);
    assert_eq!((out.as_str(), status), ("Echo\n", 0));
}

#[test]
fn errors_are_reports_with_status_1() {
    let (out, _, status) = som(&["-cp", "core-lib", "NoSuchClass"]);
    assert_eq!((out.as_str(), status), ("\nERROR: Tried loading 'NoSuchClass' as a class, but failed.\n", 1));
    let (_, err, status) = som(&["/nonexistent/Missing.som"]);
    assert!(err.contains("Cannot read class file '/nonexistent/Missing.som'"), "{err}");
    assert_eq!(status, 1);
    let dir = dir_with(
        "vm-error",
        &[("Div.som", "Div = ( run = ( ^ 1 / 0 ) )"), ("Deep.som", "Deep = ( run = ( ^ self run + 1 ) )")],
    );
    let (_, err, status) = som(&[dir.join("Div.som").to_str().unwrap()]);
    assert_eq!(status, 1);
    assert!(err.starts_with("Traceback (most recent call at bottom):\n  File "), "{err}");
    assert!(err.contains("line 1, column 18:\n    Div = ( run = ( ^ 1 / 0 ) )\n"), "{err}");
    assert!(err.ends_with("Division by zero.\n"), "{err}");
    let (_, err, status) = som(&["--max-call-depth", "1000", dir.join("Deep.som").to_str().unwrap()]);
    assert_eq!(status, 1);
    assert!(err.ends_with("Stack overflow: guest call depth exceeded 1000.\n"), "{err}");
}

/// The specialized tree of a method after an interpreted run (`--dump-tree`): `ifTrue:` with a
/// literal block inlined (its `^` a local return), sends with monomorphic caches keyed on the
/// receiver's class (tag for Integers, shape for objects), locals in frame slots (`^lazy` is
/// where the real send of `ifTrue:` to a non-Boolean would put the context for its closure).
#[test]
fn the_interpreter_specializes_the_tree() {
    let dir = dir_with(
        "tree",
        &[(
            "Tree.som",
            "Tree = (\n    fib: n = ( n < 2 ifTrue: [ ^ n ]. ^ (self fib: n - 1) + (self fib: n - 2) )\n    run = ( (self fib: 10) println )\n)\n",
        )],
    );
    let (out, err, status) =
        som(&["--interpreter-only", "--dump-tree", dir.join("Tree.som").to_str().unwrap()]);
    assert_eq!((out.as_str(), status), ("55\n", 0));
    let start = err.find("\nTree>>fib: (").expect("a dump of Tree>>fib:") + 1;
    let end = err.find("\nTree>>run (").expect("a dump of Tree>>run") + 1;
    let expected = "\
Tree>>fib: (calls 177, compilations 0)
  frame: self $0 Object, ^context $1 Illegal, ^marker $2 Illegal, ^at $3 Int, n $4 Int, ^lazy $5 Illegal
  ActivationBody
    Sequence
      WriteLocal self $0
        ReadArgument 0
      WriteLocal n $4
        ReadArgument 1
      If #ifTrue: (taken 89/88)
        Send #< [objects: uninitialized; others: monomorphic Integer>><]
          ReadLocal n $4
          Constant 2
        Sequence
          Sequence
            Return
              ReadLocal n $4
      Return
        Send #+ [objects: uninitialized; others: monomorphic Integer>>+]
          Send #fib: [objects: monomorphic Tree>>fib:; others: uninitialized]
            ReadLocal self $0
            Send #- [objects: uninitialized; others: monomorphic Integer>>-]
              ReadLocal n $4
              Constant 1
          Send #fib: [objects: monomorphic Tree>>fib:; others: uninitialized]
            ReadLocal self $0
            Send #- [objects: uninitialized; others: monomorphic Integer>>-]
              ReadLocal n $4
              Constant 2
      ReadLocal self $0
";
    assert_eq!(&err[start..end], expected);
}

/// Deeply nested inlined blocks build in time linear in the nesting (each level used to build
/// its body twice: inlined, and as the closure of the real-send fallback).
#[test]
fn deeply_nested_inlined_blocks_build_quickly() {
    let mut body = String::from("1");
    for _ in 0..60 {
        body = format!("(true ifTrue: [ {body} ])");
    }
    let text = format!("Nest = ( run = ( ^ {body} println ) )");
    let dir = dir_with("nest", &[("Nest.som", &text)]);
    let started = std::time::Instant::now();
    let (out, _, status) = som(&[dir.join("Nest.som").to_str().unwrap()]);
    assert_eq!((out.as_str(), status), ("1\n", 0));
    assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
}

/// Compiled loops (OSR) calling methods that recurse: the guest call depth comes back to
/// where it was after each call. Compiled code stores a depth into the context only around its
/// safepoints, and the unit convention did not restore the caller's after a loop's code ran,
/// so every call leaked levels until a program 160 calls deep failed a limit of 200 (seen in
/// DeltaBlue at its default limit of 100,000).
const DEPTH_LEAK: &str = "DepthLeak = (
    depth: n = ( n = 0 ifTrue: [ ^ 0 ]. ^ 1 + (self depth: n - 1) )
    grow: storage = (
        | grown |
        grown := Array new: 2 * storage length.
        storage doIndexes: [ :i | grown at: i put: (storage at: i) ].
        ^ grown )
    run = (
        | a |
        1 to: 2000 do: [ :k |
            a := Array new: 1.
            1 to: 6 do: [ :i | a := self grow: a ].
            self depth: 150 ].
        'done' println )
)";

#[test]
fn compiled_loops_leave_the_call_depth_as_they_found_it() {
    let dir = dir_with("depth", &[("DepthLeak.som", DEPTH_LEAK)]);
    let target = dir.join("DepthLeak.som");
    // Without inlining (in DeltaBlue, also with it): each call from the loop's code is a call.
    let modes = [&["--max-inline-nodes", "0"][..], &["--max-inline-nodes", "0", "--osr-threshold", "1"], &[]];
    for mode in modes {
        let mut args = vec!["--max-call-depth", "200"];
        args.extend_from_slice(mode);
        args.extend_from_slice(&["-cp", "core-lib", target.to_str().unwrap()]);
        let (out, err, status) = som(&args);
        assert_eq!((out.as_str(), err.as_str(), status), ("done\n", "", 0), "{mode:?}");
    }
}
