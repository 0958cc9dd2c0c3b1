using System.Buffers.Binary;
using System.Text;
using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Tests.Checkpoints;

[TestClass]
public sealed class CheckpointLoadingTests
{
    private static string Fresh() => TestModels.CopyOf(TestModels.Checkpoint(TestModels.Small, seed: 3));

    private static ModelFormatException Refused(string directory)
    {
        try
        {
            using HgrnBitModel model = HgrnBitCheckpointLoader.Load(directory);
        }
        catch (ModelFormatException e)
        {
            return e;
        }
        Assert.Fail("the loader accepted a bad checkpoint");
        return null!;
    }

    private static void EditConfig(string directory, string from, string to)
    {
        string path = Path.Combine(directory, "config.json");
        string text = File.ReadAllText(path);
        Assert.Contains(from, text);
        File.WriteAllText(path, text.Replace(from, to));
    }

    [TestMethod]
    public void Load_ValidCheckpoint_ReadsEveryConfigField()
    {
        using HgrnBitModel model = HgrnBitCheckpointLoader.Load(TestModels.Checkpoint(TestModels.Small, seed: 3));
        Assert.AreEqual(TestModels.Small, model.Config);
        Assert.AreEqual(512, model.Config.IntermediateSize);          // 256 * ceil(floor(160*4*2/3) / 256)
        Assert.AreEqual(1024, model.Layers[0].GateProj.OutFeatures);
        Assert.AreEqual(256, model.Layers[0].IProj.Weight.PaddedColumns);
    }

    [TestMethod]
    [DataRow("bf16")]
    [DataRow("f16")]
    public void Load_HalfPrecisionCheckpoint_Works(string kind)
    {
        SafetensorsDType dtype = kind == "bf16" ? SafetensorsDType.BF16 : SafetensorsDType.F16;
        using HgrnBitModel model = HgrnBitCheckpointLoader.Load(TestModels.Checkpoint(TestModels.Small, seed: 4, dtype));
        Assert.AreEqual(kind == "bf16" ? EmbeddingElementType.BF16 : EmbeddingElementType.F16, model.Embeddings.ElementType);
    }

    [TestMethod]
    public void Load_ShortConvVariant_IsRefusedByName()
    {
        string directory = Fresh();
        EditConfig(directory, "\"use_short_conv\": false", "\"use_short_conv\": true");
        StringAssert.Contains(Refused(directory).Message, "use_short_conv");
    }

    [TestMethod]
    public void Load_WrongModelType_IsRefused()
    {
        string directory = Fresh();
        EditConfig(directory, "\"hgrn_bit\"", "\"llama\"");
        StringAssert.Contains(Refused(directory).Message, "llama");
    }

    [TestMethod]
    public void Load_HeadsThatDoNotDivideTheWidth_AreRefused()
    {
        string directory = Fresh();
        EditConfig(directory, "\"num_heads\": 1", "\"num_heads\": 3");
        Assert.AreEqual("num_heads", Refused(directory).Item);
    }

    [TestMethod]
    public void Load_ShapeThatDisagreesWithConfig_NamesTheTensor()
    {
        string directory = Fresh();
        EditConfig(directory, "\"hidden_ratio\": 4", "\"hidden_ratio\": 8");
        ModelFormatException e = Refused(directory);
        Assert.AreEqual("model.layers.0.mlp.gate_proj.weight", e.Item);
        StringAssert.Contains(e.Message, "shape");
    }

