namespace EdgeMmf.Device.Sampling;

/// <summary>
/// One measured quantity of a sensor (a supply rail, a RAPL domain).
/// </summary>
/// <param name="Name">The rail's name as the board calls it (e.g. <c>VDD_IN</c>, <c>package-0</c>).</param>
/// <param name="Quantity">Whether readings are milliwatts or a cumulative microjoule counter.</param>
/// <param name="CountsTowardTotal">
/// Whether the rail is part of the sensor's total. False for rails already contained in another
/// (a Jetson's VDD_CPU_GPU_CV is inside VDD_IN; a RAPL core domain is inside its package).
/// </param>
/// <param name="CounterRangeMicrojoules">For counters: the value at which the counter wraps to zero (powercap's max_energy_range_uj); 0 otherwise.</param>
public sealed record PowerRail(string Name, RailQuantity Quantity, bool CountsTowardTotal, double CounterRangeMicrojoules = 0);
