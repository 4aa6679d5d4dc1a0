namespace RiskAlerts.Host.Local;

/// <summary>What the host does beyond consuming Service Bus when it runs on a developer's machine.</summary>
public sealed class LocalRunOptions
{
    public const string SectionName = "LocalRun";

    /// <summary>Serve the Functions app's HTTP routes (in Azure the Function App serves them).</summary>
    public bool ServeHttpApi { get; set; }

    /// <summary>Run the Functions app's timer functions on their schedules (in Azure the Function App runs them).</summary>
    public bool RunTimers { get; set; }

    /// <summary>Start Azurite and the local Service Bus broker, unless a connection string is already configured.</summary>
    public bool StartStandIns { get; set; }

    /// <summary>Create the tables at start (in Azure the deployment creates them).</summary>
    public bool ProvisionTables { get; set; }

    /// <summary>Folder of Azurite's persistent data, relative to the repository root.</summary>
    public string DataDirectory { get; set; } = ".local/azurite";

    public int TablesPort { get; set; } = 10002;

    public int ServiceBusPort { get; set; } = 5672;

    /// <summary>Port of the SMS gateway stand-in; 0 picks a free one (the start-up log says which).</summary>
    public int SmsGatewayPort { get; set; }

    /// <summary>Port of the SMTP server stand-in; 0 picks a free one (the start-up log says which).</summary>
    public int SmtpPort { get; set; }
}
