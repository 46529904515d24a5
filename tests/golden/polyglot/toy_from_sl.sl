function main() {
  main2 = eval("toy", "fn sq(x) = x * x; fn main() = sq;");
  sq = main2();
  println(sq(12));
  println(isExecutable(sq));
  println(eval("toy", "fn helper(x) = x;"));
  eval("toy", "fn main( = 1;");
}
