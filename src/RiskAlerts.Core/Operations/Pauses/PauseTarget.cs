namespace RiskAlerts.Core.Operations.Pauses;

/// <summary>What an operator can pause: a whole delivery channel, or one SMS provider.</summary>
public enum PauseTargetKind
{
    /// <summary>A delivery channel (<c>sms</c>, <c>email</c>): its sender takes no messages.</summary>
    Channel,

    /// <summary>An SMS provider by its configured name: failover passes it over.</summary>
    Provider,
}

/// <summary>One pausable thing.</summary>
/// <param name="Kind">Channel or provider.</param>
/// <param name="Name">The channel's name, or the provider's name as configured in <c>Sms:Providers</c>.</param>
public sealed record PauseTarget(PauseTargetKind Kind, string Name)
{
    /// <summary>A stable text form: <c>channel:sms</c>, <c>provider:primary</c>.</summary>
    public string Key => Kind == PauseTargetKind.Channel ? $"channel:{Name}" : $"provider:{Name}";

    /// <summary>The channel <paramref name="name"/>.</summary>
    public static PauseTarget Channel(string name) => new(PauseTargetKind.Channel, name);

    /// <summary>The SMS provider <paramref name="name"/>.</summary>
    public static PauseTarget Provider(string name) => new(PauseTargetKind.Provider, name);

    /// <inheritdoc />
    public override string ToString() => Key;
}

/// <summary>A pause in force.</summary>
/// <param name="Target">What is paused.</param>
/// <param name="PausedBy">The operator's name.</param>
/// <param name="PausedAt">When it was paused.</param>
/// <param name="Reason">Why, in the operator's words.</param>
public sealed record ChannelPause(PauseTarget Target, string PausedBy, DateTimeOffset PausedAt, string Reason);
