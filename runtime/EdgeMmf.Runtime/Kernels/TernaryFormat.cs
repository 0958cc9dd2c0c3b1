using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>Packed block layout of a <see cref="TernaryMatrix"/>'s rows (both are ggml types, 256 weights per block); what each one is lives in <see cref="TernaryFormatTraits"/>.</summary>
public enum TernaryFormat
{
    /// <summary><see cref="Formats.Tq2_0"/>: 66 bytes per block, 2.06 bits per weight, cheapest to unpack.</summary>
    Tq2_0 = 0,
    /// <summary><see cref="Formats.Tq1_0"/>: 54 bytes per block, 1.69 bits per weight, base-3 packed.</summary>
    Tq1_0 = 1,
}

/// <summary>The table lookup as an extension: <c>format.Traits().RowBytes(n)</c>.</summary>
public static class TernaryFormatExtensions
{
    /// <summary>The traits of <paramref name="format"/> (<see cref="TernaryFormatTraits.Of"/>).</summary>
    public static TernaryFormatTraits Traits(this TernaryFormat format) => TernaryFormatTraits.Of(format);
}
