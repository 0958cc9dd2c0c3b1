#!/usr/bin/env bash
# CI for the FPGA firmware, in one script (the lead calls it from .ci/run):
#   1. installs verilator, yosys, nextpnr-ice40 and fpga-icestorm from Debian when missing;
#   2. builds the Verilator co-simulation (firmware-bridge/sim/build.sh) at 4 lanes and at the
#      UP5K's 1 lane, and runs the bridge conformance tests and the offloaded generation against
#      each (dotnet test, category "rtl");
#   3. builds and runs the bit-level SPI testbench, with a block-RAM store and with the UP5K
#      board's SPRAM store;
#   4. synthesises, places and routes the iCE40 UP5K build, failing if it does not fit or
#      misses its clock.
# Prints "rtl: N passed, M failed" last (N and M count tests and build checks) and exits
# non-zero on any failure. About 4-6 minutes on 2 shared cores.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
passed=0
failed=0

pass() { passed=$((passed + $1)); }
fail() { failed=$((failed + $1)); echo "FAILED: $2"; }

install_tools() {
  local missing=()
  command -v verilator >/dev/null || missing+=(verilator)
  command -v yosys >/dev/null || missing+=(yosys)
  command -v nextpnr-ice40 >/dev/null || missing+=(nextpnr-ice40)
  command -v icepack >/dev/null || missing+=(fpga-icestorm)
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing ${missing[*]}"
  for attempt in 1 2 3 4 5 6; do
    # Another job may hold the dpkg lock: wait and retry.
    if $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/rtl-ci-apt.log 2>&1; then return 0; fi
    if [ "$attempt" -eq 1 ]; then $sudo apt-get update >>/tmp/rtl-ci-apt.log 2>&1 || true; fi
    sleep 20
  done
  tail -20 /tmp/rtl-ci-apt.log
  return 1
}

if install_tools; then pass 1; else fail 1 "installing the FPGA tools"; echo "rtl: $passed passed, $failed failed"; exit 1; fi

# Runs the "rtl" test category against one co-simulation binary and counts the results.
run_cosim() {
  local label="$1" binary="$2" log summary t_passed t_failed t_skipped
  log=$(mktemp)
  EDGEMMF_RTL_SIM="$binary" dotnet test --project tests/EdgeMmf.Bridge.Tests --filter "TestCategory=rtl" 2>&1 | tee "$log" \
    | grep -E "^failed |total:|succeeded:|  failed:|skipped:| error "
  # Microsoft.Testing.Platform's closing summary: "  succeeded: N", "  failed: N", "  skipped: N".
  t_passed=$(sed -nE 's/^ +succeeded: +([0-9]+).*/\1/p' "$log" | tail -1)
  t_failed=$(sed -nE 's/^ +failed: +([0-9]+).*/\1/p' "$log" | tail -1)
  t_skipped=$(sed -nE 's/^ +skipped: +([0-9]+).*/\1/p' "$log" | tail -1)
  rm -f "$log"
  if [ -z "$t_passed" ]; then fail 1 "$label: tests did not run (build error?)"; return; fi
  pass "${t_passed:-0}"
  [ "${t_failed:-0}" -gt 0 ] && fail "$t_failed" "$label tests"
  [ "${t_skipped:-0}" -gt 0 ] && fail "$t_skipped" "$label tests skipped although the harness is built"
  return 0
}

echo "== Verilator co-simulation, 4 lanes: conformance frames and offloaded generation"
if firmware-bridge/sim/build.sh; then
  pass 1
  run_cosim "co-simulation (4 lanes)" "$root/firmware-bridge/sim/obj_dir/rtl-sim"
else
  fail 1 "building the Verilator co-simulation"
fi

echo "== Verilator co-simulation, 1 lane (the UP5K's): the same tests"
if LANES=1 firmware-bridge/sim/build.sh; then
  pass 1
  run_cosim "co-simulation (1 lane)" "$root/firmware-bridge/sim/obj_lanes1/rtl-sim"
else
  fail 1 "building the 1-lane co-simulation"
fi

# Builds and runs one SPI testbench variant and counts its checks.
run_spi_tb() {
  local label="$1" store="$2" obj="$3" out rc s_passed s_failed
  if STORE="$store" firmware-bridge/sim/build_spi_tb.sh; then
    pass 1
    out=$("firmware-bridge/sim/$obj/spi-tb")
    rc=$?
    echo "$out" | grep -E "FAIL|spi_tb:"
    s_passed=$(sed -nE 's/spi_tb: ([0-9]+) passed.*/\1/p' <<<"$out")
    s_failed=$(sed -nE 's/.* ([0-9]+) failed/\1/p' <<<"$out")
    pass "${s_passed:-0}"
    if [ "$rc" -ne 0 ] || [ -z "$s_passed" ]; then fail "${s_failed:-1}" "$label"; fi
  else
    fail 1 "building the $label"
  fi
}

echo "== SPI bit-level testbench (block-RAM store)"
run_spi_tb "SPI testbench" bram obj_spi
echo "== SPI bit-level testbench with the UP5K board's SPRAM store (Yosys SB_SPRAM256KA model)"
run_spi_tb "SPI testbench on the SPRAM store" spram obj_spi_spram

echo "== AXI-stream (PCIe) wrapper: Verilator lint"
if (cd firmware-bridge/rtl && verilator --lint-only -Wall -I. ram_1r1w.sv act_buffer.sv ternary_gemv.sv bridge_frame_rx.sv \
      bridge_frame_tx.sv bridge_msg_rom.sv bridge_core.sv bridge_axis.sv --top-module bridge_axis); then pass 1; else fail 1 "AXI-stream lint"; fi

echo "== iCE40 UP5K synthesis, place and route"
if firmware-bridge/boards/ice40up5k/build.sh; then pass 1; else fail 1 "iCE40 UP5K build (fit or clock)"; fi

echo "rtl: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
