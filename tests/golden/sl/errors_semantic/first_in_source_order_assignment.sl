/* The earlier of two semantic errors in one function wins, here the invalid assignment target. */
function main() {
  i = 0;
  while (i < 1) {
    i = i + 1;
    main() = i;
  }
  break;
}
