namespace EdgeMmf.Runtime.Tokenization;

/// <summary>
/// A bounds-checked reader for the protobuf wire format (varints, fixed32/64, length-delimited fields),
/// enough to read a SentencePiece <c>.model</c> without a protobuf library. Every length is checked
/// against the bytes left, so a damaged file fails with a message instead of reading past the end.
/// </summary>
public ref struct ProtobufReader(ReadOnlySpan<byte> data, string source)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    /// <summary>True when every byte has been read.</summary>
    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>The next field's number and wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).</summary>
    public (int Field, int WireType) ReadTag()
    {
        ulong tag = ReadVarint();
        int wire = (int)(tag & 7);
        if (tag >> 3 == 0 || tag >> 3 > int.MaxValue || wire is 3 or 4 or 6 or 7)
            throw Fail($"invalid field tag {tag} (wire type {wire})");
        return ((int)(tag >> 3), wire);
    }

    /// <summary>Reads a base-128 varint (at most 10 bytes).</summary>
    public ulong ReadVarint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length) throw Fail("a varint runs past the end");
            byte b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw Fail("a varint is longer than 10 bytes");
    }

    /// <summary>Reads a fixed32 float.</summary>
    public float ReadFloat()
    {
        if (_position + 4 > _data.Length) throw Fail("a float runs past the end");
        float value = BitConverter.ToSingle(_data.Slice(_position, 4));
        _position += 4;
        return value;
    }

    /// <summary>Reads a length-delimited field's bytes.</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        ulong length = ReadVarint();
        if (length > (ulong)(_data.Length - _position)) throw Fail($"a {length}-byte field runs past the end");
        ReadOnlySpan<byte> bytes = _data.Slice(_position, (int)length);
        _position += (int)length;
        return bytes;
    }

    /// <summary>Skips one field of <paramref name="wireType"/>.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0: ReadVarint(); break;
            case 1: Advance(8); break;
            case 2: ReadBytes(); break;
            case 5: Advance(4); break;
            default: throw Fail($"cannot skip wire type {wireType}");
        }
    }

    /// <summary>Fails naming <paramref name="field"/> unless its wire type <paramref name="actual"/> is <paramref name="wireType"/>.</summary>
    public void Expect(int wireType, int actual, string field)
    {
        if (wireType != actual) throw Fail($"field {field} has wire type {actual}, expected {wireType}");
    }

    private void Advance(int count)
    {
        if (_position + count > _data.Length) throw Fail("a field runs past the end");
        _position += count;
    }

    private readonly TokenizerFormatException Fail(string what) =>
        new(source, $"is not a valid SentencePiece model: {what} (byte {_position}).");
}
