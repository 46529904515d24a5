/* A function definition must start with the keyword function. */
main() { }
