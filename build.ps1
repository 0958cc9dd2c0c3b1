#!/usr/bin/env pwsh
# Publishes EdgeMmf as one self-contained NativeAOT binary: artifacts/<rid>/edgemmf.
# A thin wrapper: it runs exactly the 'dotnet publish' line below (CI runs that line directly).
#
#   ./build.ps1                                   # linux-x64, tuned for this machine's CPU
#   ./build.ps1 -Rid linux-arm64 -Isa 'armv8.2-a,dotprod,rdma'   # Raspberry Pi 5 / Jetson Orin (Cortex-A76/A78AE)
#   ./build.ps1 -Test                             # run the test suite instead
#
# -Isa sets IlcInstructionSet: 'native' uses every instruction set of the build machine (AVX2, AVX-512,
# VNNI...), 'x86-x64-v3' targets any AVX2 machine. Without it, NativeAOT assumes a baseline CPU and the
# AVX2/AVX-512 kernels are never taken.
# -Framework: net10.0 is the product target. Where the package feed lacks the .NET 10 NativeAOT packs
# (this project's CI machine), the script falls back to net9.0, whose ILCompiler is served.
param(
    [ValidateSet('linux-x64', 'linux-arm64', 'win-x64', 'osx-arm64')] [string] $Rid = 'linux-x64',
    [string] $Isa = 'native',
    [string] $Framework = '',
    [string] $Configuration = 'Release',
    [switch] $Test
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

if ($Test) {
    dotnet test EdgeMmf.sln
    exit $LASTEXITCODE
}

$out = "artifacts/$Rid"
# MSBuild splits a -p: value at commas (they separate properties), so a list such as 'armv8.2-a,dotprod,rdma'
# goes through escaped as %2C; MSBuild unescapes it.
$isaValue = $Isa -replace ',', '%2C'
function Publish([string] $tfm) {
    $publishArgs = @('publish', 'runtime/EdgeMmf.Cli/EdgeMmf.Cli.csproj', '-c', $Configuration, '-r', $Rid,
              '-p:PublishAot=true', "-p:IlcInstructionSet=$isaValue", '-o', $out)
    if ($tfm -ne '') { $publishArgs += "-p:EdgeMmfTargetFramework=$tfm" }
    Write-Host "dotnet $($publishArgs -join ' ')"
    dotnet @publishArgs
    return $LASTEXITCODE
}

if ($Framework -ne '') { $code = Publish $Framework }
else {
    $code = Publish ''
    if ($code -ne 0) {
        Write-Host 'net10.0 NativeAOT packs are unavailable from this feed; retrying with net9.0.'
        $code = Publish 'net9.0'
    }
}
if ($code -eq 0) { Write-Host "Published $out/edgemmf" }
exit $code
