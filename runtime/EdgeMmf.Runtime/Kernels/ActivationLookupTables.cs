using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// One token's tables for the lookup kernel (<see cref="LookupTiles"/>): for activation pair k and pattern p = 3 s_0 + s_1,
/// the partial sum x_2k t_0 + x_2k+1 t_1 (entries 9..15 zero). Kept exact in int8 by splitting each activation into
/// nibbles, x = 16 h + l with l in [0, 15] and h in [-8, 7]: <see cref="Low"/> holds the sums of l (|.| &lt;= 30) and
/// <see cref="High"/> those of h (|.| &lt;= 16), 16 bytes per pair each, so pairs k and k + 1 are one 32-byte load.
/// Built per thread and reused while the activations are the same bytes (the projections of one call share them),
/// checked by comparing a copy: no allocation after the first build of the widest row. The path's
/// <see cref="ILookupTile.BuildTables"/> writes them.
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
    public static ActivationLookupTables For<TTile>(sbyte* x, int columns) where TTile : struct, ILookupTile
    {
        ActivationLookupTables tables = t_current ??= new ActivationLookupTables();
        if (columns != tables._columns || !new ReadOnlySpan<byte>(x, columns).SequenceEqual(new ReadOnlySpan<byte>(tables._base, columns)))
            tables.Build<TTile>(x, columns);
        return tables;
    }

    /// <summary>[copy of x | low tables | high tables]: 17 bytes per activation.</summary>
    private void Build<TTile>(sbyte* x, int columns) where TTile : struct, ILookupTile
    {
        if (_buffer.Length < 17 * columns)
        {
            _buffer = GC.AllocateUninitializedArray<byte>(17 * columns, pinned: true);
            _base = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_buffer));
        }
        _columns = -1; // invalid until complete
        new ReadOnlySpan<byte>(x, columns).CopyTo(new Span<byte>(_base, columns));
        TTile.BuildTables(x, columns, _base + columns, _base + 9 * columns);
        _columns = columns;
    }
}