    [TestMethod]
    public void Load_TruncatedWeights_IsRefused()
    {
        string directory = Fresh();
        string weights = Path.Combine(directory, "model.safetensors");
        byte[] bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);
        StringAssert.Contains(Refused(directory).Message, "outside");
    }

    [TestMethod]
    [DataRow(0UL)]
    [DataRow(ulong.MaxValue)]
    [DataRow(1UL << 40)]
    public void Load_HostileHeaderLength_IsRefusedWithoutAllocating(ulong headerLength)
    {
        string directory = Fresh();
        string weights = Path.Combine(directory, "model.safetensors");
        byte[] bytes = File.ReadAllBytes(weights);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength);
        File.WriteAllBytes(weights, bytes);
        Refused(directory);
    }

    [TestMethod]
    public void Load_HeaderWithUnknownDtype_NamesTheDtype()
    {
        string directory = Fresh();
        ReplaceInHeader(Path.Combine(directory, "model.safetensors"), "\"dtype\":\"F32\"", "\"dtype\":\"Q4X\"");
        StringAssert.Contains(Refused(directory).Message, "Q4X");
    }

    [TestMethod]
    public void Load_IntegerWeights_AreRefused()
    {
        string directory = Fresh();
        // I32 has the same element size, so offsets stay consistent and only the dtype is wrong.
        ReplaceInHeader(Path.Combine(directory, "model.safetensors"), "\"dtype\":\"F32\"", "\"dtype\":\"I32\"");
        StringAssert.Contains(Refused(directory).Message, "I32");
    }

    [TestMethod]
    public void Load_MissingTensor_NamesIt()
    {
        string directory = Fresh();
        ReplaceInHeader(Path.Combine(directory, "model.safetensors"), "\"model.norm.weight\"", "\"model.norm.wexght\"");
        Assert.AreEqual("model.norm.weight", Refused(directory).Item);
    }

    [TestMethod]
    public void Load_PickleCheckpoint_IsRefusedWithTheFix()
    {
        string directory = Fresh();
        File.Move(Path.Combine(directory, "model.safetensors"), Path.Combine(directory, "pytorch_model.bin"));
        StringAssert.Contains(Refused(directory).Message, "safetensors");
    }

    [TestMethod]
    public void Load_ShardedCheckpoint_ReadsEveryShard()
    {
        string directory = Fresh();
        string single = Path.Combine(directory, "model.safetensors");
        using (var file = SafetensorsFile.Open(single))
        {
            var first = new SafetensorsWriter();
            var second = new SafetensorsWriter();
            var map = new StringBuilder("{\"metadata\":{},\"weight_map\":{");
            int k = 0;
            foreach (SafetensorsTensor tensor in file.Tensors.Values)
            {
                var values = new float[tensor.ElementCount];
                file.ReadFloat32(tensor, 0, values);
                bool toFirst = k++ % 2 == 0;
                (toFirst ? first : second).Add(tensor.Name, tensor.Shape, values);
                map.Append(k > 1 ? "," : "").Append($"\"{tensor.Name}\":\"model-0000{(toFirst ? 1 : 2)}-of-00002.safetensors\"");
            }
            first.Write(Path.Combine(directory, "model-00001-of-00002.safetensors"));
            second.Write(Path.Combine(directory, "model-00002-of-00002.safetensors"));
            File.WriteAllText(Path.Combine(directory, "model.safetensors.index.json"), map.Append("}}").ToString());
        }
        using HgrnBitModel reference = HgrnBitCheckpointLoader.Load(directory);
        float expectedScale = reference.LmHead.Weight.WeightScale;
        File.Delete(single);
        using HgrnBitModel sharded = HgrnBitCheckpointLoader.Load(directory);
        Assert.AreEqual(expectedScale, sharded.LmHead.Weight.WeightScale);
    }

    [TestMethod]
    public void Load_IndexPointingOutsideTheDirectory_IsRefused()
    {
        string directory = Fresh();
        File.Delete(Path.Combine(directory, "model.safetensors"));
        File.WriteAllText(Path.Combine(directory, "model.safetensors.index.json"), "{\"weight_map\":{\"model.norm.weight\":\"../../etc/passwd\"}}");
        StringAssert.Contains(Refused(directory).Message, "plain file name");
    }

    private static void ReplaceInHeader(string path, string from, string to)
    {
        Assert.AreEqual(from.Length, to.Length, "header edits must keep the header length");
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        string header = Encoding.UTF8.GetString(bytes, 8, headerLength);
        int at = header.IndexOf(from, StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, at);
        header = header[..at] + to + header[(at + from.Length)..];
        Encoding.UTF8.GetBytes(header).CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
    }
}
