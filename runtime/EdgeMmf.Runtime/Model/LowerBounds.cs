namespace EdgeMmf.Runtime.Model;

/// <summary>
/// The MLGRU forget-gate lower bounds (docs/model-spec.md "Forget-gate lower bounds"):
/// P = softmax(lower_bounds) over the layer axis, C = cumsum(P) over layers, lb[N] = C[N] - P[0],
/// so lb[0] = 0 and deeper layers forget more slowly. Float32 like the reference.
/// </summary>
public static class LowerBounds
{
    /// <summary>Computes lb from model.lower_bounds.</summary>
    /// <param name="raw">model.lower_bounds, [L, H] row-major.</param>
    /// <returns>lb, [L][H].</returns>
    /// <param name="layers">L.</param>
    /// <param name="hidden">H.</param>
    public static float[][] Compute(ReadOnlySpan<float> raw, int layers, int hidden)
    {
        var lb = new float[layers][];
        for (int n = 0; n < layers; n++) lb[n] = new float[hidden];
        var p = new float[layers];
        for (int c = 0; c < hidden; c++)
        {
            float max = float.NegativeInfinity;
            for (int n = 0; n < layers; n++) max = Math.Max(max, raw[n * hidden + c]);
            float sum = 0;
            for (int n = 0; n < layers; n++) { p[n] = MathF.Exp(raw[n * hidden + c] - max); sum += p[n]; }
            for (int n = 0; n < layers; n++) p[n] /= sum;
            float cumulative = 0;
            for (int n = 0; n < layers; n++)
            {
                cumulative += p[n];
                lb[n][c] = cumulative - p[0];
            }
        }
        return lb;
    }
}
