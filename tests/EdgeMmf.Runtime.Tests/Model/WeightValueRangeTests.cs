using System.Buffers.Binary;
using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Gguf;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Tests.Gguf;

namespace EdgeMmf.Runtime.Tests.Model;

/// <summary>NaN, infinity and overflowing values in any float tensor are refused at load, naming the tensor and the element.</summary>
[TestClass]
public sealed class WeightValueRangeTests
{
    private static ModelFormatException RefusedGguf(string tensor, int element, float value)
    {
        byte[] bytes = GgufTestFiles.Rewrite(GgufTestFiles.TinyModel(), editTensors: tensors =>
        {
            GgufTestFiles.TensorEntry t = tensors.Single(e => e.Name == tensor);
            switch (t.Type)
            {
                case GgmlType.F32: BinaryPrimitives.WriteSingleLittleEndian(t.Data.AsSpan(4 * element), value); break;
                case GgmlType.F16: BinaryPrimitives.WriteHalfLittleEndian(t.Data.AsSpan(2 * element), (Half)value); break;
                default: BinaryPrimitives.WriteUInt16LittleEndian(t.Data.AsSpan(2 * element), (ushort)(BitConverter.SingleToUInt32Bits(value) >> 16)); break;
            }
        });
        var e = Assert.ThrowsExactly<ModelFormatException>(() =>
        {
            using GgufFile file = GgufFile.FromMemory(bytes, "bad.gguf");
            using HgrnBitModel model = HgrnBitGgufLoader.Load(file);
        });
        StringAssert.Contains(e.Message, "bad.gguf");
        StringAssert.Contains(e.Message, tensor);
        StringAssert.Contains(e.Message, $"element {element} ");
        return e;
    }

    [TestMethod]
    public void GgufNormGainWithNaN_IsRefusedNamingTensorAndElement() =>
        RefusedGguf("model.layers.1.attn_norm.weight", 5, float.NaN);

    [TestMethod]
    public void GgufFinalNormWithInfinity_IsRefused() => RefusedGguf(HgrnBitGgufKeys.FinalNorm, 0, float.PositiveInfinity);

    [TestMethod]
    public void GgufFiniteButOverflowingValue_IsRefused()
    {
        ModelFormatException e = RefusedGguf("model.layers.0.attn.g_norm.weight", 31, 3e38f);
        StringAssert.Contains(e.Message, "65504");
    }

    [TestMethod]
    public void GgufLowerBoundsWithNaN_AreRefused() => RefusedGguf(HgrnBitGgufKeys.LowerBounds, 40, float.NaN);

    [TestMethod]
    public void GgufEmbeddingWithInfinity_IsRefused() => RefusedGguf(HgrnBitGgufKeys.Embeddings, 32 * 39 + 7, float.NegativeInfinity);

    [TestMethod]
    public void GgufBitLinearNormGainWithNaN_IsRefused() => RefusedGguf("model.layers.0.mlp.down_proj.norm.weight", 3, float.NaN);

    [TestMethod]
    public void GgufLargestAllowedValue_Loads()
    {
        byte[] bytes = GgufTestFiles.Rewrite(GgufTestFiles.TinyModel(), editTensors: tensors =>
            BinaryPrimitives.WriteSingleLittleEndian(tensors.Single(e => e.Name == HgrnBitGgufKeys.FinalNorm).Data, -WeightValueRange.MaxMagnitude));
        using GgufFile file = GgufFile.FromMemory(bytes, "edge.gguf");
        using HgrnBitModel model = HgrnBitGgufLoader.Load(file);
        Assert.AreEqual(-WeightValueRange.MaxMagnitude, model.FinalNorm[0]);
    }

    [TestMethod]
    [DataRow("model.layers.0.attn_norm.weight", 9, SafetensorsDType.F32)]
    [DataRow("model.norm.weight", 0, SafetensorsDType.F16)]
    [DataRow("model.lower_bounds", 100, SafetensorsDType.BF16)]
    [DataRow("model.embeddings.weight", 1234, SafetensorsDType.F16)]
    [DataRow("model.layers.2.mlp.gate_proj.weight", 4321, SafetensorsDType.F32)]
    public void SafetensorsNaN_IsRefusedNamingTensorAndElement(string tensor, int element, SafetensorsDType dtype)
    {
        string directory = TestModels.CopyOf(TestModels.Checkpoint(TestModels.Small, seed: 31, dtype));
        string path = Path.Combine(directory, HfCheckpoint.SingleFileName);
        long at;
        using (SafetensorsFile file = SafetensorsFile.Open(path))
        {
            SafetensorsTensor t = file.Get(tensor);
            at = 8 + BinaryPrimitives.ReadInt64LittleEndian(File.ReadAllBytes(path).AsSpan(0, 8)) + t.DataOffset;
        }
        byte[] bytes = File.ReadAllBytes(path);
        if (dtype == SafetensorsDType.F32) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan((int)at + 4 * element), float.NaN);
        else BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan((int)at + 2 * element), 0x7FC0);  // a NaN in both f16 and bf16
        File.WriteAllBytes(path, bytes);

        var e = Assert.ThrowsExactly<ModelFormatException>(() => { using HgrnBitModel m = HgrnBitCheckpointLoader.Load(directory); });
        StringAssert.Contains(e.Message, tensor);
        StringAssert.Contains(e.Message, $"element {element} is NaN");
        // Conversion to GGUF reads through the same check.
        var converted = Assert.ThrowsExactly<ModelFormatException>(() => GgufConversionTests.Converted(directory, new GgufConversionOptions(), "nan-" + Guid.NewGuid().ToString("N")));
        StringAssert.Contains(converted.Message, tensor);
    }
}
