/* Division by zero stops the program with a diagnostic and a non-zero status (spec §11.4). */
function main() { println(7 / 2); x = 0; println(1 / x); }
