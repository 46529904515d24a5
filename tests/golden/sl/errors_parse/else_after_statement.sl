/* else without if after another statement. */
function main() { x = 1; else { } }
