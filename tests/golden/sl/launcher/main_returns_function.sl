/* A function-value result of main is printed as the function's name. */
function helper() {
}

function main() {
  return helper;
}
