namespace EdgeMmf.Runtime.Checkpoints;

/// <summary>Element types of the safetensors format. EdgeMmf reads F32, F16 and BF16 as float32.</summary>
public enum SafetensorsDType
{
    F32, F16, BF16, F64, I64, I32, I16, I8, U8, Bool, F8E4M3, F8E5M2,
}

public static class SafetensorsDTypes
{
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

    public static int ElementSize(SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F64 or SafetensorsDType.I64 => 8,
        SafetensorsDType.F32 or SafetensorsDType.I32 => 4,
        SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.I16 => 2,
        _ => 1,
    };

    public static bool IsFloatingPointWeight(SafetensorsDType dtype) =>
        dtype is SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16;
}
