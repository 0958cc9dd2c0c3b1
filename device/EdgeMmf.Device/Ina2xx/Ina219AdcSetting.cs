namespace EdgeMmf.Device.Ina2xx;

/// <summary>
/// INA219 BADC / SADC (configuration bits 10-7 / 6-3): one conversion at 9-12 bits, or 12-bit
/// conversions averaged over 2-128 samples (datasheet table 5; conversion times in the comments).
/// </summary>
public enum Ina219AdcSetting : ushort
{
    /// <summary>One 9-bit conversion.</summary>
    Bits9 = 0b0000,      // 84 µs
    /// <summary>One 10-bit conversion.</summary>
    Bits10 = 0b0001,     // 148 µs
    /// <summary>One 11-bit conversion.</summary>
    Bits11 = 0b0010,     // 276 µs
    /// <summary>One 12-bit conversion.</summary>
    Bits12 = 0b0011,     // 532 µs
    /// <summary>2 12-bit conversions, averaged.</summary>
    Samples2 = 0b1001,   // 1.06 ms
    /// <summary>4 12-bit conversions, averaged.</summary>
    Samples4 = 0b1010,   // 2.13 ms
    /// <summary>8 12-bit conversions, averaged.</summary>
    Samples8 = 0b1011,   // 4.26 ms
    /// <summary>16 12-bit conversions, averaged.</summary>
    Samples16 = 0b1100,  // 8.51 ms
    /// <summary>32 12-bit conversions, averaged.</summary>
    Samples32 = 0b1101,  // 17.02 ms
    /// <summary>64 12-bit conversions, averaged.</summary>
    Samples64 = 0b1110,  // 34.05 ms
    /// <summary>128 12-bit conversions, averaged.</summary>
    Samples128 = 0b1111, // 68.10 ms
}
