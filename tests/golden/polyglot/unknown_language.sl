function main() { println("before"); eval("lisp", "(+ 1 2)"); }
