/* An assignment needs an expression on its right side. */
function main() { x = ; }
