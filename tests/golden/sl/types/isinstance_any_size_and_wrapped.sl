/* isInstance: Number covers small and big integers; results are Booleans usable in conditions; wrapped values too. */
function main() {
  num = typeOf(1);
  println(isInstance(num, 0));
  println(isInstance(num, 9223372036854775807));
  println(isInstance(num, 9223372036854775807 + 1));
  println(isInstance(num, 0 - 9223372036854775807 - 2));
  println(isInstance(num, "1"));
  println(isInstance(num, wrapPrimitive(7)));
  println(isInstance(typeOf("x"), wrapPrimitive("y")));
  println(typeOf(isInstance(num, 1)));
  if (isInstance(num, 3) && isInstance(num, num) == (1 > 2)) {
    println("condition ok");
  }
  count = 0;
  i = 0;
  while (i < 1000) {
    if (isInstance(num, i)) {
      count = count + 1;
    }
    i = i + 1;
  }
  println(count);
}
