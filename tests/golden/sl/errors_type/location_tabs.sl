/* Columns count a tab as one character. */
function main() {
		x = 1;
		x	=	x	*	"tab";
}
