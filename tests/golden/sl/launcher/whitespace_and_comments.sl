/* Whitespace of every kind (space, tab, CR, LF, form feed) and both comment styles are skipped. */
function	main(){
	x	=	1;// a line comment
  /* a block comment
   spanning lines */ y = /* inline */ 2;

  println(x
+
y);
  /* comment /* not nested */ println("after comment");
  println("a" /**/ + /***/ "b");
}
