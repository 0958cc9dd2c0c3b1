#!/usr/bin/env bash
# Fleet campaign fault cases against a real mosquitto, with real processes (docs/power.md, "Fleet campaigns"):
# three `edgemmf agent` processes with a simulated INA3221 (a fake hwmon tree) and a coordinator run a small plan;
# one agent is killed (SIGKILL) mid-run and restarted; the broker is stopped and restarted mid-campaign (persistent
# sessions in a temporary folder); malformed, oversized and hostile messages go to the campaign's topics. Checks:
# every run of every board delivered once, none lost or duplicated, no finished run measured twice, and each board's
# summary counts equal a local `campaign` of the same plan. Then the shipped mosquitto config and ACL with users made
# by mosquitto_passwd: agents authenticate, a board cannot publish under another board's name, a wrong password is
# refused with a clear error.
#   .ci/fleet-faults.sh EDGEMMF...    e.g. .ci/fleet-faults.sh artifacts/linux-x64/edgemmf
#                                          .ci/fleet-faults.sh dotnet runtime/EdgeMmf.Cli/bin/Release/net10.0/edgemmf.dll
# Needs mosquitto and mosquitto-clients (mosquitto_pub, mosquitto_sub). Port: EDGEMMF_FAULTS_PORT (default 18831).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: $0 EDGEMMF-COMMAND..."; exit 2; }
edgemmf=("$@")
repo=$PWD
port=${EDGEMMF_FAULTS_PORT:-18831}
broker=mqtt://127.0.0.1:$port
work=$(mktemp -d)
started=$SECONDS
pids=()
cleanup() { for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
fail() { echo "fleet faults: FAILED: $*"; echo "(logs in $work)"; exit 1; }
# Waits up to $2 seconds until file $1 contains the extended regex $3.
wait_for() { local i; for ((i = 0; i < $2 * 10; i++)); do grep -qE "$3" "$1" 2>/dev/null && return 0; sleep 0.1; done; fail "no '$3' in $1 within $2 s"; }

# The broker: the CI one's settings, but with persistence, so persistent sessions and queued QoS 1 messages survive a restart.
mkdir -p "$work/broker" "$work/secure"
# mosquitto started as root runs as user mosquitto: it must be able to write its database here.
chmod 755 "$work"
if [ "$(id -u)" -eq 0 ] && id mosquitto > /dev/null 2>&1; then chown mosquitto "$work/broker" "$work/secure"; fi
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location %s/\n' "$port" "$work/broker" > "$work/broker/mosquitto.conf"
start_broker() {
  /usr/sbin/mosquitto -c "$1" >> "$work/broker/mosquitto.log" 2>&1 &
  broker_pid=$!
  pids+=("$broker_pid")
  local i; for ((i = 0; i < 50; i++)); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0; sleep 0.1; done
  fail "mosquitto did not start on port $port"
}
start_broker "$work/broker/mosquitto.conf"

# A simulated INA3221 (5 V, 0.8 A on VDD_IN), the same for every board and the local campaign.
mkdir -p "$work/hwmon/hwmon0" "$work/no-powercap"
printf 'ina3221\n' > "$work/hwmon/hwmon0/name"; printf 'VDD_IN\n' > "$work/hwmon/hwmon0/in1_label"
printf '5000\n' > "$work/hwmon/hwmon0/in1_input"; printf '800\n' > "$work/hwmon/hwmon0/curr1_input"
sensors=(--hwmon-root "$work/hwmon" --powercap-root "$work/no-powercap" --vcgencmd "$work/no-vcgencmd")

# 1 thread x 2 prompt lengths x 3 repetitions: 6 measured runs per board.
plan=$work/plan.json
cat > "$plan" <<'EOF'
{ "name": "fleet-faults", "models": ["random:tiny"], "threads": [1], "promptTokens": [8, 32], "generateTokens": 16,
  "warmupRuns": 1, "repetitions": 3, "idleSeconds": 0.4, "sampleIntervalMilliseconds": 20 }
EOF
runs_per_board=6
"${edgemmf[@]}" campaign --plan "$plan" --out "$work/local" "${sensors[@]}" > "$work/local.log"

start_agent() {
  "${edgemmf[@]}" agent --broker "$broker" --name "$1" --out "$work/agent-$1" "${sensors[@]}" >> "$work/agent-$1.log" 2>&1 &
  eval "agent_$1=$!"
  pids+=("$!")
}
for board in a b c; do start_agent $board; done
for board in a b c; do wait_for "$work/agent-$board.log" 30 "waiting for runs"; done

# Hostile traffic before the campaign: not JSON, over the 256 KiB limit, a run id that is not in the plan.
head -c 262145 /dev/zero | tr '\0' ' ' > "$work/oversized"
mosquitto_pub -p "$port" -q 1 -t edgemmf/fleet-faults/runs/a -m '{not json'
mosquitto_pub -p "$port" -q 1 -t edgemmf/fleet-faults/runs/a -f "$work/oversized"
mosquitto_pub -p "$port" -q 1 -t edgemmf/fleet-faults/runs/a \
  -m "{\"campaign\":\"fleet-faults\",\"plan\":$(tr -d '\n' < "$work/local/plan.json"),\"runIds\":[\"; rm -rf /\"]}"

"${edgemmf[@]}" campaign --plan "$plan" --out "$work/fleet" --fleet "$broker" --boards a,b,c > "$work/coordinator.log" 2>&1 &
coordinator=$!
pids+=("$coordinator")
# Hostile traffic at the coordinator: a result that is not one, and a forged result for a run outside the plan.
wait_for "$work/coordinator.log" 30 "a: 6 run\(s\) to measure"
mosquitto_pub -p "$port" -q 1 -t edgemmf/fleet-faults/agents/a/results -m '{"id":1}'
mosquitto_pub -p "$port" -q 1 -t edgemmf/fleet-faults/agents/a/samples -m '{"runId":"x","index":5,"count":2,"csv":""}'
mosquitto_pub -p "$port" -q 1 -t edgemmf/fleet-faults/agents/c/results \
  -m '{"id":"random-tiny_cpu_t9_p8_r1","configurationKey":"x","generatedTokens":1,"threads":1,"promptTokens":1}'

# Kill agent b during its second measured run, then start it again on the same folder.
wait_for "$work/agent-b.log" 60 "run random-tiny_cpu_t1_p8_r2$"
kill -KILL "$agent_b"
wait "$agent_b" 2>/dev/null || true
echo "fleet faults: agent b killed (SIGKILL) during random-tiny_cpu_t1_p8_r2 at $((SECONDS - started)) s"
sleep 1
start_agent b

# Restart the broker mid-campaign: after a third of the runs are in, before the last.
while [ "$(grep -c ' done, ' "$work/coordinator.log" || true)" -lt $((3 * runs_per_board / 3)) ]; do
  kill -0 "$coordinator" 2>/dev/null || fail "the coordinator ended before the broker restart"
  sleep 0.1
done
done_at_restart=$(grep -c ' done, ' "$work/coordinator.log" || true)
kill -TERM "$broker_pid"; wait "$broker_pid" 2>/dev/null || true
sleep 1
start_broker "$work/broker/mosquitto.conf"
echo "fleet faults: broker restarted at $((SECONDS - started)) s, with $done_at_restart/$((3 * runs_per_board)) runs delivered"
[ "$done_at_restart" -lt $((3 * runs_per_board)) ] || fail "the campaign ended before the broker restart"

for ((i = 0; i < 1200; i++)); do kill -0 "$coordinator" 2>/dev/null || break; sleep 0.1; done
kill -0 "$coordinator" 2>/dev/null && fail "the coordinator did not finish within 2 minutes"
wait "$coordinator" || fail "the coordinator exited with $?"
for board in a b c; do kill -TERM "$(eval echo "\$agent_$board")"; done
for board in a b c; do wait "$(eval echo "\$agent_$board")" 2>/dev/null || true; done

# Nothing lost, nothing duplicated, the local campaign's counts.
for board in a b c; do
  dir=$work/fleet/boards/$board
  [ "$(find "$dir/runs" -name result.json | wc -l)" -eq $runs_per_board ] || fail "board $board: not $runs_per_board results"
  [ "$(find "$dir/runs" -name samples.csv | wc -l)" -eq $runs_per_board ] || fail "board $board: not $runs_per_board samples files"
  delivered=$(grep -oE " $board: [^ ]+ done," "$work/coordinator.log" | sort)
  [ "$(wc -l <<<"$delivered")" -eq $runs_per_board ] && [ -z "$(uniq -d <<<"$delivered")" ] \
    || fail "board $board: runs counted as delivered: $delivered"
  [ "$(cut -d, -f1-3 "$work/local/summary.csv")" == "$(cut -d, -f1-3 "$dir/summary.csv")" ] \
    || fail "board $board: summary counts differ from the local campaign's"
  for run in "$dir"/runs/*/; do
    cmp -s "$run/samples.csv" "$work/agent-$board/fleet-faults/runs/$(basename "$run")/samples.csv" \
      || fail "board $board: $(basename "$run") samples differ from the board's own"
  done
done
[ "$(wc -l < "$work/fleet/fleet-summary.csv")" -eq $((1 + 3 * 2)) ] || fail "fleet-summary.csv: not a row per board and configuration"
# Agent b: the run killed midway was measured again (its first samples kept); the runs it finished were not.
[ "$(find "$work/agent-b/fleet-faults/runs" -name 'samples.interrupted-1.csv' | wc -l)" -eq 1 ] || fail "agent b: no interrupted run kept"
for board in a b c; do
  measured=$(grep -oE " run random-tiny_cpu_[a-z0-9_]+$" "$work/agent-$board.log" | sort)
  repeats=$(uniq -d <<<"$measured")
  if [ $board == b ]; then
    [ "$repeats" == " run random-tiny_cpu_t1_p8_r2" ] || fail "agent b measured again: '$repeats' (only the killed run may be)"
  else
    [ -z "$repeats" ] || fail "agent $board measured again: $repeats"
  fi
done
grep -q "is not a valid RunAssignment" "$work/agent-a.log" || fail "agent a: malformed assignment not reported"
grep -q "over the 262144-byte limit" "$work/agent-a.log" || fail "agent a: oversized assignment not reported"
grep -q "is not a measured run of the plan's matrix" "$work/agent-a.log" || fail "agent a: hostile run id not reported"
grep -q "agents/a/results' is not a valid RunResult" "$work/coordinator.log" || fail "coordinator: malformed result not reported"
grep -q "lost the broker" "$work/coordinator.log" || fail "coordinator: did not see the broker restart"
grep -q "Error saving" "$work/broker/mosquitto.log" && fail "mosquitto could not save its database: $(grep -m1 -A1 'Error saving' "$work/broker/mosquitto.log")"
grep -q "connected to $broker (session resumed)" "$work/coordinator.log" || fail "coordinator: its session did not survive the broker restart"
echo "fleet faults: 3 agents, $((3 * runs_per_board)) runs, agent killed and restarted, broker restarted, hostile messages dropped:" \
  "all delivered once, summaries match the local campaign ($((SECONDS - started)) s)"

# Security with the shipped configuration: device/mosquitto/edgemmf.conf and its ACL, only the port and paths changed,
# users made now with mosquitto_passwd.
kill -TERM "$broker_pid"; wait "$broker_pid" 2>/dev/null || true
secure=$work/secure
sed -e "s|^listener 1883$|listener $port 127.0.0.1|" -e "s|/etc/mosquitto/edgemmf.passwd|$secure/passwd|" \
  -e "s|/etc/mosquitto/edgemmf.acl|$repo/device/mosquitto/edgemmf.acl|" -e "s|/var/lib/mosquitto/|$secure/|" \
  device/mosquitto/edgemmf.conf > "$secure/mosquitto.conf"
grep -q "^listener $port 127.0.0.1$" "$secure/mosquitto.conf" && grep -q "^acl_file $repo/" "$secure/mosquitto.conf" \
  || fail "device/mosquitto/edgemmf.conf no longer has the listener and paths this test rewrites"
for user in coordinator sec-a sec-b; do
  echo "pw-$user-$RANDOM$RANDOM" > "$secure/$user.pw"
  mosquitto_passwd -b $([ -f "$secure/passwd" ] || echo -c) "$secure/passwd" $user "$(cat "$secure/$user.pw")"
done
echo wrong > "$secure/wrong.pw"
start_broker "$secure/mosquitto.conf"
printf '%s\n' '{ "name": "fleet-secure", "models": ["random:tiny"], "threads": [1], "promptTokens": [8], "generateTokens": 8,' \
  '  "warmupRuns": 1, "repetitions": 2, "idleSeconds": 0.1, "sampleIntervalMilliseconds": 20 }' > "$secure/plan.json"
auth() { echo --user "$1" --password-file "$secure/$2.pw"; }
# Authenticated agents and coordinator complete a plan.
for board in sec-a sec-b; do
  "${edgemmf[@]}" agent --broker "$broker" --name $board $(auth $board $board) --out "$secure/agent-$board" --no-sensors > "$secure/agent-$board.log" 2>&1 &
  pids+=("$!"); eval "agent_${board/-/_}=$!"
done
timeout 120 "${edgemmf[@]}" campaign --plan "$secure/plan.json" --out "$secure/fleet" --fleet "$broker" --boards sec-a,sec-b \
  $(auth coordinator coordinator) > "$secure/coordinator.log" 2>&1 || fail "the authenticated campaign failed: $(tail -3 "$secure/coordinator.log")"
for board in sec-a sec-b; do
  [ "$(find "$secure/fleet/boards/$board/runs" -name result.json | wc -l)" -eq 2 ] || fail "$board: not 2 results with authentication"
done
kill -TERM "$agent_sec_b"; wait "$agent_sec_b" 2>/dev/null || true
# A board cannot publish under another board's name: the broker drops it (the coordinator, listening, gets nothing),
# while the board itself can (the control: the same message, as sec-b, arrives).
forge() { mosquitto_pub -p "$port" -q 1 -u "$1" -P "$(cat "$secure/$1.pw")" -t edgemmf/fleet-secure/agents/sec-b/results -m forged; }
listen() { mosquitto_sub -p "$port" -u coordinator -P "$(cat "$secure/coordinator.pw")" -i "listener-$RANDOM" -t edgemmf/fleet-secure/agents/sec-b/results -C 1 -W 4 > "$secure/heard-$1" 2>&1 || true; }
listen as-sec-a & listener=$!; sleep 1; forge sec-a; wait $listener
listen as-sec-b & listener=$!; sleep 1; forge sec-b; wait $listener
[ "$(cat "$secure/heard-as-sec-b")" == forged ] || fail "control: sec-b's own message did not arrive: $(cat "$secure/heard-as-sec-b")"
if grep -q forged "$secure/heard-as-sec-a"; then fail "the ACL let sec-a publish under sec-b's name"; fi
# An agent started as sec-b with sec-a's login: its announcement is dropped too.
"${edgemmf[@]}" agent --broker "$broker" --name sec-b $(auth sec-a sec-a) --out "$secure/impostor" --no-sensors > "$secure/impostor.log" 2>&1 &
impostor=$!; pids+=("$impostor")
mosquitto_sub -p "$port" -u coordinator -P "$(cat "$secure/coordinator.pw")" -i "listener-$RANDOM" -t edgemmf/agents/sec-b -v -W 4 > "$secure/announcements" 2>&1 || true
kill -TERM "$impostor"; wait "$impostor" 2>/dev/null || true
if grep -q '"online":true' "$secure/announcements"; then fail "an agent logged in as sec-a announced itself as sec-b"; fi
# A wrong password: refused at once, with one clear line, not retried forever.
if timeout 30 "${edgemmf[@]}" agent --broker "$broker" --name sec-a $(auth sec-a wrong) --no-sensors --out "$secure/wrong" > "$secure/wrong.out" 2> "$secure/wrong.err"; then
  fail "an agent with a wrong password ran"
fi
grep -q "edgemmf: error: mqtt://127.0.0.1:$port refused user 'sec-a'" "$secure/wrong.err" || fail "wrong password: no clear error: $(cat "$secure/wrong.err")"
kill -TERM "$agent_sec_a"; wait "$agent_sec_a" 2>/dev/null || true
echo "fleet security: shipped config and ACL: authenticated campaign complete; a board publishing under another's name" \
  "is dropped by the broker; a wrong password is refused: $(cat "$secure/wrong.err")"
echo "fleet faults and security: done in $((SECONDS - started)) s"
