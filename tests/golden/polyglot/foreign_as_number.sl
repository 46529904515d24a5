function main() { o = new(eval("som", "Empty = ()")); println(o + 1); }
