# Shared by the CLI test scripts (sourced, not run): a scratch dir $T,
# counters, and the run/expect helpers. Set BIN before sourcing.
T=$(mktemp -d "${TMPDIR:-/tmp}/ngcli.XXXXXX")
trap 'rm -rf "$T"' EXIT
pass=0 fail=0

# run NAME WANT_RC CMD...: runs CMD with a timeout (a hang fails),
# stdout > $T/out, stderr > $T/err
run() {
    local name=$1 want=$2; shift 2
    timeout 60 "$@" >"$T/out" 2>"$T/err"
    local rc=$?
    if [ "$rc" -eq "$want" ]; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL $name: exit $rc, want $want"; head -c 600 "$T/err"; fi
}
# expect NAME CONDITION: a shell test on the last run's output
expect() {
    local name=$1; shift
    if eval "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $name: $*"; head -c 600 "$T/err"; fi
}
