using System.CommandLine;
using EdgeMmf.Runtime.Generation;

namespace EdgeMmf.Cli.Commands;

/// <summary>
/// The optional parts of a generation run that live outside the runtime (power measurement, FPGA offload).
/// Each adds its options here and hooks the run through <see cref="Session"/>.
/// </summary>
internal static class GenerateExtensions
{
    public static void AddOptions(Command command)
    {
        GeneratePower.AddOptions(command);
    }

    public static Session Start(ParseResult result, LoadedModel loaded)
    {
        GeneratePower? power = GeneratePower.Start(result);
        return new Session { Observer = power?.Observer, Power = power };
    }

    internal sealed class Session : IDisposable
    {
        public IGenerationObserver? Observer { get; init; }
        public GeneratePower? Power { get; init; }
        public void Report(GenerationStats stats) => Power?.Report();
        public void Dispose() => Power?.Dispose();
    }
}
