/* Objects whose properties were added in different orders, or with extra properties, read through one function. */
function abc() {
  o = new();
  o.a = 1;
  o.b = 2;
  o.c = 3;
  return o;
}

function cba() {
  o = new();
  o.c = 30;
  o.b = 20;
  o.a = 10;
  return o;
}

function bac() {
  o = new();
  o.b = 200;
  o.extra = "x";
  o.a = 100;
  o.c = 300;
  return o;
}

function grown(n) {
  o = new();
  i = 0;
  while (i < n) {
    o["p" + i] = i;
    i = i + 1;
  }
  o.a = n;
  o.b = n * 10;
  o.c = n * 100;
  return o;
}

function make(k) {
  if (k == 0) {
    return abc();
  }
  if (k == 1) {
    return cba();
  }
  return bac();
}

function weigh(o) {
  return o.a + o.b * 2 + o.c * 3;
}

function main() {
  total = 0;
  i = 0;
  while (i < 3000) {
    o = make(i - i / 3 * 3);
    total = total + weigh(o);
    i = i + 1;
  }
  println(total);
  println(weigh(abc()));
  println(weigh(cba()));
  println(weigh(bac()));
  sum = 0;
  n = 0;
  while (n < 12) {
    sum = sum + weigh(grown(n));
    n = n + 1;
  }
  println(sum);
  g = grown(5);
  println(g.p0 + g.p4 + g.a);
  x = abc();
  x.d = 4;
  y = abc();
  println(weigh(x) == weigh(y));
  x.a = "now a string ";
  println(x.a + x.b + x.c + x.d);
}
