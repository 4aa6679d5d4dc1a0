using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Registrations.OptOut;

namespace RiskAlerts.Infrastructure.Storage.Enterprises;

/// <summary>
/// Consent events in the <c>Enterprises</c> table, in the enterprise's own partition (PK = credit
/// code) beside its <c>profile</c> row: RK <c>consent_{ticks counting down}_{random}</c>, so the
/// partition reads newest first and listings of profiles (<c>RowKey eq 'profile'</c>) never see them.
/// </summary>
internal sealed class TableConsentLog(TableServiceClient tables, IOptions<StorageOptions> options) : IConsentLog
{
    private const string RowPrefix = "consent_";

    // '_' + 1 is '`': every row key that starts with the prefix is below it.
    private const string RowsEnd = "consent`";
    private const int TransactionSize = 100;

    private static readonly string[] Withdrawals = [.. Enum.GetValues<ConsentSource>().Where(ConsentEvent.Withdraws).Select(s => s.ToString())];
    private readonly TableClient _table = tables.GetTableClient(options.Value.EnterprisesTable);

    public async Task RecordAsync(ConsentEvent consent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consent);
        var rowKey = $"{RowKeyAt(consent.At)}_{Guid.NewGuid():N}";
        var entity = new TableEntity(consent.Uscc, rowKey)
        {
            [nameof(ConsentEvent.ContactId)] = consent.ContactId,
            [nameof(ConsentEvent.Channel)] = consent.Channel?.ToWireName(),
            [nameof(ConsentEvent.Category)] = consent.Category,
            [nameof(ConsentEvent.Source)] = consent.Source.ToString(),
            [nameof(ConsentEvent.WarningId)] = consent.WarningId,
            [nameof(ConsentEvent.At)] = consent.At,
            [nameof(ConsentEvent.By)] = consent.By,
            [nameof(ConsentEvent.Categories)] = string.Join(' ', consent.Categories),
            [nameof(ConsentEvent.Channels)] = string.Join(' ', consent.Channels.Select(c => c.ToWireName())),
            [nameof(ConsentEvent.NoticeVersion)] = consent.NoticeVersion,
        };
        await _table.AddEntityAsync(entity, cancellationToken);
    }

    public async Task<IReadOnlyList<ConsentEvent>> ListAsync(string uscc, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uscc);
        var events = new List<ConsentEvent>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {uscc} and RowKey ge {RowPrefix} and RowKey lt {RowsEnd}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            events.Add(new ConsentEvent(
                uscc,
                e.GetString(nameof(ConsentEvent.ContactId)) ?? string.Empty,
                ChannelExtensions.TryParseWireName(e.GetString(nameof(ConsentEvent.Channel)), out var channel) ? channel : null,
                e.GetString(nameof(ConsentEvent.Category)),
                Enum.TryParse<ConsentSource>(e.GetString(nameof(ConsentEvent.Source)), out var source) ? source : ConsentSource.UnsubscribePage,
                e.GetString(nameof(ConsentEvent.WarningId)) is { Length: > 0 } warningId ? warningId : null,
                e.GetDateTimeOffset(nameof(ConsentEvent.At)) ?? DateTimeOffset.MinValue)
            {
                By = e.GetString(nameof(ConsentEvent.By)),
                Categories = Words(e.GetString(nameof(ConsentEvent.Categories))),
                Channels = [.. Words(e.GetString(nameof(ConsentEvent.Channels))).Select(w => ChannelExtensions.TryParseWireName(w, out var c) ? c : (Channel?)null).OfType<Channel>()],
                NoticeVersion = e.GetString(nameof(ConsentEvent.NoticeVersion)),
                RecordId = e.RowKey,
            });
        }

        return events;
    }

    public async IAsyncEnumerable<string> EnterprisesWithdrawnBeforeAsync(DateTimeOffset before, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Row keys count down, so the events before the moment are the keys above its key. This reads
        // across enterprises (the table has no index of withdrawals): a daily run's cost, not a request's.
        var sources = string.Join(" or ", Withdrawals.Select(w => TableClient.CreateQueryFilter($"Source eq {w}")));
        var filter = TableClient.CreateQueryFilter($"RowKey gt {RowKeyAt(before)} and RowKey lt {RowsEnd}") + $" and ({sources})";
        string? last = null;
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            // Rows come in partition order, so an enterprise's withdrawals are next to each other.
            if (!string.Equals(row.PartitionKey, last, StringComparison.Ordinal))
            {
                last = row.PartitionKey;
                yield return row.PartitionKey;
            }
        }
    }

    public async Task DeleteAsync(string uscc, IReadOnlyList<ConsentEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uscc);
        ArgumentNullException.ThrowIfNull(events);
        var keys = events.Select(e => e.RecordId).OfType<string>().Where(k => k.StartsWith(RowPrefix, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(TransactionSize))
        {
            try
            {
                await _table.SubmitTransactionAsync(chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(uscc, k), ETag.All)), cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                // One of them went meanwhile (an erasure): the rest one by one, a missing row being no failure.
                foreach (var key in chunk)
                {
                    await _table.DeleteEntityAsync(uscc, key, ETag.All, cancellationToken);
                }
            }
        }
    }

    private static string RowKeyAt(DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"{RowPrefix}{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}");

    private static string[] Words(string? text) => (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
