using System.Collections.Concurrent;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace RiskAlerts.IntegrationTests.Fixtures;

/// <summary>
/// Counts the Table transactions (<c>POST .../$batch</c>) the host's Table client sends, per
/// retry, whose body names a watched text (a warning id is in every partition key of its rows), so
/// that a test counts its own transactions while other tests write to the same tables.
/// </summary>
public sealed class TableTransactionCounter : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<Watch, byte> _watches = new();

    /// <summary>Counts, until disposed, the transactions whose body contains <paramref name="marker"/>.</summary>
    public Watch Start(string marker)
    {
        var watch = new Watch(this, marker);
        _watches.TryAdd(watch, 0);
        return watch;
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        CountAsync(message, async: false).AsTask().GetAwaiter().GetResult();
        ProcessNext(message, pipeline);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await CountAsync(message, async: true);
        await ProcessNextAsync(message, pipeline);
    }

    private async ValueTask CountAsync(HttpMessage message, bool async)
    {
        if (_watches.IsEmpty || message.Request.Method != RequestMethod.Post || message.Request.Content is not { } content
            || !message.Request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal))
        {
            return;
        }

        // The content is written again for every retry, so reading it here takes nothing from the request.
        using var body = new MemoryStream();
        if (async)
        {
            await content.WriteToAsync(body, message.CancellationToken);
        }
        else
        {
            content.WriteTo(body, message.CancellationToken);
        }

        var text = Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
        foreach (var watch in _watches.Keys)
        {
            if (text.Contains(watch.Marker, StringComparison.Ordinal))
            {
                watch.Add();
            }
        }
    }

    /// <summary>The transactions counted for one marker.</summary>
    public sealed class Watch(TableTransactionCounter counter, string marker) : IDisposable
    {
        private int _transactions;

        public string Marker { get; } = marker;

        public int Transactions => Volatile.Read(ref _transactions);

        internal void Add() => Interlocked.Increment(ref _transactions);

        public void Dispose() => counter._watches.TryRemove(this, out _);
    }
}
