/* else must be followed by a block: else if is a syntax error. */
function main() { if (1 < 2) { } else if (2 < 3) { } }
