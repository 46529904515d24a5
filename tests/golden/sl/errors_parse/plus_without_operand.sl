/* A binary operator needs a right operand. */
function main() { x = 1 +; }
