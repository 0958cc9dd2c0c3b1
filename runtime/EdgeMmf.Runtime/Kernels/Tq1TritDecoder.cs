using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>Takes the trits of one TQ1_0 block as <see cref="Tq1TritDecoder.Decode"/> produces them.</summary>
internal interface ITritSink
{
    /// <summary>Stored trits s in {0, 1, 2} of the block's weights <paramref name="offset"/> .. offset + 31.</summary>
    void Accept(Vector256<byte> trits, int offset);
}

/// <summary>Takes the trits of one TQ1_0 block as <see cref="Tq1TritDecoder.Decode128"/> produces them.</summary>
internal interface ITritSink128
{
    /// <summary>Stored trits s in {0, 1, 2} of the block's weights <paramref name="offset"/> .. offset + 15.</summary>
    void Accept(Vector128<byte> trits, int offset);
}

/// <summary>
/// Expands one TQ1_0 block (<see cref="Tq1_0"/>) into eight ymm of stored trits, in weight order, without
/// touching memory: vector k holds weights 32k .. 32k + 31, so it meets activations x[32k .. 32k + 32).
/// Trit n of a packed byte p is 0, 1 or 2 as p * 3^n mod 256 is at most 85, at most 170, or above: two
/// compares. x86 compares bytes as signed, so the bytes are flipped (p ^ 0x80) once at load; the flip
/// commutes with multiplying by 3 (3 * 128 = 128 mod 256), so p * 3^n is built by byte adds in the flipped
/// domain and compared against the flipped limits (85 ^ 0x80, 170 ^ 0x80) directly.
/// The earlier form stored the trits to a stack buffer in 16-byte pieces and read them back in 32-byte
/// loads, each of which stalled on store forwarding.
/// <see cref="Decode128"/> is the same in 16-byte vectors with the portable API, for the Vector128 and NEON
/// paths: ARM compares bytes unsigned natively, so it needs no flip.
/// </summary>
internal static unsafe class Tq1TritDecoder
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Decode<TSink>(byte* block, ref TSink sink) where TSink : struct, ITritSink
    {
        // qs[0..32): byte m holds weights m, 32 + m, ..., 128 + m (trit n = weight 32n + m).
        Vector256<byte> p = Avx.LoadVector256(block) ^ Vector256.Create((byte)0x80);
        sink.Accept(Top(p), 0);
        p = p + p + p;
        sink.Accept(Top(p), 32);
        p = p + p + p;
        sink.Accept(Top(p), 64);
        p = p + p + p;
        sink.Accept(Top(p), 96);
        p = p + p + p;
        sink.Accept(Top(p), 128);

        // qs[32..48): byte m holds weights 160 + 16n + m; qh byte j holds weights 240 + 4n + j. One ymm carries
        // both, [qs[32..48) | qh four times], through the same powers of 3; the trit vectors are then cut from
        // its halves: (3^0, 3^1) and (3^2, 3^3) of qs, and 3^4 of qs beside qh at 3^n in its dword n.
        Vector128<byte> qs = Sse2.LoadVector128(block + 32);
        Vector128<byte> qh = Vector128.Create(Unsafe.ReadUnaligned<uint>(block + Tq1_0.QsBytes)).AsByte();
        Vector256<byte> r0 = Vector256.Create(qs, qh) ^ Vector256.Create((byte)0x80);
        Vector256<byte> r1 = r0 + r0 + r0, r2 = r1 + r1 + r1, r3 = r2 + r2 + r2, r4 = r3 + r3 + r3;
        sink.Accept(Top(Avx2.Permute2x128(r0, r1, 0x20)), 160);
        sink.Accept(Top(Avx2.Permute2x128(r2, r3, 0x20)), 192);
        Vector256<byte> last = Avx2.Blend(r0.AsInt32(), r1.AsInt32(), 0b0010_0000).AsByte();
        last = Avx2.Blend(last.AsInt32(), r2.AsInt32(), 0b0100_0000).AsByte();
        last = Avx2.Blend(last.AsInt32(), r3.AsInt32(), 0b1000_0000).AsByte();
        last = Avx2.Blend(last.AsInt32(), r4.AsInt32(), 0b0000_1111).AsByte();
        sink.Accept(Top(last), 224);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Decode128<TSink>(byte* block, ref TSink sink) where TSink : struct, ITritSink128
    {
        // qs[0..16) and qs[16..32): weights 32n + m and 32n + 16 + m; qs[32..48): weights 160 + 16n + m.
        Vector128<byte> a = Vector128.Load(block), b = Vector128.Load(block + 16), c = Vector128.Load(block + 32);
        for (int n = 0; n < 5; n++)
        {
            if (n > 0)
            {
                a = a + a + a;
                b = b + b + b;
                c = c + c + c;
            }
            sink.Accept(Top(a), 32 * n);
            sink.Accept(Top(b), 32 * n + 16);
            sink.Accept(Top(c), 160 + 16 * n);
        }
        sink.Accept(Top(QhTimesPowers(block)), 240);
    }

    /// <summary>
    /// Lane 4n + j = qh[j] * 3^n mod 256, so <see cref="Top(Vector128{byte})"/> gives weight 240 + 4n + j: the four qh
    /// bytes repeated four times, multiplied in 16 bits (x86 has no byte multiply) and narrowed back.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> QhTimesPowers(byte* block)
    {
        Vector128<byte> h = Vector128.Create(Unsafe.ReadUnaligned<uint>(block + Tq1_0.QsBytes)).AsByte();
        (Vector128<ushort> lo, Vector128<ushort> hi) = Vector128.Widen(h);
        lo *= Vector128.Create((ushort)1, 1, 1, 1, 3, 3, 3, 3);
        hi *= Vector128.Create((ushort)9, 9, 9, 9, 27, 27, 27, 27);
        Vector128<ushort> low = Vector128.Create((ushort)0xFF);
        return Vector128.Narrow(lo & low, hi & low);
    }

    /// <summary>Trit of an unflipped byte: (p &gt; 85) + (p &gt; 170), from two all-ones masks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Top(Vector128<byte> p) =>
        Vector128<byte>.Zero - Vector128.GreaterThan(p, Vector128.Create((byte)85)) - Vector128.GreaterThan(p, Vector128.Create((byte)170));

    /// <summary>Trit from a flipped byte: (p &gt; 85) + (p &gt; 170) as 0, 1 or 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Top(Vector256<byte> flipped)
    {
        Vector256<sbyte> f = flipped.AsSByte();
        Vector256<sbyte> above85 = Avx2.CompareGreaterThan(f, Vector256.Create(unchecked((sbyte)(85 ^ 0x80))));
        Vector256<sbyte> above170 = Avx2.CompareGreaterThan(f, Vector256.Create(unchecked((sbyte)(170 ^ 0x80))));
        return Avx2.Abs(above85 + above170);
    }
}
