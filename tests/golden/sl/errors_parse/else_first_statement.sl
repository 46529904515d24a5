/* else without if as the first statement of a block. */
function main() { else { } }
