using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Text;

namespace EdgeMmf.Cli.Commands;

/// <summary>
/// Runs a command body and turns the errors a user can cause (bad paths, bad files, bad values) into one
/// clear line on stderr and exit code 1, instead of a stack trace. Anything else is a bug and is shown whole.
/// </summary>
internal static class CommandErrors
{
    public const int UserError = 1;

    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (IsUserError(e))
        {
            // One line, whatever the message quotes from a file or an argument: a newline or an escape sequence in a
            // tensor name or a path must not reach the terminal as such.
            Console.Error.WriteLine($"edgemmf: error: {TerminalText.Escape(e.Message)}");
            return UserError;
        }
    }

    private static bool IsUserError(Exception e) => e is ModelFormatException or StateFileException or FileNotFoundException
        or DirectoryNotFoundException or ArgumentException or FormatException or UnauthorizedAccessException or InvalidDataException
        or IOException or EdgeMmf.Bridge.Errors.BridgeException
        or EdgeMmf.Runtime.Tokenization.TokenizerFormatException or EdgeMmf.Runtime.Generation.NonFiniteOutputException;
}
