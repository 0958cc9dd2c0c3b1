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

    public static Result Run(string workingDirectory, string? standardInput, TimeSpan timeout, params string[] arguments)
    {
        ProcessStartInfo start = StartInfo();
        start.WorkingDirectory = workingDirectory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = standardInput is not null;
        start.UseShellExecute = false;
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
