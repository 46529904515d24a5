/* There are no fractional literals: 1.5 is the number 1, a dot and the number 5. */
function main() { x = 1.5; }
