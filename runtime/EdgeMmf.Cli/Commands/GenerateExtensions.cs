using System.CommandLine;
using EdgeMmf.Runtime.Generation;

namespace EdgeMmf.Cli.Commands;

/// <summary>
/// The optional parts of a generation run that live outside the runtime (power measurement, FPGA offload).
/// Each adds its options here and hooks the run through <see cref="Session"/>.
/// </summary>
internal static class GenerateExtensions
{
    public static void AddOptions(Command command) { }

    public static Session Start(ParseResult result, LoadedModel loaded) => new();

    internal sealed class Session : IDisposable
    {
        public IGenerationObserver? Observer { get; init; }
        public void Report(GenerationStats stats) { }
        public void Dispose() { }
    }
}
