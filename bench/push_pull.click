// Benchmark: a push-to-pull handoff. InfiniteSource pushes into a Queue; an
// Unqueue task pulls 32 at a time and pushes on to a Counter and Discard.
// Run: nfclick bench/push_pull.click N=20000000 BURST=32
define($N 20000000, $BURST 32);

InfiniteSource(LENGTH 64, LIMIT $N, STOP true, BURST $BURST)
	-> q :: Queue(1000)
	-> Unqueue(BURST 32)
	-> c :: Counter
	-> Discard;

DriverManager(wait_stop, print c.count, print q.drops);
