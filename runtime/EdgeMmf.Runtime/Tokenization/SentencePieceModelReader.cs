using System.Text;

namespace EdgeMmf.Runtime.Tokenization;

/// <summary>
/// Reads a SentencePiece <c>tokenizer.model</c> (ModelProto, sentencepiece_model.proto): field 1 the pieces
/// (piece, score, type), field 2 the TrainerSpec (model_type 3, byte_fallback 35, unk/bos/eos ids 40-42),
/// field 3 the NormalizerSpec (name 1, add_dummy_prefix 3, remove_extra_whitespaces 4, escape_whitespaces 5).
/// </summary>
public static class SentencePieceModelReader
{
    /// <summary>What a tokenizer.model holds that EdgeMmf uses.</summary>
    /// <param name="Vocabulary">The pieces, scores, types and special ids.</param>
    /// <param name="AddDummyPrefix">NormalizerSpec add_dummy_prefix.</param>
    /// <param name="RemoveExtraWhitespace">NormalizerSpec remove_extra_whitespaces.</param>
    /// <param name="ByteFallback">TrainerSpec byte_fallback.</param>
    public sealed record Contents(Vocabulary Vocabulary, bool AddDummyPrefix, bool RemoveExtraWhitespace, bool ByteFallback);

    /// <summary>Reads and checks the tokenizer.model at <paramref name="path"/>.</summary>
    public static Contents Read(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new TokenizerFormatException(path, $"cannot be read ({e.Message}).", e); }
        return Parse(bytes, path);
    }

    /// <summary>Parses ModelProto bytes; <paramref name="path"/> names the file in errors.</summary>
    public static Contents Parse(ReadOnlySpan<byte> data, string path)
    {
        var pieces = new List<string>();
        var scores = new List<float>();
        var types = new List<PieceType>();
        int modelType = 1, unk = 0, bos = 1, eos = 2;
        bool byteFallback = false, dummyPrefix = true, removeExtra = true, escape = true;
        string normalizerName = "";
        var reader = new ProtobufReader(data, path);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1:
                    reader.Expect(2, wire, "pieces");
                    ReadPiece(reader.ReadBytes(), path, pieces, scores, types);
                    break;
                case 2:
                    reader.Expect(2, wire, "trainer_spec");
                    var trainer = new ProtobufReader(reader.ReadBytes(), path);
                    while (!trainer.AtEnd)
                    {
                        var (f, w) = trainer.ReadTag();
                        if (w != 0) { trainer.Skip(w); continue; }
                        long v = (long)trainer.ReadVarint();
                        if (f == 3) modelType = (int)v;
                        else if (f == 35) byteFallback = v != 0;
                        else if (f == 40) unk = (int)v;
                        else if (f == 41) bos = (int)v;
                        else if (f == 42) eos = (int)v;
                    }
                    break;
                case 3:
                    reader.Expect(2, wire, "normalizer_spec");
                    var normalizer = new ProtobufReader(reader.ReadBytes(), path);
                    while (!normalizer.AtEnd)
                    {
                        var (f, w) = normalizer.ReadTag();
                        if (f == 1 && w == 2) normalizerName = Encoding.UTF8.GetString(normalizer.ReadBytes());
                        else if (w == 0 && f is 3 or 4 or 5)
                        {
                            bool v = normalizer.ReadVarint() != 0;
                            if (f == 3) dummyPrefix = v; else if (f == 4) removeExtra = v; else escape = v;
                        }
                        else normalizer.Skip(w);
                    }
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        if (pieces.Count == 0) throw new TokenizerFormatException(path, "is not a SentencePiece model: it has no pieces.");
        if (modelType != 2)
            throw new TokenizerFormatException(path, $"is a SentencePiece {ModelTypeName(modelType)} model; EdgeMmf implements BPE, which Llama-family checkpoints use.");
        if (normalizerName is not ("" or "identity"))
            throw new TokenizerFormatException(path, $"uses the \"{normalizerName}\" normalization rule; EdgeMmf implements Llama's identity normalization.");
        if (!escape) throw new TokenizerFormatException(path, "does not escape whitespace; EdgeMmf implements Llama's '▁' escaping.");
        var vocabulary = new Vocabulary(pieces.ToArray(), scores.ToArray(), types.ToArray(), unk, Math.Max(bos, 0), Math.Max(eos, 0), path);
        if (byteFallback && !vocabulary.HasByteFallback)
            throw new TokenizerFormatException(path, "trainer_spec.byte_fallback is set but the model has no <0x00>..<0xFF> byte pieces.");
        return new Contents(vocabulary, dummyPrefix, removeExtra, byteFallback);
    }

    private static void ReadPiece(ReadOnlySpan<byte> data, string path, List<string> pieces, List<float> scores, List<PieceType> types)
    {
        var reader = new ProtobufReader(data, path);
        string piece = "";
        float score = 0;
        int type = 1;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1 && wire == 2) piece = Encoding.UTF8.GetString(reader.ReadBytes());
            else if (field == 2 && wire == 5) score = reader.ReadFloat();
            else if (field == 3 && wire == 0) type = (int)reader.ReadVarint();
            else reader.Skip(wire);
        }
        if (type is < 1 or > 6) throw new TokenizerFormatException(path, $"piece {pieces.Count} (\"{piece}\") has unknown type {type}.");
        pieces.Add(piece);
        scores.Add(score);
        types.Add((PieceType)type);
    }

    private static string ModelTypeName(int type) => type switch { 1 => "Unigram", 3 => "word", 4 => "char", _ => $"type-{type}" };
}
