// Number theory across three languages: Toy does the arithmetic, SL and SOM use it, and Toy
// sums over an SL function it imports.
function cube(x) { return x * x * x; }

function main() {
  gcd = import("gcd");
  println("gcd(1071, 462) = " + gcd(1071, 462));
  println("4^13 mod 497 = " + import("powmod")(4, 13, 497));
  export("term", cube);
  println("sum of cubes 1..10 = " + import("sumOf")(10));
  f = new(import("Fractions"));
  println("84/126 = " + f.reduce_over(84, 126));
  println("H(10) = " + import("Fractions").sumOfHarmonicNumerators(10));
  i = 0; total = 0;
  while (i < 3000) { total = total + gcd(i, 360); i = i + 1; }
  println("sum of gcd(i, 360) for i < 3000 = " + total);
}
