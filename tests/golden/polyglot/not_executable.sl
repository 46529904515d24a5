function main() { o = new(eval("som", "Empty = ()")); o(1); }
