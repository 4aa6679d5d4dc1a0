using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace RiskAlerts.LoadHarness;

/// <summary>
/// Downloads a warning's evidence as CSV from the host in this process and measures what the download
/// cost the process: bytes allocated, the managed heap and working set sampled every 20 ms, and the live
/// heap (a full collection every 200 ms), each against
/// their values just before (after a full collection). Flat memory means the peak above the baseline
/// does not grow with the number of recipients; the bytes allocated do, since every row is formatted.
/// </summary>
internal static class EvidenceDownload
{
    public static async Task<int> MeasureAsync(HttpClient client, string warningId, int expectedRecipients)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        long workingSetBefore;
        using (var process = Process.GetCurrentProcess())
        {
            workingSetBefore = process.WorkingSet64;
        }

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long heapPeak = heapBefore, workingSetPeak = workingSetBefore, livePeak = heapBefore;
        var samples = 0;
        var collectionsBefore = GC.CollectionCount(0);
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(forceFullCollection: false));
                // Every 10th sample a full collection: what the download keeps alive, without the garbage not yet collected.
                if (++samples % 10 == 0)
                {
                    livePeak = Math.Max(livePeak, GC.GetTotalMemory(forceFullCollection: true));
                }
                workingSetPeak = Math.Max(workingSetPeak, Environment.WorkingSet);
                try
                {
                    await Task.Delay(20, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });

        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/warnings/{warningId}/evidence");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var firstByte = clock.Elapsed;
        await using var body = await response.Content.ReadAsStreamAsync();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81_920];
        var lines = new RecipientLineCounter();
        long bytes = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            bytes += read;
            hash.AppendData(buffer, 0, read);
            lines.Add(buffer.AsSpan(0, read));
        }

        var elapsed = clock.Elapsed;
        await sampling.CancelAsync();
        await sampler;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var recipients = lines.Count;

        Console.WriteLine();
        Console.WriteLine($"evidence CSV                 {bytes:N0} bytes, {recipients:N0} recipient lines (expected {expectedRecipients:N0}), first byte after {firstByte.TotalMilliseconds:N0} ms, all after {elapsed.TotalSeconds:N1} s");
        Console.WriteLine($"evidence allocated           {allocated / 1024.0 / 1024.0:N1} MiB in this process (host and client), {allocated / (double)Math.Max(1, recipients):N0} bytes per recipient");
        Console.WriteLine($"evidence managed heap        {heapBefore / 1024.0 / 1024.0:N1} MiB before, peak {heapPeak / 1024.0 / 1024.0:N1} MiB (+{(heapPeak - heapBefore) / 1024.0 / 1024.0:N1} MiB)");
        Console.WriteLine($"evidence live heap           peak {livePeak / 1024.0 / 1024.0:N1} MiB (+{(livePeak - heapBefore) / 1024.0 / 1024.0:N1} MiB), from a full collection every 200 ms; {GC.CollectionCount(0) - collectionsBefore:N0} collections in all");
        Console.WriteLine($"evidence working set         {workingSetBefore / 1024.0 / 1024.0:N1} MiB before, peak {workingSetPeak / 1024.0 / 1024.0:N1} MiB (+{(workingSetPeak - workingSetBefore) / 1024.0 / 1024.0:N1} MiB)");
        return recipients == expectedRecipients ? 0 : 1;
    }

    /// <summary>Counts lines that start with <c>recipient,</c>, across reads: the match so far carries over.</summary>
    private sealed class RecipientLineCounter
    {
        private static readonly byte[] Prefix = "recipient,"u8.ToArray();
        private int _matched = -1; // -1: not at a line start; else bytes of the prefix matched so far.

        public long Count { get; private set; }

        public void Add(ReadOnlySpan<byte> chunk)
        {
            foreach (var b in chunk)
            {
                if (b == (byte)'\n')
                {
                    _matched = 0;
                }
                else if (_matched >= 0)
                {
                    _matched = Prefix[_matched] == b ? _matched + 1 : -1;
                    if (_matched == Prefix.Length)
                    {
                        Count++;
                        _matched = -1;
                    }
                }
            }
        }
    }
}
