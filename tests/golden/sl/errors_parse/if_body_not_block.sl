/* The body of if must be a block. */
function main() { if (1 < 2) println("x"); }
