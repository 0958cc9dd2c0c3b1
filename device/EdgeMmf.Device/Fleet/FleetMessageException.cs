namespace EdgeMmf.Device.Fleet;

/// <summary>A fleet message that is malformed, oversized or hostile; it is logged and dropped, never acted on.</summary>
public sealed class FleetMessageException(string message) : Exception(message);
