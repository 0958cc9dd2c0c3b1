using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;

namespace EdgeMmf.Device.Fleet;

/// <summary>
/// MQTTnet's client adapter for TCP (and TLS over TCP) only. MQTTnet's default factory also builds the WebSocket
/// channel, which roots <c>ClientWebSocket</c> and with it the whole HTTP client stack in the NativeAOT binary; fleet
/// brokers are reached as <c>mqtt://</c> or <c>mqtts://</c> (<see cref="FleetBroker"/>), so that channel is never used.
/// </summary>
internal sealed class TcpMqttClientAdapterFactory : IMqttClientAdapterFactory
{
    public IMqttChannelAdapter CreateClientAdapter(MqttClientOptions options, MqttPacketInspector packetInspector, IMqttNetLogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ChannelOptions is not MqttClientTcpOptions)
        {
            throw new NotSupportedException("EdgeMmf reaches MQTT brokers over TCP or TLS only (mqtt:// or mqtts://).");
        }
        var formatter = new MqttPacketFormatterAdapter(options.ProtocolVersion, new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax));
        return new MqttChannelAdapter(new MqttTcpChannel(options), formatter, logger)
        {
            AllowPacketFragmentation = options.AllowPacketFragmentation,
            PacketInspector = packetInspector,
        };
    }
}
