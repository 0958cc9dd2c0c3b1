using System.Collections.Concurrent;
using System.Diagnostics;

namespace EdgeMmf.Runtime.Speech;

/// <summary>
/// Speaks sentences with the offline espeak-ng synthesizer on a background thread, so speech of one
/// sentence overlaps generation of the next. Plays through the default audio device, or, with an output
/// path, collects every sentence into one WAV file. Records when the first sentence's audio was ready.
/// </summary>
public sealed class EspeakNgSpeaker : IDisposable
{
    /// <summary>The message when espeak-ng is not installed.</summary>
    public const string InstallHint = "espeak-ng was not found on PATH. Install it (Debian, Ubuntu, Raspberry Pi OS: sudo apt-get install espeak-ng; Jetson: the same) or drop --speak.";

    private readonly string _executable;
    private readonly string? _wavPath;
    private readonly string _voiceArguments;
    private readonly BlockingCollection<string> _queue = new();
    private readonly Thread _worker;
    private readonly List<WavFile> _clips = [];
    private long _firstAudioTimestamp;
    private Exception? _failure;

    /// <summary>Starts the speech thread; with <paramref name="wavPath"/>, writes a WAV file instead of playing.</summary>
    public EspeakNgSpeaker(string? wavPath = null, string voice = "en", int wordsPerMinute = 175, string? searchPath = null)
    {
        _executable = Find(searchPath ?? Environment.GetEnvironmentVariable("PATH")) ?? throw new FileNotFoundException(InstallHint, "espeak-ng");
        _wavPath = wavPath;
        _voiceArguments = $"-v {voice} -s {wordsPerMinute}";
        _worker = new Thread(Run) { IsBackground = true, Name = "edgemmf-speech" };
        _worker.Start();
    }

    /// <summary>Stopwatch timestamp when the first sentence's audio started playing or was written; 0 before that.</summary>
    public long FirstAudioTimestamp => Interlocked.Read(ref _firstAudioTimestamp);

    /// <summary>Sentences synthesized so far.</summary>
    public int SentencesSpoken { get; private set; }

    /// <summary>espeak-ng's path, or null when it is not installed.</summary>
    public static string? Find() => Find(Environment.GetEnvironmentVariable("PATH"));

    /// <summary>espeak-ng's path within a PATH-style list of directories, or null.</summary>
    public static string? Find(string? path)
    {
        if (path is null) return null;
        foreach (string directory in path.Split(Path.PathSeparator))
            foreach (string name in new[] { "espeak-ng", "espeak" })
            {
                string candidate = Path.Combine(directory, name);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }

    /// <summary>Starts timing a new utterance: <see cref="FirstAudioTimestamp"/> goes back to 0.</summary>
    public void BeginUtterance() => Interlocked.Exchange(ref _firstAudioTimestamp, 0);

    /// <summary>Queues a sentence; returns at once.</summary>
    public void Speak(string sentence) => _queue.Add(sentence);

    /// <summary>Waits until every queued sentence was spoken, then writes the WAV file if one was asked for.</summary>
    public void Complete()
    {
        _queue.CompleteAdding();
        _worker.Join();
        if (_failure is not null) throw new IOException($"speech failed: {_failure.Message}", _failure);
        if (_wavPath is not null && _clips.Count > 0) WavFile.WriteConcatenated(_wavPath, _clips);
    }

    private void Run()
    {
        try
        {
            foreach (string sentence in _queue.GetConsumingEnumerable())
            {
                string? clipPath = _wavPath is null ? null : Path.Combine(Path.GetTempPath(), $"edgemmf-speech-{Environment.ProcessId}-{SentencesSpoken}.wav");
                var start = new ProcessStartInfo(_executable)
                {
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                foreach (string argument in _voiceArguments.Split(' ')) start.ArgumentList.Add(argument);
                if (clipPath is not null) { start.ArgumentList.Add("-w"); start.ArgumentList.Add(clipPath); }
                start.ArgumentList.Add("--stdin");
                using Process process = Process.Start(start) ?? throw new IOException($"could not start {_executable}");
                if (clipPath is null) Interlocked.CompareExchange(ref _firstAudioTimestamp, Stopwatch.GetTimestamp(), 0);
                process.StandardInput.Write(sentence);
                process.StandardInput.Close();
                string errors = process.StandardError.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0) throw new IOException($"{_executable} exited with {process.ExitCode}: {errors.Trim()}");
                if (clipPath is not null)
                {
                    _clips.Add(WavFile.Read(clipPath));
                    File.Delete(clipPath);
                    Interlocked.CompareExchange(ref _firstAudioTimestamp, Stopwatch.GetTimestamp(), 0);
                }
                SentencesSpoken++;
            }
        }
        catch (Exception e)
        {
            _failure = e;
            foreach (string _ in _queue.GetConsumingEnumerable()) { }   // drain so producers never block
        }
    }

    /// <summary>Finishes the queued sentences and stops the speech thread.</summary>
    public void Dispose()
    {
        if (!_queue.IsAddingCompleted) _queue.CompleteAdding();
        _worker.Join();
        _queue.Dispose();
    }
}
