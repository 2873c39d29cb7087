#!/bin/sh
# SPDX-License-Identifier: MIT
# Self-test of tests/clicktest: run the format tests here and check each outcome.
set -u
here=$(cd "$(dirname "$0")" && pwd)
runner="$here/../clicktest"
python=${PYTHON3:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0

fail() {
	echo "selftest FAILED: $*"
	failures=$((failures + 1))
}

# expect_same NAME EXPECTED_FILE ACTUAL_FILE
expect_same() {
	if ! diff -u "$2" "$3" > "$tmp/diff"; then
		fail "$1: output differs"
		cat "$tmp/diff"
	fi
}

# A stand-in click-buildtool: provides only the classes Provided and Discard.
mkdir "$tmp/bin"
cat > "$tmp/bin/click-buildtool" <<'TOOL'
#!/bin/sh
[ "${1-}" = provides ] || exit 2
shift
for n in "$@"; do
	case $n in Provided|Discard) ;; *) exit 1 ;; esac
done
TOOL
chmod +x "$tmp/bin/click-buildtool"
PATH="$tmp/bin:$PATH"
export PATH

# 1. Tests that must pass or be skipped.
(cd "$here" && "$python" "$runner" -j 2 -t 10 --summary "format tests" ./*.clicktest) > "$tmp/pass.out" 2>&1
rc=$?
[ $rc -eq 0 ] || fail "passing tests: exit status $rc, expected 0"
cat > "$tmp/pass.expected" <<'OUT'
ok   basic-01.clicktest
skip classes-01.clicktest (needs AlsoMissing, NotProvidedHere)
ok   eot-01.clicktest
ok   eot-01.clicktest<2>
ok   expect-kinds-01.clicktest
ok   file-forms-01.clicktest
ok   ignore-01.clicktest
ok   multiline-01.clicktest
ok   ranges-01.clicktest
skip require-01.clicktest (requirement failed: false)
ok   require-02.clicktest
skip tools-01.clicktest (needs click-selftest-no-such-tool)
format tests:
9 passed, 0 failed, 3 skipped
OUT
expect_same "passing tests" "$tmp/pass.expected" "$tmp/pass.out"

# 2. Deliberately failing tests: each must be reported as FAIL, exit 1.
"$python" "$runner" -j 2 -t 2 -v "$here/should-fail" > "$tmp/fail.out" 2>&1
rc=$?
[ $rc -eq 1 ] || fail "failing tests: exit status $rc, expected 1"
nfail=$(find "$here/should-fail" -name "*.clicktest" | wc -l)
nreported=$(grep -c '^FAIL ' "$tmp/fail.out")
[ "$nreported" -eq "$nfail" ] || fail "failing tests: $nreported FAIL lines for $nfail tests"
grep -q "^0 passed, $nfail failed, 0 skipped\$" "$tmp/fail.out" || fail "failing tests: wrong final line"
for pattern in \
	'^FAIL wrong-output-01.clicktest: standard output has unexpected value starting at line 1' \
	"^  stdout:1: expected 'expected'\$" \
	"^  stdout:1: but got  'actual'\$" \
	'^  +actual$' \
	'^FAIL command-fails-01.clicktest: exit status 1 at line 6: test 1 = 2$' \
	'^FAIL timeout-01.clicktest: timed out after 2 s' \
	'^FAIL missing-file-01.clicktest: OUT: No such file' \
	'^FAIL range-01.clicktest:' \
	'^FAIL verbatim-01.clicktest: file V has unexpected value' \
	'^FAIL ignore-scope-01.clicktest: file B has unexpected value starting at line 2' \
	'^FAIL case-01.clicktest:' \
	'^FAIL regex-mismatch-01.clicktest:'; do
	grep -q -- "$pattern" "$tmp/fail.out" || fail "failing tests: no line matching '$pattern'"
done

# 3. Expected failures do not fail the run; a listed test that passes is
#    reported as unexpectedly passed, still without failing the run.
{
	echo "# test  reason"
	for f in "$here"/should-fail/*.clicktest; do
		echo "should-fail/$(basename "$f") deliberately broken"
	done
	echo "basic-01.clicktest listed to check the unexpected-pass report"
} > "$tmp/known.txt"
"$python" "$runner" -j 2 -t 2 --expected-fail "$tmp/known.txt" "$here" > "$tmp/known.out" 2>&1
rc=$?
[ $rc -eq 0 ] || fail "expected failures: exit status $rc, expected 0"
nexp=$(grep -c '^expected failure should-fail/' "$tmp/known.out")
[ "$nexp" -eq "$nfail" ] || fail "expected failures: $nexp reported for $nfail tests"
grep -q '^ok   basic-01.clicktest (unexpectedly passed' "$tmp/known.out" ||
	fail "expected failures: basic-01 not reported as unexpectedly passed"
grep -q "^9 passed, 0 failed, $((nfail + 3)) skipped\$" "$tmp/known.out" ||
	fail "expected failures: wrong final line"

if [ $failures -ne 0 ]; then
	echo "--- outputs"
	cat "$tmp/pass.out" "$tmp/fail.out" "$tmp/known.out"
	echo "clicktest selftest: $failures problems"
	exit 1
fi
echo "clicktest selftest: all outcomes as expected"
