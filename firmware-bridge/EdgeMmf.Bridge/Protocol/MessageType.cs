namespace EdgeMmf.Bridge.Protocol;

/// <summary>What a frame asks for; a response carries its request's type with <see cref="FrameFlags.Response"/> set.</summary>
public enum MessageType : byte
{
    /// <summary>Version check and device capabilities; starts a session.</summary>
    Hello = 0x01,
    /// <summary>One chunk of a matrix's packed ternary weights and its scale, kept resident in a slot.</summary>
    UploadWeights = 0x02,
    /// <summary>BitLinear on int8 activation vectors against one or more resident slots.</summary>
    Run = 0x03,
    /// <summary>Forget every resident slot.</summary>
    Reset = 0x04,
    /// <summary>Read the device's counters.</summary>
    ReadCounters = 0x05,
}
