/* The body of while must be a block. */
function main() { while (1) x = 1; }
