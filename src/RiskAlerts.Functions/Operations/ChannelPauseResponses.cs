using RiskAlerts.Core.Operations.Pauses;

namespace RiskAlerts.Functions.Operations;

/// <summary>A pause in force.</summary>
/// <param name="Target">The target's key: <c>channel:sms</c>, <c>provider:primary</c>.</param>
/// <param name="Kind">Channel or Provider.</param>
/// <param name="Name">The channel's or the provider's name.</param>
/// <param name="PausedBy">The operator who paused it.</param>
/// <param name="PausedAt">When.</param>
/// <param name="Reason">Why.</param>
public sealed record ChannelPauseResponse(string Target, PauseTargetKind Kind, string Name, string PausedBy, DateTimeOffset PausedAt, string Reason)
{
    public static ChannelPauseResponse From(ChannelPause pause) =>
        new(pause.Target.Key, pause.Target.Kind, pause.Target.Name, pause.PausedBy, pause.PausedAt, pause.Reason);
}

/// <summary>The pauses in force, and the channels whose senders take no messages because of them.</summary>
/// <param name="PausedChannels">Paused channels, including SMS when every SMS provider is paused.</param>
/// <param name="Items">Every pause, by target.</param>
/// <param name="Channels">The channels that may be paused.</param>
/// <param name="SmsProviders">The configured SMS providers that may be paused, in failover order.</param>
public sealed record ChannelPauseListResponse(IReadOnlyList<string> PausedChannels, IReadOnlyList<ChannelPauseResponse> Items, IReadOnlyList<string> Channels, IReadOnlyList<string> SmsProviders)
{
    /// <summary>The response shape of the pause state.</summary>
    public static ChannelPauseListResponse From(PauseState state, PauseTargetCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(catalog);
        return new(state.PausedChannels(catalog), [.. state.Pauses.Select(ChannelPauseResponse.From)], catalog.Channels, catalog.SmsProviders);
    }
}

/// <summary>Body of a pause: why the channel or provider is paused.</summary>
public sealed record PauseRequest(string? Reason);

/// <summary>The outcome of a resume.</summary>
/// <param name="Target">The target's key.</param>
/// <param name="WasPaused">False when it was not paused (nothing changed).</param>
public sealed record ResumeResponse(string Target, bool WasPaused);
