#!/usr/bin/env bash
# Soak run of `edgemmf chat`: TURNS turns (default 10,000) on the demo model through a pipe, with /save every
# 100 turns, /load every 250, /reset and /stats every 500. Samples the process's resident memory (VmRSS) and open
# file descriptors once a second, and writes them with a summary as JSON (default bench/chat-soak/result.json).
# A benchmark-style run, not a test: run it by hand after changes to chat, generation or state files.
#
#   dotnet build runtime/EdgeMmf.Cli -c Release && bench/chat-soak/chat-soak.sh
#
# Linux only (/proc). Environment: TURNS, MAX_TOKENS (reply length, default 8), EDGEMMF (the command to run),
# OUT (the JSON file).
set -euo pipefail
cd "$(dirname "$0")/../.."
turns=${TURNS:-10000}
max_tokens=${MAX_TOKENS:-8}
out=${OUT:-bench/chat-soak/result.json}
edgemmf=${EDGEMMF:-"dotnet runtime/EdgeMmf.Cli/bin/Release/net10.0/edgemmf.dll"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

prompts=("Tell me about the river." "What happened next?" "Where did the boy go?" "Say something about the weather."
         "Who was at the door?" "Why was the dog barking?" "What did the old man say?")
{
  for ((t = 1; t <= turns; t++)); do
    echo "${prompts[t % ${#prompts[@]}]}"
    if ((t % 100 == 0)); then echo "/save $work/state.emmf"; fi
    if ((t % 250 == 0)); then echo "/load $work/state.emmf"; fi
    if ((t % 500 == 0)); then echo "/stats"; echo "/reset"; fi
  done
} > "$work/input.txt"

start=$(date +%s.%N)
$edgemmf chat --max-tokens "$max_tokens" --temperature 0 < "$work/input.txt" > "$work/replies.txt" 2> "$work/stderr.txt" &
pid=$!
samples="$work/samples.tsv"
while kill -0 "$pid" 2> /dev/null; do
  rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2> /dev/null || true)
  fds=$(ls "/proc/$pid/fd" 2> /dev/null | wc -l || true)
  done_turns=$(wc -l < "$work/replies.txt")   # one line per reply (a reply with a newline in it counts twice)
  now=$(date +%s.%N)
  if [[ -n "$rss" ]]; then printf '%s\t%s\t%s\t%s\n' "$(echo "$now - $start" | bc)" "$done_turns" "$rss" "$fds" >> "$samples"; fi
  sleep 1
done
wait "$pid" && status=0 || status=$?
seconds=$(echo "$(date +%s.%N) - $start" | bc)
replies=$(wc -l < "$work/replies.txt")
errors=$(grep -c 'error' "$work/stderr.txt" || true)

# Summary: the first and last tenth of the samples (after the first 5 s of start-up), medians and maxima.
python3 - "$samples" "$out" "$turns" "$max_tokens" "$status" "$seconds" "$replies" "$errors" <<'PY'
import json, statistics, sys
path, out, turns, max_tokens, status, seconds, replies, errors = sys.argv[1:]
rows = [tuple(float(x) for x in line.split('\t')) for line in open(path) if line.strip()]
steady = [r for r in rows if r[0] >= 5] or rows
tenth = max(1, len(steady) // 10)
first, last = steady[:tenth], steady[-tenth:]
summary = {
    "turns": int(turns), "max_tokens": int(max_tokens), "exit_code": int(status), "seconds": round(float(seconds), 1),
    "reply_lines": int(replies), "error_lines": int(errors), "samples": len(rows),
    "rss_kib_first_tenth_median": statistics.median(r[2] for r in first),
    "rss_kib_last_tenth_median": statistics.median(r[2] for r in last),
    "rss_kib_max_after_startup": max(r[2] for r in steady),
    "fds_first_tenth_max": max(r[3] for r in first),
    "fds_last_tenth_max": max(r[3] for r in last),
    "fds_max": max(r[3] for r in rows),
    "rows": [{"t": r[0], "turns": int(r[1]), "rss_kib": int(r[2]), "fds": int(r[3])} for r in rows],
}
json.dump(summary, open(out, "w"), indent=1)
print(json.dumps({k: v for k, v in summary.items() if k != "rows"}))
PY
