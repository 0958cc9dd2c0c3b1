using System.Globalization;
using System.Text;
using EdgeMmf.Device.Text;

namespace EdgeMmf.Device.Sampling;

/// <summary>
/// Writes samples as CSV, one row at a time, flushed to the OS after every row so that a crash
/// or Ctrl-C loses nothing already measured. Columns: Stopwatch ticks, seconds since the first
/// row, then one column per channel (empty where the sensor gave no reading).
/// Appends: reopening an existing file adds rows under its header.
/// </summary>
public sealed class PowerSampleCsvWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly StreamWriter _writer;
    private readonly StringBuilder _line = new(256);
    private long _firstTimestamp = -1;

    /// <summary>Opens <paramref name="path"/> for appending, writing the header of <paramref name="channels"/> when the file is new or empty.</summary>
    public PowerSampleCsvWriter(string path, IReadOnlyList<PowerChannel> channels)
    {
        Path = path;
        bool isNew = !File.Exists(path) || new FileInfo(path).Length == 0;
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        _writer = new StreamWriter(_stream, new UTF8Encoding(false));
        if (isNew)
        {
            _line.Append("timestamp_ticks,time_s");
            foreach (PowerChannel channel in channels)
            {
                _line.Append(',').Append(CsvField.Escape(channel.CsvHeader));   // a label can hold a comma, a quote or a newline
            }
            WriteLine();
        }
    }

    /// <summary>The CSV file.</summary>
    public string Path { get; }

    /// <summary>Appends one row and flushes it to the operating system.</summary>
    public void Append(long timestamp, ReadOnlySpan<double> values)
    {
        if (_firstTimestamp < 0)
        {
            _firstTimestamp = timestamp;
        }
        double seconds = (timestamp - _firstTimestamp) / (double)System.Diagnostics.Stopwatch.Frequency;
        _line.Append(timestamp.ToString(CultureInfo.InvariantCulture)).Append(',')
             .Append(seconds.ToString("F6", CultureInfo.InvariantCulture));
        foreach (double value in values)
        {
            _line.Append(',');
            if (!double.IsNaN(value))
            {
                _line.Append(value.ToString("R", CultureInfo.InvariantCulture));
            }
        }
        WriteLine();
    }

    private void WriteLine()
    {
        _line.Append('\n');
        _writer.Write(_line);
        _line.Clear();
        _writer.Flush();
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        _writer.Dispose();
        _stream.Dispose();
    }
}
