using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// Picks the kernel path once per process: the fastest the CPU supports, unless the environment variable
/// <c>EDGEMMF_KERNEL</c> names one (scalar, vector128, avx2-lut, avx2, avx-vnni, avx512, neon-lut, neon,
/// neon-dotprod).
/// The only place that asks <c>IsSupported</c>; the kernels themselves never do.
/// Forcing paths for CI: DOTNET_EnableAVX512=0 leaves avx-vnni/avx2, DOTNET_EnableAVX2=0 leaves vector128.
/// </summary>
public static class KernelSelector
{
    /// <summary>The variable that forces a path by name, <c>EDGEMMF_KERNEL</c>.</summary>
    public const string EnvironmentVariable = "EDGEMMF_KERNEL";

    private static readonly Lazy<TernaryKernel> DefaultKernel = new(CreateDefault);

    /// <summary>Paths this CPU (and runtime configuration) can run, slowest first.</summary>
    public static IReadOnlyList<KernelPath> Supported { get; } = FindSupported();

    /// <summary>The fastest supported path: the last of <see cref="Supported"/>.</summary>
    public static KernelPath Best => Supported[^1];

    /// <summary>The process-wide kernel: <see cref="EnvironmentVariable"/> if set, else <see cref="Best"/>.</summary>
    public static TernaryKernel Default => DefaultKernel.Value;

    /// <summary>Whether <paramref name="path"/> is in <see cref="Supported"/>.</summary>
    public static bool IsSupported(KernelPath path) => Supported.Contains(path);

    /// <summary>The kernel of <paramref name="path"/>; throws <see cref="PlatformNotSupportedException"/> if this CPU cannot run it.</summary>
    public static unsafe TernaryKernel Create(KernelPath path)
    {
        if (!IsSupported(path))
            throw new PlatformNotSupportedException(
                $"Kernel path '{NameOf(path)}' cannot run on this CPU (supported: {string.Join(", ", Supported.Select(NameOf))}); unset {EnvironmentVariable} or pick one of those.");
        return path switch
        {
            KernelPath.Scalar => new TernaryKernel(path, &TernaryDotScalar.GemmTq2, &TernaryDotScalar.GemmTq1, &TernaryDotScalar.SumActivations),
            KernelPath.Vector128 => new TernaryKernel(path, &TernaryDotVector128.GemmTq2, &TernaryDotVector128.GemmTq1, &TernaryDotVector128.SumActivations),
            KernelPath.Avx2 => new TernaryKernel(path, &TernaryDotAvx2.GemmTq2, &TernaryDotAvx2.GemmTq1, &TernaryDotVector128.SumActivations),
            KernelPath.Avx2Lut => new TernaryKernel(path, &TernaryDotAvx2.GemmTq2, &TernaryDotAvx2.GemmTq1, &TernaryDotVector128.SumActivations)
            {
                GemvLookupTq2 = &TernaryLookupAvx2.Gemm,
            },
            KernelPath.AvxVnni => new TernaryKernel(path, &TernaryDotAvxVnni.GemmTq2, &TernaryDotAvxVnni.GemmTq1, &TernaryDotVector128.SumActivations),
            KernelPath.Avx512 => new TernaryKernel(path, &TernaryDotAvx512.GemmTq2, &TernaryDotAvx2.GemmTq1, &TernaryDotVector128.SumActivations),
            KernelPath.Neon => new TernaryKernel(path, &TernaryDotAdvSimd.GemmTq2, &TernaryDotAdvSimd.GemmTq1, &TernaryDotVector128.SumActivations),
            KernelPath.NeonLut => new TernaryKernel(path, &TernaryDotAdvSimd.GemmTq2, &TernaryDotAdvSimd.GemmTq1, &TernaryDotVector128.SumActivations)
            {
                GemvLookupTq2 = &TernaryLookupNeon.Gemm,
            },
            KernelPath.NeonDotProd => new TernaryKernel(path, &TernaryDotNeon.GemmTq2, &TernaryDotNeon.GemmTq1, &TernaryDotVector128.SumActivations),
            _ => throw new ArgumentOutOfRangeException(nameof(path), path, "unknown kernel path"),
        };
    }

