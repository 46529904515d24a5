function main() { println("Hello"); }
