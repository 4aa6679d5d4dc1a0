using System.Globalization;
using System.Text;
using RiskAlerts.Core.Alerts;

namespace RiskAlerts.Core.Deliveries;

/// <summary>
/// Keys of the <c>Deliveries</c> table. One warning's rows are spread over <see cref="ShardCount"/>
/// partitions (<c>{warningId}_{shard:D2}</c>) because one partition takes about 2,000 entities/s and a
/// province broadcast has ~150,000 rows. A row's shard is that of its address, so that every number
/// of an SMS batch falls in the same partition of the daily cap counters (one query and one write per
/// batch) and a lookup by address reads one partition; the row key <c>{channel}_{uscc}_{contactId}</c>
/// makes a recipient's row unique, so re-planning the same warning can never add a second one.
/// </summary>
public static class DeliveryKeys
{
    /// <summary>Partitions per warning.</summary>
    public const int ShardCount = 32;

    private const uint FnvOffsetBasis = 2166136261;
    private const uint FnvPrime = 16777619;

    /// <summary>
    /// The shard of a key (a row's address): FNV-1a (32 bit) of its UTF-8 bytes, mod <see cref="ShardCount"/>.
    /// Stable across processes and runtime versions, unlike <see cref="string.GetHashCode()"/>,
    /// which a re-run on another instance would have to agree with.
    /// </summary>
    public static int ShardOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return (int)(Fnv1a(key) % ShardCount);
    }

    /// <summary>FNV-1a 32-bit hash of the UTF-8 bytes of <paramref name="value"/>.</summary>
    public static uint Fnv1a(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var hash = FnvOffsetBasis;
        Span<byte> buffer = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            var written = rune.EncodeToUtf8(buffer);
            for (var i = 0; i < written; i++)
            {
                hash = (hash ^ buffer[i]) * FnvPrime;
            }
        }

        return hash;
    }

    /// <summary><c>{warningId}_{shard:D2}</c>.</summary>
    public static string PartitionKey(string warningId, int shard)
    {
        ArgumentException.ThrowIfNullOrEmpty(warningId);
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, ShardCount);
        return string.Create(CultureInfo.InvariantCulture, $"{warningId}_{shard:D2}");
    }

    /// <summary>Every partition key of a warning, in shard order.</summary>
    public static IReadOnlyList<string> PartitionKeys(string warningId) =>
        [.. Enumerable.Range(0, ShardCount).Select(shard => PartitionKey(warningId, shard))];

    /// <summary>The warning id of a partition key, or null when it is not one of ours.</summary>
    public static string? WarningIdOf(string partitionKey)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        var underscore = partitionKey.LastIndexOf('_');
        return underscore > 0
            && partitionKey.Length - underscore == 3
            && int.TryParse(partitionKey.AsSpan(underscore + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var shard)
            && shard < ShardCount
                ? partitionKey[..underscore]
                : null;
    }

    /// <summary>The shard of a delivery partition key (<c>{warningId}_{shard:D2}</c>).</summary>
    /// <exception cref="ArgumentException">The key is not a delivery partition key.</exception>
    public static int ShardOfPartition(string partitionKey)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        if (WarningIdOf(partitionKey) is null)
        {
            throw new ArgumentException($"'{partitionKey}' is not a delivery partition key.", nameof(partitionKey));
        }

        return int.Parse(partitionKey.AsSpan(partitionKey.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary><c>{channel}_{uscc}_{contactId}</c>, with the contact id made safe for a table key.</summary>
    public static string RowKey(Channel channel, string uscc, string contactId)
    {
        ArgumentException.ThrowIfNullOrEmpty(uscc);
        ArgumentException.ThrowIfNullOrEmpty(contactId);
        return $"{channel.ToWireName()}_{uscc}_{Sanitise(contactId)}";
    }

    /// <summary>The enterprise's credit code in a row key (<c>{channel}_{uscc}_{contactId}</c>); empty when it is not one.</summary>
    public static string UsccOf(string rowKey)
    {
        ArgumentNullException.ThrowIfNull(rowKey);
        var parts = rowKey.Split('_', 3);
        return parts.Length == 3 ? parts[1] : string.Empty;
    }

    /// <summary>
    /// Keeps ASCII letters, digits, <c>-</c> and <c>.</c>; writes every other UTF-8 byte as <c>~XX</c>.
    /// Table keys refuse <c>/ \ # ?</c> and control characters, and <c>_</c> and <c>|</c> separate
    /// the parts of our keys and references, so they are escaped too. Distinct ids stay distinct.
    /// </summary>
    public static string Sanitise(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('~').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
