#!/usr/bin/env bash
# Builds the bit-level SPI testbench: firmware-bridge/sim/obj_spi/spi-tb (block-RAM store).
# STORE=spram builds obj_spi_spram/spi-tb with the UP5K board's SPRAM store
# (boards/ice40up5k/weight_store_ice40_spram.sv) and the SB_SPRAM256KA simulation model taken
# from the installed Yosys (/usr/share/yosys/ice40/cells_sim.v; not committed).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rtl="$here/../rtl"
cd "$here"
obj=obj_spi
extra=()
if [ "${STORE:-bram}" = spram ]; then
  obj=obj_spi_spram
  mkdir -p "$obj"
  cells="$(dirname "$(command -v yosys)")/../share/yosys/ice40/cells_sim.v"
  sed -n '/^module SB_SPRAM256KA/,/^endmodule/p' "$cells" > "$obj/SB_SPRAM256KA.v"
  printf '`verilator_config\nlint_off -file "*/SB_SPRAM256KA.v"\n' > "$obj/spram.vlt"
  extra=(-DBRIDGE_SPRAM_STORE -GLanes=1 -GStoreWords=131072 "$obj/spram.vlt" "$obj/SB_SPRAM256KA.v"
         "$here/../boards/ice40up5k/weight_store_ice40_spram.sv")
fi
verilator -Wall -I"$rtl" --cc --exe --build -O1 -j 2 --top-module bridge_spi_top --Mdir "$obj" -o spi-tb \
  "${extra[@]}" \
  "$rtl/ram_1r1w.sv" "$rtl/weight_store_bram.sv" "$rtl/act_buffer.sv" \
  "$rtl/ternary_gemv.sv" "$rtl/bridge_frame_rx.sv" "$rtl/bridge_frame_tx.sv" "$rtl/bridge_msg_rom.sv" \
  "$rtl/bridge_core.sv" "$rtl/spi_peripheral.sv" "$rtl/bridge_spi_top.sv" spi_tb.cpp >"$here/$obj.log" 2>&1 \
  || { cat "$here/$obj.log"; exit 1; }
echo "built $here/$obj/spi-tb"
