#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate deterministic pseudo-random IPv4 route tables for the lookup benchmarks.

The prefix lengths follow the shape of a real BGP table (/24 about half,
then /22, /23, /20, /21, /16, some /8 to /15, a few routes longer than /24
so DIR-24-8 needs its second level); addresses are uniform over 1.0.0.0 to
223.255.255.255; ports cycle over --ports outputs. The same --seed and
--count always give the same table. Two routes end every table, as in
shared/bench/routes.txt: 10.1.2.0/24 (the benchmark packet's destination,
10.1.2.3; no generated route is more specific) and the default route.

  bench/gen_routes.py --count 1001 > routes.txt             # routes.txt format
  bench/gen_routes.py --count 1001 --format click > bench/iplookup_1k.click
  bench/gen_routes.py --count 100000 --format ctrl          # "add ROUTE" lines
"""

import argparse
import random
import sys

# Prefix length -> relative weight.
LENGTH_WEIGHTS = {
    8: 0.05, 10: 0.1, 11: 0.2, 12: 0.4, 13: 0.5, 14: 0.8, 15: 1.0, 16: 5.0,
    17: 1.5, 18: 2.5, 19: 4.0, 20: 5.0, 21: 5.0, 22: 9.0, 23: 8.0, 24: 52.0,
    25: 0.8, 26: 1.0, 27: 1.0, 28: 1.0, 29: 1.0, 30: 0.5, 32: 0.6,
}

DST_ROUTE = (0x0A010200, 24)  # 10.1.2.0/24, where the benchmark packet goes

PACKET = ("00000000000200000000000108004500002e00000000401164bb0a0000010a01020304"
          "d2162e001a0000000102030405060708090a0b0c0d0e0f1011")


def ip_str(a):
    return "%d.%d.%d.%d" % (a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255)


def generate(count, seed, ports):
    """count routes as (addr, len, port), sorted by address, the last two fixed."""
    rng = random.Random(seed)
    lengths = list(LENGTH_WEIGHTS)
    weights = [LENGTH_WEIGHTS[l] for l in lengths]
    dst_addr, dst_len = DST_ROUTE
    seen = {DST_ROUTE, (0, 0)}
    routes = []
    while len(routes) < count - 2:
        plen = rng.choices(lengths, weights)[0]
        mask = (0xFFFFFFFF << (32 - plen)) & 0xFFFFFFFF
        addr = rng.randrange(0x01000000, 0xE0000000) & mask
        # keep the benchmark destination on 10.1.2.0/24
        if plen > dst_len and (addr >> (32 - dst_len)) == (dst_addr >> (32 - dst_len)):
            continue
        if (addr, plen) in seen:
            continue
        seen.add((addr, plen))
        routes.append((addr, plen))
    routes.sort()
    out = [(a, l, i % ports) for i, (a, l) in enumerate(routes)]
    out.append((dst_addr, dst_len, 0))
    out.append((0, 0, 0))
    return out


def route_text(r):
    return "%s/%d %d" % (ip_str(r[0]), r[1], r[2])


def write_click(f, routes, ports, element, args, indent):
    f.write("// Benchmark: %s with %d routes, made by\n" % (element, len(routes)))
    f.write("//   bench/gen_routes.py %s\n" % " ".join(args))
    f.write("// The packet and pipeline are those of shared/bench/d_iplookup.click: the\n")
    f.write("// destination 10.1.2.3 leaves on output 0 by 10.1.2.0/24.\n")
    f.write("// Run: nfclick FILE.click N=20000000 BURST=32\n")
    f.write("define($N 20000000, $BURST 32);\n")
    f.write("rt :: %s(\n" % element)
    f.write(",\n".join(" " * indent + route_text(r) for r in routes))
    f.write(");\n")
    f.write("InfiniteSource(DATA \\<%s>, LIMIT $N, BURST $BURST, STOP true)\n" % PACKET)
    f.write("  -> Strip(14) -> CheckIPHeader -> c :: Counter -> rt;\n")
    for p in range(ports):
        f.write("rt[%d] -> Discard;\n" % p)
    f.write("DriverManager(wait_stop, print c.count);\n")


def main(argv):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--count", type=int, default=1001, help="routes in all [1001]")
    p.add_argument("--seed", type=int, default=1, help="random seed [1]")
    p.add_argument("--ports", type=int, default=10, help="output ports [10]")
    p.add_argument("--format", choices=("list", "ctrl", "click"), default="list",
                   help="list: routes.txt style 'ROUTE,' lines; ctrl: 'add ROUTE' lines "
                        "for a ctrl handler; click: a whole benchmark config [list]")
    p.add_argument("--element", default="RadixIPLookup",
                   help="lookup element class for --format click [RadixIPLookup]")
    p.add_argument("--indent", type=int, default=2,
                   help="spaces before each route with --format click [2]")
    p.add_argument("-o", "--output", help="write here instead of stdout")
    opts = p.parse_args(argv)
    if opts.count < 2:
        p.error("--count must be at least 2")
    routes = generate(opts.count, opts.seed, opts.ports)
    f = open(opts.output, "w") if opts.output else sys.stdout
    if opts.format == "list":
        f.write(",\n".join(route_text(r) for r in routes) + "\n")
    elif opts.format == "ctrl":
        f.write("".join("add %s\n" % route_text(r) for r in routes))
    else:
        write_click(f, routes, opts.ports, opts.element, argv, opts.indent)
    if f is not sys.stdout:
        f.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
