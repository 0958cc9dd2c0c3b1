using System.CommandLine;

namespace EdgeMmf.Cli.Tests.Commands;

/// <summary>
/// Deterministic mutation fuzzing of the command line, in the style of the GGUF fuzz: argument vectors of the quick
/// commands (tokenize, detokenize, info, logits, generate, chat on the demo model) with values replaced, tokens
/// dropped, repeated, swapped or added, run in-process with the default exception handler off. Every case must end
/// in exit 0, or in exit 1 with parse errors of one line each or exactly one "edgemmf: error:" line; an exception
/// escaping a command fails the test with the case to replay. Commands that measure for seconds by design (bench,
/// campaign, bridge-sim, convert, sensors) are fuzzed through the parser only.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class CommandLineFuzzTests
{
    private const int Cases = 600;
    private const int ParseOnlyCases = 2000;
    private const int Seed = 20261206;

    public TestContext TestContext { get; set; } = null!;

    private static readonly string[][] Runnable =
    [
        ["tokenize", "--text", "Hello world", "--json"],
        ["detokenize", "--ids", "1,450,99"],
        ["info", "--threads", "1"],
        ["logits", "--ids", "1,2,3", "--threads", "1"],
        ["generate", "--max-tokens", "3", "--seed", "7", "--temperature", "0.5", "--top-k", "10", "--threads", "1", "--stop", "x", "Once"],
        ["chat", "--max-tokens", "3", "--seed", "7", "--threads", "1", "--system", "Be brief."],
    ];

    private static readonly string[][] ParseOnly =
    [
        ["bench", "--shape", "tiny", "--runs", "1", "--gen-tokens", "2", "--prompt-tokens", "2", "--probe-mib", "0", "--threads", "1"],
        ["campaign", "--plan", "device/plans/smoke.json", "--out", "/tmp/x"],
        ["convert", "--from", "/no/such", "--out", "/tmp/y.gguf", "--type", "tq1_0", "--embedding-type", "f16"],
        ["sensors", "--readings", "2", "--interval-ms", "10"],
    ];

    /// <summary>Values a user might mistype or an attacker might pass; none is valid and long-running for these commands.</summary>
    private static readonly string[] Hostile =
    [
        "2147483647", "-2147483648", "-1", "0", "1e9", "NaN", "-0", "abc", "", " ", "\u001b[31mred", "/no/such/dir/file", "99999999999999999999",
        "1,,2", "-1,2", "0x10", "∞", "--", "-", "--max-tokens", "3.5", "1048577", "/dev/null", "../../etc/passwd", "ünï",
        "1", "2", "64", "-5", "4096", "65536", "0.0", "1e-45", "3e38", "-3e38", "Infinity", "-Infinity", "1,2,2147483647",
    ];

    private static readonly string[] ExtraOptions =
    ["--max-tokens", "--threads", "--seed", "--temperature", "--top-k", "--top-p", "--repeat-penalty", "--model", "--ids", "--text", "--template", "--stop", "--state", "--json", "--bos", "--keep-special", "--all-positions", "--no-echo", "--help", "--version"];

    [TestMethod]
    public void RunMutatedCommandLines_NeverThrowAndErrOnOneLine()
    {
        var random = new Random(Seed);
        int succeeded = 0, refused = 0, parseErrors = 0;
        TextWriter stdout = Console.Out, stderr = Console.Error;
        TextReader stdin = Console.In;
        try
        {
            for (int c = -Runnable.Length; c < Cases; c++)
            {
                // The first cases are the command lines unmutated: each must run, or the fuzz would only test the parser.
                string[] args = c < 0 ? Runnable[c + Runnable.Length] : Mutate(Runnable[c % Runnable.Length], c / Runnable.Length % 6, random);
                var output = new StringWriter();
                var error = new StringWriter();
                Console.SetOut(output);
                Console.SetError(error);
                Console.SetIn(new StringReader("hi\n/stats\n/save /no/such/dir/s.state\n/quit\n"));
                ParseResult parsed = Program.BuildRoot().Parse(args);
                foreach (var e in parsed.Errors) Assert.IsFalse(e.Message.Contains('\n'), $"case {c}: parse error on several lines: {e.Message}");
                int exit;
                try
                {
                    exit = parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
                }
                catch (Exception e)
                {
                    Assert.Fail($"case {c} (seed {Seed}) edgemmf {Show(args)} threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                    return;
                }
                string err = error.ToString();
                if (c < 0) { Assert.AreEqual(0, exit, $"unmutated edgemmf {Show(args)}: {err}"); continue; }
                if (exit == 0) { succeeded++; continue; }
                Assert.AreEqual(1, exit, $"case {c}: edgemmf {Show(args)} exited {exit}: {err}");
                if (parsed.Errors.Count > 0) { parseErrors++; continue; }
                refused++;
                string[] lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("> ", StringComparison.Ordinal)).ToArray();
                Assert.AreEqual(1, lines.Count(l => l.StartsWith("edgemmf: error: ", StringComparison.Ordinal)), $"case {c}: edgemmf {Show(args)}: {err}");
                Assert.IsFalse(lines.Any(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal)), $"case {c}: a stack trace: {err}");
            }
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            Console.SetIn(stdin);
        }
        TestContext.WriteLine($"{Cases} mutated command lines: {succeeded} ran, {refused} refused by a command, {parseErrors} refused by the parser.");
        Assert.AreEqual(Cases, succeeded + refused + parseErrors);
        Assert.IsGreaterThan(Cases / 10, refused + parseErrors, "most mutations should be refused");
        Assert.IsGreaterThan(0, refused, "some mutations should reach the commands' own checks");
    }

    [TestMethod]
    public void ParseMutatedCommandLines_OfLongCommands_NeverThrow()
    {
        var random = new Random(Seed + 1);
        int errors = 0;
        foreach (string[] line in ParseOnly) Assert.IsEmpty(Program.BuildRoot().Parse(line).Errors, Show(line));
        for (int c = 0; c < ParseOnlyCases; c++)
        {
            string[] args = Mutate(ParseOnly[c % ParseOnly.Length], c % 6, random);
            ParseResult parsed = Program.BuildRoot().Parse(args);
            foreach (var e in parsed.Errors) Assert.IsFalse(e.Message.Contains('\n'), $"case {c}: parse error on several lines: {e.Message}");
            errors += parsed.Errors.Count > 0 ? 1 : 0;
        }
        TestContext.WriteLine($"{ParseOnlyCases} mutated command lines parsed: {errors} with parse errors.");
    }

    /// <summary>Kinds: 0 an option's value replaced, 1 a token dropped, 2 a token repeated, 3 an option added with a hostile value, 4 two tokens swapped, 5 two mutations.</summary>
    private static string[] Mutate(string[] original, int kind, Random random)
    {
        var args = new List<string>(original);
        switch (kind)
        {
            case 0:
            {
                // An option's value, so that most cases reach the command's own checks rather than the parser's.
                int[] values = Enumerable.Range(2, args.Count - 2).Where(i => args[i - 1].StartsWith("--", StringComparison.Ordinal) && !args[i].StartsWith("--", StringComparison.Ordinal)).ToArray();
                args[values.Length > 0 ? values[random.Next(values.Length)] : 1 + random.Next(args.Count - 1)] = Hostile[random.Next(Hostile.Length)];
                break;
            }
            case 1:
                args.RemoveAt(1 + random.Next(args.Count - 1));
                break;
            case 2:
            {
                int at = 1 + random.Next(args.Count - 1);
                args.Insert(at, args[at]);
                break;
            }
            case 3:
                args.Insert(1 + random.Next(args.Count), ExtraOptions[random.Next(ExtraOptions.Length)]);
                args.Insert(Math.Min(args.Count, 2 + random.Next(args.Count - 1)), Hostile[random.Next(Hostile.Length)]);
                break;
            case 4:
            {
                int a = 1 + random.Next(args.Count - 1), b = 1 + random.Next(args.Count - 1);
                (args[a], args[b]) = (args[b], args[a]);
                break;
            }
            default:
                return Mutate(Mutate(original, random.Next(5), random), random.Next(5), random);
        }
        return args.ToArray();
    }

    private static string Show(string[] args) => string.Join(' ', args.Select(a => "'" + a.Replace("\u001b", "\\e", StringComparison.Ordinal) + "'"));
}
