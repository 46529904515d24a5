//! Front-end tests: every lexical form and grammar rule of §2–3, the compile errors of §4 and
//! their §14.3 rendering, a core-library-style class, and a no-panic fuzz.

use super::*;
use num_bigint::BigInt;

// ---------------------------------------------------------------- helpers

/// The statements of the only method of `T = ( m = ( BODY ) )`.
fn body(source: &str) -> Vec<Statement> {
    let text = format!("T = ( m = ( {source} ) )");
    let class = parse_class(&text).unwrap_or_else(|e| panic!("{}", e.render("T.som")));
    match class.instance_methods.into_iter().next().map(|m| m.body) {
        Some(MethodBody::Statements(statements)) => statements,
        other => panic!("expected statements, got {other:?}"),
    }
}

/// The expression of `T = ( m = ( EXPRESSION ) )`, shown by [`show`].
fn expr(source: &str) -> String {
    let statements = body(source);
    assert_eq!(statements.len(), 1, "{source}");
    match &statements[0] {
        Statement::Expression(e) => show(e),
        Statement::Return { value, .. } => format!("^{}", show(value)),
    }
}

/// A compact, fully parenthesized form: `(a foo)`, `(a + b)`, `(a at: 1 put: 2)`.
fn show(e: &Expression) -> String {
    match e {
        Expression::Variable(n) => n.name.clone(),
        Expression::Assignment { targets, value } => {
            let names: Vec<_> = targets.iter().map(|t| format!("{} := ", t.name)).collect();
            format!("({}{})", names.concat(), show(value))
        }
        Expression::Send(s) => {
            let sup = if s.is_super { "super! " } else { "" };
            let receiver = show(&s.receiver);
            if s.arguments.is_empty() {
                format!("({sup}{receiver} {})", s.selector)
            } else if s.selector.ends_with(':') {
                let parts: Vec<_> = s
                    .selector
                    .split_inclusive(':')
                    .zip(&s.arguments)
                    .map(|(k, a)| format!(" {k} {}", show(a)))
                    .collect();
                format!("({sup}{receiver}{})", parts.concat())
            } else {
                format!("({sup}{receiver} {} {})", s.selector, show(&s.arguments[0]))
            }
        }
        Expression::Block(b) => {
            let params: Vec<_> = b.parameters.iter().map(|p| format!(":{} ", p.name)).collect();
            let temps: Vec<_> = b.temporaries.iter().map(|t| t.name.as_str()).collect();
            let statements: Vec<_> = b
                .body
                .iter()
                .map(|s| match s {
                    Statement::Expression(e) => show(e),
                    Statement::Return { value, .. } => format!("^{}", show(value)),
                })
                .collect();
            format!("[{}|{}| {}]", params.concat(), temps.join(" "), statements.join(". "))
        }
        Expression::Literal { value, .. } => format!("{value:?}"),
    }
}

/// The rendered error of `text` as file `T.som`.
fn error(text: &str) -> String {
    match parse_class(text) {
        Ok(class) => panic!("accepted: {class:?}"),
        Err(e) => e.render("T.som"),
    }
}

/// The error message (last line) of `T = ( m = ( BODY ) )`.
fn body_error(source: &str) -> CompileError {
    parse_class(&format!("T = ( m = ( {source} ) )")).expect_err(source)
}

// ---------------------------------------------------------------- lexical syntax

#[test]
fn comments_are_whitespace_anywhere() {
    let class =
        parse_class("\"c1\" A \"c2\"= \"c3\n multi\nline\" ( \"x\" | a \"y\" | m = ( ^ a \"z\" ) )").unwrap();
    assert_eq!(class.name.name, "A");
    assert_eq!(class.instance_fields[0].name, "a");
    assert_eq!(expr("a \"comment\" foo"), "(a foo)");
}

#[test]
fn identifiers_take_unicode_letters_digits_and_underscores() {
    assert_eq!(expr("größe_2 foo"), "(größe_2 foo)");
    assert_eq!(expr("a_b1"), "a_b1");
    // `primitive` is an identifier outside a method's `= primitive`.
    assert_eq!(expr("primitive primitive"), "(primitive primitive)");
    assert!(parse_class("A = ( m = ( _a ) )").is_err());
}

