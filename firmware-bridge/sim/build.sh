#!/usr/bin/env bash
# Builds the Verilator co-simulation server: firmware-bridge/sim/obj_dir/rtl-sim (4 lanes).
# LANES=1 builds firmware-bridge/sim/obj_lanes1/rtl-sim with the UP5K's lane count and the same
# 4 MiB of code bytes, so the same conformance tests apply.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rtl="$here/../rtl"
lanes="${LANES:-4}"
if [ "$lanes" = 4 ]; then obj=obj_dir; else obj="obj_lanes$lanes"; fi
cd "$here"
verilator -Wall -I"$rtl" --cc --exe --build -O2 -j 2 --top-module bridge_stream_top --Mdir "$obj" \
  -GLanes="$lanes" -GStoreWords=$(( (4 << 20) / lanes )) -o rtl-sim -CFLAGS "-O2" \
  "$rtl/ram_1r1w.sv" "$rtl/weight_store_bram.sv" "$rtl/act_buffer.sv" \
  "$rtl/ternary_gemv.sv" "$rtl/bridge_frame_rx.sv" "$rtl/bridge_frame_tx.sv" "$rtl/bridge_msg_rom.sv" \
  "$rtl/bridge_core.sv" "$rtl/bridge_stream_top.sv" rtl_sim_main.cpp >"$here/$obj.log" 2>&1 \
  || { cat "$here/$obj.log"; exit 1; }
echo "built $here/$obj/rtl-sim"
