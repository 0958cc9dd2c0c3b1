using EdgeMmf.Runtime.Speech;

namespace EdgeMmf.Cli.Tests.Commands;

[TestClass]
public sealed class ChatCommandTests
{
    private static string Root => EdgemmfProcess.RepositoryRoot;
    private static string Temp(string name) => Path.Combine(Path.GetTempPath(), $"edgemmf-chat-{Guid.NewGuid():N}-{name}");

    private static EdgemmfProcess.Result Chat(string input, params string[] arguments) =>
        EdgemmfProcess.Run(Root, input, TimeSpan.FromMinutes(3),
            ["chat", "--temperature", "0", .. (arguments.Contains("--max-tokens") ? [] : new[] { "--max-tokens", "24" }), .. arguments]);

    [TestMethod]
    public void Chat_ResumedFromAStateFile_ContinuesExactlyAsOneSession()
    {
        // One session with two turns...
        var whole = Chat("Tell me about the river.\nWhat happened next?\n");
        Assert.AreEqual(0, whole.ExitCode, whole.Stderr);
        string[] wholeReplies = whole.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // ...equals the first turn saved to a state file, then the second turn in a new process.
        string state = Temp("conversation.state");
        var first = Chat("Tell me about the river.\n", "--state", state);
        Assert.AreEqual(0, first.ExitCode, first.Stderr);
        Assert.IsTrue(File.Exists(state));
        var second = Chat("What happened next?\n", "--state", state);
        Assert.AreEqual(0, second.ExitCode, second.Stderr);
        StringAssert.Contains(second.Stderr, "resumed");

        Assert.AreEqual(first.Stdout.Trim(), wholeReplies[0].Trim());
        Assert.AreEqual(second.Stdout.Trim(), wholeReplies[1].Trim());
        // The whole conversation is 8 layers x 512 floats plus a small header and the recent ids.
        Assert.IsLessThan(40_000L, new FileInfo(state).Length);
    }

    [TestMethod]
    public void Chat_Commands_ReportStatsSaveAndReset()
    {
        string saved = Temp("saved.state");
        var result = Chat($"Hello there.\n/stats\n/save {saved}\n/reset\n/stats\n/load {saved}\n/stats\n/nonsense\n/quit\nnot read\n");
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        StringAssert.Contains(result.Stderr, "first token");
        StringAssert.Contains(result.Stderr, "saved");
        StringAssert.Contains(result.Stderr, "conversation reset");
        StringAssert.Contains(result.Stderr, "[turns 0, context 0 tokens");
        StringAssert.Contains(result.Stderr, "loaded");
        StringAssert.Contains(result.Stderr, "unknown command /nonsense");
        Assert.IsTrue(File.Exists(saved));
    }

    [TestMethod]
    public void Chat_SpeakTo_WritesTheSpokenReplyAsWav()
    {
        if (EspeakNgSpeaker.Find() is null)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail("CI installs espeak-ng; it must be found.");
            Assert.Inconclusive(EspeakNgSpeaker.InstallHint);
        }
        string wav = Temp("reply.wav");
        var result = Chat("Tell me a story.\n", "--speak-to", wav, "--max-tokens", "40");
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        WavFile audio = WavFile.Read(wav);
        Assert.IsGreaterThan(0.5, audio.DurationSeconds, $"{audio.DurationSeconds:F2} s of speech for: {result.Stdout}");
        StringAssert.Contains(result.Stderr, "first sentence");
    }
}
