using EdgeMmf.Runtime.Speech;

namespace EdgeMmf.Runtime.Tests.Speech;

[TestClass]
public sealed class EspeakNgSpeakerTests
{
    [TestMethod]
    public void Speak_ToWav_WritesAllSentencesWithPlausibleDuration()
    {
        if (EspeakNgSpeaker.Find() is null)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail("CI installs espeak-ng; it must be found.");
            Assert.Inconclusive(EspeakNgSpeaker.InstallHint);
        }
        string path = Path.Combine(Path.GetTempPath(), $"speech-{Guid.NewGuid():N}.wav");
        using (var speaker = new EspeakNgSpeaker(path))
        {
            speaker.Speak("Hello from the edge.");
            speaker.Speak("Each token costs a few millijoules.");
            speaker.Complete();
            Assert.AreEqual(2, speaker.SentencesSpoken);
            Assert.AreNotEqual(0L, speaker.FirstAudioTimestamp);
        }
        WavFile wav = WavFile.Read(path);
        // Eleven words at 175 words per minute is about 3.8 s of speech; espeak-ng adds short pauses.
        Assert.IsTrue(wav.DurationSeconds is > 2.0 and < 8.0, $"duration {wav.DurationSeconds:F2} s");
        Assert.AreEqual(22050, wav.SampleRate);
    }

    [TestMethod]
    public void Constructor_MissingSynthesizer_SaysHowToInstallIt()
    {
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => new EspeakNgSpeaker(searchPath: "/nonexistent"));
        StringAssert.Contains(e.Message, "apt-get install espeak-ng");
    }
}