#[test]
fn keywords_are_not_assignments() {
    assert_eq!(expr("x at:1"), "(x at: Integer(1))");
    assert_eq!(expr("x:=1"), "(x := Integer(1))");
    assert_eq!(expr("x := y:=1"), "(x := y := Integer(1))");
}

#[test]
fn binary_operators_are_maximal_runs() {
    for op in [
        "+", "->", "<=", "~=", "==", "++++", "-->", "\\", ",", "@", "%", "&", "|", "*", "/", ">", "<", "=",
        "~",
    ] {
        assert_eq!(expr(&format!("a {op} b")), format!("(a {op} b)"), "{op}");
    }
    assert_eq!(expr("a+-b"), "(a +- b)");
    assert_eq!(expr("a<=b"), "(a <= b)");
}

#[test]
fn integers_of_any_length() {
    assert_eq!(expr("42"), "Integer(42)");
    assert_eq!(expr("9223372036854775807"), "Integer(9223372036854775807)");
    let big: BigInt = "123456789012345678901234567890".parse().unwrap();
    assert_eq!(expr("123456789012345678901234567890"), format!("{:?}", Literal::BigInteger(big)));
    let min = Literal::Integer(i64::MIN);
    assert_eq!(expr("-9223372036854775808"), format!("{min:?}"));
    let below: BigInt = "-9223372036854775809".parse().unwrap();
    assert_eq!(expr("-9223372036854775809"), format!("{:?}", Literal::BigInteger(below)));
}

#[test]
fn doubles_need_digits_on_both_sides_and_have_no_exponent() {
    assert_eq!(expr("1.5"), "Double(1.5)");
    assert_eq!(expr("0.25 + 1"), "(Double(0.25) + Integer(1))");
    assert_eq!(expr("1e10"), "(Integer(1) e10)");
    // `1.` is the integer and a statement period.
    let statements = body("1. 2");
    assert_eq!(statements.len(), 2);
    assert_eq!(expr("1."), "Integer(1)");
}

#[test]
fn negative_literals_where_a_primary_is_expected() {
    assert_eq!(expr("-5"), "Integer(-5)");
    assert_eq!(expr("-2.5"), "Double(-2.5)");
    assert_eq!(expr("-4 abs"), "(Integer(-4) abs)");
    assert_eq!(expr("x := -3"), "(x := Integer(-3))");
    assert_eq!(expr("a max: -1"), "(a max: Integer(-1))");
    assert_eq!(expr("4 / -2"), "(Integer(4) / Integer(-2))");
    assert_eq!(expr("#(-1 -2.0)"), "Array([Integer(-1), Double(-2.0)])");
    assert_eq!(expr("^ -1"), "^Integer(-1)");
    assert_eq!(expr("[ -1 ]"), "[|| Integer(-1)]");
    assert_eq!(expr("(-1)"), "Integer(-1)");
}

#[test]
fn minus_after_a_complete_primary_is_binary() {
    assert_eq!(expr("5-3"), "(Integer(5) - Integer(3))");
    assert_eq!(expr("5 -3"), "(Integer(5) - Integer(3))");
    assert_eq!(expr("5 - -3"), "(Integer(5) - Integer(-3))");
    assert_eq!(expr("x -1"), "(x - Integer(1))");
    assert_eq!(expr("x foo -1"), "((x foo) - Integer(1))");
    // `- 5` with a space is no literal: there is no primary.
    assert!(parse_class("T = ( m = ( - 5 ) )").is_err());
}

#[test]
fn strings_decode_every_escape_and_keep_raw_newlines() {
    assert_eq!(
        expr(r"'t\tb\bn\nr\rf\f0\0q\'s\\'"),
        format!("{:?}", Literal::String("t\tb\u{8}n\nr\rf\u{c}0\0q's\\".to_string()))
    );
    assert_eq!(expr("'a\nb'"), "String(\"a\\nb\")");
    assert_eq!(expr("''"), "String(\"\")");
    assert_eq!(expr("'say \"hi\"'"), "String(\"say \\\"hi\\\"\")");
    // No doubled-quote escape: `'a''b'` is two strings in a row, a syntax error.
    assert!(parse_class("T = ( m = ( 'a''b' ) )").is_err());
}

