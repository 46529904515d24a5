/* Adding or subtracting a constant overflows into a big number exactly at the limits, on
   either side of the constant and for negative constants, in hot code as in the interpreter. */
function plus5(x) { return x + 5; }
function fivePlus(x) { return 5 + x; }
function minus5(x) { return x - 5; }
function plusNeg(x) { return x + (0 - 5); }
function minusNeg(x) { return x - (0 - 5); }
function minusMin(x) { return x - (0 - 9223372036854775807 - 1); }

function main() {
  max = 9223372036854775807;
  min = 0 - 9223372036854775807 - 1;
  i = 0;
  s = 0;
  while (i < 3000) {
    s = s + plus5(i) + fivePlus(i) + minus5(i) + plusNeg(i) + minusNeg(i);
    i = i + 1;
  }
  println(s);
  println(plus5(max - 5));
  println(plus5(max - 4));
  println(fivePlus(max - 4));
  println(minus5(min + 5));
  println(minus5(min + 4));
  println(plusNeg(min + 5));
  println(plusNeg(min + 4));
  println(minusNeg(max - 5));
  println(minusNeg(max - 4));
  println(minusMin(0 - 1));
  println(minusMin(0));
  println(plus5(min));
  println(minus5(max));
}
