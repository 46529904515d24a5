/* One closing brace too many after the last function. */
function main() { } }
