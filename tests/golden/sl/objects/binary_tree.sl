/* A binary search tree of objects: insertion, in-order traversal, size, height and lookup. */
function nothing() {
}

function node(key) {
  n = new();
  n.key = key;
  n.left = nothing();
  n.right = nothing();
  return n;
}

function insert(t, key) {
  if (isNull(t)) {
    return node(key);
  }
  if (key < t.key) {
    t.left = insert(t.left, key);
  } else {
    if (key > t.key) {
      t.right = insert(t.right, key);
    }
  }
  return t;
}

function inorder(t, acc) {
  if (isNull(t)) {
    return acc;
  }
  acc = inorder(t.left, acc);
  acc = acc + " " + t.key;
  return inorder(t.right, acc);
}

function size(t) {
  if (isNull(t)) {
    return 0;
  }
  return 1 + size(t.left) + size(t.right);
}

function height(t) {
  if (isNull(t)) {
    return 0;
  }
  l = height(t.left);
  r = height(t.right);
  if (l > r) {
    return l + 1;
  }
  return r + 1;
}

function contains(t, key) {
  while (isNull(t) == (1 > 2)) {
    if (key == t.key) {
      return 1 < 2;
    }
    if (key < t.key) {
      t = t.left;
    } else {
      t = t.right;
    }
  }
  return 1 > 2;
}

function main() {
  t = nothing();
  x = 7;
  i = 0;
  while (i < 40) {
    x = (x * 37 + 11) - (x * 37 + 11) / 101 * 101;
    t = insert(t, x);
    i = i + 1;
  }
  println(inorder(t, "keys:"));
  println(size(t));
  println(height(t));
  println(contains(t, 7));
  println(contains(t, 100));
  println(contains(t, x));
  println(t.key);
}
