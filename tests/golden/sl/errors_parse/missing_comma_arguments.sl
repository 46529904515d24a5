/* Two arguments without a comma between them. */
function main() { f(1 2); }
