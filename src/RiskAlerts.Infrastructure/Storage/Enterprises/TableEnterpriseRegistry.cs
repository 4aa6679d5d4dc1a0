using System.Buffers.Text;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Registrations;
using RiskAlerts.Core.Registrations.List;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Infrastructure.Storage.Enterprises;

/// <summary>
/// The registry in two tables.
/// <list type="bullet">
/// <item><c>Enterprises</c>: PK = credit code, RK = <c>profile</c>; the subscriber columns
/// (<see cref="SubscriberColumns"/>), <c>Version</c>, <c>Unsubscribed</c>, <c>RegisteredAt</c>,
/// <c>UpdatedAt</c>, and the index bookkeeping <c>IndexedRegions</c> / <c>IndexedVersion</c>.
/// The source of truth; every write is conditional on the ETag read before it.</item>
/// <item><c>Subscriptions</c>: PK = 6-digit region of interest, RK = credit code; the subscriber
/// columns and the version they were copied from. One row per region of interest of a subscribed
/// enterprise; none for an unsubscribed one.</item>
/// </list>
/// </summary>
/// <remarks>
/// <para>
/// The two tables cannot change in one transaction (different tables, different partitions).
/// So the Enterprises row is written first and the index follows it. <c>IndexedRegions</c> on
/// the Enterprises row lists every region that may hold an index row of the enterprise; it is
/// widened <em>before</em> index rows are written and narrowed only after the rows outside the
/// current regions are deleted. A write interrupted half-way therefore never loses track of a
/// row: the next write of the enterprise (or a sweep looking for <c>IndexedVersion</c> behind
/// <c>Version</c>) deletes what is left over.
/// </para>
/// <para>
/// The index is always rebuilt from the Enterprises row as read, never from the caller's copy,
/// and the bookkeeping merge is conditional on that read's ETag: if another write lands in
/// between, the sync starts over from the newer row (deleting what this one wrote), so a slow
/// writer cannot leave an older version's row behind. Readers additionally keep only rows
/// whose region is among the subscriber's own regions and the newest version per enterprise
/// (see <see cref="TableSubscriberDirectory"/>).
/// </para>
/// <para>
/// A search (by name, credit-code prefix, registered region) reads the Enterprises table, not the
/// index: it must show unsubscribed enterprises too (which have no index rows), and each enterprise
/// once by where it is registered, not by where it wants warnings from. The credit-code prefix is a
/// key range; the region a service-side filter on <c>RegisteredCounty</c>; the name, which the
/// service cannot match, is compared here over a projection of a few short columns, at most
/// <see cref="MaximumRowsExaminedPerCall"/> rows and <see cref="MaximumStorageRequestsPerCall"/>
/// requests per call, resuming from a token. That keeps every call bounded at any size of the
/// registry; what a whole search costs grows with the rows it must look at (see the README).
/// </para>
/// </remarks>
internal sealed class TableEnterpriseRegistry(TableServiceClient tables, IOptions<StorageOptions> options, ILogger<TableEnterpriseRegistry> logger) : IEnterpriseRegistry
{
    public const string ProfileRowKey = "profile";
    public const string Unsubscribed = "Unsubscribed";
    public const string RegisteredAt = "RegisteredAt";
    public const string UpdatedAt = "UpdatedAt";
    public const string IndexedRegions = "IndexedRegions";
    public const string IndexedVersion = "IndexedVersion";

    private const int MaximumSyncAttempts = 5;
    private const string ContinuationPrefix = "e2:";
    private const string AfterToken = "after:";
    private const string StorageToken = "at:";

    /// <summary>The most rows the service returns in one response.</summary>
    private const int MaximumRowsPerStorageRequest = 1_000;

    /// <summary>Rows one search call reads at most when it compares names itself (about 2 MB of profiles).</summary>
    private const int MaximumRowsExaminedPerCall = 5_000;

    /// <summary>Storage requests one search call makes at most, even when the service returns sparse pages.</summary>
    private const int MaximumStorageRequestsPerCall = 5;

    // What a search reads of each row: not the contacts and preferences, which are most of a row's size.
    private static readonly string[] ListedColumns = ["PartitionKey", SubscriberColumns.Name, SubscriberColumns.RegisteredCounty, SubscriberColumns.Industry, SubscriberColumns.Version, Unsubscribed, UpdatedAt];

    private readonly TableClient _enterprises = tables.GetTableClient(options.Value.EnterprisesTable);
    private readonly TableClient _subscriptions = tables.GetTableClient(options.Value.SubscriptionsTable);