#[test]
fn symbols_of_every_form() {
    assert_eq!(expr("#foo"), "Symbol(\"foo\")");
    assert_eq!(expr("#at:put:"), "Symbol(\"at:put:\")");
    assert_eq!(expr("#foo:"), "Symbol(\"foo:\")");
    assert_eq!(expr("#+"), "Symbol(\"+\")");
    assert_eq!(expr("#~="), "Symbol(\"~=\")");
    assert_eq!(expr("#\\"), "Symbol(\"\\\\\")");
    assert_eq!(expr("#|"), "Symbol(\"|\")");
    assert_eq!(expr("#,"), "Symbol(\",\")");
    assert_eq!(expr("#'with spaces'"), "Symbol(\"with spaces\")");
    assert_eq!(expr("#'it\\'s'"), "Symbol(\"it's\")");
    assert_eq!(expr("#primitive"), "Symbol(\"primitive\")");
    assert_eq!(expr("x perform: #foo with: 1"), "(x perform: Symbol(\"foo\") with: Integer(1))");
}

#[test]
fn literal_arrays_nest() {
    assert_eq!(expr("#()"), "Array([])");
    assert_eq!(
        expr("#(1 2.5 'a' #b #+ #at:put: #(3 #(4)))"),
        "Array([Integer(1), Double(2.5), String(\"a\"), Symbol(\"b\"), Symbol(\"+\"), \
         Symbol(\"at:put:\"), Array([Integer(3), Array([Integer(4)])])])"
    );
    assert_eq!(expr("#( #(1) )"), "Array([Array([Integer(1)])])");
}

// ---------------------------------------------------------------- grammar

#[test]
fn superclass_default_named_and_nil() {
    assert_eq!(parse_class("A = ( )").unwrap().superclass, Superclass::Default);
    let named = parse_class("A = B ( )").unwrap().superclass;
    assert!(matches!(named, Superclass::Named(Name { ref name, .. }) if name == "B"));
    let nil = parse_class("Object = nil ( )").unwrap().superclass;
    assert!(matches!(nil, Superclass::Nil(p) if p.column == 10));
}

#[test]
fn class_side_after_the_separator() {
    let class = parse_class("A = ( | a b | x = ( ) ------ | c | y = ( ) z: q = primitive )").unwrap();
    let names = |fields: &[Name]| fields.iter().map(|f| f.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&class.instance_fields), ["a", "b"]);
    assert_eq!(names(&class.class_fields), ["c"]);
    assert_eq!(class.instance_methods.len(), 1);
    assert_eq!(class.class_methods.iter().map(|m| m.selector.as_str()).collect::<Vec<_>>(), ["y", "z:"]);
    // A separator with nothing after it, and a class side with methods only.
    assert!(parse_class("A = ( ---- )").unwrap().class_methods.is_empty());
    assert_eq!(parse_class("A = ( ---- new = ( ) )").unwrap().class_methods[0].selector, "new");
    // Three dashes are no separator but a binary selector.
    assert_eq!(parse_class("A = ( --- new = ( ) )").unwrap().instance_methods[0].selector, "---");
    assert!(parse_class("A = ( --- )").is_err());
}

#[test]
fn method_patterns_and_primitives() {
    let class = parse_class(
        "A = ( size = primitive + other = primitive at: i put: v = ( ^ v ) -- x = ( ^ x ) | y = ( ^ y ) )",
    )
    .unwrap();
    let methods = &class.instance_methods;
    let selectors: Vec<_> = methods.iter().map(|m| m.selector.as_str()).collect();
    assert_eq!(selectors, ["size", "+", "at:put:", "--", "|"]);
    assert_eq!(methods[0].body, MethodBody::Primitive);
    assert_eq!(methods[1].parameters[0].name, "other");
    assert_eq!(methods[2].parameters.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["i", "v"]);
    assert_eq!((methods[2].position.line, methods[2].position.column), (1, 44));
    // `primitive` as a prefix of a longer name is no primitive body.
    assert!(parse_class("A = ( m = primitives )").is_err());
}

