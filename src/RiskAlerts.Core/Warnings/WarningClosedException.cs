namespace RiskAlerts.Core.Warnings;

/// <summary>The warning's lifecycle has ended; the change asked for no longer applies (HTTP 409).</summary>
public sealed class WarningClosedException : Exception
{
    public WarningClosedException(string warningId, WarningStatus status)
        : base($"Warning {warningId} is {status}.")
    {
    }

    public WarningClosedException()
    {
    }

    public WarningClosedException(string message)
        : base(message)
    {
    }

    public WarningClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
