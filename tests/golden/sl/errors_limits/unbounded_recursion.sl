/* Unbounded recursion is an SL error (the call-depth limit), not a native stack overflow. */
function f(n) { return f(n + 1) + 1; }
function main() { println("start"); f(0); println("unreachable"); }
