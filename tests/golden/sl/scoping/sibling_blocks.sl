/* Locals of one block are not visible in a sibling block (then/else, consecutive loops). */
function show(c) {
  if (c) {
    a = "then local";
    println(a);
  } else {
    println(a);
  }
}

function main() {
  show(1 < 2);
  show(1 > 2);
  i = 0;
  while (i < 1) {
    v = 10;
    i = i + 1;
  }
  i = 0;
  while (i < 1) {
    println(v);
    i = i + 1;
  }
}
