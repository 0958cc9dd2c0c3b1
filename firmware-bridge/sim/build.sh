#!/usr/bin/env bash
# Builds the Verilator co-simulation server: firmware-bridge/sim/obj_dir/rtl-sim.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rtl="$here/../rtl"
cd "$here"
verilator -Wall -I"$rtl" --cc --exe --build -O2 -j 2 --top-module bridge_stream_top \
  -o rtl-sim -CFLAGS "-O2" \
  "$rtl/ram_1r1w.sv" "$rtl/weight_store_bram.sv" "$rtl/act_buffer.sv" \
  "$rtl/ternary_gemv.sv" "$rtl/bridge_frame_rx.sv" "$rtl/bridge_frame_tx.sv" "$rtl/bridge_msg_rom.sv" \
  "$rtl/bridge_core.sv" "$rtl/bridge_stream_top.sv" rtl_sim_main.cpp >"$here/obj_dir.log" 2>&1 \
  || { cat "$here/obj_dir.log"; exit 1; }
echo "built $here/obj_dir/rtl-sim"
