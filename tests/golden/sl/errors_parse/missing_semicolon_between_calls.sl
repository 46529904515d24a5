/* Two statements without a semicolon between them. */
function main() { println("a") println("b"); }
