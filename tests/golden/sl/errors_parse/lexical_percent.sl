/* % is not a character of SL. */
function main() { x = 3 % 2; }
