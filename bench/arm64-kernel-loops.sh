#!/usr/bin/env bash
# Instructions per 256 weights (one block) of the ARM decode kernels, counted from a published linux-arm64
# NativeAOT binary, and the throughput bound they give on Cortex-A72 (Pi 4) and Cortex-A76 (Pi 5).
# docs/performance.md, "ARM kernels: what a Pi 4 and a Pi 5 should reach", is this script's output.
#
#   dotnet publish runtime/EdgeMmf.Cli/EdgeMmf.Cli.csproj -c Release -r linux-arm64 -p:PublishAot=true -o artifacts/linux-arm64
#   bench/arm64-kernel-loops.sh [artifacts/linux-arm64] [--asm]
#
# Needs llvm-objdump (Debian: clang or llvm) and nm. Symbols come from edgemmf.dbg (StripSymbols=true writes it
# beside the binary) or from an unstripped edgemmf. Decode (one token) calls Tq2Dot128<Mac>.One / Tq1Dot128<Mac>.One
# (neon-dotprod's TQ2_0: Tq2DotSdot.One) per row (TernaryGemm.Rows; the ARM paths have no row-pair decode). The script walks one iteration of the block loop
# (the function's outermost backward branch), following the inner loops with their constant trip counts, and counts
# every instruction executed. No timing anywhere: a bound from issue rates, not a measurement.
set -euo pipefail
dir=${1:-artifacts/linux-arm64}
asm=${2:-}
bin=$dir/edgemmf
syms=$dir/edgemmf.dbg
[ -f "$syms" ] || syms=$bin
objdump=$(command -v llvm-objdump || ls /usr/bin/llvm-objdump-* 2>/dev/null | head -1)
[ -x "$bin" ] || { echo "no $bin: publish the linux-arm64 binary first (see the header)"; exit 1; }
[ -n "$objdump" ] || { echo "llvm-objdump not found (apt-get install clang)"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
k=EdgeMmf_Runtime_EdgeMmf_Runtime_Kernels
for fmt in Tq2Dot128 Tq1Dot128; do
  for mac in TernaryDotNeon_SdotMac TernaryDotAdvSimd_MlalMac TernaryDotVector128_WideningMac; do
    sym="${k}_${fmt}_1<${k}_${mac}>__One"
    # neon-dotprod's TQ2_0 has its own operator, not the shared loop.
    [ "$fmt.$mac" != Tq2Dot128.TernaryDotNeon_SdotMac ] || sym="${k}_Tq2DotSdot__One"
    read -r addr size _ < <(nm -S "$syms" | awk -v s="$sym" '$4 == s { print $1, $2, $4 }')
    [ -n "${addr:-}" ] || { echo "symbol not found: $sym"; exit 1; }
    echo "# $sym" > "$tmp/$fmt.$mac.s"
    "$objdump" -d --no-show-raw-insn --mattr=+dotprod --start-address=0x$addr \
      --stop-address=$(printf '0x%x' $((0x$addr + 0x$size))) "$bin" | grep -E '^ +[0-9a-f]+:' >> "$tmp/$fmt.$mac.s"
  done
done

python3 - "$tmp" "$asm" <<'EOF'
import glob, math, os, re, sys
tmp, show = sys.argv[1], sys.argv[2] == "--asm"

# Issue rates, Arm Cortex-A72 and Cortex-A76 Software Optimization Guides (the A76's figures as LLVM's Neoverse N1
# model has them: same core). A class's pipes: 'V' = either ASIMD pipe, 'V0'/'V1' one of them; cycles per instruction.
CORES = {
    # A72: 3-wide decode; F0, F1 ASIMD pipes; one load pipe; I0/I1 + M integer; one branch pipe.
    "A72": dict(width=3, loads=1, ints=2, V={"mac": ("V0", 1), "mulq": ("V0", 2), "shift": ("V1", 1), "widen": ("V1", 1),
                                             "narrow": ("V1", 1)}),
    # A76: 4-wide decode; V0, V1; two load pipes; S0/S1 + M integer; SMLAL/MUL only V0, shifts/widening only V1.
    "A76": dict(width=4, loads=2, ints=3, V={"mac": ("V0", 1), "mulq": ("V0", 2), "shift": ("V1", 1), "widen": ("V1", 1), "sdot": ("V", 1)}),
}
CLOCK = {"A72": (1.5, 1.8), "A76": (2.4, 2.4)}
# Memory bandwidth of the whole board, GB/s: Pi 4 (LPDDR4-3200) and Pi 5 (LPDDR4X-4267) as users measure it.
BUS = {"A72": (4, 5), "A76": (8, 10)}
BLOCK_BYTES = {"Tq2Dot128": 66, "Tq1Dot128": 54}
PATH = {"TernaryDotNeon_SdotMac": "neon-dotprod", "TernaryDotAdvSimd_MlalMac": "neon", "TernaryDotVector128_WideningMac": "vector128"}
FORMAT = {"Tq2Dot128": "TQ2_0", "Tq1Dot128": "TQ1_0"}

def kind(m, ops):
    """Instruction class for the table and the pipe model."""
    if m.startswith("ld"):
        return "load"
    if m in ("sdot", "udot"):
        return "sdot"
    if m in ("smlal", "smlal2", "umlal", "umlal2", "smull", "smull2", "umull", "umull2", "mla"):
        return "mac"
    if m == "mul" and re.search(r"\bv\d+\.(8h|4s|16b)", ops):
        return "mulq"
    if m in ("sadalp", "uadalp", "saddlp", "uaddlp", "ushll", "ushll2", "sshll", "sshll2", "sxtl", "sxtl2",
             "uxtl", "uxtl2", "saddl", "saddl2", "uaddl", "uaddl2", "saddw", "saddw2", "uaddw", "uaddw2"):
        return "widen"
    if m in ("xtn", "xtn2"):
        return "narrow"
    if m in ("ushr", "sshr", "shl", "ushl", "sshl", "sri", "sli"):
        return "shift"
    if re.search(r"\bv\d+\.", ops) or m in ("movi", "dup"):
        return "neon"
    return "scalar"

def parse(path):
    code = []
    for line in open(path):
        if line.startswith("#"):
            continue
        mt = re.match(r"\s*([0-9a-f]+):\s+(\S+)\s*(.*)", line)
        if mt:
            code.append((int(mt.group(1), 16), mt.group(2), mt.group(3).split("<")[0].strip()))
    return code

def walk(code):
    """One iteration of the outermost loop, following inner loops with constant trip counts."""
    at = {a: i for i, (a, _, _) in enumerate(code)}
    back = [(int(re.search(r"0x([0-9a-f]+)", o).group(1), 16), a) for a, m, o in code
            if (m.startswith("b") or m.startswith("cb")) and re.search(r"0x[0-9a-f]+", o)
            and int(re.search(r"0x([0-9a-f]+)", o).group(1), 16) < a]
    head, tail = min(back)
    w, flags, seq, i = {}, None, [], at[head]
    def val(r):
        return 0 if r in ("wzr", "xzr") else w.get(r[1:]) if r[0] in "wx" else None
    while True:
        a, m, o = code[i]
        seq.append((a, m, o))
        if len(seq) > 5000:
            raise SystemExit("loop walk did not end")
        ops = [s.strip() for s in o.split(",")]
        nxt = i + 1
        if a == tail:
            break
        target = re.search(r"0x([0-9a-f]+)", o)
        if m == "b":
            nxt = at[int(target.group(1), 16)]
        elif m.startswith("b."):
            if flags is None:
                raise SystemExit(f"unknown branch condition at {a:x}")
            x, y = flags
            take = {"lt": x < y, "le": x <= y, "gt": x > y, "ge": x >= y, "eq": x == y, "ne": x != y}[m[2:]]
            if take:
                nxt = at[int(target.group(1), 16)]
        elif m in ("cbz", "cbnz"):
            v = val(ops[0])
            if v is None:
                raise SystemExit(f"unknown cb* register at {a:x}")
            if (v == 0) == (m == "cbz"):
                nxt = at[int(target.group(1), 16)]
        elif m == "cmp":
            x = val(ops[0])
            y = int(ops[1][1:], 0) if ops[1].startswith("#") else val(ops[1])
            flags = None if x is None or y is None else (x, y)
        elif ops and re.fullmatch(r"[wx]\d+", ops[0]):
            r = ops[0][1:]
            src = [val(s) if re.fullmatch(r"[wx]\d+|wzr|xzr", s) else (int(s[1:], 0) if re.fullmatch(r"#-?\w+", s) else None)
                   for s in ops[1:]] if m in ("mov", "add", "sub", "lsl") else []
            res = None
            if m == "mov" and len(src) == 1:
                res = src[0]
            elif m in ("add", "sub", "lsl") and len(src) == 2 and None not in src:
                res = {"add": src[0] + src[1], "sub": src[0] - src[1], "lsl": src[0] << src[1]}[m]
            w[r] = res
        i = nxt
    return seq

def bound(counts, n, core):
    c = CORES[core]
    v0 = v1 = either = 0.0
    for k2, num in counts.items():
        if k2 in ("neon", "sdot", "mac", "mulq", "shift", "widen", "narrow"):
            pipe, cyc = c["V"].get(k2, ("V", 1))
            if k2 == "sdot" and core == "A72" and num:
                return None
            if pipe == "V0": v0 += num * cyc
            elif pipe == "V1": v1 += num * cyc
            else: either += num * cyc
    vec = max(v0, v1, (v0 + v1 + either) / 2)
    parts = {"ASIMD": vec, "load": counts["loadslots"] / c["loads"], "decode": n / c["width"],
             "integer": counts["scalar"] / c["ints"]}
    which = max(parts, key=parts.get)
    return parts[which], which

rows = []
for path in sorted(glob.glob(os.path.join(tmp, "*.s"))):
    fmt, mac = os.path.basename(path).split(".")[:2]
    seq = walk(parse(path))
    counts = dict(load=0, loadslots=0, sdot=0, mac=0, mulq=0, widen=0, narrow=0, shift=0, neon=0, scalar=0)
    for a, m, o in seq:
        k2 = kind(m, o)
        counts[k2] += 1
        if k2 == "load":
            counts["loadslots"] += 2 if m == "ldp" else 1
    n = len(seq)
    # Longest accumulator chain: multiply-accumulates (sdot, smlal, mla), sadalp, and int16/int32 adds of the form
    # 'add vX, vX, ...' into one register within the block; times the instruction's latency, compare with the bound.
    chain = {}
    for a, m, o in seq:
        regs = re.findall(r"\bv(\d+)\.(\w+)", o)
        acc = m in ("sdot", "udot", "smlal", "smlal2", "sadalp", "mla") or (
            m == "add" and regs and regs[0][1] in ("8h", "4s") and regs[0][0] in [r for r, _ in regs[1:]])
        if acc:
            chain[regs[0][0]] = chain.get(regs[0][0], 0) + 1
    counts["chain"] = max(chain.values(), default=0)
    if show:
        print(f"--- {PATH[mac]} {FORMAT[fmt]}: one block, {n} instructions executed")
        for a, m, o in seq:
            print(f"  {a:x}  {kind(m, o):6}  {m} {o}")
    rows.append((PATH[mac], FORMAT[fmt], n, counts, BLOCK_BYTES[fmt]))

order = {"neon-dotprod": 0, "neon": 1, "vector128": 2}
rows.sort(key=lambda r: (order[r[0]], r[1] != "TQ2_0"))
print("| path | format | instructions | loads | multiply (sdot/smlal/mul) | other ASIMD | widening | scalar + branch | longest chain |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for p, f, n, c, b in rows:
    mul = c["sdot"] + c["mac"] + c["mulq"]
    print(f"| `{p}` | {f} | {n} | {c['load']} | {mul} | {c['neon'] + c['shift']} | {c['widen'] + c['narrow']} | {c['scalar']} | {c['chain']} |")
print()
print("| path | format | A72 cycles (bound by) | GB/s per A72 core, 1.5-1.8 GHz | Pi 4 cores for 4-5 GB/s "
      "| A76 cycles (bound by) | GB/s per A76 core, 2.4 GHz | Pi 5 cores for 8-10 GB/s |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
for p, f, n, c, b in rows:
    cells = []
    for core in ("A72", "A76"):
        r = bound(c, n, core)
        if r is None:
            cells += ["no sdot", "-", "-"]
            continue
        cyc, which = r
        lo, hi = (b * g / cyc for g in CLOCK[core])
        bus = BUS[core]
        few, many = math.ceil(bus[0] / hi - 1e-9), math.ceil(bus[1] / lo - 1e-9)
        need = (str(few) if few == many else f"{few}-{many}") if many <= 4 else (f"{few}, more than 4 for {bus[1]:g}" if few <= 4 else "more than 4")
        cells += [f"{cyc:.1f} ({which})", f"{lo:.1f}" if lo == hi else f"{lo:.1f}-{hi:.1f}", need]
    print(f"| `{p}` | {f} | " + " | ".join(cells) + " |")
EOF
