/* Writing a property of a Boolean with a Boolean key: Undefined property: true. */
function main() {
  b = 1 < 2;
  b[b] = 3;
}
