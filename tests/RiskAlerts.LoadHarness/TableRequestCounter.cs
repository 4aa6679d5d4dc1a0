using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace RiskAlerts.LoadHarness;

/// <summary>
/// Counts every HTTP request the host's Table Storage client sends (retries included: it sits per
/// retry), by kind, and those answered with an error or not at all.
/// </summary>
internal sealed class TableRequestCounter : HttpPipelinePolicy
{
    private long _queries;
    private long _batches;
    private long _pointReads;
    private long _pointWrites;
    private long _other;
    private long _failed;
    private readonly ConcurrentDictionary<string, long> _queriesByTable = new(StringComparer.Ordinal);

    public TableRequestCounts Snapshot() => new(
        Interlocked.Read(ref _queries),
        Interlocked.Read(ref _batches),
        Interlocked.Read(ref _pointReads),
        Interlocked.Read(ref _pointWrites),
        Interlocked.Read(ref _other),
        Interlocked.Read(ref _failed));

    /// <summary>Queries so far by the table they read: on Azurite every query scans its whole table, so where they go matters.</summary>
    public IReadOnlyDictionary<string, long> QueriesByTable() => new Dictionary<string, long>(_queriesByTable, StringComparer.Ordinal);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message.Request);
        try
        {
            ProcessNext(message, pipeline);
        }
        finally
        {
            CountOutcome(message);
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message.Request);
        try
        {
            await ProcessNextAsync(message, pipeline);
        }
        finally
        {
            CountOutcome(message);
        }
    }

    private void Count(Request request)
    {
        // The last path segment names what is asked: $batch, Tables (table operations), Table() or
        // Table(PartitionKey='...',RowKey='...'), or Table (an insert).
        var path = Uri.UnescapeDataString(request.Uri.Path);
        var segment = path[(path.LastIndexOf('/') + 1)..];
        var open = segment.IndexOf('(', StringComparison.Ordinal);
        var keyed = open >= 0 && segment.Length - open > 2;
        if (segment == "$batch")
        {
            Interlocked.Increment(ref _batches);
        }
        else if (segment.StartsWith("Tables", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _other);
        }
        else if (request.Method == RequestMethod.Get)
        {
            Interlocked.Increment(ref keyed ? ref _pointReads : ref _queries);
            if (!keyed)
            {
                _queriesByTable.AddOrUpdate(open >= 0 ? segment[..open] : segment, 1, (_, n) => n + 1);
            }
        }
        else
        {
            Interlocked.Increment(ref _pointWrites);
        }
    }

    private void CountOutcome(HttpMessage message)
    {
        if (!message.HasResponse || message.Response.Status >= 400)
        {
            Interlocked.Increment(ref _failed);
        }
    }
}

/// <summary>Table requests counted at one moment; subtract two for a window.</summary>
internal readonly record struct TableRequestCounts(long Queries, long Batches, long PointReads, long PointWrites, long Other, long Failed)
{
    /// <summary>Every request, failed ones included.</summary>
    public long Total => Queries + Batches + PointReads + PointWrites + Other;

    public TableRequestCounts Since(TableRequestCounts earlier) => new(
        Queries - earlier.Queries,
        Batches - earlier.Batches,
        PointReads - earlier.PointReads,
        PointWrites - earlier.PointWrites,
        Other - earlier.Other,
        Failed - earlier.Failed);
}
