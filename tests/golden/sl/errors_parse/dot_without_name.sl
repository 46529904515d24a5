/* A property access needs a name after the dot. */
function main() { x = a.; }
