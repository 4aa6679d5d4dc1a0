using System.ComponentModel.DataAnnotations;

namespace RiskAlerts.Core.Deliveries;

/// <summary>The <c>Deliveries</c> configuration section: how planning and sending behave.</summary>
public sealed class DeliveryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Deliveries";

    /// <summary>Chunks written and published at once by the planner.</summary>
    [Range(1, 64)]
    public int PlannerParallelism { get; set; } = 8;

    /// <summary>
    /// Recipients per row transaction and per batch message (Table Storage and the SMS providers
    /// take 100). Lower only to measure: 1 gives the naive one-message-per-recipient pipeline.
    /// </summary>
    [Range(1, 100)]
    public int ChunkSize { get; set; } = 100;

    /// <summary>
    /// Rows of the first chunk of each partition and channel: small, so that in a broadcast it fills
    /// within the first page of subscribers read and the first messages leave at once.
    /// </summary>
    [Range(1, 100)]
    public int FirstChunkSize { get; set; } = 10;

    /// <summary>
    /// Sends per recipient before a transient failure becomes <c>Failed("retries exhausted")</c>. With
    /// the default backoff, 50 attempts span about six hours (as SNS retries SMS and email), so an
    /// outage of every provider is outlasted; a warning's expiry ends the retries earlier.
    /// </summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 50;

    /// <summary>Backoff before the first retry; doubled for each further one, with ±20 % jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest backoff.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "06:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(7.5);

    /// <summary>
    /// How long a batch waits before it asks again when no provider could take it (every circuit
    /// open, every provider paused). A wait is not an attempt: it costs no retry.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan ProviderWaitDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a sender's claim on a batch holds before another sender may take the batch over.
    /// Longer than a batch takes to send; a sender that stops cleanly releases its claims at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long an SMS whose outcome is unknown (in flight at a provider that cannot be asked twice
    /// when its sender stopped) waits for its receipt before it is recorded <c>Failed("outcome unknown")</c>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan UnknownOutcomeWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Most emails whose outcomes are written together while a batch is sent: at most this many are
    /// sent again after a crash. The default, a transaction's worth, makes a batch one write when
    /// the server is fast.
    /// </summary>
    [Range(1, 100)]
    public int EmailCheckpointSize { get; set; } = 100;

    /// <summary>
    /// How long the outcomes of finished emails wait for more before they are written: with a slow
    /// server, what a crash leaves unrecorded is at most this long's worth of emails.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan EmailCheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>SMS a number may receive per China-local day; 0 disables the cap.</summary>
    [Range(0, 10_000)]
    public int DailySmsCapPerNumber { get; set; } = 50;

    /// <summary>How long a sender keeps a warning it read (a retraction is seen within this time).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan WarningCacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Emails sent at once by one batch (as many as the SMTP connection pool holds).</summary>
    [Range(1, 64)]
    public int EmailParallelism { get; set; } = 8;
}
