/* Unary minus as the first call argument. */
function main() { println(-1); }
