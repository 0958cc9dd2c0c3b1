namespace EdgeMmf.Runtime.Platform;

/// <summary>
/// Core names for the (implementer, part) pairs of the MIDR register that Linux prints in /proc/cpuinfo
/// ("CPU implementer", "CPU part"); the numbers are Arm's and NVIDIA's, as listed in each core's technical
/// reference manual (MIDR_EL1) and by util-linux's lscpu.
/// </summary>
public static class ArmCoreNames
{
    /// <summary>The core name for MIDR <paramref name="implementer"/> and <paramref name="part"/>, or a hex description when unknown.</summary>
    public static string Name(int implementer, int part) => (implementer, part) switch
    {
        (0x41, 0xd03) => "Cortex-A53",
        (0x41, 0xd04) => "Cortex-A35",
        (0x41, 0xd05) => "Cortex-A55",
        (0x41, 0xd07) => "Cortex-A57",
        (0x41, 0xd08) => "Cortex-A72",
        (0x41, 0xd09) => "Cortex-A73",
        (0x41, 0xd0a) => "Cortex-A75",
        (0x41, 0xd0b) => "Cortex-A76",
        (0x41, 0xd0c) => "Neoverse-N1",
        (0x41, 0xd0d) => "Cortex-A77",
        (0x41, 0xd40) => "Neoverse-V1",
        (0x41, 0xd41) => "Cortex-A78",
        (0x41, 0xd42) => "Cortex-A78AE",
        (0x41, 0xd44) => "Cortex-X1",
        (0x41, 0xd46) => "Cortex-A510",
        (0x41, 0xd47) => "Cortex-A710",
        (0x41, 0xd48) => "Cortex-X2",
        (0x41, 0xd49) => "Neoverse-N2",
        (0x41, 0xd4b) => "Cortex-A78C",
        (0x41, 0xd4d) => "Cortex-A715",
        (0x41, 0xd4f) => "Neoverse-V2",
        (0x41, 0xd80) => "Cortex-A520",
        (0x41, 0xd81) => "Cortex-A720",
        (0x41, 0xd82) => "Cortex-X4",
        (0x4e, 0x004) => "NVIDIA Carmel",
        _ => $"implementer 0x{implementer:x2} part 0x{part:x3}",
    };
}
