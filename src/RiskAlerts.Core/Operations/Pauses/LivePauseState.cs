namespace RiskAlerts.Core.Operations.Pauses;

/// <summary>
/// The pause state this host last read, refreshed by the senders' polls. SMS failover asks it which
/// providers to pass over, so a provider pause needs no read of its own per batch.
/// </summary>
public sealed class LivePauseState(PauseTargetCatalog catalog) : ISmsProviderPauses
{
    private volatile PauseState _current = PauseState.None;

    /// <summary>The state last read.</summary>
    public PauseState Current => _current;

    /// <summary>Replaces the state with freshly read pauses and returns it.</summary>
    public PauseState Update(IEnumerable<ChannelPause> pauses)
    {
        var state = new PauseState(pauses, catalog.SmsProviders);
        _current = state;
        return state;
    }

    /// <inheritdoc />
    public bool IsPaused(string provider) => _current.IsProviderPaused(provider);
}
