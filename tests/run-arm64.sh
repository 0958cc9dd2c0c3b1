#!/usr/bin/env bash
# Runs every test project as a self-contained linux-arm64 executable under qemu-aarch64, on an x64 machine.
#   tests/run-arm64.sh [CPU[:SUITE,...] ...]
#     CPU: a qemu -cpu model, e.g. max (default), cortex-a72 (Pi 4), cortex-a76 (Pi 5); SUITE: Runtime, Device, Bridge
#     or Cli (default: all four). `max cortex-a72:Runtime` runs every suite on max and the kernels' suite on a Pi 4 core.
# Needs qemu-user and the arm64 C library (Debian: qemu-user libc6-dev-arm64-cross). The CLI suite drives the
# linux-arm64 NativeAOT binary at artifacts/linux-arm64/edgemmf, which it publishes first (that also needs clang,
# lld and gcc-aarch64-linux-gnu; nothing is rebuilt when nothing changed). Prints each suite's summary; exits
# non-zero if any test failed.
set -euo pipefail
cd "$(dirname "$0")/.."
cpus=("$@"); [ ${#cpus[@]} -gt 0 ] || cpus=(max)

export QEMU_LD_PREFIX=/usr/aarch64-linux-gnu  # where qemu finds the arm64 loader and libc
export DOTNET_EnableWriteXorExecute=0         # qemu-user cannot follow the JIT's W^X double mapping
export TESTINGPLATFORM_TELEMETRY_OPTOUT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

dotnet publish runtime/EdgeMmf.Cli/EdgeMmf.Cli.csproj -c Release -r linux-arm64 -p:PublishAot=true -o artifacts/linux-arm64 -v quiet -nologo
suites=(Runtime Device Bridge Cli)
for suite in "${suites[@]}"; do
  dotnet publish "tests/EdgeMmf.$suite.Tests" -c Release -r linux-arm64 --self-contained -o "artifacts/tests-arm64/$suite" -v quiet -nologo
done

status=0
for spec in "${cpus[@]}"; do
  cpu=${spec%%:*}
  chosen=("${suites[@]}")
  if [[ $spec == *:* ]]; then IFS=, read -r -a chosen <<< "${spec#*:}"; fi
  for suite in "${chosen[@]}"; do
    [ -d "tests/EdgeMmf.$suite.Tests" ] || { echo "failed suite: no test project tests/EdgeMmf.$suite.Tests"; status=1; continue; }
    echo "== arm64 $suite tests under qemu-aarch64 -cpu $cpu"
    # Each test has 5 minutes (tests/testconfig.json: a hung test fails under its name). The whole run gets 10
    # (under 3 is usual): a run still going then has stalled outside any test, in the emulator or the test host's
    # start-up or shutdown, and is run once more, said loudly. A failed test is never run again.
    for attempt in 1 2; do
      rc=0
      QEMU_CPU=$cpu EDGEMMF_CLI="$PWD/artifacts/linux-arm64/edgemmf" EDGEMMF_CLI_LAUNCHER=qemu-aarch64 \
        timeout -k 30 600 qemu-aarch64 -cpu "$cpu" "artifacts/tests-arm64/$suite/EdgeMmf.$suite.Tests" --progress off \
        || rc=$?
      [ $rc -eq 124 ] || [ $rc -eq 137 ] || break
      echo "STALLED: arm64 $suite tests under qemu-aarch64 -cpu $cpu were still running after 10 minutes (attempt $attempt)"
    done
    [ $rc -eq 0 ] || { echo "failed suite: arm64 $suite tests under qemu-aarch64 -cpu $cpu (exit $rc)"; status=1; }
  done
done
exit $status
