/* if with and without else, nested ifs, and else-chains written as nested blocks. */
function classify(n) {
  if (n < 0) {
    return "negative";
  } else {
    if (n == 0) {
      return "zero";
    } else {
      if (n < 10) {
        return "small";
      }
    }
  }
  return "large";
}

function main() {
  if (1 < 2) {
    println("then");
  }
  if (2 < 1) {
    println("not printed");
  }
  if (2 < 1) {
    println("not printed");
  } else {
    println("else");
  }
  println(classify(0 - 3));
  println(classify(0));
  println(classify(7));
  println(classify(12));
  if (1 < 2) {
  } else {
    println("not printed");
  }
}
