//! The project's own SOM core library, `core-lib/` (spec §13), checked against the front end
//! and against tables written from the spec: every file parses and passes the checks that need
//! the superclass chain, the hierarchy is that of §5.3, `Object` has the 33 methods of §13 in
//! order, and every class has the selectors of §12 (as `primitive`) and §13 (in Smalltalk) —
//! and no others besides the few set-up helpers listed in [`HELPERS`].

use som::parser::{check_inherited, parse_class, ClassDef, Method, MethodBody, Superclass};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Every class of §5.3 and §13 with its superclass (`None` for `Object`), and Bonsai's two
/// polyglot classes (`Polyglot`, `ForeignObject`: issue 11, not in the spec).
const HIERARCHY: &[(&str, Option<&str>)] = &[
    ("Object", None),
    ("Array", Some("Object")),
    ("Block", Some("Object")),
    ("Block1", Some("Block")),
    ("Block2", Some("Block")),
    ("Block3", Some("Block")),
    ("Boolean", Some("Object")),
    ("True", Some("Boolean")),
    ("False", Some("Boolean")),
    ("Class", Some("Object")),
    ("Metaclass", Some("Class")),
    ("Dictionary", Some("Object")),
    ("HashEntry", Some("Object")),
    ("Hashtable", Some("Object")),
    ("Pair", Some("Object")),
    ("Set", Some("Object")),
    ("Vector", Some("Object")),
    ("Double", Some("Object")),
    ("Integer", Some("Object")),
    ("Method", Some("Object")),
    ("Nil", Some("Object")),
    ("Primitive", Some("Object")),
    ("String", Some("Object")),
    ("Symbol", Some("String")),
    ("System", Some("Object")),
    ("Polyglot", Some("Object")),
    ("ForeignObject", Some("Object")),
];

/// `Object`'s methods in the order of §13, `true` for those marked ᴾ (primitive).
const OBJECT_METHODS: [(&str, bool); 33] = [
    ("class", true),
    ("objectSize", true),
    ("=", false),
    ("<>", false),
    ("==", true),
    ("~=", false),
    ("isNil", false),
    ("notNil", false),
    ("asString", false),
    (",", false),
    ("hashcode", true),
    ("value", false),
    ("ifNil:", false),
    ("ifNotNil:", false),
    ("ifNil:ifNotNil:", false),
    ("ifNotNil:ifNil:", false),
    ("print", false),
    ("println", false),
    ("inspect", true),
    ("halt", true),
    ("error:", false),
    ("subclassResponsibility", false),
    ("doesNotUnderstand:arguments:", false),
    ("escapedBlock:", false),
    ("unknownGlobal:", false),
    ("respondsTo:", false),
    ("perform:", true),
    ("perform:withArguments:", true),
    ("perform:inSuperclass:", true),
    ("perform:withArguments:inSuperclass:", true),
    ("instVarAt:", true),
    ("instVarAt:put:", true),
    ("instVarNamed:", true),
];

/// One class's selectors: the primitives of §12 and the Smalltalk methods of §13, per side.
struct Selectors {
    class: &'static str,
    instance_primitives: &'static [&'static str],
    instance_methods: &'static [&'static str],
    class_primitives: &'static [&'static str],
    class_methods: &'static [&'static str],
}

