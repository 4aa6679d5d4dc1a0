using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Registrations.Verification;

namespace RiskAlerts.Infrastructure.Storage.Verification;

/// <summary>
/// Challenges in the <c>Enterprises</c> table, in the enterprise's partition beside its profile
/// (RK <c>verification_{contactId}_{channel}</c>), so erasing the enterprise erases them and
/// listings of profiles never see them. The sends per address in the <c>Operations</c> table,
/// PK <c>VerificationSends</c>, RK the address's keyed name (<see cref="VerificationCodes.AddressKey"/>):
/// the times of the last day's sends, changed under the row's ETag so two requests cannot both
/// take the last send a limit allows.
/// </summary>
internal sealed class TableContactVerificationStore(TableServiceClient tables, VerificationCodes codes, IOptions<StorageOptions> options) : IContactVerificationStore
{
    private const string RowPrefix = "verification_";
    private const string SendsPartition = "VerificationSends";
    private const string SentColumn = "Sent";
    private const int MaximumAttempts = 5;

    private readonly TableClient _enterprises = tables.GetTableClient(options.Value.EnterprisesTable);
    private readonly TableClient _operations = tables.GetTableClient(options.Value.OperationsTable);

    public async Task<DateTimeOffset?> TryReserveSendAsync(Channel channel, string address, DateTimeOffset now, ContactVerificationOptions limits, CancellationToken cancellationToken = default)
    {
        var rowKey = codes.AddressKey(channel, address);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await _operations.GetEntityIfExistsAsync<TableEntity>(SendsPartition, rowKey, cancellationToken: cancellationToken);
            var sent = existing.HasValue ? ReadTimes(existing.Value!.GetString(SentColumn)) : [];
            if (VerificationRateLimit.NextAllowed(sent, now, limits) is { } next)
            {
                return next;
            }

            var entity = new TableEntity(SendsPartition, rowKey) { [SentColumn] = WriteTimes([.. VerificationRateLimit.Kept(sent, now), now]) };
            try
            {
                if (existing.HasValue)
                {
                    await _operations.UpdateEntityAsync(entity, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await _operations.AddEntityAsync(entity, cancellationToken);
                }

                return null;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaximumAttempts)
            {
                // Another send to the same address took its turn between our read and write: count again.
            }
        }
    }

    public async Task SaveAsync(VerificationChallenge challenge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var entity = new TableEntity(challenge.Uscc, RowKey(challenge.ContactId, challenge.Channel))
        {
            [nameof(VerificationChallenge.ContactId)] = challenge.ContactId,
            [nameof(VerificationChallenge.Channel)] = challenge.Channel.ToWireName(),
            [nameof(VerificationChallenge.Address)] = challenge.Address,
            // Milliseconds exactly: the code and the link are computed from this time.
            [nameof(VerificationChallenge.IssuedAt)] = challenge.IssuedAt.ToUnixTimeMilliseconds(),
            [nameof(VerificationChallenge.ExpiresAt)] = challenge.ExpiresAt,
            [nameof(VerificationChallenge.FailedAttempts)] = challenge.FailedAttempts,
        };
        await _enterprises.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<VerificationChallenge?> FindAsync(string uscc, string contactId, Channel channel, CancellationToken cancellationToken = default)
    {
        var response = await _enterprises.GetEntityIfExistsAsync<TableEntity>(uscc, RowKey(contactId, channel), cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var e = response.Value!;
        return new VerificationChallenge(
            uscc,
            e.GetString(nameof(VerificationChallenge.ContactId)) ?? contactId,
            channel,
            e.GetString(nameof(VerificationChallenge.Address)) ?? string.Empty,
            DateTimeOffset.FromUnixTimeMilliseconds(e.GetInt64(nameof(VerificationChallenge.IssuedAt)) ?? 0),
            e.GetDateTimeOffset(nameof(VerificationChallenge.ExpiresAt)) ?? DateTimeOffset.MinValue,
            e.GetInt32(nameof(VerificationChallenge.FailedAttempts)) ?? 0);
    }

    public async Task RecordFailedAttemptAsync(VerificationChallenge challenge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var rowKey = RowKey(challenge.ContactId, challenge.Channel);
        for (var attempt = 1; attempt <= MaximumAttempts; attempt++)
        {
            var response = await _enterprises.GetEntityIfExistsAsync<TableEntity>(challenge.Uscc, rowKey, cancellationToken: cancellationToken);
            if (!response.HasValue || response.Value!.GetInt64(nameof(VerificationChallenge.IssuedAt)) != challenge.IssuedAt.ToUnixTimeMilliseconds())
            {
                return;
            }

            var row = response.Value!;
            var update = new TableEntity(challenge.Uscc, rowKey) { [nameof(VerificationChallenge.FailedAttempts)] = (row.GetInt32(nameof(VerificationChallenge.FailedAttempts)) ?? 0) + 1 };
            try
            {
                await _enterprises.UpdateEntityAsync(update, row.ETag, TableUpdateMode.Merge, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Counted or replaced meanwhile: read again, so that every wrong code counts.
            }
        }
    }

    public async Task DeleteAsync(string uscc, string contactId, Channel channel, CancellationToken cancellationToken = default)
    {
        try
        {
            await _enterprises.DeleteEntityAsync(uscc, RowKey(contactId, channel), ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone: what deleting wants.
        }
    }

    private static string RowKey(string contactId, Channel channel) => $"{RowPrefix}{RiskAlerts.Core.Deliveries.DeliveryKeys.Sanitise(contactId)}_{channel.ToWireName()}";

    private static DateTimeOffset[] ReadTimes(string? text) =>
        string.IsNullOrEmpty(text)
            ? []
            : [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null).OfType<DateTimeOffset>()];

    private static string WriteTimes(IEnumerable<DateTimeOffset> times) =>
        string.Join(' ', times.Select(t => t.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));
}
