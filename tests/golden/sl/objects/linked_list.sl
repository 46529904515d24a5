/* A singly linked list of objects: built, traversed, reversed in place, and searched. NULL ends the list. */
function nothing() {
}

function cons(head, tail) {
  n = new();
  n.head = head;
  n.tail = tail;
  return n;
}

function fromTo(a, b) {
  list = nothing();
  i = b;
  while (i >= a) {
    list = cons(i, list);
    i = i - 1;
  }
  return list;
}

function show(list) {
  s = "[";
  sep = "";
  while (list != nothing()) {
    s = s + sep + list.head;
    sep = ", ";
    list = list.tail;
  }
  return s + "]";
}

function length(list) {
  n = 0;
  while (isNull(list) == (1 > 2)) {
    n = n + 1;
    list = list.tail;
  }
  return n;
}

function reverse(list) {
  prev = nothing();
  while (list != nothing()) {
    next = list.tail;
    list.tail = prev;
    prev = list;
    list = next;
  }
  return prev;
}

function find(list, x) {
  while (list != nothing()) {
    if (list.head == x) {
      return list;
    }
    list = list.tail;
  }
  return nothing();
}

function main() {
  l = fromTo(1, 10);
  println(show(l));
  println(length(l));
  r = reverse(l);
  println(show(r));
  println(show(l));
  println(l.tail);
  f = find(r, 4);
  println(show(f));
  f.head = "four";
  println(show(r));
  println(find(r, 11));
  big = fromTo(1, 20000);
  sum = 0;
  p = big;
  while (p != nothing()) {
    sum = sum + p.head;
    p = p.tail;
  }
  println(sum);
  println(length(reverse(big)));
  println(show(cons("only", nothing())));
  println(show(nothing()));
}
