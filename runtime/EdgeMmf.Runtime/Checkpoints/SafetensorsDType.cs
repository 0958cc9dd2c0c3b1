namespace EdgeMmf.Runtime.Checkpoints;

/// <summary>Element types of the safetensors format. EdgeMmf reads F32, F16 and BF16 as float32.</summary>
public enum SafetensorsDType
{
    /// <summary>32-bit IEEE float.</summary>
    F32,
    /// <summary>16-bit IEEE float.</summary>
    F16,
    /// <summary>bfloat16.</summary>
    BF16,
    /// <summary>64-bit IEEE float.</summary>
    F64,
    /// <summary>64-bit signed integer.</summary>
    I64,
    /// <summary>32-bit signed integer.</summary>
    I32,
    /// <summary>16-bit signed integer.</summary>
    I16,
    /// <summary>8-bit signed integer.</summary>
    I8,
    /// <summary>8-bit unsigned integer.</summary>
    U8,
    /// <summary>Boolean, one byte.</summary>
    Bool,
    /// <summary>8-bit float, 4 exponent and 3 mantissa bits.</summary>
    F8E4M3,
    /// <summary>8-bit float, 5 exponent and 2 mantissa bits.</summary>
    F8E5M2,
}

/// <summary>Parsing and sizes of <see cref="SafetensorsDType"/>.</summary>
public static class SafetensorsDTypes
{
    /// <summary>The dtype a safetensors header names as <paramref name="text"/> ("F32", "BF16", ...); false for an unknown name.</summary>
    public static bool TryParse(string text, out SafetensorsDType dtype)
    {
        dtype = text switch
        {
            "F32" => SafetensorsDType.F32,
            "F16" => SafetensorsDType.F16,
            "BF16" => SafetensorsDType.BF16,
            "F64" => SafetensorsDType.F64,
            "I64" => SafetensorsDType.I64,
            "I32" => SafetensorsDType.I32,
            "I16" => SafetensorsDType.I16,
            "I8" => SafetensorsDType.I8,
            "U8" => SafetensorsDType.U8,
            "BOOL" => SafetensorsDType.Bool,
            "F8_E4M3" => SafetensorsDType.F8E4M3,
            "F8_E5M2" => SafetensorsDType.F8E5M2,
            _ => (SafetensorsDType)(-1),
        };
        return (int)dtype >= 0;
    }

    /// <summary>The size of one element in bytes.</summary>
    public static int ElementSize(SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F64 or SafetensorsDType.I64 => 8,
        SafetensorsDType.F32 or SafetensorsDType.I32 => 4,
        SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.I16 => 2,
        _ => 1,
    };

    /// <summary>True for the dtypes EdgeMmf reads weights from: F32, F16 and BF16.</summary>
    public static bool IsFloatingPointWeight(SafetensorsDType dtype) =>
        dtype is SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16;
}
