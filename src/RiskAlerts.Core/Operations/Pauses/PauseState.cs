namespace RiskAlerts.Core.Operations.Pauses;

/// <summary>The pauses in force at one moment, and what they mean for the senders.</summary>
public sealed class PauseState
{
    private readonly HashSet<string> _keys;
    private readonly IReadOnlyList<string> _smsProviders;

    /// <summary>Creates the state from the stored pauses and the configured SMS providers.</summary>
    public PauseState(IEnumerable<ChannelPause> pauses, IReadOnlyList<string> smsProviders)
    {
        ArgumentNullException.ThrowIfNull(pauses);
        ArgumentNullException.ThrowIfNull(smsProviders);
        Pauses = [.. pauses.OrderBy(p => p.Target.Key, StringComparer.Ordinal)];
        _keys = Pauses.Select(p => Normalize(p.Target)).ToHashSet(StringComparer.Ordinal);
        _smsProviders = smsProviders;
    }

    /// <summary>Nothing paused.</summary>
    public static PauseState None { get; } = new([], []);

    /// <summary>The pauses in force, by target.</summary>
    public IReadOnlyList<ChannelPause> Pauses { get; }

    /// <summary>
    /// Whether the channel's sender should take no messages: the channel is paused, or (for SMS)
    /// every configured provider is, since a batch taken then could only fail and be retried.
    /// </summary>
    public bool IsChannelPaused(string channel) =>
        _keys.Contains(Normalize(PauseTarget.Channel(channel)))
        || (string.Equals(channel, PauseTargetCatalog.Sms, StringComparison.Ordinal) && _smsProviders.Count > 0 && _smsProviders.All(IsProviderPaused));

    /// <summary>Whether failover should pass the SMS provider over.</summary>
    public bool IsProviderPaused(string provider) => _keys.Contains(Normalize(PauseTarget.Provider(provider)));

    /// <summary>The channels whose senders take no messages, in catalog order.</summary>
    public IReadOnlyList<string> PausedChannels(PauseTargetCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return [.. catalog.Channels.Where(IsChannelPaused)];
    }

    private static string Normalize(PauseTarget target) => target.Key.ToUpperInvariant();
}
