/* The parameter list is never closed. */
function main( { }
