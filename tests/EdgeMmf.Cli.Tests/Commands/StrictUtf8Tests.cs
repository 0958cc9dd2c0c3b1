namespace EdgeMmf.Cli.Tests.Commands;

/// <summary>Text that is not UTF-8 is named by its byte offset, never silently turned into U+FFFD.</summary>
[TestClass]
public sealed class StrictUtf8Tests
{
    private static string Root => EdgemmfProcess.RepositoryRoot;

    [TestMethod]
    public void Generate_PromptWithInvalidUtf8_IsRefusedAtItsByteOffset()
    {
        var result = EdgemmfProcess.RunShell(Root, "$EDGEMMF generate --max-tokens 4 \"$(printf 'Once\\377 upon')\"");
        Assert.AreEqual(1, result.ExitCode, result.Stderr);
        StringAssert.Contains(result.Stderr, "the prompt: invalid UTF-8 at byte 4 (0xFF)");
        Assert.AreEqual("", result.Stdout);
    }

    [TestMethod]
    public void Generate_PromptWithATypedReplacementCharacter_Runs()
    {
        var result = EdgemmfProcess.Run(Root, "generate", "--max-tokens", "4", "--prompt", "Once \uFFFD upon");
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
    }

    [TestMethod]
    public void Tokenize_TextFileWithInvalidUtf8_IsRefusedNamingTheFileAndOffset()
    {
        string file = Path.Combine(Path.GetTempPath(), $"edgemmf-bad-{Guid.NewGuid():N}.txt");
        File.WriteAllBytes(file, [.. "héllo "u8, 0xC3, 0x28, .. " world"u8]);
        var result = EdgemmfProcess.Run(Root, "tokenize", "--text-file", file);
        Assert.AreEqual(1, result.ExitCode);
        StringAssert.Contains(result.Stderr, $"{file}: invalid UTF-8 at byte 7 (0xC3)");
    }

    [TestMethod]
    public void Tokenize_TextFileWithUtf8AndAByteOrderMark_IsRead()
    {
        string file = Path.Combine(Path.GetTempPath(), $"edgemmf-good-{Guid.NewGuid():N}.txt");
        File.WriteAllBytes(file, [0xEF, 0xBB, 0xBF, .. "héllo"u8]);
        var fromFile = EdgemmfProcess.Run(Root, "tokenize", "--json", "--text-file", file);
        var inline = EdgemmfProcess.Run(Root, "tokenize", "--json", "--text", "héllo");
        Assert.AreEqual(0, fromFile.ExitCode, fromFile.Stderr);
        Assert.AreEqual(inline.Stdout, fromFile.Stdout);
    }

    [TestMethod]
    public void Chat_PipedLineWithInvalidUtf8_IsSkippedWithItsOffsetAndTheSessionGoesOn()
    {
        var bad = EdgemmfProcess.RunShell(Root, "printf 'Hello there.\\nbad \\377 line\\nTell me more.\\n' | $EDGEMMF chat --temperature 0 --max-tokens 8");
        var good = EdgemmfProcess.RunShell(Root, "printf 'Hello there.\\nTell me more.\\n' | $EDGEMMF chat --temperature 0 --max-tokens 8");
        Assert.AreEqual(0, bad.ExitCode, bad.Stderr);
        StringAssert.Contains(bad.Stderr, "input line 2 is not UTF-8 (first bad byte at offset 17 of the input, 4 of the line); skipped it.");
        Assert.AreEqual(good.Stdout, bad.Stdout, "the bad line reaches neither the model nor the output");
    }
}
