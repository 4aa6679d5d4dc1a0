using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Text;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Infrastructure.Storage;

/// <summary>Warnings in Azure Table Storage.</summary>
internal sealed class TableWarningStore(TableServiceClient tables, IOptions<StorageOptions> options) : IWarningStore
{
    private const int MaxConcurrencyRetries = 10;
    private readonly TableClient _table = tables.GetTableClient(options.Value.WarningsTable);

    public async Task InsertAsync(Warning warning, CancellationToken cancellationToken = default)
    {
        try
        {
            await _table.AddEntityAsync(WarningEntity.FromWarning(warning), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new WarningAlreadyExistsException(warning.Id);
        }
    }

    public async Task<Warning?> FindAsync(string warningId, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<WarningEntity>(WarningPartitionKey.For(warningId), WarningEntity.WarningRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value!.ToWarning() : null;
    }

    public async Task MarkPublishedAsync(string warningId, DateTimeOffset publishedAt, CancellationToken cancellationToken = default)
    {
        // A merge of one property with ETag "*": publishing is idempotent, and a concurrent
        // writer of other properties (the planner moving the status on) must not be overwritten.
        var patch = new TableEntity(WarningPartitionKey.For(warningId), WarningEntity.WarningRowKey)
        {
            [nameof(WarningEntity.PublishedAt)] = publishedAt,
        };
        await _table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    public async Task<Warning?> UpdateAsync(string warningId, Func<Warning, Warning> change, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await _table.GetEntityIfExistsAsync<WarningEntity>(WarningPartitionKey.For(warningId), WarningEntity.WarningRowKey, cancellationToken: cancellationToken);
            if (!stored.HasValue)
            {
                return null;
            }

            var current = stored.Value!.ToWarning();
            var changed = change(current);
            if (changed == current)
            {
                return current;
            }

            try
            {
                await _table.UpdateEntityAsync(WarningEntity.FromWarning(changed), stored.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return changed;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < MaxConcurrencyRetries)
            {
                // Another writer changed the warning since it was read: apply the change to its version.
            }
        }
    }

    /// <summary>Warnings one text search request reads: the service's largest page.</summary>
    private const int MaximumWarningsPerTextSearchRequest = 1_000;

    public async Task<WarningPage> ListAsync(WarningQuery query, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {WarningEntity.WarningRowKey}");
        if (query.Status is { } status)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {status.ToString()}");
        }

        if (query.Category is { } category)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Category eq {category}");
        }

        if (query.Severity is { } severity)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Severity eq {severity.ToString()}");
        }

        if (query.Source is { } source)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Source eq {source}");
        }

        if (query.SubmittedBy is { } submittedBy)
        {
            filter += " and " + TableClient.CreateQueryFilter($"SubmittedBy eq {submittedBy}");
        }

        if (query.Organisation is { } organisation)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Organisation eq {organisation}");
        }

        if (query.AcceptedFrom is { } from)
        {
            filter += " and " + TableClient.CreateQueryFilter($"AcceptedAt ge {from}");
        }

        if (query.AcceptedTo is { } to)
        {
            filter += " and " + TableClient.CreateQueryFilter($"AcceptedAt lt {to}");
        }

        // The service matches no text, so a headline is compared here, over the service's largest
        // page (1,000 warnings, about a month of them) and every match of it is returned: one request
        // per call still, and a page cut short would have no place to resume from.
        var key = query.HeadlineContains ?? string.Empty;
        var perRequest = key.Length == 0 ? query.PageSize : MaximumWarningsPerTextSearchRequest;
        var pages = _table.QueryAsync<WarningEntity>(filter, perRequest, cancellationToken: cancellationToken).AsPages(query.ContinuationToken, perRequest);
        await foreach (var page in pages)
        {
            // Table Storage may return a short or empty page with a token; the caller follows the token.
            return new WarningPage([.. page.Values.Where(e => TextMatch.Contains(e.Headline, key)).Select(e => e.ToWarning())], page.ContinuationToken);
        }

        return new WarningPage([], null);
    }

    public async Task<IReadOnlyList<Warning>> FindUnpublishedAsync(DateTimeOffset acceptedBefore, int limit, CancellationToken cancellationToken = default)
    {
        // Table filters cannot test for a missing property, so the sweep reads recent Accepted rows and checks.
        var filter = TableClient.CreateQueryFilter($"RowKey eq {WarningEntity.WarningRowKey} and Status eq {nameof(WarningStatus.Accepted)} and AcceptedAt lt {acceptedBefore}");
        var found = new List<Warning>();
        await foreach (var entity in _table.QueryAsync<WarningEntity>(filter, cancellationToken: cancellationToken))
        {
            if (entity.PublishedAt is null)
            {
                found.Add(entity.ToWarning());
                if (found.Count >= limit)
                {
                    break;
                }
            }
        }

        return found;
    }
}
