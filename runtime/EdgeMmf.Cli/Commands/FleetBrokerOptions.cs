using System.CommandLine;
using EdgeMmf.Device.Fleet;

namespace EdgeMmf.Cli.Commands;

/// <summary>--user, --password-file and --tls: how <c>agent</c> and <c>campaign --fleet</c> authenticate to the broker.</summary>
internal sealed record FleetBrokerOptions(Option<string?> User, Option<string?> PasswordFile, Option<string?> TlsCa)
{
    public static FleetBrokerOptions AddTo(Command command)
    {
        var options = new FleetBrokerOptions(
            new Option<string?>("--user") { Description = "Broker user name (the agent's name in the example ACL)." },
            new Option<string?>("--password-file") { Description = "File whose first line is the broker password (kept off the command line)." },
            new Option<string?>("--tls") { Description = "CA certificate (PEM) to verify the broker with; turns TLS on." });
        command.Options.Add(options.User);
        command.Options.Add(options.PasswordFile);
        command.Options.Add(options.TlsCa);
        return options;
    }

    public FleetBroker Parse(ParseResult result, string address) =>
        FleetBroker.Parse(address, result.GetValue(User), result.GetValue(PasswordFile), result.GetValue(TlsCa));
}
