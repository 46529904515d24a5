/* A stack and a queue built from objects with a count and numbered slots; push, pop, enqueue, dequeue. */
function newStack() {
  s = new();
  s.size = 0;
  return s;
}

function push(s, v) {
  s[s.size] = v;
  s.size = s.size + 1;
}

function pop(s) {
  s.size = s.size - 1;
  return s[s.size];
}

function newQueue() {
  q = new();
  q.head = 0;
  q.tail = 0;
  return q;
}

function enqueue(q, v) {
  q[q.tail] = v;
  q.tail = q.tail + 1;
}

function dequeue(q) {
  v = q[q.head];
  q.head = q.head + 1;
  return v;
}

function main() {
  s = newStack();
  q = newQueue();
  i = 1;
  while (i <= 5) {
    push(s, "s" + i);
    enqueue(q, "q" + i);
    i = i + 1;
  }
  out = "stack:";
  while (s.size > 0) {
    out = out + " " + pop(s);
  }
  println(out);
  out = "queue:";
  while (q.head < q.tail) {
    out = out + " " + dequeue(q);
  }
  println(out);
  push(s, s);
  println(pop(s) == s);
  push(s, q);
  push(s, 7);
  println(pop(s) + pop(s).tail);
}
