using System.Diagnostics;

namespace EdgeMmf.Cli.Tests;

/// <summary>
/// Runs the real <c>edgemmf</c> in a fresh process, the way a user does, and captures its output.
/// By default that is <c>dotnet edgemmf.dll</c> beside the tests. <c>EDGEMMF_CLI</c> names another executable
/// instead (a published NativeAOT binary), and <c>EDGEMMF_CLI_LAUNCHER</c> a program to start it with: CI runs
/// this suite against the linux-arm64 binary with <c>EDGEMMF_CLI_LAUNCHER=qemu-aarch64</c> (and <c>QEMU_CPU</c>).
/// </summary>
internal static class EdgemmfProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    private static string CliAssembly => Path.Combine(AppContext.BaseDirectory, "edgemmf.dll");

    private static ProcessStartInfo StartInfo()
    {
        string? cli = Environment.GetEnvironmentVariable("EDGEMMF_CLI");
        if (string.IsNullOrEmpty(cli))
        {
            var dotnet = new ProcessStartInfo("dotnet");
            dotnet.ArgumentList.Add(CliAssembly);
            return dotnet;
        }
        cli = Path.GetFullPath(cli);
        string? launcher = Environment.GetEnvironmentVariable("EDGEMMF_CLI_LAUNCHER");
        if (string.IsNullOrEmpty(launcher)) return new ProcessStartInfo(cli);
        var launched = new ProcessStartInfo(launcher);
        launched.ArgumentList.Add(cli);
        return launched;
    }

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
        ProcessStartInfo start = StartInfo();
        start.WorkingDirectory = workingDirectory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = standardInput is not null;
        start.UseShellExecute = false;
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.Environment.Remove("EDGEMMF_MODEL");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return Wait(start, standardInput, timeout, string.Join(' ', arguments));
    }

    /// <summary>Starts edgemmf in the background (a fleet agent, say), output redirected; the caller stops it.</summary>
    public static Process Start(string workingDirectory, params string[] arguments)
    {
        ProcessStartInfo start = StartInfo();
        start.WorkingDirectory = workingDirectory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.Environment.Remove("EDGEMMF_MODEL");
        return Process.Start(start)!;
    }

    /// <summary>
    /// Runs <c>sh -c</c> with <c>$EDGEMMF</c> meaning the command that starts edgemmf (as <see cref="Run(string, string[])"/> does), for arguments that are not valid UTF-8
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
        ProcessStartInfo edgemmf = StartInfo();
        start.Environment["EDGEMMF"] = string.Join(' ', [edgemmf.FileName, .. edgemmf.ArgumentList]);
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
