// declarations, chains, ports
a :: Counter; b, c :: Tee(2);
Idle -> a -> [0] b [1] -> Discard; b -> c[1] -> Discard; c -> Discard;
