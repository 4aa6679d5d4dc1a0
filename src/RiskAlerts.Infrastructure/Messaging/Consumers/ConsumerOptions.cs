using System.ComponentModel.DataAnnotations;

namespace RiskAlerts.Infrastructure.Messaging.Consumers;

/// <summary>The <c>Consumers</c> configuration section: which Service Bus consumers run and how hard.</summary>
public sealed class ConsumerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Consumers";

    /// <summary>Run the planner and the senders in this host (true in every environment unless switched off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How often the senders read the operators' pauses. A pause takes effect within this interval;
    /// the read is one small partition query per sender.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan PausePollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The planner on the <c>warnings</c> queue.</summary>
    [Required]
    public ProcessorSettings Planner { get; set; } = new() { MaxConcurrentCalls = 2, PrefetchCount = 0 };

    /// <summary>The SMS sender on <c>deliveries/sms</c>.</summary>
    /// <remarks>
    /// No prefetch by default: a prefetched message's lock runs (and is not renewed) while it waits
    /// for a free handler, and under load it expired before its turn (MessageLockLost, redelivery).
    /// </remarks>
    [Required]
    public ProcessorSettings Sms { get; set; } = new() { MaxConcurrentCalls = 8, PrefetchCount = 0 };

    /// <summary>The email sender on <c>deliveries/email</c> (no prefetch, as for SMS).</summary>
    [Required]
    public ProcessorSettings Email { get; set; } = new() { MaxConcurrentCalls = 4, PrefetchCount = 0 };
}

/// <summary>Settings of one <c>ServiceBusProcessor</c>.</summary>
public sealed class ProcessorSettings
{
    /// <summary>Messages handled at once.</summary>
    [Range(1, 256)]
    public int MaxConcurrentCalls { get; set; } = 4;

    /// <summary>Messages fetched ahead of the handlers.</summary>
    [Range(0, 1_000)]
    public int PrefetchCount { get; set; }

    /// <summary>How long the processor keeps renewing a message's lock while it is handled (a broadcast's planning takes a while).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan MaxAutoLockRenewalDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// On stop (SIGTERM: a scale-in, a new revision), how long the messages being handled may take
    /// to finish before they are cancelled and abandoned for another replica. Below the platform's
    /// grace period (Container Apps: 30 s) and the host's shutdown timeout.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
