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

    public static Result Run(string workingDirectory, string? standardInput, TimeSpan timeout, params string[] arguments) =>
        Run(workingDirectory, standardInput, timeout, new Dictionary<string, string?>(), arguments);

    /// <summary>As <see cref="Run(string, string?, TimeSpan, string[])"/>, with environment variables set (or removed, for null).</summary>
    public static Result Run(string workingDirectory, string? standardInput, TimeSpan timeout, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
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
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return Wait(start, standardInput, timeout, string.Join(' ', arguments));
    }

    /// <summary>
    /// Runs <c>sh -c</c> with <c>$EDGEMMF</c> meaning "dotnet edgemmf.dll", for arguments that are not valid UTF-8
    /// (a .NET string argument cannot carry such bytes; printf can).
    /// </summary>
    public static Result RunShell(string workingDirectory, string script, string? standardInput = null)
    {
        var start = new ProcessStartInfo("sh")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment.Remove("EDGEMMF_MODEL");
        start.Environment["EDGEMMF"] = $"dotnet {CliAssembly}";
        return Wait(start, standardInput, TimeSpan.FromMinutes(3), script);
    }

    private static Result Wait(ProcessStartInfo start, string? standardInput, TimeSpan timeout, string description)
    {
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
            Assert.Fail($"edgemmf {description} did not finish within {timeout}");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
