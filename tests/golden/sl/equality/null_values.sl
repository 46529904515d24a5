/* NULL equals NULL and nothing else; NULL prints as NULL. */
function none() {
}

function alsoNone() {
  return;
}

function main() {
  println(none());
  println(none() == none());
  println(none() == alsoNone());
  println(none() != alsoNone());
  println(none() == 0);
  println(0 == none());
  println(none() == "");
  println(none() == "NULL");
  println(none() == (1 < 2));
  println(none() == none);
  println(none() != 0);
}