#[test]
fn precedence_unary_binary_keyword() {
    assert_eq!(expr("a foo + b bar: c baz"), "(((a foo) + b) bar: (c baz))");
    assert_eq!(expr("a + b * c"), "((a + b) * c)");
    assert_eq!(expr("a foo bar"), "((a foo) bar)");
    assert_eq!(expr("a at: b + c put: d e"), "(a at: (b + c) put: (d e))");
    assert_eq!(expr("a + b foo"), "(a + (b foo))");
    assert_eq!(expr("(a at: 1) at: 2"), "((a at: Integer(1)) at: Integer(2))");
    assert_eq!(expr("a b: c d: e f: (g h: i)"), "(a b: c d: e f: (g h: i))");
}

#[test]
fn super_sends_are_flagged() {
    assert_eq!(expr("super foo"), "(super! super foo)");
    assert_eq!(expr("super + 1"), "(super! super + Integer(1))");
    assert_eq!(expr("super foo bar"), "((super! super foo) bar)");
    assert_eq!(expr("self foo"), "(self foo)");
}

#[test]
fn statements_and_returns() {
    assert_eq!(body("a. b. c").len(), 3);
    assert_eq!(body("a. b. c.").len(), 3);
    assert_eq!(body("a. ^ b").len(), 2);
    assert_eq!(body("a. ^ b.").len(), 2);
    assert!(matches!(body("^ b")[0], Statement::Return { .. }));
    // `^` only as the last statement; no empty statements; no cascades.
    for bad in ["^ a. b", "^ a ^ b", "a.. b", ". a", "a; b", "a foo; bar"] {
        assert!(parse_class(&format!("T = ( m = ( {bad} ) )")).is_err(), "{bad}");
    }
}

#[test]
fn empty_bodies() {
    assert!(body("").is_empty());
    assert!(body("| |").is_empty());
    assert_eq!(expr("[ ]"), "[|| ]");
    assert_eq!(expr("[:x | ]"), "[:x || ]");
    assert_eq!(expr("[]"), "[|| ]");
    let class = parse_class("A=()").unwrap();
    assert!(class.instance_methods.is_empty() && class.instance_fields.is_empty());
}

#[test]
fn blocks_with_parameters_and_temporaries() {
    assert_eq!(expr("[:a :b | a + b]"), "[:a :b || (a + b)]");
    assert_eq!(expr("[:a || t | t := a]"), "[:a |t| (t := a)]");
    assert_eq!(expr("[:a | | t u | t]"), "[:a |t u| t]");
    assert_eq!(expr("[ | t | ^ t ]"), "[|t| ^t]");
    assert_eq!(expr("[:a|a]"), "[:a || a]");
    assert_eq!(expr("[ a. b ] value"), "([|| a. b] value)");
    assert_eq!(expr("1 to: 3 do: [:i | i print]"), "(Integer(1) to: Integer(3) do: [:i || (i print)])");
    // Parameters need their bar.
    assert!(parse_class("T = ( m = ( [:a a] ) )").is_err());
}

#[test]
fn method_temporaries_and_assignment_targets() {
    let class = parse_class("T = ( m: p = ( | a b | a := b := p. ^ a ) )").unwrap();
    let method = &class.instance_methods[0];
    assert_eq!(method.temporaries.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["a", "b"]);
    let MethodBody::Statements(statements) = &method.body else { panic!("primitive") };
    let Statement::Expression(Expression::Assignment { targets, .. }) = &statements[0] else { panic!() };
    assert_eq!(
        targets.iter().map(|t| (t.name.as_str(), t.position.column)).collect::<Vec<_>>(),
        [("a", 24), ("b", 29)]
    );
}

#[test]
fn positions_are_bytes_lines_and_columns() {
    let text = "T = (\n  m = (\n\t| x |\n    x := 'é' size + 3 foo.\n    ^ x ) )";
    let class = parse_class(text).unwrap();
    let MethodBody::Statements(statements) = &class.instance_methods[0].body else { panic!() };
    let Statement::Expression(Expression::Assignment { value, targets }) = &statements[0] else { panic!() };
    assert_eq!(targets[0].position, Position { offset: 25, line: 4, column: 5 });
    let Expression::Send(plus) = value.as_ref() else { panic!() };
    assert_eq!(plus.selector, "+");
    // The send starts at its receiver `'é'`; its selector after the two-byte `é`.
    assert_eq!((plus.position.line, plus.position.column, plus.position.offset), (4, 10, 30));
    assert_eq!(plus.position.column_0based(), 9);
    assert_eq!((plus.selector_position.column, plus.selector_position.offset), (19, 40));
    let Statement::Return { position, .. } = &statements[1] else { panic!() };
    assert_eq!((position.line, position.column), (5, 5));
    assert_eq!(class.instance_fields.len(), 0);
}