/// The selectors of every class but `Object` (whose list is [`OBJECT_METHODS`]).
const SELECTORS: &[Selectors] = &[
    Selectors {
        class: "Nil",
        instance_primitives: &[],
        instance_methods: &[
            "asString",
            "isNil",
            "notNil",
            "ifNil:",
            "ifNotNil:",
            "ifNil:ifNotNil:",
            "ifNotNil:ifNil:",
        ],
        class_primitives: &[],
        class_methods: &[],
    },
    Selectors {
        class: "Boolean",
        instance_primitives: &[],
        instance_methods: &["ifTrue:ifFalse:", "||", "&&"],
        class_primitives: &[],
        class_methods: &[],
    },
    Selectors {
        class: "True",
        instance_primitives: &[],
        instance_methods: &["asString", "ifTrue:", "ifFalse:", "not", "or:", "and:"],
        class_primitives: &[],
        class_methods: &[],
    },
    Selectors {
        class: "False",
        instance_primitives: &[],
        instance_methods: &["asString", "ifTrue:", "ifFalse:", "not", "or:", "and:"],
        class_primitives: &[],
        class_methods: &[],
    },
    Selectors {
        class: "Class",
        instance_primitives: &["name", "new", "superclass", "fields", "methods"],
        instance_methods: &["asString", "selectors", "hasMethod:"],
        class_primitives: &[],
        class_methods: &[],
    },
    Selectors {
        class: "Metaclass",
        instance_primitives: &[],
        instance_methods: &[],
        class_primitives: &[],
        class_methods: &[],
    },
    Selectors {
        class: "Method",
        instance_primitives: &["signature", "holder", "invokeOn:with:"],
        instance_methods: &["asString"],
        class_primitives: &[],
        class_methods: &[],
    },
    Selectors {
        class: "Primitive",
        instance_primitives: &["signature", "holder", "invokeOn:with:"],
        instance_methods: &[],
        class_primitives: &[],
        class_methods: &[],
    },
    Selectors {
        class: "Block",
        instance_primitives: &["value", "restart"],
        instance_methods: &["whileTrue:", "whileFalse:"],
        class_primitives: &[],
        class_methods: &[],
    },
    Selectors {
        class: "Block1",
        instance_primitives: &["value"],
        instance_methods: &[],
        class_primitives: &[],
        class_methods: &[],
    },
    Selectors {
        class: "Block2",
        instance_primitives: &["value:"],
        instance_methods: &["value"],
        class_primitives: &[],
        class_methods: &[],
    },
    Selectors {
        class: "Block3",
        instance_primitives: &["value:with:"],
        instance_methods: &["value", "value:"],
        class_primitives: &[],
        class_methods: &[],
    },
    Selectors {
        class: "Integer",
        instance_primitives: &[
            "+",
            "-",
            "*",
            "/",
            "//",
            "%",
            "rem:",
            "&",
            "<<",
            ">>>",
            "bitXor:",
            "sqrt",
            "atRandom",
            "=",
            "<",
            "asString",
            "as32BitSignedValue",
            "as32BitUnsignedValue",
            "asDouble",
        ],
        instance_methods: &[
            "abs",
            "negated",
            "raisedTo:",
            "==",
            "~=",
            ">",
            ">=",
            "<=",
            "negative",
            "between:and:",
            "asInteger",
            "hashcode",
            "to:do:",
            "to:by:do:",
            "downTo:do:",
            "downTo:by:do:",
            "timesRepeat:",
            "to:",
            "max:",
            "min:",
        ],
        class_primitives: &["fromString:"],
        class_methods: &[],
    },
    Selectors {
        class: "Double",
        instance_primitives: &[
            "+",
            "-",
            "*",
            "//",
            "%",
            "sqrt",
            "round",
            "asInteger",
            "cos",
            "sin",
            "=",
            "<",
            "asString",
        ],
        instance_methods: &[
            "abs",
            "negated",
            "raisedTo:",
            ">",
            ">=",
            "<=",
            "negative",
            "between:and:",
            "to:do:",
            "downTo:do:",
        ],
        class_primitives: &["PositiveInfinity", "fromString:"],
        class_methods: &[],
    },
    Selectors {
        class: "String",
        instance_primitives: &[
            "concatenate:",
            "asSymbol",
            "hashcode",
            "length",
            "isWhiteSpace",
            "isLetters",
            "isDigits",
            "=",
            "primSubstringFrom:to:",
        ],
        instance_methods: &[
            "+",
            "asString",
            "substringFrom:to:",
            "beginsWith:",
            "endsWith:",
            "asInteger",
            "charAt:",
            "indexOf:",
            "indexOf:startingAt:",
            "split:",
            "print",
        ],
        class_primitives: &[],
        class_methods: &[],
    },
    Selectors {
        class: "Symbol",
        instance_primitives: &["asString"],
        instance_methods: &["concatenate:", "asSymbol", "print"],
        class_primitives: &[],
        class_methods: &[],
    },
    Selectors {
        class: "Array",
        instance_primitives: &["at:", "at:put:", "length"],
        instance_methods: &[
            "putAll:",
            "first",
            "last",
            "do:",
            "doIndexes:",
            "from:to:do:",
            "copyFrom:to:",
            "copyFrom:",
            "replaceFrom:to:with:startingAt:",
            "copy",
            "prependedWith:",
            "extendedWith:",
            "sum",
            "average",
            "join:",
            "contains:",
            "indexOf:",
            "lastIndexOf:",
            "collect:",
            "inject:into:",
            "select:",
            "reject:",
            "union:",
        ],
        class_primitives: &["new:"],
        class_methods: &["new", "new:withAll:", "with:", "with:with:", "with:with:with:"],
    },
    Selectors {
        class: "Vector",
        instance_primitives: &[],
        instance_methods: &[
            "at:",
            "at:put:",
            "first",
            "last",
            "do:",
            "doIndexes:",
            ",",
            "append:",
            "appendAll:",
            "remove",
            "removeFirst",
            "remove:",
            "contains:",
            "indexOf:",
            "isEmpty",
            "size",
            "capacity",
            "asArray",
            "asSet",
            "println",
        ],
        class_primitives: &[],
        class_methods: &["new", "new:", "with:"],
    },
    Selectors {
        class: "Set",
        instance_primitives: &[],
        instance_methods: &[
            "=",
            "add:",
            "addAll:",
            "union:",
            "intersection:",
            "-",
            "contains:",
            "remove:",
            "first",
            "isEmpty",
            "do:",
            "collect:",
            "println",
            "asString",
            "size",
        ],
        class_primitives: &[],
        class_methods: &["new"],
    },
    Selectors {
        class: "Dictionary",
        instance_primitives: &[],
        instance_methods: &["at:put:", "at:", "containsKey:", "keys", "values", "do:", "print", "println"],
        class_primitives: &[],
        class_methods: &["new"],
    },
    Selectors {
        class: "Pair",
        instance_primitives: &[],
        instance_methods: &["key", "value", "key:", "value:", "print", "println"],
        class_primitives: &[],
        class_methods: &["withKey:andValue:"],
    },
    Selectors {
        class: "Hashtable",
        instance_primitives: &[],
        instance_methods: &[
            "at:put:",
            "get:",
            "containsKey:",
            "containsValue:",
            "isEmpty",
            "size",
            "keys",
            "values",
            "clear",
        ],
        class_primitives: &[],
        class_methods: &["new"],
    },
    Selectors {
        class: "HashEntry",
        instance_primitives: &[],
        // §13: "a chained bucket entry with accessors" for its fields key value next hash.
        instance_methods: &["key", "value", "next", "hash", "key:", "value:", "next:"],
        class_primitives: &[],
        class_methods: &["newKey:value:next:"],
    },
    Selectors {
        class: "System",
        instance_primitives: &[
            "global:",
            "global:put:",
            "hasGlobal:",
            "load:",
            "loadFile:",
            "exit:",
            "printString:",
            "printNewline",
            "errorPrint:",
            "errorPrintln:",
            "printStackTrace",
            "time",
            "ticks",
            "fullGC",
        ],
        instance_methods: &[
            "initialize:",
            "resolve:",
            "exit",
            "errorPrintln",
            "gcStats",
            "totalCompilationTime",
        ],
        class_primitives: &[],
        class_methods: &["new"],
    },
    Selectors {
        class: "Polyglot",
        instance_primitives: &[],
        instance_methods: &[],
        class_primitives: &["eval:source:", "export:value:", "import:"],
        class_methods: &[],
    },
    Selectors {
        class: "ForeignObject",
        instance_primitives: &[
            "value",
            "value:",
            "value:with:",
            "value:with:with:",
            "valueWithArguments:",
            "at:",
            "at:put:",
            "length",
            "asString",
            "doesNotUnderstand:arguments:",
        ],
        instance_methods: &["printString"],
        class_primitives: &[],
        class_methods: &[],
    },
];

