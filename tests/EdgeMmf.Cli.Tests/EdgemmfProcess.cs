using System.Diagnostics;

namespace EdgeMmf.Cli.Tests;

/// <summary>Runs the real <c>edgemmf</c> in a fresh process, the way a user does, and captures its output.</summary>
internal static class EdgemmfProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    private static string CliAssembly => Path.Combine(AppContext.BaseDirectory, "edgemmf.dll");

    /// <summary>The repository root (holds EdgeMmf.sln), found upward from the test binaries.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "EdgeMmf.sln"))) return d.FullName;
            throw new InvalidOperationException("tests must run inside the EdgeMmf repository");
        }
    }

    public static Result Run(string workingDirectory, params string[] arguments) => Run(workingDirectory, null, TimeSpan.FromMinutes(3), arguments);

    public static Result Run(string workingDirectory, string? standardInput, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliAssembly);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.Environment.Remove("EDGEMMF_MODEL");
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"edgemmf {string.Join(' ', arguments)} did not finish within {timeout}");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
