/* import(name) returns NULL without polyglot bindings; inNativeImage() returns true. */
function main() {
  println(import("anything"));
  println(isNull(import("Math")));
  x = import("");
  println(x == import("y"));
  println(inNativeImage());
  println(typeOf(inNativeImage()));
  if (inNativeImage()) {
    println("native branch");
  } else {
    println("host interop branch");
  }
  return inNativeImage() && isNull(import("z"));
}
