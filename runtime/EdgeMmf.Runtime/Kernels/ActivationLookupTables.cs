using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// One token's tables for the lookup kernel (<see cref="LookupTiles"/>): for activation pair k and pattern p = 3 s_0 + s_1,
/// the partial sum x_2k t_0 + x_2k+1 t_1 (entries 9..15 zero). Kept exact in int8 by splitting each activation into
/// nibbles, x = 16 h + l with l in [0, 15] and h in [-8, 7]: <see cref="Low"/> holds the sums of l (|.| &lt;= 30) and
/// <see cref="High"/> those of h (|.| &lt;= 16), 16 bytes per pair each, so pairs k and k + 1 are one 32-byte load.
/// Built per thread and reused while the activations are the same bytes (the projections of one call share them),
/// checked by comparing a copy: no allocation after the first build of the widest row.
/// </summary>
internal sealed unsafe class ActivationLookupTables
{
    [ThreadStatic] private static ActivationLookupTables? t_current;

    private byte[] _buffer = [];
    private byte* _base;
    private int _columns = -1;

    /// <summary>Sums of the low nibbles: pair k at 16 k.</summary>
    public byte* Low => _base + _columns;

    /// <summary>Sums of the high nibbles: pair k at 16 k.</summary>
    public byte* High => _base + 9 * _columns;

    /// <summary>This thread's tables for <paramref name="x"/> (<paramref name="columns"/> values, a multiple of 8), built if they are not those already.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ActivationLookupTables For(sbyte* x, int columns)
    {
        ActivationLookupTables tables = t_current ??= new ActivationLookupTables();
        if (columns != tables._columns || !new ReadOnlySpan<byte>(x, columns).SequenceEqual(new ReadOnlySpan<byte>(tables._base, columns)))
            tables.Build(x, columns);
        return tables;
    }

    /// <summary>[copy of x | low tables | high tables]: 17 bytes per activation.</summary>
    private void Build(sbyte* x, int columns)
    {
        if (_buffer.Length < 17 * columns)
        {
            _buffer = GC.AllocateUninitializedArray<byte>(17 * columns, pinned: true);
            _base = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_buffer));
        }
        _columns = -1; // invalid until complete
        new ReadOnlySpan<byte>(x, columns).CopyTo(new Span<byte>(_base, columns));
        byte* low = _base + columns, high = _base + 9 * columns;

        // Lane 0 of a table vector is pair 2j, lane 1 pair 2j + 1; each lane's bytes are the 8 activations twice.
        Vector256<byte> firstA = Vector256.Create(Vector128.Create((byte)0), Vector128.Create((byte)2));
        Vector256<byte> firstB = Vector256.Create(Vector128.Create((byte)1), Vector128.Create((byte)3));
        Vector256<byte> secondA = Vector256.Create(Vector128.Create((byte)4), Vector128.Create((byte)6));
        Vector256<byte> secondB = Vector256.Create(Vector128.Create((byte)5), Vector128.Create((byte)7));
        Vector256<sbyte> t0 = Vector256.Create(Vector128.Create(-1, -1, -1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0).AsSByte());
        Vector256<sbyte> t1 = Vector256.Create(Vector128.Create(-1, 0, 1, -1, 0, 1, -1, 0, 1, 0, 0, 0, 0, 0, 0, 0).AsSByte());
        Vector256<byte> nibble = Vector256.Create((byte)15), eight = Vector256.Create((byte)8);
        for (int u = 0; u < columns / 8; u++, low += 64, high += 64)
        {
            Vector256<byte> v = Vector256.Create(*(long*)(x + 8 * u)).AsByte();
            Vector256<byte> l = v & nibble;
            Vector256<byte> h = ((Avx2.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & nibble) ^ eight) - eight;
            Avx.Store(low, Table(l, firstA, firstB, t0, t1));
            Avx.Store(low + 32, Table(l, secondA, secondB, t0, t1));
            Avx.Store(high, Table(h, firstA, firstB, t0, t1));
            Avx.Store(high + 32, Table(h, secondA, secondB, t0, t1));
        }
        _columns = columns;
    }

    /// <summary>Entry p of each lane: a t_0(p) + b t_1(p), a and b the activations the selectors pick for that lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Table(Vector256<byte> nibbles, Vector256<byte> selectA, Vector256<byte> selectB, Vector256<sbyte> t0, Vector256<sbyte> t1) =>
        (Avx2.Sign(Avx2.Shuffle(nibbles, selectA).AsSByte(), t0) + Avx2.Sign(Avx2.Shuffle(nibbles, selectB).AsSByte(), t1)).AsByte();
}
