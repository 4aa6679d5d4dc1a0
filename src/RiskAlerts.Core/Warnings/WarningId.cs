namespace RiskAlerts.Core.Warnings;

/// <summary>
/// Warning ids are version 7 GUIDs: unique without coordination and ordered by acceptance
/// time, so listings sort by id and a Service Bus message id never repeats across warnings.
/// </summary>
public static class WarningId
{
    public static string New(DateTimeOffset acceptedAt) => Guid.CreateVersion7(acceptedAt).ToString("D");

    public static bool IsWellFormed(string? value) =>
        Guid.TryParseExact(value, "D", out var guid) && guid.Version == 7;
}
