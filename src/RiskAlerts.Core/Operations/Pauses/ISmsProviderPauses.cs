namespace RiskAlerts.Core.Operations.Pauses;

/// <summary>Which SMS providers operators have paused; failover passes them over.</summary>
public interface ISmsProviderPauses
{
    /// <summary>Whether the provider named <paramref name="provider"/> is paused.</summary>
    bool IsPaused(string provider);
}
