using System.Buffers.Binary;
using System.Text;
using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Gguf;

namespace EdgeMmf.Runtime.Tests.Gguf;

[TestClass]
public sealed class GgufReaderTests
{
    private static ModelFormatException Refused(byte[] bytes)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        ModelFormatException e = Assert.ThrowsExactly<ModelFormatException>(() => GgufReader.Read(bytes, "bad.gguf"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.IsLessThan(16L * bytes.Length + (1 << 20), allocated, $"refusing a {bytes.Length}-byte file allocated {allocated} bytes");
        StringAssert.Contains(e.Message, "bad.gguf");
        StringAssert.Contains(e.Message, "at byte");
        return e;
    }

    /// <summary>A header with one string key whose value the caller supplies raw, and no tensors.</summary>
    private static byte[] OneKey(string key, uint type, byte[] value)
    {
        var bytes = new List<byte>();
        void U32(uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); bytes.AddRange(b); }
        void U64(ulong v) { var b = new byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); bytes.AddRange(b); }
        U32(GgufReader.Magic); U32(3); U64(0); U64(1);
        U64((ulong)Encoding.UTF8.GetByteCount(key)); bytes.AddRange(Encoding.UTF8.GetBytes(key));
        U32(type);
        bytes.AddRange(value);
        return bytes.ToArray();
    }

    private static byte[] U64Bytes(ulong v) { var b = new byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); return b; }

    [TestMethod]
    public void Read_WrongMagic_IsRefused()
    {
        byte[] bytes = GgufTestFiles.TinyModel();
        bytes[0] = (byte)'X';
        StringAssert.Contains(Refused(bytes).Message, "magic");
    }

    [TestMethod]
    [DataRow(2u)]
    [DataRow(4u)]
    public void Read_OtherVersion_IsRefusedNamingIt(uint version)
    {
        byte[] bytes = GgufTestFiles.TinyModel();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), version);
        StringAssert.Contains(Refused(bytes).Message, $"version {version}");
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(10)]
    [DataRow(30)]
    [DataRow(500)]
    public void Read_TruncatedHeader_IsRefused(int length) => Refused(GgufTestFiles.TinyModel()[..length]);

    [TestMethod]
    public void Read_TruncatedData_NamesTheTensorOutsideTheFile()
    {
        byte[] bytes = GgufTestFiles.TinyModel();
        ModelFormatException e = Refused(bytes[..(bytes.Length - 100)]);
        Assert.AreEqual("model.embeddings.weight", e.Item);   // the last tensor in the file
        StringAssert.Contains(e.Message, "outside");
    }

    [TestMethod]
    [DataRow(ulong.MaxValue)]
    [DataRow(1UL << 40)]
    public void Read_AbsurdTensorCount_IsRefusedBeforeAllocating(ulong count)
    {
        byte[] bytes = GgufTestFiles.TinyModel();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), count);
        StringAssert.Contains(Refused(bytes).Message, "tensor_count");
    }

    [TestMethod]
    public void Read_AbsurdMetadataCount_IsRefusedBeforeAllocating()
    {
        byte[] bytes = GgufTestFiles.TinyModel();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), 1UL << 60);
        StringAssert.Contains(Refused(bytes).Message, "metadata_kv_count");
    }

    [TestMethod]
    [DataRow(ulong.MaxValue)]
    [DataRow(1UL << 31)]
    [DataRow(1000UL)]
    public void Read_StringLongerThanTheFile_IsRefused(ulong length)
    {
        byte[] bytes = GgufTestFiles.TinyModel();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24), length + 1_000_000);   // the first key's length
        StringAssert.Contains(Refused(bytes).Message, "claims");
    }

    [TestMethod]
    [DataRow(8u, 1UL << 40)]      // strings
    [DataRow(6u, 1UL << 62)]      // float32
    [DataRow(9u, 1UL << 33)]      // arrays
    public void Read_ArrayLongerThanTheFile_IsRefusedBeforeAllocating(uint elementType, ulong count)
    {
        byte[] value = [.. BitConverter.GetBytes(elementType), .. U64Bytes(count)];
        StringAssert.Contains(Refused(OneKey("k", 9, value)).Message, "array length");
    }

    [TestMethod]
    public void Read_UnknownValueType_IsRefusedNamingTheKey()
    {
        ModelFormatException e = Refused(OneKey("my.key", 13, [0, 0, 0, 0]));
        Assert.AreEqual("my.key", e.Item);
        StringAssert.Contains(e.Message, "value type 13");
    }

    [TestMethod]
    public void Read_ArraysNestedTooDeep_AreRefused()
    {
        var value = new List<byte>();
        for (int d = 0; d < 100; d++) value.AddRange([.. BitConverter.GetBytes(9u), .. U64Bytes(1)]);
        StringAssert.Contains(Refused(OneKey("deep", 9, [.. value])).Message, "nested");
    }

    [TestMethod]
    public void Read_InvalidUtf8_IsRefused() =>
        StringAssert.Contains(Refused(OneKey("s", 8, [.. U64Bytes(2), 0xC3, 0x28])).Message, "UTF-8");

    [TestMethod]
    public void Read_BoolOtherThanZeroOrOne_IsRefused() =>
        StringAssert.Contains(Refused(OneKey("b", 7, [2])).Message, "bool");

    [TestMethod]
    public void Read_DuplicateKey_IsRefused()
    {
        byte[] one = OneKey("k", 4, [1, 0, 0, 0]);
        byte[] two = [.. one, .. one[24..]];
        BinaryPrimitives.WriteUInt64LittleEndian(two.AsSpan(16), 2);
        StringAssert.Contains(Refused(two).Message, "twice");
    }

    [TestMethod]
    [DataRow(0u)]
    [DataRow(48u)]
    public void Read_AlignmentNotAPowerOfTwo_IsRefused(uint alignment) =>
        Assert.AreEqual("general.alignment", Refused(OneKey("general.alignment", 4, BitConverter.GetBytes(alignment))).Item);

    [TestMethod]
    public void Read_AlignmentOfWrongType_IsRefused() =>
        Assert.AreEqual("general.alignment", Refused(OneKey("general.alignment", 5, BitConverter.GetBytes(32))).Item);

    private static byte[] OneTensor(Action<GgufWriter> declare, Action<byte[], GgufContents>? patch = null)
    {
        var writer = new GgufWriter();
        declare(writer);
        byte[] bytes = GgufMetadataTests.Bytes(writer);
        patch?.Invoke(bytes, GgufReader.Read(bytes, "ok"));
        return bytes;
    }

    /// <summary>Byte offset of a tensor info's field, found by searching for the tensor's name.</summary>
    private static int InfoOffset(byte[] bytes, string name)
    {
        byte[] needle = [.. U64Bytes((ulong)Encoding.UTF8.GetByteCount(name)), .. Encoding.UTF8.GetBytes(name)];   // as GGUF stores it
        int at = bytes.AsSpan().IndexOf(needle);
        Assert.IsGreaterThan(0, at);
        return at + needle.Length;   // points at n_dims
    }

    [TestMethod]
    public void Read_TensorOffsetOutsideTheFile_IsRefusedNamingTheTensor()
    {
        byte[] bytes = OneTensor(w => w.AddTensor("the.tensor", [4], GgmlType.F32, s => s.Write(new byte[16])), (b, _) =>
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(InfoOffset(b, "the.tensor") + 4 + 8 + 4), 1UL << 50));
        ModelFormatException e = Refused(bytes);
        Assert.AreEqual("the.tensor", e.Item);
        StringAssert.Contains(e.Message, "outside");
    }

    [TestMethod]
    public void Read_MisalignedTensorOffset_IsRefused()
    {
        byte[] bytes = OneTensor(w => w.AddTensor("the.tensor", [4], GgmlType.F32, s => s.Write(new byte[16])), (b, _) =>
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(InfoOffset(b, "the.tensor") + 4 + 8 + 4), 8));
        StringAssert.Contains(Refused(bytes).Message, "alignment");
    }

    [TestMethod]
    public void Read_OverlappingTensors_AreRefused()
    {
        byte[] bytes = OneTensor(w =>
        {
            w.AddTensor("a", [32], GgmlType.F32, s => s.Write(new byte[128]));
            w.AddTensor("b", [4], GgmlType.F32, s => s.Write(new byte[16]));
        }, (b, _) => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(InfoOffset(b, "b") + 4 + 8 + 4), 64));
        StringAssert.Contains(Refused(bytes).Message, "overlaps");
    }

    [TestMethod]
    [DataRow(0u, "dimensions")]
    [DataRow(5u, "dimensions")]
    public void Read_BadDimensionCount_IsRefused(uint dims, string expected)
    {
        byte[] bytes = OneTensor(w => w.AddTensor("the.tensor", [4], GgmlType.F32, s => s.Write(new byte[16])), (b, _) =>
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(InfoOffset(b, "the.tensor")), dims));
        StringAssert.Contains(Refused(bytes).Message, expected);
    }

    [TestMethod]
    public void Read_UnknownGgmlType_IsRefused()
    {
        byte[] bytes = OneTensor(w => w.AddTensor("the.tensor", [4], GgmlType.F32, s => s.Write(new byte[16])), (b, _) =>
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(InfoOffset(b, "the.tensor") + 4 + 8), 4));   // Q4_2, removed from ggml
        StringAssert.Contains(Refused(bytes).Message, "type id 4");
    }

    [TestMethod]
    public void Read_RowNotAWholeNumberOfBlocks_IsRefused()
    {
        byte[] bytes = OneTensor(w => w.AddTensor("the.tensor", [256], GgmlType.TQ2_0, s => s.Write(new byte[66])), (b, _) =>
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(InfoOffset(b, "the.tensor") + 4), 100));
        StringAssert.Contains(Refused(bytes).Message, "block size 256");
    }

    [TestMethod]
    public void Read_ShapeWhoseSizeOverflows_IsRefused()
    {
        byte[] bytes = OneTensor(w => w.AddTensor("the.tensor", [1, 1, 1, 1], GgmlType.F32, s => s.Write(new byte[4])), (b, _) =>
        {
            int at = InfoOffset(b, "the.tensor") + 4;
            for (int d = 0; d < 4; d++) BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at + 8 * d), 1UL << 40);
        });
        StringAssert.Contains(Refused(bytes).Message, "64-bit");
    }
}
