// Every interop message SL sends to SOM values.
function main() {
  Box = eval("som", "Box = ( | v | v = ( ^ v ) v: x = ( v := x ) at: i put: x = ( ^ i + x ) )");
  println(Box);                        // display string of a class
  println(typeOf(Box));
  b = new(Box);                        // instantiate
  b.v(5);                              // invoke member v: (name without colon)
  println(b.v());                      // invoke unary member
  println(b.at_put(1, 2));             // keyword selector from underscores
  m = b.v;                             // read member: a bound method
  println(isExecutable(m));
  println(m());
  println(b["v"]());                   // a member by key
  arr = eval("som", "Arr = ( ---- make = ( ^ Array with: 10 with: 20 with: 30 ) )").make();
  println(hasSize(arr));
  println(getSize(arr));
  println(arr[0] + arr[2]);            // elements are 0-based across the boundary
  arr[1] = 99;
  println(arr[1]);
  blk = eval("som", "Blk = ( ---- adder = ( ^ [ :a :b | a + b ] ) )").adder();
  println(isExecutable(blk));
  println(blk(40, 2));                 // execute a block
  println(b);                          // display string of an instance
  println(isNull(eval("som", "Nothing = ( ---- nothing = ( ^ nil ) )").nothing()));
  println(import("unbound"));
}
