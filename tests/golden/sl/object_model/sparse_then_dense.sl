// Index keys written past the end are named properties; filling up to them keeps every key
// in one place, read and written alike.
function main() {
  o = new();
  o[5] = "five";
  o[3] = "three";
  i = 0;
  while (i < 8) {
    if (i != 3) { if (i != 5) { o[i] = i; } }
    i = i + 1;
  }
  o[5] = o[5] + "!";
  o[3] = o[3] + "?";
  i = 0;
  s = "";
  while (i < 8) { s = s + o[i] + " "; i = i + 1; }
  println(s);
  p = new();
  i = 9;
  while (i >= 0) { p[i] = i * 10; i = i - 1; }
  i = 0; sum = 0;
  while (i < 10) { sum = sum + p[i]; i = i + 1; }
  println(sum);
}
