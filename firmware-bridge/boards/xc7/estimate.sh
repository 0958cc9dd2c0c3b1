#!/usr/bin/env bash
# Yosys resource estimate of the bridge core for a Xilinx 7-series part (Artix-7 class, the
# family of PCIe/XDMA boards), per lane count: synth_xilinx, no place and route, the weight
# store outside (DDR behind the weight-store interface). Not run in CI (several minutes each).
#   ./estimate.sh 4 16      # lane counts
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rtl="$here/../../rtl"
mkdir -p "$here/build"
for lanes in "${@:-4 16}"; do
  yosys -q -l "$here/build/xc7-lanes$lanes.log" -p "read_verilog -sv -I$rtl $rtl/ram_1r1w.sv $rtl/act_buffer.sv \
    $rtl/ternary_gemv.sv $rtl/bridge_frame_rx.sv $rtl/bridge_frame_tx.sv $rtl/bridge_msg_rom.sv $rtl/bridge_core.sv; \
    chparam -set Lanes $lanes -set StoreWords $((1 << 24)) -set MaxPayload 65536 -set MaxRows 65535 -set MaxCols 16384 \
      -set Slots 1024 -set MaxVectors 64 -set MaxMatrices 8 bridge_core; \
    synth_xilinx -family xc7 -top bridge_core; stat" >/dev/null
  python3 - "$here/build/xc7-lanes$lanes.log" "$lanes" <<'PY'
import re, sys
stat = open(sys.argv[1]).read().split("=== design hierarchy ===")[-1]
count = lambda pattern: sum(int(n) for n in re.findall(r"\s" + pattern + r"\s+(\d+)", stat))
print("xc7, %s lanes (%d weights/cycle): LUTs %d, flip-flops %d, CARRY4 %d, RAMB36E1 %d, RAMB18E1 %d, DSP48E1 %d" % (
    sys.argv[2], 4 * int(sys.argv[2]), count(r"LUT[1-6]"), count(r"FD[A-Z]+"), count("CARRY4"),
    count("RAMB36E1"), count("RAMB18E1"), count("DSP48E1")))
PY
done