/// Instance-side methods §13 does not name but the library needs: a class-side `new` cannot
/// assign the new instance's fields, so it sends one of these to it.
const HELPERS: &[(&str, &str)] =
    &[("Vector", "initialize:"), ("Set", "initialize"), ("Dictionary", "initialize")];

/// One parsed file of `core-lib/`.
struct CoreFile {
    /// Relative to the crate, as compile errors name it: `core-lib/Object.som`.
    path: String,
    text: String,
    class: ClassDef,
}

/// Every `core-lib/*.som` by file stem; a file that does not parse fails with its §14.3 report.
fn core_lib() -> BTreeMap<String, CoreFile> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("core-lib");
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("core-lib/ is readable") {
        let file = entry.expect("core-lib/ entry is readable").path();
        if file.extension().and_then(|e| e.to_str()) != Some("som") {
            continue;
        }
        let stem = file.file_stem().and_then(|s| s.to_str()).expect("UTF-8 file name").to_string();
        let path = format!("core-lib/{stem}.som");
        let text = std::fs::read_to_string(&file).expect("class file is readable");
        let class = parse_class(&text).unwrap_or_else(|error| panic!("\n{}", error.render(&path)));
        files.insert(stem, CoreFile { path, text, class });
    }
    files
}

fn superclass_name(class: &ClassDef) -> Option<&str> {
    match &class.superclass {
        Superclass::Default => Some("Object"),
        Superclass::Named(name) => Some(&name.name),
        Superclass::Nil(_) => None,
    }
}

