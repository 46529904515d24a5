/* A single & is a lexical error; the text includes the next character. */
function main() { x = a &b; }
