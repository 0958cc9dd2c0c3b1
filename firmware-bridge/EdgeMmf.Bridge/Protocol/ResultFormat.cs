namespace EdgeMmf.Bridge.Protocol;

/// <summary>What a Run returns per output; the Hello capabilities list the supported ones as bit flags.</summary>
public enum ResultFormat : byte
{
    /// <summary>acc_i = sum_j q_j * t_ij as int32 (docs/model-spec.md "BitLinear" step 4), exact.</summary>
    Int32 = 0,
    /// <summary>The same accumulator in 3 bytes, sign-extended by the host: exact while
    /// 128 * columns &lt; 2^23 (columns &lt;= 65535), and 25% fewer bytes on the link.</summary>
    Int24 = 1,
    /// <summary>Finished outputs acc_i / (s_x * s_w) in float32; the host sends s_x per vector.</summary>
    Float32 = 2,
}
