/* A closing parenthesis where a statement should start. */
function main() { x = 1; ) }
