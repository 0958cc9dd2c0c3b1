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
}
