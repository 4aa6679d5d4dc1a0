namespace RiskAlerts.Core.Security;

/// <summary>The roles a principal can hold (the app roles of the Entra ID app registration).</summary>
public static class Role
{
    /// <summary>Anti-fraud centre analysts: submit, preview and retract warnings.</summary>
    public const string Analyst = "analyst";

    /// <summary>
    /// A centre's second pair of eyes: approves or rejects the warnings of its organisation that wait
    /// for approval (large broadcasts, every Extreme warning), never one it submitted itself.
    /// </summary>
    public const string Approver = "approver";

    /// <summary>Risk-monitoring platforms: push signals in bulk.</summary>
    public const string Platform = "platform";

    /// <summary>An enterprise's own staff, bound to one unified social credit code.</summary>
    public const string Enterprise = "enterprise";

    /// <summary>Operators: watch deliveries, replay failures, pause channels.</summary>
    public const string Operator = "operator";

    /// <summary>Administrators: everything, including other enterprises' records.</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Analyst, Approver, Platform, Enterprise, Operator, Admin];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
