namespace RiskAlerts.Infrastructure.Storage;

/// <summary>
/// A warning's partition key is its id with every hex digit complemented (0 ↔ f, 1 ↔ e, …).
/// Warning ids are version 7 GUIDs, ordered by acceptance time; Table Storage returns rows in
/// key order and can only ascend, so the complement makes every listing newest first without
/// an index to keep in step. The mapping is its own inverse.
/// </summary>
internal static class WarningPartitionKey
{
    public static string For(string warningId) => Complement(warningId);

    public static string WarningIdOf(string partitionKey) => Complement(partitionKey);

    private static string Complement(string value) =>
        string.Create(value.Length, value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] switch
                {
                    >= '0' and <= '9' and var digit => Hex(15 - (digit - '0')),
                    >= 'a' and <= 'f' and var letter => Hex(15 - (letter - 'a' + 10)),
                    var other => other,
                };
            }
        });

    private static char Hex(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
