using System.Diagnostics;
using System.Globalization;

namespace RiskAlerts.LoadHarness;

/// <summary>CPU time and peak memory of this process and of a child process (Azurite), from <c>/proc</c> for the latter.</summary>
internal static class ProcessUsage
{
    // USER_HZ: the unit of utime and stime in /proc/PID/stat, 100 on every Linux the harness runs on.
    private const double ClockTicksPerSecond = 100;

    public static TimeSpan ThisProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public static long ThisProcessPeakBytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    /// <summary>User plus system CPU time of another process; <see langword="null"/> when /proc cannot tell.</summary>
    public static TimeSpan? Cpu(int processId)
    {
        try
        {
            // Fields after the command name (which is in parentheses and may hold spaces): state is
            // field 3, utime field 14, stime field 15.
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[14 - 3], CultureInfo.InvariantCulture) + long.Parse(fields[15 - 3], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Peak resident memory (VmHWM) of another process; <see langword="null"/> when /proc cannot tell.</summary>
    public static long? PeakBytes(int processId)
    {
        try
        {
            var line = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
