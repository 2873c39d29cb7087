// Benchmark: the framework's own per-packet cost. InfiniteSource makes $N
// 64-byte packets, $BURST at a time; a Counter counts them; Discard frees them.
// Run: nfclick bench/source_sink.click N=20000000 BURST=32
define($N 20000000, $BURST 32);

InfiniteSource(LENGTH 64, LIMIT $N, STOP true, BURST $BURST)
	-> c :: Counter
	-> Discard;

DriverManager(wait_stop, print c.count);
