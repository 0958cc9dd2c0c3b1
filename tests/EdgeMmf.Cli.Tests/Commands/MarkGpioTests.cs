namespace EdgeMmf.Cli.Tests.Commands;

/// <summary><c>--mark-gpio</c> on a machine without that GPIO chip, and with a malformed line: one clear line each.</summary>
[TestClass]
public sealed class MarkGpioTests
{
    private static string SmokePlan => Path.Combine(EdgemmfProcess.RepositoryRoot, "device", "plans", "smoke.json");

    [TestMethod]
    public void Campaign_MarkGpioOnAMissingChip_FailsInOneLineNamingTheChipAndHowToList()
    {
        string output = Path.Combine(Path.GetTempPath(), $"edgemmf-mark-{Guid.NewGuid():N}");
        try
        {
            var result = EdgemmfProcess.Run(Path.GetTempPath(), "campaign", "--plan", SmokePlan, "--out", output, "--no-sensors", "--mark-gpio", "gpiochip97:17");

            Assert.AreEqual(1, result.ExitCode, result.Stderr);
            StringAssert.Contains(result.Stderr, "/dev/gpiochip97");
            StringAssert.Contains(result.Stderr, "gpiodetect");
            Assert.HasCount(1, result.Stderr.Trim().Split('\n'), result.Stderr);
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    [TestMethod]
    public void Campaign_MarkGpioWithoutChip_SaysHowToWriteTheLine()
    {
        var result = EdgemmfProcess.Run(Path.GetTempPath(), "campaign", "--plan", SmokePlan, "--out", Path.Combine(Path.GetTempPath(), $"edgemmf-mark-{Guid.NewGuid():N}"), "--no-sensors", "--mark-gpio", "17");

        Assert.AreEqual(1, result.ExitCode, result.Stderr);
        StringAssert.Contains(result.Stderr, "CHIP:LINE");
    }
}