// ---------------------------------------------------------------- compile errors (§4, §14.3)

#[test]
fn duplicate_arguments_and_temporaries() {
    assert_eq!(
        error("T = ( m: a n: a = ( ) )"),
        "File 'T.som', line 1, column 15:\n  T = ( m: a n: a = ( ) )\nVariable 'a' shadows another of the same name\n"
    );
    assert_eq!(
        error("T = (\n  m: a = (\n    | b a |\n    ^ b ) )"),
        "File 'T.som', line 3, column 9:\n  | b a |\nVariable 'a' shadows another of the same name\n"
    );
    let e = body_error("| t t |");
    assert_eq!((e.kind, e.position.column), (CompileErrorKind::ShadowedVariable("t".into()), 17));
    let e = body_error("[:x :x | x]");
    assert_eq!((e.kind, e.position.column), (CompileErrorKind::ShadowedVariable("x".into()), 18));
    let e = body_error("[:x | | x | x]");
    assert_eq!((e.kind, e.position.column), (CompileErrorKind::ShadowedVariable("x".into()), 21));
    // A block may shadow the method's (and an outer block's) variables.
    assert!(parse_class("T = ( m: a = ( | t | [:a | | t | [:t | a + t]] ) )").is_ok());
}

#[test]
fn duplicate_fields() {
    assert_eq!(
        error("T = ( | a b a | )"),
        "File 'T.som', line 1, column 13:\n  T = ( | a b a | )\nField 'a' has already been defined in this class.\n"
    );
    let e = parse_class("T = ( | a | ---- | b b | )").unwrap_err();
    assert_eq!((e.kind, e.position.column), (CompileErrorKind::DuplicateField("b".into()), 22));
    // The two sides are different classes.
    assert!(parse_class("T = ( | a | ---- | a | )").is_ok());
}

#[test]
fn unknown_escapes_point_at_the_backslash() {
    assert_eq!(
        error("T = (\n  m = ( ^ 'ok\\n then \\a' ) )"),
        "File 'T.som', line 2, column 22:\n  m = ( ^ 'ok\\n then \\a' ) )\nUnknown escape sequence '\\a'\n"
    );
    let e = body_error("#'x\\y'");
    assert_eq!((e.kind, e.position.column), (CompileErrorKind::UnknownEscape('y'), 16));
    let e = body_error("#(1 'é\\é')");
    assert_eq!((e.kind, e.position.column), (CompileErrorKind::UnknownEscape('é'), 19));
}

#[test]
fn assignments_to_pseudo_variables() {
    for name in ["self", "super", "nil", "true", "false"] {
        let e = body_error(&format!("{name} := 1"));
        assert_eq!(
            (e.kind, e.position.column),
            (CompileErrorKind::AssignmentToPseudoVariable(name.into()), 13)
        );
    }
    assert_eq!(
        error("T = ( m = ( x := true := 3 ) )"),
        "File 'T.som', line 1, column 18:\n  T = ( m = ( x := true := 3 ) )\nCannot assign to the pseudo-variable 'true'\n"
    );
}

#[test]
fn syntax_errors_say_what_was_expected() {
    assert_eq!(
        error("T = ( m = ( ^ ) )"),
        "File 'T.som', line 1, column 15:\n  T = ( m = ( ^ ) )\nSyntax error: found ')', expected an expression\n"
    );
    assert_eq!(
        error("T = ( m = ( a foo: ) )"),
        "File 'T.som', line 1, column 20:\n  T = ( m = ( a foo: ) )\nSyntax error: found ')', expected an expression\n"
    );
    assert_eq!(
        error("T = (\n  m = ( 1 + 2\n"),
        "File 'T.som', line 3, column 1:\n  \nSyntax error: found end of file, expected an identifier, a keyword, a binary operator, ')' or '.'\n"
    );
    assert_eq!(
        error("T ( )"),
        "File 'T.som', line 1, column 3:\n  T ( )\nSyntax error: found '(', expected '='\n"
    );
    assert_eq!(
        error("T = ( m = ( ^ a. b ) )"),
        "File 'T.som', line 1, column 18:\n  T = ( m = ( ^ a. b ) )\nSyntax error: found 'b', expected ')'\n"
    );
    let e = parse_class("").unwrap_err();
    assert_eq!(
        e.render("T.som"),
        "File 'T.som', line 1, column 1:\n  \nSyntax error: found end of file, expected an identifier\n"
    );
    let e = parse_class("T = ( m = ( 'abc ) )").unwrap_err();
    assert!(matches!(e.kind, CompileErrorKind::Syntax { .. }), "{e}");
}

