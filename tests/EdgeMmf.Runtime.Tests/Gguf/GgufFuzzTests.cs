using System.Buffers.Binary;
using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Gguf;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Tests.Gguf;

/// <summary>
/// Deterministic mutation fuzzing of a valid tiny model file: every mutant must either load (and then run
/// one token) or be refused with <see cref="ModelFormatException"/> on one printable line; any other exception, or an allocation
/// out of proportion to the file, fails the test with the case number to replay.
/// </summary>
[TestClass]
public sealed class GgufFuzzTests
{
    private const int Cases = 6000;
    private const int Seed = 20261122;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void LoadMutatedFiles_OnlyEverRefuseWithTheFormatException()
    {
        byte[] original = GgufTestFiles.TinyModel();
        int headerLength = (int)GgufReader.Read(original, "base").DataStart;
        var random = new Random(Seed);
        using var projector = new TernaryProjector(1);
        int loaded = 0, refused = 0;
        var kinds = new int[6];
        long worstAllocation = 0;
        for (int c = 0; c < Cases; c++)
        {
            int kind = c % kinds.Length;
            kinds[kind]++;
            byte[] mutant = Mutate(original, headerLength, kind, random);
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                using GgufFile file = GgufFile.FromMemory(mutant, $"case-{c}");
                HgrnBitGgufMetadata.ReadTokenizer(file.Contents, file.Path);
                using HgrnBitModel model = HgrnBitGgufLoader.Load(file);
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                worstAllocation = Math.Max(worstAllocation, allocated);
                new FastForward(model, projector).Forward([1], new InferenceState(model.Config, maxBatch: 1));
                loaded++;
            }
            catch (ModelFormatException e)
            {
                refused++;
                // Keys and tensor names quoted from a damaged file can hold any byte: the message must stay one printable line.
                if (e.Message.Any(EdgeMmf.Text.TerminalText.NeedsEscape))
                    Assert.Fail($"case {c} (mutation kind {kind}, seed {Seed}): the message is not one printable line: {EdgeMmf.Text.TerminalText.Escape(e.Message)}");
                worstAllocation = Math.Max(worstAllocation, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            catch (Exception e)
            {
                Assert.Fail($"case {c} (mutation kind {kind}, seed {Seed}) threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }
        TestContext.WriteLine($"{Cases} mutants of a {original.Length}-byte file (header {headerLength} bytes): {loaded} loaded, {refused} refused; " +
            $"per kind {string.Join("/", kinds)}; worst allocation {worstAllocation} bytes.");
        Assert.AreEqual(Cases, loaded + refused);
        Assert.IsGreaterThan(Cases / 10, refused, "most header mutations should be refused");
        Assert.IsLessThan(8L * original.Length + (4 << 20), worstAllocation);
    }

    /// <summary>Kinds: 0 bit flip, 1 byte set to 0/0xFF/0x7F, 2 truncation, 3 u64 length/count inflation,
    /// 4 u32 field set to an edge value, 5 several bit flips anywhere (data included).</summary>
    private static byte[] Mutate(byte[] original, int headerLength, int kind, Random random)
    {
        byte[] m = (byte[])original.Clone();
        int InHeader() => random.Next(headerLength);
        switch (kind)
        {
            case 0:
                m[InHeader()] ^= (byte)(1 << random.Next(8));
                return m;
            case 1:
                m[InHeader()] = random.Next(3) switch { 0 => (byte)0, 1 => (byte)0xFF, _ => (byte)0x7F };
                return m;
            case 2:
                return m[..random.Next(random.Next(2) == 0 ? headerLength : m.Length)];
            case 3:
            {
                // Any offset: string lengths and counts sit at unaligned positions.
                int at = Math.Min(InHeader(), m.Length - 8);
                ulong value = random.Next(5) switch
                {
                    0 => ulong.MaxValue,
                    1 => 1UL << random.Next(20, 63),
                    2 => (ulong)m.Length,
                    3 => BinaryPrimitives.ReadUInt64LittleEndian(m.AsSpan(at)) + (ulong)random.Next(1, 4096),
                    _ => (ulong)long.MaxValue + 1,
                };
                BinaryPrimitives.WriteUInt64LittleEndian(m.AsSpan(at), value);
                return m;
            }
            case 4:
            {
                int at = Math.Min(InHeader(), m.Length - 4);
                uint value = random.Next(5) switch { 0 => 0u, 1 => uint.MaxValue, 2 => 13u, 3 => 36u, _ => (uint)random.Next(0, 64) };
                BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(at), value);
                return m;
            }
            default:
                for (int k = random.Next(1, 9); k > 0; k--) m[random.Next(m.Length)] ^= (byte)(1 << random.Next(8));
                return m;
        }
    }
}
