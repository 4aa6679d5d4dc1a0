using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Telemetry;

namespace RiskAlerts.Core.Deliveries.Receipts;

/// <summary>
/// Writes the receipts of many callbacks together: one queue per delivery partition and one writer
/// per queue, which takes what has gathered (up to the 100 rows of a Table transaction), reads the
/// rows with one range query, writes the changes in one transaction and only then answers every
/// callback whose receipts it held. While a write runs the next group gathers, so a storm of
/// single-receipt callbacks costs about one transaction per 100 receipts instead of one each.
/// A singleton: the queues are this process's; another instance's writer on the same partition is
/// met by the ETag conditions, and the group is read and applied again.
/// </summary>
public sealed class SmsReceiptCommitter : IDisposable
{
    private const int MaxConcurrencyAttempts = 3;
    private static readonly TimeSpan MinWait = TimeSpan.FromMilliseconds(1);

    private readonly IDeliveryStore _deliveries;
    private readonly TimeProvider _timeProvider;
    private readonly ReceiptBatchingOptions _options;
    private readonly RiskAlertsTelemetry _telemetry;
    private readonly ILogger<SmsReceiptCommitter> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PartitionQueue> _partitions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _writes;
    private long _lastArrival;

    /// <summary>Creates the committer.</summary>
    public SmsReceiptCommitter(IDeliveryStore deliveries, TimeProvider timeProvider, IOptions<ReceiptBatchingOptions> options, RiskAlertsTelemetry telemetry, ILogger<SmsReceiptCommitter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _deliveries = deliveries;
        _timeProvider = timeProvider;
        _options = options.Value;
        _writes = new SemaphoreSlim(_options.MaxConcurrentWrites);
        _telemetry = telemetry;
        _logger = logger;
    }

    /// <summary>
    /// Queues one callback's receipts for the batch <paramref name="range"/> names and completes when
    /// every one of them is written, found unchanged, recorded as unmatched or found early. Fails when
    /// a write of theirs failed, so the callback is not thanked and the provider sends it again.
    /// </summary>
    public async Task<ReceiptOutcome> SubmitAsync(string provider, ReceiptReference range, IReadOnlyList<SmsReceipt> receipts, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentNullException.ThrowIfNull(range);
        ArgumentNullException.ThrowIfNull(receipts);
        if (receipts.Count == 0)
        {
            return new ReceiptOutcome(0, 0, 0, 0);
        }

        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        var submission = new Submission(provider, range, receipts.Count);
        lock (_gate)
        {
            var now = _timeProvider.GetTimestamp();
            _lastArrival = now;
            if (!_partitions.TryGetValue(range.PartitionKey, out var queue))
            {
                queue = new PartitionQueue(range.PartitionKey);
                _partitions.Add(range.PartitionKey, queue);
            }

            foreach (var receipt in receipts)
            {
                queue.Entries.Add(new Entry(submission, receipt, now));
            }

            if (!queue.Running)
            {
                queue.Running = true;
                _ = Task.Run(() => RunAsync(queue), CancellationToken.None);
            }
            else if (queue.Entries.Count >= ReceiptGrouping.MaxGroupSize)
            {
                queue.Wake?.TrySetResult();
            }
        }

        // The group is written for every callback in it: one that gives up waiting leaves it to the others.
        return await submission.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Fails whatever is still queued and stops the writers.</summary>
    public void Dispose()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        lock (_gate)
        {
            foreach (var queue in _partitions.Values)
            {
                queue.Wake?.TrySetResult();
            }
        }
    }

    private async Task RunAsync(PartitionQueue queue)
    {
        while (true)
        {
            await WaitForGroupAsync(queue);
            // The group is taken only once storage has room for its write: while the writes of other
            // partitions run, this one's receipts keep gathering instead of leaving in small groups.
            await _writes.WaitAsync(CancellationToken.None);
            try
            {
                if (!await TakeAndWriteAsync(queue))
                {
                    return;
                }
            }
            finally
            {
                _writes.Release();
            }
        }
    }

    /// <returns>False once the queue is empty and its writer ends.</returns>
    private async Task<bool> TakeAndWriteAsync(PartitionQueue queue)
    {
        List<Entry> group;
        lock (_gate)
        {
            if (queue.Entries.Count == 0 || _stopping.IsCancellationRequested)
            {
                foreach (var entry in queue.Entries)
                {
                    entry.Submission.Completion.TrySetException(new ObjectDisposedException(nameof(SmsReceiptCommitter)));
                }

                queue.Entries.Clear();
                queue.Running = false;
                _partitions.Remove(queue.PartitionKey);
                return false;
            }

            var taken = ReceiptGrouping.Take([.. queue.Entries.Select(e => e.Receipt)]);
            group = [.. taken.Select(i => queue.Entries[i])];
            var left = new HashSet<int>(taken);
            queue.Entries = [.. queue.Entries.Where((_, i) => !left.Contains(i))];
        }

        try
        {
            await WriteAsync(queue.PartitionKey, group, _stopping.Token);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Receipts for {PartitionKey} of {Callbacks} callbacks could not be written; the providers will send them again", queue.PartitionKey, group.Select(e => e.Submission).Distinct().Count());
            foreach (var entry in group)
            {
                entry.Submission.Completion.TrySetException(ex);
            }
        }

        return true;
    }