    public async Task<RegisteredEnterprise?> FindAsync(UnifiedSocialCreditCode uscc, CancellationToken cancellationToken = default)
    {
        var response = await _enterprises.GetEntityIfExistsAsync<TableEntity>(uscc.Value, ProfileRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? ToRegistered(response.Value!) : null;
    }

    public async Task<RegisteredEnterprise> SaveAsync(Subscriber subscriber, RegisteredEnterprise? current, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        var uscc = subscriber.Uscc.Value;
        var version = (current?.Version ?? 0) + 1;
        var entity = new TableEntity(uscc, ProfileRowKey)
        {
            [Unsubscribed] = subscriber.Preferences.Unsubscribed,
            [RegisteredAt] = current?.RegisteredAt ?? now,
            [UpdatedAt] = now,
        };
        SubscriberColumns.Write(entity, subscriber, version);

        try
        {
            if (current is null)
            {
                entity[IndexedRegions] = string.Empty;
                entity[IndexedVersion] = 0L;
                await _enterprises.AddEntityAsync(entity, cancellationToken);
            }
            else
            {
                // Merge keeps the index bookkeeping columns as they are; every other column is
                // written in full, so for them merge is a replace.
                await _enterprises.UpdateEntityAsync(entity, new ETag(current.ConcurrencyToken), TableUpdateMode.Merge, cancellationToken);
            }
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            throw new RegistrationConflictException($"Enterprise {uscc} was changed by another request (storage status {ex.Status}).", ex);
        }

        await SyncIndexAsync(subscriber.Uscc, cancellationToken);
        return await FindAsync(subscriber.Uscc, cancellationToken)
            ?? throw new InvalidOperationException($"Enterprise {uscc} vanished right after it was written.");
    }

    public async Task<RegistrationPage> SearchAsync(EnterpriseSearch search, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        var (after, storageToken) = DecodeToken(continuationToken);
        var filter = SearchFilter(search, after);

        // Without a name every row the service returns is a match, so a page is read as a page. A
        // name is compared here (the service has no text match), so the service's largest pages are
        // read, and only so many of them: a rare name in a large region answers with what it found
        // so far and a token, never with a scan of the whole table in one request.
        var perRequest = search.NameContains.Length == 0 ? pageSize : MaximumRowsPerStorageRequest;
        var found = new List<ListedEnterprise>();
        var examined = 0;
        var requests = 0;
        await foreach (var page in _enterprises.QueryAsync<TableEntity>(filter, perRequest, ListedColumns, cancellationToken).AsPages(storageToken, perRequest))
        {
            requests++;
            for (var i = 0; i < page.Values.Count; i++)
            {
                examined++;
                var entity = page.Values[i];
                if (!search.NameMatches(entity.GetString(SubscriberColumns.Name) ?? string.Empty))
                {
                    continue;
                }

                found.Add(ToListed(entity));
                if (found.Count == pageSize)
                {
                    var last = i == page.Values.Count - 1 && page.ContinuationToken is null;
                    return new RegistrationPage(found, last ? null : EncodeToken(AfterToken + entity.PartitionKey));
                }
            }

            if (page.ContinuationToken is null)
            {
                break;
            }

            if (examined >= MaximumRowsExaminedPerCall || requests >= MaximumStorageRequestsPerCall)
            {
                return new RegistrationPage(found, EncodeToken(StorageToken + page.ContinuationToken));
            }
        }

        return new RegistrationPage(found, null);
    }

    /// <summary>
    /// The service-side part of a search: profile rows only; the credit-code prefix as a key range
    /// (the partition key is the code); the region as a range of the <c>RegisteredCounty</c>
    /// column; and, resuming a page cut short, the codes after the last one shown.
    /// </summary>
    private static string SearchFilter(EnterpriseSearch search, string? after)
    {
        var parts = new List<string> { TableClient.CreateQueryFilter($"RowKey eq {ProfileRowKey}") };
        if (search.UsccPrefix.Length > 0)
        {
            // '~' sorts after every character of the credit code alphabet.
            parts.Add(TableClient.CreateQueryFilter($"PartitionKey ge {search.UsccPrefix} and PartitionKey lt {search.UsccPrefix + "~"}"));
        }

        if (search.RegionPrefix.Length > 0)
        {
            // The column name is written into the format: an interpolated one would be quoted as a value.
            parts.Add(TableClient.CreateQueryFilter($"RegisteredCounty ge {search.RegionPrefix.PadRight(6, '0')} and RegisteredCounty le {search.RegionPrefix.PadRight(6, '9')}"));
        }

        if (after is not null)
        {
            parts.Add(TableClient.CreateQueryFilter($"PartitionKey gt {after}"));
        }

        return string.Join(" and ", parts);
    }

    /// <summary>Brings the index rows of one enterprise in line with its Enterprises row.</summary>
    private async Task SyncIndexAsync(UnifiedSocialCreditCode uscc, CancellationToken cancellationToken)
    {
        // Regions this sync has written rows for: if a newer write overtakes it, they are
        // deleted on the next round unless the newer version wants them too.
        var written = new SortedSet<string>(StringComparer.Ordinal);
        for (var attempt = 1; attempt <= MaximumSyncAttempts; attempt++)
        {
            var row = (await _enterprises.GetEntityAsync<TableEntity>(uscc.Value, ProfileRowKey, cancellationToken: cancellationToken)).Value;
            var subscriber = SubscriberColumns.Read(row, uscc.Value);
            var version = SubscriberColumns.ReadVersion(row);
            var wanted = subscriber.Preferences.Unsubscribed
                ? new SortedSet<string>(StringComparer.Ordinal)
                : new SortedSet<string>(subscriber.Preferences.Regions.Select(r => r.ToString()), StringComparer.Ordinal);
            var recorded = ParseRegions(row.GetString(IndexedRegions));

            var tracked = new SortedSet<string>(recorded.Concat(written).Concat(wanted), StringComparer.Ordinal);
            var etag = row.ETag;
            if (!tracked.SetEquals(recorded))
            {
                var widened = await TryMergeBookkeepingAsync(uscc.Value, tracked, version: null, etag, cancellationToken);
                if (widened is null)
                {
                    continue;
                }

                etag = widened.Value;
            }

            foreach (var region in wanted)
            {
                var indexRow = new TableEntity(region, uscc.Value);
                SubscriberColumns.Write(indexRow, subscriber, version);
                await _subscriptions.UpsertEntityAsync(indexRow, TableUpdateMode.Replace, cancellationToken);
                written.Add(region);
            }

            foreach (var region in tracked.Except(wanted, StringComparer.Ordinal))
            {
                // A row that is already gone answers 404 without an exception: deleting is idempotent.
                await _subscriptions.DeleteEntityAsync(region, uscc.Value, ETag.All, cancellationToken);
            }

            if (await TryMergeBookkeepingAsync(uscc.Value, wanted, version, etag, cancellationToken) is not null)
            {
                logger.LogDebug("Enterprise {Uscc} version {Version} indexed under {Regions}", uscc, version, string.Join(",", wanted));
                return;
            }
        }

        // The record is written; the index catches up on the next write or sweep. The caller
        // must learn that this write did not complete, so the failure is not hidden.
        throw new InvalidOperationException($"Enterprise {uscc} kept changing while its subscriptions index was brought up to date; the next change of the enterprise completes it.");
    }

    private async Task<ETag?> TryMergeBookkeepingAsync(string uscc, IEnumerable<string> regions, long? version, ETag etag, CancellationToken cancellationToken)
    {
        var patch = new TableEntity(uscc, ProfileRowKey) { [IndexedRegions] = string.Join(",", regions) };
        if (version is { } indexed)
        {
            patch[IndexedVersion] = indexed;
        }

        try
        {
            var response = await _enterprises.UpdateEntityAsync(patch, etag, TableUpdateMode.Merge, cancellationToken);
            return response.Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Another write overtook this sync; the caller starts over from the newer row.
            return null;
        }
    }

    private static SortedSet<string> ParseRegions(string? csv) =>
        new(string.IsNullOrEmpty(csv) ? [] : csv.Split(','), StringComparer.Ordinal);

    private static ListedEnterprise ToListed(TableEntity entity) => new(
        SubscriberColumns.ReadEnterprise(entity, entity.PartitionKey),
        entity.GetBoolean(Unsubscribed) ?? false,
        SubscriberColumns.ReadVersion(entity),
        entity.GetDateTimeOffset(UpdatedAt) ?? DateTimeOffset.MinValue);

    private static RegisteredEnterprise ToRegistered(TableEntity entity) => new(
        SubscriberColumns.Read(entity, entity.PartitionKey),
        SubscriberColumns.ReadVersion(entity),
        entity.ETag.ToString(),
        entity.GetDateTimeOffset(RegisteredAt) ?? DateTimeOffset.MinValue,
        entity.GetDateTimeOffset(UpdatedAt) ?? DateTimeOffset.MinValue);

    private static string EncodeToken(string token) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(ContinuationPrefix + token));

    /// <summary>Where a page resumes: after a credit code (a page cut short by its size) or at a storage continuation (a call's scan budget spent).</summary>
    private static (string? After, string? StorageToken) DecodeToken(string? token)
    {
        if (token is null)
        {
            return (null, null);
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (decoded.StartsWith(ContinuationPrefix + AfterToken, StringComparison.Ordinal) && decoded.Length > ContinuationPrefix.Length + AfterToken.Length)
            {
                return (decoded[(ContinuationPrefix.Length + AfterToken.Length)..], null);
            }

            if (decoded.StartsWith(ContinuationPrefix + StorageToken, StringComparison.Ordinal) && decoded.Length > ContinuationPrefix.Length + StorageToken.Length)
            {
                return (null, decoded[(ContinuationPrefix.Length + StorageToken.Length)..]);
            }
        }
        catch (FormatException)
        {
            // Reported below as a field error: a token this registry did not issue.
        }

        throw RequestValidationException.For("continuationToken", FieldErrorCode.Malformed, "is not a token from a previous page of this listing; start again without it.");
    }
}
