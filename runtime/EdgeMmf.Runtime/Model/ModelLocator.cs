namespace EdgeMmf.Runtime.Model;

/// <summary>
/// Turns what a user passes as <c>--model</c> (or nothing) into a model location: a Hugging Face
/// checkpoint directory (a hub cache snapshot included), a model id such as <c>ridger/MMfreeLM-370M</c> found
/// in the local Hugging Face cache (<see cref="HuggingFaceHubCache"/>, never the network), a packed <c>.gguf</c>
/// file, or — with no argument — in this order: the file named by the EDGEMMF_MODEL environment variable, the
/// model bundled into this executable (<c>edgemmf bundle</c>), or the demo model (<c>edgemmf-demo.gguf</c>
/// beside the executable, or <c>models/demo/</c> in a clone).
/// </summary>
public static class ModelLocator
{
    /// <summary>The variable that names a model file when no --model is given.</summary>
    public const string EnvironmentVariable = "EDGEMMF_MODEL";
    /// <summary>Where the demo model lies in a clone, relative to the repository root.</summary>
    public const string DemoRelativeDirectory = "models/demo";
    /// <summary>The demo model's file name.</summary>
    public const string DemoFileName = "edgemmf-demo.gguf";

    /// <summary>The model location for <paramref name="requested"/>, or for no argument when it is null; a <see cref="FileNotFoundException"/> when nothing is found.</summary>
    public static string Resolve(string? requested)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            string full = Path.GetFullPath(requested);
            if (File.Exists(full)) return full;
            if (Directory.Exists(full))
                // The hub's models--OWNER--NAME folder stands for its current snapshot.
                return Path.GetFileName(Path.TrimEndingDirectorySeparator(full)).StartsWith("models--", StringComparison.Ordinal)
                    && HuggingFaceHubCache.SnapshotOfRepository(full) is { } current ? current : full;
            if (HuggingFaceHubCache.IsRepoId(requested))
            {
                string hub = HuggingFaceHubCache.Root();
                return HuggingFaceHubCache.FindSnapshot(requested, hub) ?? throw new FileNotFoundException(
                    $"{requested}: no such file or directory, and not in the local Hugging Face cache at {hub} (EdgeMmf never downloads); download it with " +
                    $"'hf download {requested}' (or 'huggingface-cli download {requested}'), set HF_HOME or HF_HUB_CACHE to the cache that has it, " +
                    "or pass the checkpoint directory.", requested);
            }
            throw new FileNotFoundException(
                $"{requested}: no such model file or directory. Pass a Hugging Face checkpoint directory (config.json + model.safetensors), " +
                "a model id in the local Hugging Face cache (e.g. ridger/MMfreeLM-370M), " +
                "or a .gguf file made by 'edgemmf convert'; run without --model to use the shipped demo model.", requested);
        }
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Resolve(fromEnvironment);
        if (BundledInThisExecutable() is string bundle) return bundle;
        string? demo = FindDemo();
        return demo ?? throw new FileNotFoundException(
            $"No --model given and the demo model ({DemoRelativeDirectory}/{DemoFileName}) was not found from {Environment.CurrentDirectory} " +
            $"or {AppContext.BaseDirectory}. Run from a clone of the EdgeMmf repository, set {EnvironmentVariable}, or pass --model PATH.");
    }

    /// <summary>This executable's own path when a model is appended to it; a damaged bundle throws.</summary>
    public static string? BundledInThisExecutable()
    {
        string? self = Environment.ProcessPath;
        if (self is null || Path.GetFileNameWithoutExtension(self) == "dotnet") return null;
        return Bundles.ModelBundle.Find(self) is null ? null : self;
    }

    /// <summary>The shipped demo model, searched upward from the working directory and the executable's directory.</summary>
    public static string? FindDemo()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (DirectoryInfo? directory = new(start); directory is not null; directory = directory.Parent)
            {
                string candidate = Path.Combine(directory.FullName, DemoRelativeDirectory, DemoFileName);
                if (File.Exists(candidate)) return candidate;
                string beside = Path.Combine(directory.FullName, DemoFileName);
                if (File.Exists(beside)) return beside;
            }
        }
        return null;
    }
}
