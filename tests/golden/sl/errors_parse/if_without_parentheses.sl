/* The if condition must be in parentheses. */
function main() { if x > 1 { } }
