/* There is no unary minus: return -1 is a syntax error at the minus. */
function main() { return -1; }
