# Tests that attack the server: 10,000 fuzzed requests, the role × route and cross-tenant matrices,
# and the crash test (child servers killed with SIGKILL mid-write). Prints the request and kill counts.
source "$(dirname "$0")/../lib.sh"
cd core-server
log=$(mktemp)
FUZZ_REQUESTS=10000 npx vitest run test/attack-fuzz.spec.ts test/attack-matrix.spec.ts 2>&1 | tee "$log"
CRASH_KILLS=${CRASH_KILLS:-10} LIKENESS_TEST_SET=attack npx vitest run test/crash.attack.spec.ts 2>&1 | tee -a "$log"
echo "--- attack summary"
grep -aoE 'fuzz (seed|requests): [^(]*' "$log" | sed 's/\x1b\[[0-9;]*m//g'
grep -aoE 'crash (seed|kills): [^(]*' "$log" | sed 's/\x1b\[[0-9;]*m//g'
rm -f "$log"