/// `name` and its superclasses, root first.
fn with_superclasses<'a>(library: &'a BTreeMap<String, CoreFile>, name: &str) -> Vec<&'a ClassDef> {
    let mut chain = Vec::new();
    let mut next = Some(name);
    while let Some(current) = next {
        assert!(chain.len() <= library.len(), "the superclass chain of {name} has a cycle");
        let file = library
            .get(current)
            .unwrap_or_else(|| panic!("{name} inherits from {current}, which core-lib/ lacks"));
        chain.push(&file.class);
        next = superclass_name(&file.class);
    }
    chain.reverse();
    chain
}

fn is_primitive(method: &Method) -> bool {
    matches!(method.body, MethodBody::Primitive)
}

#[test]
fn every_file_parses_and_declares_the_class_it_is_named_after() {
    for (stem, file) in core_lib() {
        assert_eq!(file.class.name.name, stem, "{} declares another class", file.path);
    }
}

#[test]
fn the_files_are_the_classes_of_section_5_3_with_their_superclasses() {
    let library = core_lib();
    let files: Vec<&str> = library.keys().map(String::as_str).collect();
    let mut expected: Vec<&str> = HIERARCHY.iter().map(|(class, _)| *class).collect();
    expected.sort_unstable();
    assert_eq!(files, expected);
    for (class, superclass) in HIERARCHY {
        assert_eq!(superclass_name(&library[*class].class), *superclass, "superclass of {class}");
    }
}

#[test]
fn every_class_passes_the_checks_that_need_its_superclasses() {
    let library = core_lib();
    let class_chain = with_superclasses(&library, "Class");
    for (name, file) in &library {
        let chain = with_superclasses(&library, name);
        let superclasses = &chain[..chain.len() - 1];
        let instance: Vec<&str> =
            superclasses.iter().flat_map(|c| &c.instance_fields).map(|f| f.name.as_str()).collect();
        // A metaclass inherits the class-side fields of the superclasses' metaclasses and,
        // through `Object class superclass` = `Class`, the instance fields of `Class`.
        let class_side: Vec<&str> = superclasses
            .iter()
            .flat_map(|c| &c.class_fields)
            .chain(class_chain.iter().flat_map(|c| &c.instance_fields))
            .map(|f| f.name.as_str())
            .collect();
        if let Err(error) = check_inherited(&file.class, &file.text, &instance, &class_side) {
            panic!("\n{}", error.render(&file.path));
        }
    }
}

#[test]
fn object_has_the_33_methods_of_section_13_in_order() {
    let library = core_lib();
    let object = &library["Object"].class;
    let found: Vec<(&str, bool)> =
        object.instance_methods.iter().map(|m| (m.selector.as_str(), is_primitive(m))).collect();
    assert_eq!(found, OBJECT_METHODS);
    assert!(object.class_methods.is_empty() && object.class_fields.is_empty());
    assert_eq!(object.instance_methods[0].selector, "class");
    assert!(is_primitive(&object.instance_methods[0]));
    assert_eq!(object.instance_methods[6].selector, "isNil");
    assert!(!is_primitive(&object.instance_methods[6]));
}

#[test]
fn every_class_has_the_selectors_of_sections_12_and_13_and_no_others() {
    let library = core_lib();
    assert_eq!(SELECTORS.len() + 1, HIERARCHY.len(), "a class of §5.3 has no selector list");
    for expected in SELECTORS {
        let class = &library[expected.class].class;
        let sides = [
            ("instance", &class.instance_methods, expected.instance_primitives, expected.instance_methods),
            ("class", &class.class_methods, expected.class_primitives, expected.class_methods),
        ];
        for (side, methods, primitives, smalltalk) in sides {
            let mut wanted: Vec<(&str, bool)> =
                primitives.iter().map(|s| (*s, true)).chain(smalltalk.iter().map(|s| (*s, false))).collect();
            if side == "instance" {
                let helpers = HELPERS.iter().filter(|(c, _)| *c == expected.class);
                wanted.extend(helpers.map(|(_, s)| (*s, false)));
            }
            let mut found: Vec<(&str, bool)> =
                methods.iter().map(|m| (m.selector.as_str(), is_primitive(m))).collect();
            wanted.sort_unstable();
            found.sort_unstable();
            assert_eq!(found, wanted, "{} side of {}: (selector, is primitive)", side, expected.class);
        }
    }
}
