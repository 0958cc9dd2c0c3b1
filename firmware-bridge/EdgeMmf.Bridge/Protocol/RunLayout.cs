namespace EdgeMmf.Bridge.Protocol;

/// <summary>
/// Byte layout of a Run request and its response (docs/bridge-protocol.md, "Run").
/// <code>
/// request                                        response
///   0  u8  result format (ResultFormat)            0  u32 device compute time (ns, saturating)
///   1  u8  matrix count M                          4  u32 reserved
///   2  u16 vector count T                          8  results: for m in M, for t in T:
///   4  u8  activation layout (ActivationLayout)          rows(m) values of the result format
///   5  3   reserved
///   8  u16 slot[M], zero-padded to a multiple of 4 bytes
///   ..  f32 s_x[T * A]   only for Float32 results (A = 1 if shared, else M)
///   ..  int8 activations: A blocks, block a = T vectors of columns(slot a) bytes
/// </code>
/// </summary>
public static class RunLayout
{
    /// <summary>Length of the request's fixed part, before the slot list.</summary>
    public const int FixedBytes = 8;
    /// <summary>Length of the response's fixed part (device compute ns, reserved), before the results.</summary>
    public const int ResponseFixedBytes = 8;
    /// <summary>Offset of the u8 <see cref="ResultFormat"/>.</summary>
    public const int ResultFormatOffset = 0;
    /// <summary>Offset of the u8 matrix count M.</summary>
    public const int MatrixCountOffset = 1;
    /// <summary>Offset of the u16 vector count T.</summary>
    public const int VectorCountOffset = 2;
    /// <summary>Offset of the u8 <see cref="ActivationLayout"/>.</summary>
    public const int ActivationLayoutOffset = 4;
    /// <summary>Offset of the u16 slot list.</summary>
    public const int SlotsOffset = 8;

    /// <summary>Offset of the scales (or, for integer results, the activations) after M slots.</summary>
    public static int AfterSlots(int matrices) => SlotsOffset + (2 * matrices + 3) / 4 * 4;

    /// <summary>Bytes per output value in the response: 3 for <see cref="ResultFormat.Int24"/>, 4 for int32 and float32.</summary>
    public static int BytesPerResult(ResultFormat format) => format switch
    {
        ResultFormat.Int24 => 3,
        _ => 4,
    };
}
