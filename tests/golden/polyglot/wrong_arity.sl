function main() { blk = eval("som", "B = ( ---- b = ( ^ [ :x | x ] ) )").b(); println(blk(1)); blk(1, 2); }
