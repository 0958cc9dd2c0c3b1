using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// The oracle: unpack each block with the format's own unpacker (<see cref="TernaryFormatTraits"/>; t = stored - 1)
/// and sum q_j * t_ij in int32 (docs/model-spec.md "BitLinear" step 4). Every other path must match it bit for bit.
/// </summary>
internal static unsafe class TernaryDotScalar
{
    public static void GemmTq2(TernaryJob* job, int rowStart, int rowEnd) => Gemm(job, rowStart, rowEnd, TernaryFormatTraits.Tq2);

    public static void GemmTq1(TernaryJob* job, int rowStart, int rowEnd) => Gemm(job, rowStart, rowEnd, TernaryFormatTraits.Tq1);

    public static int SumActivations(sbyte* x, int length)
    {
        int sum = 0;
        for (int j = 0; j < length; j++)
            sum += x[j];
        return sum;
    }

    private static void Gemm(TernaryJob* job, int rowStart, int rowEnd, TernaryFormatTraits format)
    {
        Span<sbyte> t = stackalloc sbyte[TernaryFormatTraits.BlockWeights];
        for (int row = rowStart; row < rowEnd; row++)
        {
            byte* w = job->Weights + (long)row * job->RowBytes;
            for (int token = 0; token < job->Tokens; token++)
                job->Acc[(long)token * job->AccStride + row] = 0;
            for (int b = 0; b < job->Blocks; b++)
            {
                format.UnpackRow(new ReadOnlySpan<byte>(w + b * format.BlockBytes, format.BlockBytes), t);
                for (int token = 0; token < job->Tokens; token++)
                {
                    sbyte* x = job->X + (long)token * job->XStride + b * TernaryFormatTraits.BlockWeights;
                    int sum = 0;
                    for (int j = 0; j < t.Length; j++)
                        sum += x[j] * t[j];
                    job->Acc[(long)token * job->AccStride + row] += sum;
                }
            }
        }
    }
}
