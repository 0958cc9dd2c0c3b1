namespace EdgeMmf.Runtime.Model;

/// <summary>
/// The whole context of a MatMul-free LM: the MLGRU state h[N] (D floats) of every layer, zero at the
/// start (docs/model-spec.md "One token step"). It does not grow with context length; saving it saves the conversation.
/// </summary>
public sealed class RecurrentState
{
    /// <summary>A zero state of <paramref name="layers"/> vectors of <paramref name="width"/> floats.</summary>
    public RecurrentState(int layers, int width)
    {
        Layers = layers;
        Width = width;
        H = new float[layers][];
        for (int n = 0; n < layers; n++) H[n] = new float[width];
    }

    /// <summary>A zero state for <paramref name="config"/>: L vectors of D floats.</summary>
    public RecurrentState(HgrnBitConfig config) : this(config.NumHiddenLayers, config.RecurrentWidth) { }

    /// <summary>L.</summary>
    public int Layers { get; }
    /// <summary>D.</summary>
    public int Width { get; }
    /// <summary>h[N][D].</summary>
    public float[][] H { get; }
    /// <summary>Tokens consumed since the last reset.</summary>
    public long Position { get; set; }

    /// <summary>The state's size in bytes (what saving a conversation stores).</summary>
    public long ByteSize => (long)Layers * Width * sizeof(float);

    /// <summary>Zeroes every h and the position: a new conversation.</summary>
    public void Reset()
    {
        foreach (float[] h in H) Array.Clear(h);
        Position = 0;
    }

    /// <summary>Copies <paramref name="other"/>'s h and position into this state (same shape only).</summary>
    public void CopyFrom(RecurrentState other)
    {
        if (other.Layers != Layers || other.Width != Width)
            throw new ArgumentException($"state shape [{other.Layers}, {other.Width}] does not match [{Layers}, {Width}].");
        for (int n = 0; n < Layers; n++) other.H[n].CopyTo(H[n], 0);
        Position = other.Position;
    }
}
