#!/usr/bin/env bash
# Builds the bit-level SPI testbench: firmware-bridge/sim/obj_spi/spi-tb.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rtl="$here/../rtl"
cd "$here"
verilator -Wall -I"$rtl" --cc --exe --build -O1 -j 2 --top-module bridge_spi_top --Mdir obj_spi -o spi-tb \
  "$rtl/ram_1r1w.sv" "$rtl/weight_store_bram.sv" "$rtl/act_buffer.sv" \
  "$rtl/ternary_gemv.sv" "$rtl/bridge_frame_rx.sv" "$rtl/bridge_frame_tx.sv" "$rtl/bridge_msg_rom.sv" \
  "$rtl/bridge_core.sv" "$rtl/spi_peripheral.sv" "$rtl/bridge_spi_top.sv" spi_tb.cpp >"$here/obj_spi.log" 2>&1 \
  || { cat "$here/obj_spi.log"; exit 1; }
echo "built $here/obj_spi/spi-tb"
