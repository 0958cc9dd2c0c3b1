using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Bridge.DeviceModel;

/// <summary>
/// The device's BitLinear arithmetic: acc_r = sum_j q_j * t_rj (docs/model-spec.md "BitLinear" step 4)
/// computed straight from TQ2_0 codes with adders only, as the FPGA datapath does: code 2
/// (t = +1) adds q_j, code 0 (t = -1) subtracts it, code 1 (t = 0) does nothing. Code 3 never
/// occurs in files EdgeMmf writes; it decodes as t = +2 like ggml's and Tq2_0.UnpackRow's
/// (code - 1), so the device agrees with the CPU even then.
/// <see cref="ComputeScalar"/> is the specification; <see cref="Compute"/> does the same adds 16 lanes
/// at a time (the 32 weights sharing a bit position of a half-block are 32 consecutive activations,
/// the way an FPGA adder tree consumes them) and is tested equal to it.
/// </summary>
public static class TernaryGemv
{
    /// <summary>Computes <paramref name="rows"/> accumulators; returns the number of additions performed.</summary>
    public static long Compute(ReadOnlySpan<byte> packed, int rows, int paddedColumns, ReadOnlySpan<sbyte> q, Span<int> accumulators)
    {
        if (!Vector128.IsHardwareAccelerated) return ComputeScalar(packed, rows, paddedColumns, q, accumulators);
        int rowBytes = Tq2_0.RowBytes(paddedColumns);
        int blocks = paddedColumns / Tq2_0.BlockWeights;
        ref sbyte x0 = ref MemoryMarshal.GetReference(q);
        long additions = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<byte> row = packed.Slice(r * rowBytes, rowBytes);
            ref byte w0 = ref MemoryMarshal.GetReference(row);
            Vector128<int> acc = Vector128<int>.Zero;
            Vector128<byte> nonZero = Vector128<byte>.Zero;
            bool codeThree = false;
            for (int b = 0; b < blocks; b++)
            {
                Vector128<short> blockSum = Vector128<short>.Zero; // at most 16 x 2 x 128 per lane: fits
                for (int half = 0; half < 2; half++)
                {
                    for (int lane = 0; lane < 32; lane += 16)
                    {
                        Vector128<byte> bytes = Vector128.LoadUnsafe(ref Unsafe.Add(ref w0, b * Tq2_0.BlockBytes + half * 32 + lane));
                        for (int n = 0; n < 4; n++)
                        {
                            Vector128<byte> codes = Vector128.ShiftRightLogical(bytes, 2 * n) & Vector128.Create((byte)3);
                            Vector128<sbyte> x = Vector128.LoadUnsafe(ref Unsafe.Add(ref x0, b * Tq2_0.BlockWeights + half * 128 + 32 * n + lane));
                            Vector128<byte> plus = Vector128.Equals(codes, Vector128.Create((byte)2));
                            Vector128<byte> minus = Vector128.Equals(codes, Vector128<byte>.Zero);
                            codeThree |= Vector128.EqualsAny(codes, Vector128.Create((byte)3));
                            nonZero -= plus | minus; // counts additions: each mask lane is 0xFF = -1
                            (Vector128<short> pLo, Vector128<short> pHi) = Vector128.Widen(x & plus.AsSByte());
                            (Vector128<short> mLo, Vector128<short> mHi) = Vector128.Widen(x & minus.AsSByte());
                            blockSum += pLo + pHi - mLo - mHi;
                        }
                    }
                }
                (Vector128<int> lo, Vector128<int> hi) = Vector128.Widen(blockSum);
                acc += lo + hi;
                if ((b & 7) == 7) { additions += SumBytes(nonZero); nonZero = Vector128<byte>.Zero; } // 16 counts per lane per block: flush before 256
            }
            additions += SumBytes(nonZero);
            if (codeThree)
            {
                // Never written by EdgeMmf; take the specification's path for such a row.
                additions += ComputeScalar(row, 1, paddedColumns, q, accumulators.Slice(r, 1)) - SumBytesOfRow(row, blocks);
                continue;
            }
            accumulators[r] = Vector128.Sum(acc);
        }
        return additions;
    }

    private static long SumBytes(Vector128<byte> counts)
    {
        (Vector128<ushort> lo, Vector128<ushort> hi) = Vector128.Widen(counts);
        return Vector128.Sum(lo + hi);
    }

    /// <summary>Additions the vector path already counted for a row with code 3 (codes 0 and 2 only).</summary>
    private static long SumBytesOfRow(ReadOnlySpan<byte> row, int blocks)
    {
        long count = 0;
        for (int b = 0; b < blocks; b++)
            foreach (byte codes in row.Slice(b * Tq2_0.BlockBytes, Tq2_0.QuantBytes))
                for (int n = 0; n < 4; n++)
                {
                    int code = (codes >> (2 * n)) & 3;
                    if (code is 0 or 2) count++;
                }
        return count;
    }

    /// <summary>The specification: one add, subtract or skip per weight.</summary>
    public static long ComputeScalar(ReadOnlySpan<byte> packed, int rows, int paddedColumns, ReadOnlySpan<sbyte> q, Span<int> accumulators)
    {
        int rowBytes = Tq2_0.RowBytes(paddedColumns);
        int blocks = paddedColumns / Tq2_0.BlockWeights;
        long additions = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<byte> row = packed.Slice(r * rowBytes, rowBytes);
            int acc = 0;
            for (int b = 0; b < blocks; b++)
            {
                ReadOnlySpan<byte> block = row.Slice(b * Tq2_0.BlockBytes, Tq2_0.QuantBytes);
                ReadOnlySpan<sbyte> x = q.Slice(b * Tq2_0.BlockWeights, Tq2_0.BlockWeights);
                // Byte m of half k holds weights 128k + m + 32n at bits 2n+1..2n (Formats/Tq2_0.cs).
                for (int half = 0; half < 2; half++)
                {
                    for (int m = 0; m < 32; m++)
                    {
                        int codes = block[half * 32 + m];
                        for (int n = 0; n < 4; n++)
                        {
                            int value = x[half * 128 + m + 32 * n];
                            switch ((codes >> (2 * n)) & 3)
                            {
                                case 0: acc -= value; additions++; break;
                                case 2: acc += value; additions++; break;
                                case 3: acc += value + value; additions += 2; break;
                            }
                        }
                    }
                }
            }
            accumulators[r] = acc;
        }
        return additions;
    }
}
