using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Operations.Pauses;

/// <summary>
/// What may be paused: the two channels and the SMS providers this deployment has configured.
/// A name outside it is refused before anything is written.
/// </summary>
public sealed class PauseTargetCatalog
{
    /// <summary>The SMS channel.</summary>
    public const string Sms = "sms";

    /// <summary>The email channel.</summary>
    public const string Email = "email";

    /// <summary>Creates the catalog over the configured SMS provider names, in failover order.</summary>
    public PauseTargetCatalog(IEnumerable<string> smsProviders)
    {
        ArgumentNullException.ThrowIfNull(smsProviders);
        SmsProviders = [.. smsProviders.Where(p => !string.IsNullOrWhiteSpace(p))];
    }

    /// <summary>The channels, by the names the API and the messages use.</summary>
    public IReadOnlyList<string> Channels { get; } = [Sms, Email];

    /// <summary>The configured SMS provider names.</summary>
    public IReadOnlyList<string> SmsProviders { get; }

    /// <summary>The target for a channel or provider name, spelt as configured; null when unknown.</summary>
    public PauseTarget? Find(PauseTargetKind kind, string? name)
    {
        // Provider names are unique ignoring case (SmsOptions checks that), so the pause is stored
        // under the configured spelling whatever case the operator typed.
        var known = (kind == PauseTargetKind.Channel ? Channels : SmsProviders)
            .FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        return known is null ? null : new PauseTarget(kind, known);
    }

    /// <summary>The target, or a field error naming what is allowed.</summary>
    public PauseTarget? Resolve(PauseTargetKind kind, string? name, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var target = Find(kind, name);
        if (target is null)
        {
            var (field, allowed) = kind == PauseTargetKind.Channel ? ("channel", Channels) : ("provider", SmsProviders);
            errors.Add(field, FieldErrorCode.NotAllowed, allowed.Count == 0 ? "no SMS provider is configured" : $"must be one of: {string.Join(", ", allowed)}");
        }

        return target;
    }
}
