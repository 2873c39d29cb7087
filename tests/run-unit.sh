#!/bin/sh
# SPDX-License-Identifier: MIT
# Run each cmocka unit-test binary; print a total line; fail if any failed.
pass=0; fail=0
for t in "$@"; do
	if "./$t"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAILED: $t"; fi
done
echo "unit test binaries: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
