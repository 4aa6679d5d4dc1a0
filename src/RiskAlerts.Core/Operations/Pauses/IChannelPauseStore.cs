namespace RiskAlerts.Core.Operations.Pauses;

/// <summary>The pauses in force, shared by every host that sends.</summary>
public interface IChannelPauseStore
{
    /// <summary>Every pause in force.</summary>
    Task<IReadOnlyList<ChannelPause>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Puts the pause in force; pausing a target already paused replaces who, when and why.</summary>
    Task PauseAsync(ChannelPause pause, CancellationToken cancellationToken = default);

    /// <summary>Lifts the pause of <paramref name="target"/>.</summary>
    /// <returns>False when the target was not paused.</returns>
    Task<bool> ResumeAsync(PauseTarget target, CancellationToken cancellationToken = default);
}
