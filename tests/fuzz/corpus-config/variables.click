define($X 5, $Y "a b");
elementclass Bar { $a, $n | input -> Message("${a[$n]}", ${Z-$X}, '$Y') -> output }
elementclass Baz { $a | input -> Bar(${a[1]} ${a[0]}, ${a[2]}) -> output }
Idle -> Baz(G H 1) -> Bar(D E F, 2) -> Discard
