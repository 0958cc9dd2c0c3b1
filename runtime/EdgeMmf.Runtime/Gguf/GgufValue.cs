using System.Globalization;

namespace EdgeMmf.Runtime.Gguf;

/// <summary>
/// One GGUF metadata value: a scalar, a string, or an array (of scalars, strings, or further arrays).
/// Arrays are held as typed .NET arrays (<c>float[]</c>, <c>string[]</c>, ...; nested arrays as
/// <c>GgufValue[]</c>), so a 32,000-entry token list is one allocation, not 32,000 boxes.
/// </summary>
public sealed class GgufValue
{
    private readonly object _value;

    private GgufValue(GgufValueType type, GgufValueType elementType, object value)
    {
        Type = type;
        ElementType = elementType;
        _value = value;
    }

    /// <summary>The value's type.</summary>
    public GgufValueType Type { get; }
    /// <summary>For <see cref="GgufValueType.Array"/>: the element type; otherwise equal to <see cref="Type"/>.</summary>
    public GgufValueType ElementType { get; }
    /// <summary>The value as stored: a boxed scalar, a string, or a typed array.</summary>
    public object Raw => _value;

    /// <summary>A u8 value.</summary>
    public static GgufValue UInt8(byte v) => new(GgufValueType.UInt8, GgufValueType.UInt8, v);
    /// <summary>An i8 value.</summary>
    public static GgufValue Int8(sbyte v) => new(GgufValueType.Int8, GgufValueType.Int8, v);
    /// <summary>A u16 value.</summary>
    public static GgufValue UInt16(ushort v) => new(GgufValueType.UInt16, GgufValueType.UInt16, v);
    /// <summary>An i16 value.</summary>
    public static GgufValue Int16(short v) => new(GgufValueType.Int16, GgufValueType.Int16, v);
    /// <summary>A u32 value.</summary>
    public static GgufValue UInt32(uint v) => new(GgufValueType.UInt32, GgufValueType.UInt32, v);
    /// <summary>An i32 value.</summary>
    public static GgufValue Int32(int v) => new(GgufValueType.Int32, GgufValueType.Int32, v);
    /// <summary>An f32 value.</summary>
    public static GgufValue Float32(float v) => new(GgufValueType.Float32, GgufValueType.Float32, v);
    /// <summary>A bool value.</summary>
    public static GgufValue Bool(bool v) => new(GgufValueType.Bool, GgufValueType.Bool, v);
    /// <summary>A string value.</summary>
    public static GgufValue String(string v) => new(GgufValueType.String, GgufValueType.String, v);
    /// <summary>A u64 value.</summary>
    public static GgufValue UInt64(ulong v) => new(GgufValueType.UInt64, GgufValueType.UInt64, v);
    /// <summary>An i64 value.</summary>
    public static GgufValue Int64(long v) => new(GgufValueType.Int64, GgufValueType.Int64, v);
    /// <summary>An f64 value.</summary>
    public static GgufValue Float64(double v) => new(GgufValueType.Float64, GgufValueType.Float64, v);

    /// <summary>An array; <paramref name="elements"/> must be the typed array for <paramref name="elementType"/>
    /// (see <see cref="ArrayClrType"/>), or <c>GgufValue[]</c> of arrays for nested arrays.</summary>
    public static GgufValue Array(GgufValueType elementType, System.Array elements)
    {
        System.Type expected = ArrayClrType(elementType);
        if (elements.GetType() != expected)
            throw new ArgumentException($"a GGUF {elementType} array is held as {expected.Name}, not {elements.GetType().Name}.", nameof(elements));
        if (elementType == GgufValueType.Array)
            foreach (GgufValue inner in (GgufValue[])elements)
                if (inner.Type != GgufValueType.Array) throw new ArgumentException("a nested GGUF array holds arrays only.", nameof(elements));
        return new GgufValue(GgufValueType.Array, elementType, elements);
    }

    /// <summary>An array of f32.</summary>
    public static GgufValue Array(float[] v) => Array(GgufValueType.Float32, v);
    /// <summary>An array of i32.</summary>
    public static GgufValue Array(int[] v) => Array(GgufValueType.Int32, v);
    /// <summary>An array of strings.</summary>
    public static GgufValue Array(string[] v) => Array(GgufValueType.String, v);

    /// <summary>The .NET array type that holds a GGUF array of <paramref name="elementType"/>.</summary>
    public static System.Type ArrayClrType(GgufValueType elementType) => elementType switch
    {
        GgufValueType.UInt8 => typeof(byte[]),
        GgufValueType.Int8 => typeof(sbyte[]),
        GgufValueType.UInt16 => typeof(ushort[]),
        GgufValueType.Int16 => typeof(short[]),
        GgufValueType.UInt32 => typeof(uint[]),
        GgufValueType.Int32 => typeof(int[]),
        GgufValueType.Float32 => typeof(float[]),
        GgufValueType.Bool => typeof(bool[]),
        GgufValueType.String => typeof(string[]),
        GgufValueType.Array => typeof(GgufValue[]),
        GgufValueType.UInt64 => typeof(ulong[]),
        GgufValueType.Int64 => typeof(long[]),
        GgufValueType.Float64 => typeof(double[]),
        _ => throw new ArgumentOutOfRangeException(nameof(elementType), elementType, "not a GGUF value type"),
    };

    /// <summary>Bytes one scalar of <paramref name="type"/> takes in the file (0 for strings and arrays).</summary>
    public static int ScalarSize(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 => 8,
        _ => 0,
    };

    /// <summary>Number of elements of an array value.</summary>
    public int Length => Type == GgufValueType.Array ? ((System.Array)_value).Length : throw new InvalidOperationException($"a {Type} value is not an array.");

    /// <summary>The value as T when it is stored as exactly that type; otherwise false.</summary>
    public bool TryGet<T>(out T value)
    {
        if (_value is T typed)
        {
            value = typed;
            return true;
        }
        value = default!;
        return false;
    }

    /// <summary>Integer scalars of any width as a long when they fit (ulong above long.MaxValue does not).</summary>
    public bool TryGetInteger(out long value)
    {
        switch (_value)
        {
            case byte v: value = v; return true;
            case sbyte v: value = v; return true;
            case ushort v: value = v; return true;
            case short v: value = v; return true;
            case uint v: value = v; return true;
            case int v: value = v; return true;
            case long v: value = v; return true;
            case ulong v when v <= long.MaxValue: value = (long)v; return true;
            default: value = 0; return false;
        }
    }

    /// <summary>The value as text, for listings and messages.</summary>
    public override string ToString() => _value switch
    {
        string s => "\"" + s + "\"",
        System.Array a => $"{ElementType}[{a.Length}]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => _value.ToString() ?? "",
    };
}
