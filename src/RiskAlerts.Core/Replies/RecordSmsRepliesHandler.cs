using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Acknowledgements;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Links;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Operations.Lookup;
using RiskAlerts.Core.Registrations.OptOut;

namespace RiskAlerts.Core.Replies;

/// <summary>One SMS a contact sent back, as the provider's reply callback reports it.</summary>
/// <param name="Phone">The number it came from, in any form libphonenumber reads (China by default).</param>
/// <param name="Text">What the contact wrote. Personal data: never logged.</param>
/// <param name="ReceivedAt">When the provider received it.</param>
public sealed record SmsReply(string Phone, string Text, DateTimeOffset ReceivedAt);

/// <summary>What became of a callback's replies.</summary>
/// <param name="Acknowledged">Replies that acknowledged a warning (repeated ones included).</param>
/// <param name="OptedOut">Replies that stopped SMS for an enterprise.</param>
/// <param name="Unmatched">Replies with a keyword or reference but no delivery to their number that it could answer.</param>
/// <param name="Ignored">Replies that ask for nothing we act on.</param>
public sealed record ReplyOutcome(int Acknowledged, int OptedOut, int Unmatched, int Ignored);

/// <summary>
/// Acts on SMS replies: <c>1</c>, <c>收到</c>, <c>已阅</c> acknowledge the newest warning sent to the
/// number; a reference acknowledges the warning it names (among those sent to the number); <c>TD</c>,
/// <c>T</c>, <c>退订</c> stop SMS to the number from the enterprise of the newest warning sent to it.
/// A reply answers a message sent within <see cref="Window"/>. Providers repeat callbacks, and every
/// action is idempotent: a second acknowledgement keeps the first, a second opt-out changes nothing.
/// </summary>
public sealed class RecordSmsRepliesHandler(
    AddressDeliverySearch search,
    DeliveryLinks links,
    AcknowledgeWarningHandler acknowledge,
    OptOutHandler optOut,
    TimeProvider timeProvider,
    ILogger<RecordSmsRepliesHandler> logger)
{
    /// <summary>How far back a reply looks for the message it answers.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(3);

    /// <summary>Acts on the replies of one callback.</summary>
    public async Task<ReplyOutcome> HandleAsync(string provider, IReadOnlyList<SmsReply> replies, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentNullException.ThrowIfNull(replies);
        int acknowledged = 0, optedOut = 0, unmatched = 0, ignored = 0;
        foreach (var reply in replies)
        {
            var meaning = SmsReplyText.Classify(reply.Text);
            if (meaning.Intent == ReplyIntent.None || !PhoneNumberNormalizer.TryNormalize(reply.Phone, out var phone, out _))
            {
                ignored++;
                logger.LogInformation("Reply from {Phone} via {Provider} asks for nothing ({Length} characters); ignored", PersonalDataMask.MaskPhone(reply.Phone), provider, reply.Text?.Length ?? 0);
                continue;
            }

            var answered = await FindAnsweredAsync(phone, meaning, cancellationToken);
            if (answered is null)
            {
                unmatched++;
                logger.LogWarning("Reply {Intent} from {Phone} via {Provider} answers no delivery of the last {Days} days", meaning.Intent, PersonalDataMask.MaskPhone(phone), provider, Window.TotalDays);
                continue;
            }

            if (meaning.Intent == ReplyIntent.OptOut)
            {
                await optOut.OptOutByReplyAsync(answered, cancellationToken);
                optedOut++;
            }
            else
            {
                await acknowledge.AcknowledgeByReplyAsync(answered, cancellationToken);
                acknowledged++;
            }
        }

        return new ReplyOutcome(acknowledged, optedOut, unmatched, ignored);
    }

    /// <summary>The delivery a reply answers: the newest SMS that reached the number, or the one its reference names.</summary>
    private async Task<DeliveryRecord?> FindAnsweredAsync(string phone, ReplyMeaning meaning, CancellationToken cancellationToken)
    {
        var found = await search.FindAsync(Channel.Sms, phone, timeProvider.GetUtcNow() - Window, cancellationToken);
        var sent = found.Deliveries.Select(d => d.Delivery).Where(d => d.Status is not (DeliveryStatus.Planned or DeliveryStatus.Suppressed or DeliveryStatus.Expired));
        return meaning.Intent == ReplyIntent.Reference
            ? sent.FirstOrDefault(d => links.ReferenceFor(d.WarningId, d.Uscc, d.ContactId) == meaning.Reference)
            : sent.FirstOrDefault();
    }
}
