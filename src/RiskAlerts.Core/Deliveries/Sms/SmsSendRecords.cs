namespace RiskAlerts.Core.Deliveries.Sms;

/// <summary>What a provider's own send records say of one message.</summary>
public enum SmsSendRecordState
{
    /// <summary>The provider has no record of it: the request never reached the provider.</summary>
    NotFound,

    /// <summary>The provider took it and waits for the carrier's report.</summary>
    Waiting,

    /// <summary>The carrier reported it delivered.</summary>
    Delivered,

    /// <summary>The carrier reported it not delivered.</summary>
    Undelivered,
}

/// <summary>One message as a provider's send records show it.</summary>
/// <param name="State">What became of it.</param>
/// <param name="Provider">The provider whose records these are.</param>
/// <param name="ProviderMessageId">The provider's id for the message, when it has one.</param>
/// <param name="Code">The carrier's code (<c>DELIVERED</c>, or why not).</param>
public sealed record SmsSendRecord(SmsSendRecordState State, string Provider, string? ProviderMessageId, string? Code);

/// <summary>
/// The send records of the providers that keep records one can ask (Aliyun <c>QuerySendDetails</c>):
/// how a message whose outcome its sender never learned is resolved rather than written off.
/// </summary>
public interface ISmsSendRecords
{
    /// <summary>
    /// Looks for a message to <paramref name="phoneE164"/> sent around <paramref name="sentAt"/> by a
    /// request whose reference <paramref name="sentFor"/> accepts. Null when no configured provider keeps
    /// records that can tell (or one could not be asked): the outcome stays unknown.
    /// </summary>
    Task<SmsSendRecord?> FindAsync(string phoneE164, DateTimeOffset sentAt, Func<string, bool> sentFor, CancellationToken cancellationToken = default);
}

/// <summary>No provider keeps records one can ask.</summary>
public sealed class NoSmsSendRecords : ISmsSendRecords
{
    /// <inheritdoc />
    public Task<SmsSendRecord?> FindAsync(string phoneE164, DateTimeOffset sentAt, Func<string, bool> sentFor, CancellationToken cancellationToken = default) =>
        Task.FromResult<SmsSendRecord?>(null);
}
