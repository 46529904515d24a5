/* A statement must end with a semicolon: the closing brace comes too early. */
function main() { x = 1 }
