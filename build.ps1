#!/usr/bin/env pwsh
# Publishes EdgeMmf as one self-contained NativeAOT binary: artifacts/<rid>/edgemmf, with the demo model beside it.
# A thin wrapper: it runs exactly the 'dotnet publish' line below (CI runs that line directly).
#
#   ./build.ps1                                   # linux-x64, any AVX2 machine (x86-64-v3)
#   ./build.ps1 -Rid linux-arm64                  # every 64-bit Pi and Jetson (Armv8.0 baseline; dot product found at run time)
#   ./build.ps1 -Rid linux-arm64 -Isa 'armv8.2-a,dotprod,rdma'   # tuned for Cortex-A76/A78AE only (Pi 5, Orin)
#   ./build.ps1 -Isa native                       # tuned for this machine's CPU; may not start on another
#   ./build.ps1 -Test                             # run the test suite instead
#
# -Isa sets IlcInstructionSet. The defaults run on every board of their architecture: x86-64-v3 (AVX2) takes the
# avx2 and avx-vnni kernels, the ARM baseline takes vector128 or neon-dotprod, each checked at start-up.
# Cross-publishing linux-arm64 on x64 needs clang, lld and an aarch64 sysroot (Debian: clang lld
# gcc-aarch64-linux-gnu libc6-dev-arm64-cross).
param(
    [ValidateSet('linux-x64', 'linux-arm64', 'win-x64', 'osx-arm64')] [string] $Rid = 'linux-x64',
    [string] $Isa = '',
    [string] $Configuration = 'Release',
    [switch] $Test
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

if ($Test) {
    dotnet test EdgeMmf.sln
    exit $LASTEXITCODE
}

if ($Isa -eq '' -and $Rid -eq 'linux-x64') { $Isa = 'x86-64-v3' }
$out = "artifacts/$Rid"
$publishArgs = @('publish', 'runtime/EdgeMmf.Cli/EdgeMmf.Cli.csproj', '-c', $Configuration, '-r', $Rid, '-p:PublishAot=true', '-o', $out)
# MSBuild splits a -p: value at commas (they separate properties), so a list such as 'armv8.2-a,dotprod,rdma'
# goes through escaped as %2C; MSBuild unescapes it.
if ($Isa -ne '') { $publishArgs += "-p:IlcInstructionSet=$($Isa -replace ',', '%2C')" }
Write-Host "dotnet $($publishArgs -join ' ')"
dotnet @publishArgs
if ($LASTEXITCODE -eq 0) { Write-Host "Published $out/edgemmf" }
exit $LASTEXITCODE
