namespace EdgeMmf.Device.RaspberryPiPmic;

/// <summary>Runs a program and returns what it printed: the seam that lets tests stand in for <c>vcgencmd</c>.</summary>
public interface ICommandRunner
{
    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/>; returns its exit code and standard output.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program does not exist or cannot be started.</exception>
    (int ExitCode, string Output) Run(string program, IReadOnlyList<string> arguments);
}
