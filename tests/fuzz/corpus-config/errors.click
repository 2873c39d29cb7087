a -> ; x :: Foo; [1];
Idle, Idle -> Discard, Discard
elementclass E { $a, Foo | input[1] -> output } Idle -> E -> (input -> Counter
/* unterminated