#[test]
fn render_trims_the_source_line_and_display_is_short() {
    let e = parse_class("T = (\n\t  | a a |   \r\n)").unwrap_err();
    assert_eq!(
        e.render("dir/T.som"),
        "File 'dir/T.som', line 2, column 8:\n  | a a |\nField 'a' has already been defined in this class.\n"
    );
    assert_eq!(e.to_string(), "2:8: Field 'a' has already been defined in this class.");
}

// ---------------------------------------------------------------- rules that need the superclass

#[test]
fn fields_already_defined_in_a_superclass() {
    let text = "T = Base ( | a b | ---- | c | )";
    let class = parse_class(text).unwrap();
    assert!(check_inherited(&class, text, &["x"], &["y"]).is_ok());
    assert_eq!(
        check_inherited(&class, text, &["b"], &[]).unwrap_err().render("T.som"),
        "File 'T.som', line 1, column 16:\n  T = Base ( | a b | ---- | c | )\nField 'b' is already defined in a superclass.\n"
    );
    let e = check_inherited(&class, text, &["c"], &["c"]).unwrap_err();
    assert_eq!((e.kind, e.position.column), (CompileErrorKind::FieldInSuperclass("c".into()), 27));
}

#[test]
fn assignments_need_a_local_argument_or_field() {
    let text = "T = Base (
  | own |
  ok: arg = ( | temp | own := inherited := temp := arg := 1. [:p | | q | p := q := temp := 2] )
  global = ( Global := 1 )
  outside = ( [:p | p := 1]. p := 2 )
  blockOnly = ( [ | bt | bt := 1 ] value. [ bt := 2 ] value )
  ----
  | count |
  classOk = ( count := classInherited := 1 )
  classBad = ( own := 1 )
)";
    let class = parse_class(text).unwrap();
    let check = |class: &ClassDef| check_inherited(class, text, &["inherited"], &["classInherited"]);
    let e = check(&class).unwrap_err();
    assert_eq!(
        e.render("T.som"),
        "File 'T.som', line 4, column 14:\n  global = ( Global := 1 )\nNo such field 'Global' in class\n"
    );
    let mut without = class.clone();
    without.instance_methods.retain(|m| m.selector != "global");
    let e = check(&without).unwrap_err();
    assert_eq!(
        (e.kind, e.position.line, e.position.column),
        (CompileErrorKind::NoSuchField("p".into()), 5, 30)
    );
    without.instance_methods.retain(|m| m.selector != "outside");
    let e = check(&without).unwrap_err();
    assert_eq!(
        (e.kind, e.position.line, e.position.column),
        (CompileErrorKind::NoSuchField("bt".into()), 6, 45)
    );
    without.instance_methods.retain(|m| m.selector != "blockOnly");
    // The class side sees class-side fields only.
    let e = check(&without).unwrap_err();
    assert_eq!(
        (e.kind, e.position.line, e.position.column),
        (CompileErrorKind::NoSuchField("own".into()), 10, 16)
    );
    without.class_methods.retain(|m| m.selector != "classBad");
    assert!(check(&without).is_ok());
}

// ---------------------------------------------------------------- a realistic class

