using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Gguf;

/// <summary>
/// The identity of a checkpoint's source files, which names its converted copy: XxHash128 over each file's
/// link target, length and modification time, and its content (whole when at most 16 MiB; otherwise its first
/// and last MiB and 64 KiB at 62 evenly spaced places, so a multi-GB model is keyed in milliseconds).
/// New weights copied in with their old times (<c>cp -p</c>) still change the key. A cache key, not a defence
/// against an attacker: a non-cryptographic hash in managed code, so the single binary needs no libssl on a board.
/// </summary>
public static class ConvertedModelKey
{
    /// <summary>Bump when the converter's output changes, so old copies are not reused.</summary>
    private const int ConverterVersion = 1;
    private const long WholeFileLimit = 16L << 20;
    private const int EdgeBytes = 1 << 20;
    private const int SampleBytes = 64 << 10;
    private const int Samples = 62;

    /// <summary>Hex digits of the key (enough that two sources never share one in practice).</summary>
    public static string Compute(string checkpointDirectory, string formatTag)
    {
        var hash = new XxHash128();
        Add(hash, $"edgemmf-converted-v{ConverterVersion}:{formatTag}");
        var buffer = new byte[EdgeBytes];
        foreach (string source in SourceFiles(checkpointDirectory))
        {
            string target = FileLinks.FinalTarget(source);
            using Microsoft.Win32.SafeHandles.SafeFileHandle handle = File.OpenHandle(target);
            long length = RandomAccess.GetLength(handle);
            Add(hash, $"{Path.GetFileName(source)}|{target}|{length}|{File.GetLastWriteTimeUtc(target).Ticks}");
            if (length <= WholeFileLimit)
                AddRange(hash, handle, 0, length, buffer);
            else
            {
                AddRange(hash, handle, 0, EdgeBytes, buffer);
                long stride = (length - 2L * EdgeBytes) / (Samples + 1);
                for (int k = 1; k <= Samples; k++) AddRange(hash, handle, EdgeBytes + k * stride, SampleBytes, buffer);
                AddRange(hash, handle, length - EdgeBytes, EdgeBytes, buffer);
            }
        }
        return Convert.ToHexStringLower(hash.GetCurrentHash(), 0, 10);
    }

    /// <summary>config.json, the weights (every *.safetensors) and the shard index: what the converted copy is made from.</summary>
    public static IEnumerable<string> SourceFiles(string directory)
    {
        yield return Path.Combine(directory, HfCheckpoint.ConfigFileName);
        string[] weights = Directory.GetFiles(directory, "*.safetensors");
        Array.Sort(weights, StringComparer.Ordinal);
        foreach (string file in weights) yield return file;
        string index = Path.Combine(directory, HfCheckpoint.IndexFileName);
        if (File.Exists(index)) yield return index;
    }

    private static void Add(XxHash128 hash, string text)
    {
        Span<byte> length = stackalloc byte[4];
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        hash.Append(length);
        hash.Append(bytes);
    }

    private static void AddRange(XxHash128 hash, Microsoft.Win32.SafeHandles.SafeFileHandle handle, long offset, long count, byte[] buffer)
    {
        while (count > 0)
        {
            int read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, count)), offset);
            if (read <= 0) break;
            hash.Append(buffer.AsSpan(0, read));
            offset += read;
            count -= read;
        }
    }
}
