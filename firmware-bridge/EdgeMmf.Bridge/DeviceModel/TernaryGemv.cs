using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Bridge.DeviceModel;

/// <summary>
/// The device's BitLinear arithmetic: acc_r = sum_j q_j * t_rj (model-spec "BitLinear" step 4)
/// computed straight from TQ2_0 codes with adders only, as the FPGA datapath does: code 2
/// (t = +1) adds q_j, code 0 (t = -1) subtracts it, code 1 (t = 0) does nothing. Code 3 never
/// occurs in files EdgeMmf writes; it decodes as t = +2 like ggml's and Tq2_0.UnpackRow's
/// (code - 1), so the device agrees with the CPU even then.
/// </summary>
public static class TernaryGemv
{
    /// <summary>Computes <paramref name="rows"/> accumulators; returns the number of additions performed.</summary>
    public static long Compute(ReadOnlySpan<byte> packed, int rows, int paddedColumns, ReadOnlySpan<sbyte> q, Span<int> accumulators)
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
