using RiskAlerts.Core.Deliveries.Sms;

namespace RiskAlerts.Channels.Sms;

/// <summary>An SMS provider: sends one text to many numbers.</summary>
public interface ISmsProvider
{
    /// <summary>The configured name, carried in every result.</summary>
    string Name { get; }

    /// <summary>How many numbers one provider request takes; larger batches are split.</summary>
    int MaxRecipientsPerRequest { get; }

    /// <summary>
    /// Whether a request repeated with the same <see cref="SmsBatch.RequestId"/> is answered without
    /// sending twice, so that a send whose answer was lost can simply be asked again.
    /// </summary>
    bool IsIdempotent { get; }

    /// <summary>
    /// Sends the batch in as few provider requests as <see cref="MaxRecipientsPerRequest"/> allows.
    /// Expected failures are results, not exceptions; only cancellation by the caller throws.
    /// </summary>
    Task<SmsBatchResult> SendAsync(SmsBatch batch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a connection to the provider ahead of the first send, sending nothing, so the first batch
    /// of a broadcast does not wait for the connect and the TLS handshake. Throws when the provider
    /// cannot be reached; the first send then connects as it would have.
    /// </summary>
    Task WarmUpAsync(CancellationToken cancellationToken = default);
}
