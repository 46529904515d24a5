/* A lone ! is a lexical error; the text runs through the first character that cannot continue. */
function main() { x = !y; }
