/* stacktrace(): one line per active frame, innermost first, with the frame's assigned locals (the spec's example). */
function g(n) { k = n * 2; println(stacktrace()); }
function main() { a = 1; g(a); }
