using System.Globalization;
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
    private readonly TableClient _table = tables.GetTableClient(options.Value.EnterprisesTable);

    public async Task RecordAsync(ConsentEvent consent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consent);
        var rowKey = string.Create(CultureInfo.InvariantCulture, $"{RowPrefix}{DateTimeOffset.MaxValue.UtcTicks - consent.At.UtcTicks:D19}_{Guid.NewGuid():N}");
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
        // '_' + 1 is '`': every row key that starts with the prefix.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {uscc} and RowKey ge {RowPrefix} and RowKey lt {"consent`"}");
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
            });
        }

        return events;
    }

    private static string[] Words(string? text) => (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
