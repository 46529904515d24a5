/*
 * Allocates two million small objects linked in pairs of cycles, keeping one pair in a
 * hundred thousand alive: the collector reclaims the cycles, so the program runs in a small,
 * bounded heap (measure with `/usr/bin/time -f %MKB sl examples/sl/object_cycles.sl`).
 */
function main() {
  i = 0; keep = new(); keep.v = 0 - 1;
  while (i < 1000000) {
    a = new(); b = new(); a.other = b; b.other = a; a.v = i; b.v = i + 1;
    if (i - i / 100000 * 100000 == 0) { keep = a; }
    i = i + 1;
  }
  println(keep.v); println(keep.other.v); println(keep.other.other.v);
}