const VECTOR_LIKE: &str = r#""
A growable array in the style of the SOM core library.
"
Stack = Object (
    | first last storage |

    "Accessing"
    at: index = (
        | i |
        i := index + first - 1.
        (i < first or: [ i >= last ]) ifTrue: [ ^ self error: 'Index out of bounds: ' + index asString ].
        ^ storage at: i )

    first = ( ^ self isEmpty ifTrue: [ nil ] ifFalse: [ storage at: first ] )

    push: element = (
        last >= storage length ifTrue: [ self grow ].
        storage at: last put: element.
        last := last + 1.
        ^ element )

    pop = (
        | value |
        self isEmpty ifTrue: [ ^ self error: 'Stack is empty\n' ].
        last := last - 1.
        value := storage at: last.
        storage at: last put: nil.
        ^ value )

    "Iterating"
    do: block = ( first to: last - 1 do: [:i | block value: (storage at: i) ] )

    detect: aBlock = (
        self do: [:e | (aBlock value: e) ifTrue: [ ^ e ] ].
        ^ nil )

    inject: sub into: aBlock = ( | next | next := sub. self do: [:e || acc | acc := next. next := aBlock value: acc with: e ]. ^ next )

    "Private"
    grow = ( | newStorage | newStorage := Array new: storage length * 2. storage doIndexes: [:i | newStorage at: i put: (storage at: i) ]. storage := newStorage )
    isEmpty = ( ^ last = first )
    size = ( ^ last - first )
    initialize: size = ( first := 1. last := 1. storage := Array new: size )
    hash = primitive
    printOn: stream = ( stream print: #( 'Stack' #of -1 2.5 #at:put: ) ; nothing )

    ----------------------------

    | created |

    new = ( ^ self new: 50 )
    new: initialSize = ( created := (created ifNil: [ 0 ]) + 1. ^ super new initialize: initialSize )
    created = ( ^ created )
)
"#;

#[test]
fn a_core_library_style_class() {
    // The `;` in `printOn:` is a cascade, which SOM does not have.
    let e = parse_class(VECTOR_LIKE).unwrap_err();
    assert_eq!((e.position.line, e.position.column), (45, 72));
    let text = VECTOR_LIKE.replace(" ; nothing", "");
    let class = parse_class(&text).unwrap_or_else(|e| panic!("{}", e.render("Stack.som")));
    assert!(check_inherited(
        &class,
        &text,
        &[],
        &["class", "name", "instanceFields", "instanceInvokables", "superClass"]
    )
    .is_ok());
    assert_eq!(class.name.name, "Stack");
    assert_eq!(
        class.instance_fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        ["first", "last", "storage"]
    );
    let selectors: Vec<_> = class.instance_methods.iter().map(|m| m.selector.as_str()).collect();
    assert_eq!(
        selectors,
        [
            "at:",
            "first",
            "push:",
            "pop",
            "do:",
            "detect:",
            "inject:into:",
            "grow",
            "isEmpty",
            "size",
            "initialize:",
            "hash",
            "printOn:"
        ]
    );
    assert_eq!(class.class_fields[0].name, "created");
    assert_eq!(
        class.class_methods.iter().map(|m| m.selector.as_str()).collect::<Vec<_>>(),
        ["new", "new:", "created"]
    );

    // `detect:` returns non-locally from inside a block inside a block.
    let detect = &class.instance_methods[5];
    let MethodBody::Statements(statements) = &detect.body else { panic!() };
    let Statement::Expression(e) = &statements[0] else { panic!() };
    assert_eq!(show(e), "(self do: [:e || ((aBlock value: e) ifTrue: [|| ^e])])");
    // The string escape is decoded; the literal array keeps its negative number.
    let pop = &class.instance_methods[3];
    let MethodBody::Statements(statements) = &pop.body else { panic!() };
    let Statement::Expression(e) = &statements[0] else { panic!() };
    assert_eq!(show(e), "((self isEmpty) ifTrue: [|| ^(self error: String(\"Stack is empty\\n\"))])");
    // `super new initialize:` is a super send, then an ordinary one.
    let new = &class.class_methods[1];
    let MethodBody::Statements(statements) = &new.body else { panic!() };
    let Statement::Return { value, .. } = &statements[1] else { panic!() };
    assert_eq!(show(value), "((super! super new) initialize: initialSize)");
    assert_eq!(class.instance_methods[11].body, MethodBody::Primitive);
}

// ---------------------------------------------------------------- robustness

use bonsai::testing::Rng;

#[test]
fn bad_input_is_an_error_never_a_panic() {
    let text = VECTOR_LIKE.replace(" ; nothing", "");
    // Every truncation of a valid class.
    let mut rejected = 0;
    for end in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
        if let Err(e) = parse_class(&text[..end]) {
            rejected += 1;
            assert!(e.render("T.som").starts_with("File 'T.som', line "));
        }
    }
    assert!(rejected > text.len() / 2);
    // Random bytes, random SOM-ish tokens, and random edits of the valid class.
    let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15);
    let pieces = [
        "A",
        "=",
        "(",
        ")",
        "[",
        "]",
        "|",
        "||",
        ":",
        ":=",
        "^",
        ".",
        "#",
        "#(",
        "'",
        "\\",
        "\"",
        "-",
        "----",
        "1",
        "2.5",
        " ",
        "\n",
        "x",
        "at:",
        "primitive",
        "nil",
        "+",
        "é",
        "self",
        "'a\\q'",
        "#'s'",
        "-3",
    ];
    for round in 0..3000 {
        let input = match round % 3 {
            0 => {
                let bytes: Vec<u8> = (0..rng.below(60)).map(|_| rng.next_u64() as u8).collect();
                String::from_utf8_lossy(&bytes).into_owned()
            }
            1 => (0..rng.below(40)).map(|_| pieces[rng.below(pieces.len())]).collect(),
            _ => {
                let mut edited = text.clone();
                for _ in 0..1 + rng.below(3) {
                    let mut at = rng.below(edited.len());
                    while !edited.is_char_boundary(at) {
                        at -= 1;
                    }
                    edited.insert_str(at, pieces[rng.below(pieces.len())]);
                }
                edited
            }
        };
        if let Err(e) = parse_class(&input) {
            let _ = e.render("F.som");
            assert!(e.position.offset <= input.len());
        }
    }
}

