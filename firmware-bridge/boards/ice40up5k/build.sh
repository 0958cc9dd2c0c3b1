#!/usr/bin/env bash
# Synthesises, places and routes the bridge for the iCE40 UP5K (yosys + nextpnr-ice40) and packs
# the bitstream (icepack): build/ice40up5k.bin. Fails when the design does not fit or misses
# its clock; prints LUTs, flip-flops, EBR, SPRAM, lanes and the Fmax nextpnr reports.
#   PCF=path/to/board.pcf FREQ_MHZ=12 ./build.sh   (FREQ_MHZ must match ClockHz in ice40up5k_top.sv)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rtl="$here/../../rtl"
out="$here/build"
pcf="${PCF:-$here/icebreaker.pcf}"
freq="${FREQ_MHZ:-12}"
mkdir -p "$out"
sources=("$rtl/ram_1r1w.sv" "$rtl/act_buffer.sv" "$rtl/ternary_gemv.sv"
         "$rtl/bridge_frame_rx.sv" "$rtl/bridge_frame_tx.sv" "$rtl/bridge_msg_rom.sv" "$rtl/bridge_core.sv"
         "$rtl/spi_peripheral.sv" "$here/weight_store_ice40_spram.sv" "$here/ice40up5k_top.sv")
yosys -q -l "$out/yosys.log" -p "read_verilog -sv -I$rtl ${sources[*]}; synth_ice40 -abc9 -top ice40up5k_top -json $out/ice40up5k.json" \
  || { tail -30 "$out/yosys.log"; exit 1; }
nextpnr-ice40 -q --up5k --package sg48 --pcf "$pcf" --json "$out/ice40up5k.json" --asc "$out/ice40up5k.asc" \
  --freq "$freq" --seed 1 --report "$out/report.json" -l "$out/nextpnr.log" \
  || { grep -E "ERROR|Max frequency|FAIL" "$out/nextpnr.log" | tail -10; exit 1; }
icepack "$out/ice40up5k.asc" "$out/ice40up5k.bin"
python3 - "$out/report.json" "$out/yosys.log" "$freq" <<'PY'
import json, re, sys
report = json.load(open(sys.argv[1]))
u = report["utilization"]
fmax = min(c["achieved"] for c in report["fmax"].values())
def cell(name): return u.get(name, {"used": 0, "available": 0})
# Cell counts of the flattened design from yosys' last statistics.
stat = open(sys.argv[2]).read().split("=== ice40up5k_top ===")[-1]
count = lambda pattern: sum(int(n) for n in re.findall(r"\s" + pattern + r"\s+(\d+)", stat))
print("ice40up5k: logic cells %d/%d (SB_LUT4 %d, flip-flops %d, SB_CARRY %d), EBR %d/%d, SPRAM %d/%d, "
      "lanes 1 (4 weights/cycle), Fmax %.2f MHz (clock %s MHz)" % (
    cell("ICESTORM_LC")["used"], cell("ICESTORM_LC")["available"], count("SB_LUT4"), count(r"SB_DFF\w*"), count("SB_CARRY"),
    cell("ICESTORM_RAM")["used"], cell("ICESTORM_RAM")["available"],
    cell("ICESTORM_SPRAM")["used"], cell("ICESTORM_SPRAM")["available"], fmax, sys.argv[3]))
if fmax < float(sys.argv[3]):
    sys.exit("ice40up5k: Fmax %.2f MHz misses the %s MHz clock" % (fmax, sys.argv[3]))
PY
echo "bitstream: $out/ice40up5k.bin"
