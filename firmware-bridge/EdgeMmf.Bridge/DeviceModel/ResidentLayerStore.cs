namespace EdgeMmf.Bridge.DeviceModel;

/// <summary>The device's weight memory: a fixed number of slots sharing a byte budget.</summary>
internal sealed class ResidentLayerStore
{
    private readonly ResidentLayer?[] _slots;

    public ResidentLayerStore(int slots, long capacityBytes)
    {
        _slots = new ResidentLayer?[slots];
        CapacityBytes = capacityBytes;
    }

    public int SlotCount => _slots.Length;
    public long CapacityBytes { get; }
    public long AllocatedBytes { get; private set; }

    public ResidentLayer? this[int slot] => (uint)slot < (uint)_slots.Length ? _slots[slot] : null;

    /// <summary>Replaces a slot's contents with an empty layer, or returns false when the budget cannot hold it.</summary>
    public bool TryAllocate(int slot, ResidentLayer layer)
    {
        long previous = _slots[slot]?.Packed.LongLength ?? 0;
        if (AllocatedBytes - previous + layer.Packed.LongLength > CapacityBytes) return false;
        AllocatedBytes += layer.Packed.LongLength - previous;
        _slots[slot] = layer;
        return true;
    }

    public void Clear()
    {
        Array.Clear(_slots);
        AllocatedBytes = 0;
    }
}
