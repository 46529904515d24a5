/* There is no unary minus: a = -1 is a syntax error at the minus. */
function main() { a = -1; }
