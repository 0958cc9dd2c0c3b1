using EdgeMmf.Bridge.DeviceModel;
using EdgeMmf.Bridge.Tests.DeviceModel;
using EdgeMmf.Bridge.Tests.TestSupport;
using EdgeMmf.Bridge.Transports;

namespace EdgeMmf.Bridge.Tests.Rtl;

/// <summary>
/// The conformance frames of <see cref="RawFrameConformanceTests"/> against the FPGA firmware
/// (firmware-bridge/rtl/) running in Verilator behind a loopback TCP port: a fresh simulation per
/// test, the same frames and the same expected answers as the device model gets.
/// </summary>
[TestClass]
[TestCategory(RtlSimProcess.Category)]
public sealed class RtlConformanceTests : RawFrameConformanceTests
{
    protected override RawLink Open()
    {
        RtlSimProcess sim = RtlSimProcess.Start();
        try
        {
            return new RawLink(SocketTransport.ConnectTcp("127.0.0.1", sim.Port, 5000), sim);
        }
        catch
        {
            sim.Dispose();
            throw;
        }
    }
}
