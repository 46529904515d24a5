/* Two parameter names without a comma between them. */
function f(a b) {}
