using RiskAlerts.Core.Enterprises;

namespace RiskAlerts.Core.Registrations;

/// <summary>A change was asked of an enterprise that never registered (HTTP 404).</summary>
public sealed class EnterpriseNotRegisteredException : Exception
{
    public EnterpriseNotRegisteredException(UnifiedSocialCreditCode uscc)
        : base($"No enterprise {uscc} is registered.")
    {
    }

    public EnterpriseNotRegisteredException()
        : base("The enterprise is not registered.")
    {
    }

    public EnterpriseNotRegisteredException(string message)
        : base(message)
    {
    }

    public EnterpriseNotRegisteredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