#[test]
fn nesting_is_limited_before_parsing() {
    let nested = |open: &str, close: &str, depth: usize| {
        format!("T = ( m = ( {}1{} ) )", open.repeat(depth), close.repeat(depth))
    };
    // At the limit (with the class and method bodies), on a 2 MiB thread (the size of a test thread), even blocks parse.
    let deepest = [nested("(", ")", MAX_NESTING_LEVELS - 2), nested("[", "]", MAX_NESTING_LEVELS - 2)];
    let parsed = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || deepest.iter().all(|text| parse_class(text).is_ok()))
        .unwrap()
        .join();
    assert!(matches!(parsed, Ok(true)));
    // Past it, an error at the first bracket too many (the class body and the method body are
    // the first two levels).
    let e = parse_class(&nested("[(", ")]", 100_000)).unwrap_err();
    assert_eq!(e.kind, CompileErrorKind::NestedTooDeeply { limit: MAX_NESTING_LEVELS });
    assert_eq!(e.position.column, 11 + MAX_NESTING_LEVELS as u32);
    assert_eq!(
        e.kind.to_string(),
        format!("Nested too deeply: more than {MAX_NESTING_LEVELS} levels of parentheses, blocks and literal arrays")
    );
    // Brackets in comments and strings do not count.
    let quoted = format!("T = ( m = ( \"{0}\" '{0}' ) )", "(".repeat(10_000));
    assert!(parse_class(&quoted).is_ok());
}
#[test]
fn syntax_error_wording() {
    let message = |text: &str| parse_class(text).unwrap_err().kind.to_string();
    assert_eq!(message("A = ( foo = ( x := ) )"), "Syntax error: found ')', expected an expression");
    assert_eq!(
        message("A = ( foo = ( 1 ] ) )"),
        "Syntax error: found ']', expected an identifier, a keyword, a binary operator, ')' or '.'"
    );
    assert_eq!(
        message("A = ( foo = ( 'a\\' ) )"),
        "Syntax error: found an unterminated string, expected ')', '|', '^' or an expression"
    );
    assert_eq!(
        message("A = ( \"note ) )"),
        "Syntax error: found an unterminated comment, expected '----', ')', '|' or a method"
    );
    assert_eq!(
        message("A = ( foo = ( #) ) )"),
        "Syntax error: found ')', expected a binary operator, a string or a selector"
    );
    assert_eq!(message("A = ( foo = ( [:a ] ) )"), "Syntax error: found ']', expected '|' or ':'");
    assert_eq!(message("A = ( foo = ( ^ 1 ) bar )"), "Syntax error: found ')', expected '='");
    assert_eq!(message("A = B C ( )"), "Syntax error: found 'C', expected '('");
}