    /// <summary>One line for <c>edgemmf info</c>, e.g. "kernel avx-vnni (supported: scalar, vector128, avx2, avx-vnni, avx512)".</summary>
    public static string Describe()
    {
        string forced = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } v ? $", forced by {EnvironmentVariable}={v}" : "";
        return $"kernel {Default.Name} (supported: {string.Join(", ", Supported.Select(NameOf))}{forced})";
    }

    /// <summary>Why the process-wide path was taken, in words for <c>edgemmf info</c> and <c>bench --json</c>.</summary>
    public static string Reason()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } forced) return $"forced by {EnvironmentVariable}={forced}";
        bool arm = RuntimeInformation.ProcessArchitecture == Architecture.Arm64;
        return Best switch
        {
            KernelPath.NeonDotProd => "the core has the Armv8.2 dot product (sdot, 'asimddp' in /proc/cpuinfo)",
            KernelPath.Neon => "the core has no dot-product instruction (an Armv8.0 core such as Cortex-A72 or A53): AdvSimd smlal",
            KernelPath.Vector128 when arm => "AdvSimd is switched off for this process (DOTNET_EnableArm64AdvSimd=0?): portable Vector128",
            KernelPath.AvxVnni => "the CPU has AVX-VNNI (vpdpbusd; chosen over avx512, which .NET can only run with vpmaddubsw + vpmaddwd)",
            KernelPath.Avx512 => "the CPU has AVX-512 BW but no AVX-VNNI",
            KernelPath.Avx2 => "AVX2 is the widest this CPU and this binary's instruction set allow",
            KernelPath.Vector128 => "neither this CPU nor this binary's instruction set has AVX2: portable SSE",
            _ => "no hardware vectors in this process (DOTNET_EnableHWIntrinsic=0?)",
        };
    }

    /// <summary>The path's name, as <see cref="EnvironmentVariable"/> accepts it (e.g. <c>avx-vnni</c>).</summary>
    public static string NameOf(KernelPath path) => path switch
    {
        KernelPath.Scalar => "scalar",
        KernelPath.Vector128 => "vector128",
        KernelPath.Avx2 => "avx2",
        KernelPath.Avx2Lut => "avx2-lut",
        KernelPath.AvxVnni => "avx-vnni",
        KernelPath.Avx512 => "avx512",
        KernelPath.NeonLut => "neon-lut",
        KernelPath.Neon => "neon",
        KernelPath.NeonDotProd => "neon-dotprod",
        _ => path.ToString(),
    };

    /// <summary>The path named <paramref name="name"/> (case-insensitive, trimmed); throws <see cref="ArgumentException"/> listing the names otherwise.</summary>
    public static KernelPath Parse(string name)
    {
        foreach (KernelPath path in Enum.GetValues<KernelPath>())
            if (string.Equals(NameOf(path), name.Trim(), StringComparison.OrdinalIgnoreCase))
                return path;
        throw new ArgumentException(
            $"Unknown kernel path '{name}' in {EnvironmentVariable}; use one of: {string.Join(", ", Enum.GetValues<KernelPath>().Select(NameOf))}.");
    }

    private static TernaryKernel CreateDefault()
    {
        string? forced = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(forced)) return Create(Best);
        KernelPath path = Parse(forced);
        // A user's setting, not a program error: reported like any bad option (one line, exit 1).
        return IsSupported(path) ? Create(path) : throw new ArgumentException(
            $"{EnvironmentVariable}={forced}: this CPU (or this binary's instruction set) cannot run that path; supported: {string.Join(", ", Supported.Select(NameOf))}.");
    }

    private static List<KernelPath> FindSupported()
    {
        var paths = new List<KernelPath> { KernelPath.Scalar };
        if (Vector128.IsHardwareAccelerated) paths.Add(KernelPath.Vector128);
        // avx2-lut before avx2: the lookup path is not preferred where it measured slower (docs/performance.md, "Table lookup").
        if (Avx2.IsSupported) paths.Add(KernelPath.Avx2Lut);
        if (Avx2.IsSupported) paths.Add(KernelPath.Avx2);
        // Order is preference: one vpdpbusd (avx-vnni) beats three 512-bit instructions (avx512); docs/dev/performance-log.md.
        if (Avx512BW.IsSupported) paths.Add(KernelPath.Avx512);
        if (Avx2.IsSupported && AvxVnni.IsSupported) paths.Add(KernelPath.AvxVnni);
        // neon-lut before neon, as avx2-lut before avx2: not preferred until measured on a board (docs/performance.md).
        if (AdvSimd.Arm64.IsSupported) paths.Add(KernelPath.NeonLut);
        if (AdvSimd.Arm64.IsSupported) paths.Add(KernelPath.Neon);
        if (AdvSimd.Arm64.IsSupported && Dp.IsSupported) paths.Add(KernelPath.NeonDotProd);
        return paths;
    }
}
