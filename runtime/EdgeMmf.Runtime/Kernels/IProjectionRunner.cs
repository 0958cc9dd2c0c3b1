namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// Where the forward pass sends its BitLinears (docs/model-spec.md "BitLinear" step 4): the CPU's
/// <see cref="TernaryProjector"/>, or <see cref="Offload.OffloadingProjector"/> in front of it.
/// </summary>
internal interface IProjectionRunner
{
    /// <summary>One BitLinear: integer projection and division by its denominators.</summary>
    void Project(ProjectionTask a);

    /// <summary>A layer's i, f and g BitLinears, which share their input.</summary>
    void Project(ProjectionTask a, ProjectionTask b, ProjectionTask c);

    /// <summary>A layer's i, f and g BitLinears, then <paramref name="epilogue"/> on every range of their channels (<see cref="ChannelRanges"/>).</summary>
    void Project(ProjectionTask a, ProjectionTask b, ProjectionTask c, ChannelEpilogue epilogue);

    /// <summary>One BitLinear whose two row halves share channels (gate|up), then <paramref name="epilogue"/> on every range of them.</summary>
    void ProjectHalves(ProjectionTask a, ChannelEpilogue epilogue);
}
