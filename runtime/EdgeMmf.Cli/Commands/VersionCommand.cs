using System.CommandLine;
using System.Reflection;

namespace EdgeMmf.Cli.Commands;

/// <summary><c>edgemmf version</c>: the build's version and runtime.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the EdgeMmf version and the .NET runtime it runs on.");
        command.SetAction(_ =>
        {
            string version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            Console.Out.WriteLine($"edgemmf {version} ({System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture})");
            return 0;
        });
        return command;
    }
}
