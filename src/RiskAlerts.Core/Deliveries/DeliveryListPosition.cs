using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace RiskAlerts.Core.Deliveries;

/// <summary>
/// Where the next page of a warning's rows starts: its shard, and within the shard the storage's own
/// continuation token (none at the shard's first row). Written as <c>{shard:D2}</c> or
/// <c>{shard:D2} {storage token}</c>; the list returns it and takes it back unchanged.
/// </summary>
/// <param name="Shard">The shard the page starts in.</param>
/// <param name="StorageToken">The storage's continuation token within the shard, or null at its start.</param>
public sealed record DeliveryListPosition(int Shard, string? StorageToken)
{
    /// <summary>The first page.</summary>
    public static DeliveryListPosition Start { get; } = new(0, null);

    /// <summary>The token as the list returns it.</summary>
    public override string ToString() => StorageToken is null
        ? Shard.ToString("D2", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Shard:D2} {StorageToken}");

    /// <summary>Reads a token the list returned; false for anything else.</summary>
    public static bool TryParse(string? token, [NotNullWhen(true)] out DeliveryListPosition? position)
    {
        position = null;
        if (token is null
            || token.Length < 2
            || !char.IsAsciiDigit(token[0])
            || !char.IsAsciiDigit(token[1])
            || (token.Length > 2 && (token[2] != ' ' || token.Length == 3)))
        {
            return false;
        }

        var shard = ((token[0] - '0') * 10) + (token[1] - '0');
        if (shard >= DeliveryKeys.ShardCount)
        {
            return false;
        }

        position = new DeliveryListPosition(shard, token.Length > 2 ? token[3..] : null);
        return true;
    }
}
