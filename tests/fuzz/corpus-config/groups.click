# 10 "groups.click"
h :: Hub; t :: Tee(3);
Idle -> t; t[0, 1, 2] => [2, 1, 0] h;
(Idle -> [0]output; Idle -> [1]output) => [3,] h;
Idle -> { input -> Counter -> output; input [1] -> Discard } -> Discard;
require(package foo); elementclass Q Queue;
