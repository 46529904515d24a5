// SL data sorted by a SOM class: SL builds an array of people (an object with integer keys),
// SOM's Sorter sorts it in place with an SL function as the comparison block.

function person(name, age) {
  p = new();
  p.name = name;
  p.age = age;
  return p;
}

function olderFirst(a, b) {
  return a.age > b.age;
}

function youngerFirst(a, b) {
  return a.age < b.age;
}

function main() {
  people = new();
  people[0] = person("Ada", 36);
  people[1] = person("Grace", 85);
  people[2] = person("Alan", 41);
  people[3] = person("Barbara", 83);
  people[4] = person("Edsger", 72);
  sorter = new(import("Sorter"));
  sorter.sort_by(people, olderFirst);
  i = 0;
  while (i < 5) {
    println(people[i].name + " " + people[i].age);
    i = i + 1;
  }
  sorter.sort_by(people, youngerFirst);
  println("youngest: " + people[0].name + ", oldest: " + people[4].name);
  println("comparisons: " + sorter.comparisons());
}
