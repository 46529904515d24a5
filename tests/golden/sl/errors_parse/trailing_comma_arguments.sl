/* A trailing comma in an argument list. */
function main() { f(1,); }
