function main() { println("before"); eval("som", "Broken = ( foo = ( ^ ) )"); }
