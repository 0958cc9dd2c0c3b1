using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;
using EdgeMmf.Runtime.Bundles;
using EdgeMmf.Runtime.Gguf;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Cli.Commands;

/// <summary>
/// <c>edgemmf bundle</c>: one file to copy to a board. A published <c>edgemmf</c> executable of any RID (the
/// linux-arm64 one, built on x64, for a Pi) with a GGUF model appended; run with no <c>--model</c>, it maps the
/// model from its own file (<see cref="ModelBundle"/>).
/// </summary>
internal static class BundleCommand
{
    public static Command Create()
    {
        Option<string?> model = ModelOptions.Model();
        model.Description = "The .gguf model (or an existing bundle) to append; default: the model this edgemmf would run (the demo model).";
        var runtime = new Option<string?>("--runtime")
        {
            Description = "The published edgemmf executable to put in front, of any RID (e.g. artifacts/linux-arm64/edgemmf); default: this one, if it is a published binary.",
        };
        var output = new Option<string>("--out", "-o") { Description = "The bundle to write.", Required = true };
        var command = new Command("bundle", "Write one executable file that carries its model: copy it to a board and run it, no --model needed.")
        {
            model, runtime, output,
        };
        command.SetAction(result => CommandErrors.Run(() =>
        {
            string modelPath = ModelLocator.Resolve(result.GetValue(model));
            string runtimePath = RuntimePath(result.GetValue(runtime));
            string outPath = Path.GetFullPath(result.GetValue(output)!);
            if (outPath == Path.GetFullPath(runtimePath) || outPath == Path.GetFullPath(modelPath))
                throw new ArgumentException($"--out {outPath}: write the bundle to a new file, not over its --runtime or --model.");
            if (!ModelFiles.IsGguf(modelPath))
                throw new ArgumentException($"--model {modelPath}: a bundle carries a packed model; pack the checkpoint first with 'edgemmf convert --from DIR --out M.gguf'.");

            // Parse the model the way a run will, so that a file the bundle could not run is refused now, not on the board.
            using (HgrnBitModel check = HgrnBitGgufLoader.Load(modelPath)) { }
            ModelBundle? source = ModelBundle.Find(modelPath); // bundle an existing bundle's model
            long ggufOffset = source?.GgufOffset ?? 0, ggufLength = source?.GgufLength ?? new FileInfo(modelPath).Length;

            using var runtimeFile = new FileStream(runtimePath, FileMode.Open, FileAccess.Read, FileShare.Read);
            Span<byte> header = stackalloc byte[64];
            int headerBytes = runtimeFile.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            string machine = ElfImage.Machine(header[..headerBytes])
                ?? throw new ArgumentException($"--runtime {runtimePath}: not a 64-bit Linux executable (no ELF header); pass a published edgemmf, e.g. artifacts/linux-arm64/edgemmf.");
            long runtimeLength = ModelBundle.Find(runtimePath)?.RuntimeLength ?? runtimeFile.Length; // a bundle's own model is left out
            runtimeFile.Position = 0;

            using var modelFile = new FileStream(modelPath, FileMode.Open, FileAccess.Read, FileShare.Read);
            modelFile.Position = ggufOffset;
            ModelBundle bundle = ModelBundle.Write(runtimeFile, runtimeLength, modelFile, ggufLength, outPath);
            Console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "{0}: {1:N1} MB ({2} executable {3:N1} MB + model {4:N1} MB from {5}); run it with no --model",
                outPath, (bundle.GgufOffset + bundle.GgufLength + ModelBundle.TrailerBytes) / 1e6, machine, runtimeLength / 1e6, ggufLength / 1e6, modelPath));
            return 0;
        }));
        return command;
    }

    private static string RuntimePath(string? requested)
    {
        if (requested is not null)
        {
            string full = Path.GetFullPath(requested);
            return File.Exists(full) ? full : throw new FileNotFoundException($"--runtime {requested}: no such file.", requested);
        }
        // Under the JIT the running program is dotnet plus edgemmf.dll: nothing a board could run on its own.
        if (RuntimeFeature.IsDynamicCodeSupported || Environment.ProcessPath is not string self)
            throw new ArgumentException("this edgemmf is not a published single binary; pass --runtime artifacts/<rid>/edgemmf " +
                "(made by ./build.ps1 or 'dotnet publish runtime/EdgeMmf.Cli -r linux-arm64 -p:PublishAot=true').");
        return self;
    }
}
