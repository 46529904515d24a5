/* Thousands of objects built the same way (same properties in the same order), read back and mutated. */
function point(x, y, z) {
  p = new();
  p.x = x;
  p.y = y;
  p.z = z;
  return p;
}

function main() {
  keep = new();
  i = 0;
  sum = 0;
  while (i < 5000) {
    p = point(i, i * 2, i * 3);
    sum = sum + p.x + p.y - p.z;
    p.z = p.x + p.y;
    sum = sum + p.z;
    keep[i] = p;
    i = i + 1;
  }
  println(sum);
  total = 0;
  i = 0;
  while (i < 5000) {
    total = total + keep[i].z;
    i = i + 1;
  }
  println(total);
  println(keep[4999].x + " " + keep[4999].y + " " + keep[4999].z);
  println(keep[0] == keep[0]);
  println(keep[1] == keep[2]);
}