    private async Task WaitForGroupAsync(PartitionQueue queue)
    {
        while (true)
        {
            Task wake;
            TimeSpan wait;
            lock (_gate)
            {
                var now = _timeProvider.GetTimestamp();
                wait = _stopping.IsCancellationRequested
                    ? TimeSpan.Zero
                    : ReceiptGrouping.WaitBeforeWrite(
                        queue.Entries.Count,
                        _timeProvider.GetElapsedTime(_lastArrival, now),
                        queue.Entries.Count == 0 ? TimeSpan.Zero : _timeProvider.GetElapsedTime(queue.Entries[0].Arrived, now),
                        _options.Linger,
                        _options.MaxHold);
                if (wait <= TimeSpan.Zero)
                {
                    queue.Wake = null;
                    return;
                }

                queue.Wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wake = queue.Wake.Task;
            }

            // Timers tick in milliseconds: a shorter wait would come back at once and spin.
            await Task.WhenAny(wake, Task.Delay(wait < MinWait ? MinWait : wait, _timeProvider, _stopping.Token));
        }
    }

    private async Task WriteAsync(string partitionKey, List<Entry> group, CancellationToken cancellationToken)
    {
        var receipts = group.Select(e => new ReferencedSmsReceipt(e.Submission.Range, e.Receipt)).ToList();
        var first = receipts.Select(r => r.Range.FirstRowKey).Min(StringComparer.Ordinal)!;
        var last = receipts.Select(r => r.Range.LastRowKey).Max(StringComparer.Ordinal)!;
        ReceiptMatch match;
        for (var attempt = 1; ; attempt++)
        {
            // One range read over every batch the group's callbacks named: they are neighbours in
            // key order when a broadcast's receipts come back, so the span holds few rows of others.
            var rows = await _deliveries.ReadRangeAsync(partitionKey, first, last, cancellationToken);
            match = ReceiptMatching.Apply(rows, receipts, _timeProvider.GetUtcNow());
            try
            {
                foreach (var chunk in match.Changed.Chunk(ReceiptGrouping.MaxGroupSize))
                {
                    await _deliveries.UpdateAsync(chunk, cancellationToken);
                }

                break;
            }
            catch (DeliveryConcurrencyException) when (attempt < MaxConcurrencyAttempts)
            {
                // The sender or another instance wrote one of the rows first; read again and apply again.
            }
        }

        _telemetry.CountOutcomes(match.Changed);
        var now = _timeProvider.GetUtcNow();
        for (var i = 0; i < group.Count; i++)
        {
            if (match.Verdicts[i] == ReceiptVerdict.Unmatched)
            {
                var (submission, receipt, _) = group[i];
                _logger.LogWarning("Receipt {ProviderMessageId} from {Provider} for {Phone} matched no delivery: {Why}", receipt.ProviderMessageId, submission.Provider, PersonalDataMask.MaskPhone(receipt.Phone), UnmatchedInBatch);
                await _deliveries.RecordUnmatchedReceiptAsync(
                    new UnmatchedReceipt(submission.Provider, receipt.ProviderMessageId, PersonalDataMask.MaskPhone(receipt.Phone), receipt.Delivered ? "delivered" : "undelivered", receipt.Code, submission.Range.ToString(), UnmatchedInBatch, now),
                    cancellationToken);
            }
        }

        _logger.LogInformation(
            "Receipts for {PartitionKey} of {Callbacks} callbacks: {Applied} applied, {Unchanged} unchanged, {Unmatched} unmatched, {Early} early",
            partitionKey,
            group.Select(e => e.Submission).Distinct().Count(),
            match.Verdicts.Count(v => v == ReceiptVerdict.Applied),
            match.Verdicts.Count(v => v == ReceiptVerdict.Unchanged),
            match.Verdicts.Count(v => v == ReceiptVerdict.Unmatched),
            match.Verdicts.Count(v => v == ReceiptVerdict.Early));
        for (var i = 0; i < group.Count; i++)
        {
            group[i].Submission.Settle(match.Verdicts[i]);
        }
    }

    private const string UnmatchedInBatch = "no delivery with this message id or number in the referenced batch";

    private sealed class PartitionQueue(string partitionKey)
    {
        public string PartitionKey { get; } = partitionKey;

        public List<Entry> Entries { get; set; } = [];

        public bool Running { get; set; }

        public TaskCompletionSource? Wake { get; set; }
    }

    private sealed record Entry(Submission Submission, SmsReceipt Receipt, long Arrived);

    private sealed class Submission(string provider, ReceiptReference range, int count)
    {
        private readonly Lock _gate = new();
        private int _left = count;
        private int _applied;
        private int _unchanged;
        private int _unmatched;
        private int _early;

        public string Provider { get; } = provider;

        public ReceiptReference Range { get; } = range;

        public TaskCompletionSource<ReceiptOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Settle(ReceiptVerdict verdict)
        {
            lock (_gate)
            {
                switch (verdict)
                {
                    case ReceiptVerdict.Applied: _applied++; break;
                    case ReceiptVerdict.Unchanged: _unchanged++; break;
                    case ReceiptVerdict.Unmatched: _unmatched++; break;
                    default: _early++; break;
                }

                if (--_left == 0)
                {
                    Completion.TrySetResult(new ReceiptOutcome(_applied, _unchanged, _unmatched, _early));
                }
            }
        }
    }
}
