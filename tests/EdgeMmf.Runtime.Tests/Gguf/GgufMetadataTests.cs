using EdgeMmf.Runtime.Gguf;

namespace EdgeMmf.Runtime.Tests.Gguf;

[TestClass]
public sealed class GgufMetadataTests
{
    /// <summary>One key per GGUF value type, arrays of every element type, and a nested array.</summary>
    internal static GgufWriter EveryValueType()
    {
        var writer = new GgufWriter();
        writer.Add("t.u8", GgufValue.UInt8(250))
            .Add("t.i8", GgufValue.Int8(-100))
            .Add("t.u16", GgufValue.UInt16(65000))
            .Add("t.i16", GgufValue.Int16(-32000))
            .Add("t.u32", GgufValue.UInt32(4_000_000_000))
            .Add("t.i32", GgufValue.Int32(-2_000_000_000))
            .Add("t.f32", GgufValue.Float32(1.17549435E-38f))
            .Add("t.bool", GgufValue.Bool(true))
            .Add("t.string", GgufValue.String("héllo ▁world"))
            .Add("t.u64", GgufValue.UInt64(ulong.MaxValue - 3))
            .Add("t.i64", GgufValue.Int64(long.MinValue + 5))
            .Add("t.f64", GgufValue.Float64(Math.PI))
            .Add("a.u8", GgufValue.Array(GgufValueType.UInt8, new byte[] { 0, 1, 255 }))
            .Add("a.i8", GgufValue.Array(GgufValueType.Int8, new sbyte[] { -128, 0, 127 }))
            .Add("a.u16", GgufValue.Array(GgufValueType.UInt16, new ushort[] { 1, 65535 }))
            .Add("a.i16", GgufValue.Array(GgufValueType.Int16, new short[] { -1, 2 }))
            .Add("a.u32", GgufValue.Array(GgufValueType.UInt32, new uint[] { 7, uint.MaxValue }))
            .Add("a.i32", GgufValue.Array(new[] { -7, int.MaxValue }))
            .Add("a.f32", GgufValue.Array(new[] { -0.0f, float.Epsilon, 3.5f }))
            .Add("a.bool", GgufValue.Array(GgufValueType.Bool, new[] { true, false, true }))
            .Add("a.string", GgufValue.Array(new[] { "", "<0x0A>", "▁the" }))
            .Add("a.u64", GgufValue.Array(GgufValueType.UInt64, new ulong[] { ulong.MaxValue }))
            .Add("a.i64", GgufValue.Array(GgufValueType.Int64, new long[] { long.MinValue, 0 }))
            .Add("a.f64", GgufValue.Array(GgufValueType.Float64, new[] { double.MaxValue }))
            .Add("a.empty", GgufValue.Array(GgufValueType.Float32, System.Array.Empty<float>()))
            .Add("a.nested", GgufValue.Array(GgufValueType.Array, new[]
            {
                GgufValue.Array(new[] { 1, 2 }),
                GgufValue.Array(new[] { "x" }),
                GgufValue.Array(GgufValueType.Array, new[] { GgufValue.Array(GgufValueType.UInt8, new byte[] { 9 }) }),
            }));
        return writer;
    }

    internal static byte[] Bytes(GgufWriter writer)
    {
        using var stream = new MemoryStream();
        writer.Write(stream);
        return stream.ToArray();
    }

    [TestMethod]
    public void Write_EveryValueType_ReadsBackEqual()
    {
        GgufWriter writer = EveryValueType();
        writer.AddTensor("w", [64, 2], GgmlType.F32, s => s.Write(new byte[64 * 2 * 4]));
        byte[] bytes = Bytes(writer);
        Assert.AreEqual(writer.FileLength, bytes.LongLength);
        GgufContents read = GgufReader.Read(bytes, "mem");

        using var again = new MemoryStream();
        var copy = new GgufWriter();
        foreach (KeyValuePair<string, GgufValue> kv in read.Metadata)
            if (kv.Key != "general.alignment") copy.Add(kv.Key, kv.Value);
        copy.AddTensor("w", [64, 2], GgmlType.F32, s => s.Write(new byte[64 * 2 * 4]));
        CollectionAssert.AreEqual(bytes, Bytes(copy), "re-writing what was read gives the same bytes");

        Assert.IsTrue(read.TryGetValue("t.u64", out GgufValue u64) && u64.TryGet(out ulong big) && big == ulong.MaxValue - 3);
        Assert.IsTrue(read.TryGetValue("t.string", out GgufValue s) && s.TryGet(out string? text) && text == "héllo ▁world");
        Assert.IsTrue(read.TryGetValue("a.bool", out GgufValue bools) && bools.Raw is bool[] { Length: 3 } b && b[0] && !b[1]);
        Assert.IsTrue(read.TryGetValue("a.nested", out GgufValue nested));
        var inner = (GgufValue[])nested.Raw;
        Assert.AreEqual(GgufValueType.String, inner[1].ElementType);
        Assert.AreEqual((byte)9, ((byte[])((GgufValue[])inner[2].Raw)[0].Raw)[0]);
        Assert.AreEqual(26 + 1, read.Metadata.Count);   // 26 keys + general.alignment
    }

    [TestMethod]
    public void Write_Tensors_StartOnTheAlignmentWithinTheFile()
    {
        var writer = new GgufWriter(alignment: 64);
        writer.AddTensor("a", [3], GgmlType.F32, s => s.Write(new byte[12]));
        writer.AddTensor("b", [256, 1], GgmlType.TQ2_0, s => s.Write(new byte[66]));
        GgufContents read = GgufReader.Read(Bytes(writer), "mem");
        Assert.AreEqual(0L, read.DataStart % 64);
        Assert.AreEqual(0L, read.Tensors[0].Offset);
        Assert.AreEqual(64L, read.Tensors[1].Offset);
        Assert.AreEqual(66L, read.Tensors[1].ByteSize);
    }

    [TestMethod]
    public void Write_Sections_PlaceTensorsBySectionThenDeclarationOrder()
    {
        var order = new List<string>();
        var writer = new GgufWriter();
        writer.AddTensor("late", [1], GgmlType.F32, s => { order.Add("late"); s.Write(new byte[4]); }, section: 2);
        writer.AddTensor("first", [1], GgmlType.F32, s => { order.Add("first"); s.Write(new byte[4]); }, section: 0);
        writer.AddTensor("middle", [1], GgmlType.F32, s => { order.Add("middle"); s.Write(new byte[4]); }, section: 1);
        writer.AddTensor("second", [1], GgmlType.F32, s => { order.Add("second"); s.Write(new byte[4]); }, section: 0);
        GgufContents read = GgufReader.Read(Bytes(writer), "mem");
        CollectionAssert.AreEqual(new[] { "first", "second", "middle", "late" }, order);
        string[] byOffset = read.Tensors.OrderBy(t => t.Offset).Select(t => t.Name).ToArray();
        CollectionAssert.AreEqual(new[] { "first", "second", "middle", "late" }, byOffset);
    }

    [TestMethod]
    public void Write_CallbackWritingTheWrongSize_Throws()
    {
        var writer = new GgufWriter();
        writer.AddTensor("a", [3], GgmlType.F32, s => s.Write(new byte[8]));
        Assert.ThrowsExactly<InvalidOperationException>(() => Bytes(writer));
    }
}
