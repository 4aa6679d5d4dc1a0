namespace RiskAlerts.Core.Warnings;

/// <summary>A warning with this id is already stored.</summary>
public sealed class WarningAlreadyExistsException : Exception
{
    public WarningAlreadyExistsException(string warningId)
        : base($"Warning {warningId} already exists.")
    {
        WarningId = warningId;
    }

    public WarningAlreadyExistsException()
        : this(string.Empty)
    {
    }

    public WarningAlreadyExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
        WarningId = string.Empty;
    }

    public string WarningId { get; }
}
