using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using RiskAlerts.Channels.Email;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries.Email;
using RiskAlerts.Core.Deliveries.Sms;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Registrations.Verification;

namespace RiskAlerts.Channels.Verification;

/// <summary>
/// Sends a contact's verification code: by SMS as one <see cref="SmsBatch"/> through
/// <see cref="ISmsSender"/> (failover included), by email over <see cref="MailKitEmailSender"/>'s
/// pooled SMTP connections, with a link to the confirmation page when
/// <see cref="EmailOptions.VerifyBaseUrl"/> is set and the notice has a token.
/// </summary>
/// <remarks>
/// <para>
/// Both carry an id derived from the challenge (<see cref="RequestIdFor"/>): the SMS request's
/// idempotency reference, so a provider that deduplicates sends a repetition once, and the email's
/// <c>Message-Id</c>. The texts say the challenge's whole lifetime, so a repetition says the same.
/// </para>
/// <para>
/// The code is never logged: addresses are masked, and a provider's or server's answer is logged
/// with the code blanked out, in case it echoes the message.
/// </para>
/// </remarks>
public sealed class ContactVerificationSender : IContactVerificationSender
{
    /// <summary>Our template code for a verification SMS, with parameters <c>code</c> and <c>minutes</c>; providers map it to their approved template.</summary>
    public const string TemplateCode = "contact-verification";

    private const string Blanked = "******";

    private readonly ISmsSender _sms;
    private readonly MailKitEmailSender _email;
    private readonly SmsTemplateOptions _smsTemplate;
    private readonly EmailOptions _emailOptions;
    private readonly MailboxAddress _from;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ContactVerificationSender> _logger;

    /// <summary>Creates the sender.</summary>
    public ContactVerificationSender(
        ISmsSender sms,
        MailKitEmailSender email,
        IOptions<SmsTemplateOptions> smsTemplate,
        IOptions<EmailOptions> emailOptions,
        TimeProvider timeProvider,
        ILogger<ContactVerificationSender> logger)
    {
        ArgumentNullException.ThrowIfNull(sms);
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(smsTemplate);
        ArgumentNullException.ThrowIfNull(emailOptions);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _sms = sms;
        _email = email;
        _smsTemplate = smsTemplate.Value;
        _emailOptions = emailOptions.Value;
        _from = new MailboxAddress(_emailOptions.FromDisplayName, _emailOptions.FromAddress);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The id of a challenge's send, the same for every repetition of it: <c>verify:{uscc}:{contactId}:{channel}:{issued, Unix ms}</c>.</summary>
    public static string RequestIdFor(VerificationChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return string.Join(
            ':',
            "verify",
            challenge.Uscc,
            challenge.ContactId,
            challenge.Channel.ToWireName(),
            challenge.IssuedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public Task<VerificationSendOutcome> SendAsync(VerificationNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(notice.Challenge);
        ArgumentException.ThrowIfNullOrEmpty(notice.Code);
        return notice.Challenge.Channel switch
        {
            Channel.Sms => SendSmsAsync(notice, cancellationToken),
            Channel.Email => SendEmailAsync(notice, cancellationToken),
            var other => throw new ArgumentOutOfRangeException(nameof(notice), other, "A verification notice goes by SMS or email."),
        };
    }

    private async Task<VerificationSendOutcome> SendSmsAsync(VerificationNotice notice, CancellationToken cancellationToken)
    {
        var challenge = notice.Challenge;
        if (string.IsNullOrWhiteSpace(_smsTemplate.Signature))
        {
            throw new InvalidOperationException("Sms:Template:Signature is not configured, so verification codes cannot be sent by SMS.");
        }

        var signature = _smsTemplate.Signature.Trim();
        var minutes = VerificationTexts.Minutes(challenge);
        var batch = new SmsBatch(
            signature,
            TemplateCode,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["code"] = notice.Code,
                ["minutes"] = minutes.ToString(CultureInfo.InvariantCulture),
            },
            VerificationTexts.Sms(signature, notice.Code, minutes),
            [new SmsRecipient(challenge.ContactId, challenge.Address)],
            RequestId: RequestIdFor(challenge));

        var result = await _sms.SendAsync(batch, cancellationToken);
        var to = PersonalDataMask.MaskPhone(challenge.Address);
        if (result.Recipients is not [var recipient, ..])
        {
            _logger.LogWarning("Verification SMS for contact {ContactId} of {Uscc} to {To} got no answer", challenge.ContactId, challenge.Uscc, to);
            return VerificationSendOutcome.Retry;
        }

        switch (recipient.Outcome)
        {
            case SmsOutcome.Accepted:
                _logger.LogInformation("Verification SMS for contact {ContactId} of {Uscc} accepted by {Provider} for {To}", challenge.ContactId, challenge.Uscc, recipient.Provider, to);
                return VerificationSendOutcome.Sent;
            case SmsOutcome.PermanentFailure permanent:
                _logger.LogWarning("Verification SMS for contact {ContactId} of {Uscc} to {To} refused by {Provider}: {Code} {Reason}", challenge.ContactId, challenge.Uscc, to, recipient.Provider, permanent.Code, Blank(permanent.Reason, notice.Code));
                return VerificationSendOutcome.Refused;
            case SmsOutcome.FrequencyLimited limited:
                _logger.LogWarning("Verification SMS for contact {ContactId} of {Uscc} to {To} refused by {Provider} for its frequency limit: {Code} {Reason}", challenge.ContactId, challenge.Uscc, to, recipient.Provider, limited.Code, Blank(limited.Reason, notice.Code));
                return VerificationSendOutcome.Refused;
            case SmsOutcome.TransientFailure transient:
                _logger.LogWarning("Verification SMS for contact {ContactId} of {Uscc} to {To} failed at {Provider}, to be tried again: {Reason}", challenge.ContactId, challenge.Uscc, to, recipient.Provider, Blank(transient.Reason, notice.Code));
                return VerificationSendOutcome.Retry;
            case SmsOutcome.NotAttempted waiting:
                _logger.LogWarning("Verification SMS for contact {ContactId} of {Uscc} to {To} not attempted, to be tried again: {Reason}", challenge.ContactId, challenge.Uscc, to, Blank(waiting.Reason, notice.Code));
                return VerificationSendOutcome.Retry;
            default:
                return VerificationSendOutcome.Retry;
        }
    }

    private async Task<VerificationSendOutcome> SendEmailAsync(VerificationNotice notice, CancellationToken cancellationToken)
    {
        var challenge = notice.Challenge;
        var to = PersonalDataMask.MaskEmail(challenge.Address);
        MailboxAddress recipient;
        try
        {
            recipient = new MailboxAddress(notice.ContactName?.Trim() ?? string.Empty, challenge.Address);
        }
        catch (ParseException)
        {
            _logger.LogWarning("Verification email for contact {ContactId} of {Uscc} not sent: {To} is no email address", challenge.ContactId, challenge.Uscc, to);
            return VerificationSendOutcome.Refused;
        }

        var messageId = _email.MessageIdFor(RequestIdFor(challenge));
        // The pool disposes the message once sent.
        var result = await _email.SendMessageAsync(BuildEmail(notice, recipient, messageId), recipient, messageId, cancellationToken);
        switch (result)
        {
            case EmailSendResult.Accepted:
                _logger.LogInformation("Verification email for contact {ContactId} of {Uscc} accepted for {To}", challenge.ContactId, challenge.Uscc, to);
                return VerificationSendOutcome.Sent;
            case EmailSendResult.PermanentFailure permanent:
                _logger.LogWarning("Verification email for contact {ContactId} of {Uscc} to {To} refused: {Code} {Reason}", challenge.ContactId, challenge.Uscc, to, permanent.Code, Blank(permanent.Reason, notice.Code));
                return VerificationSendOutcome.Refused;
            case EmailSendResult.TransientFailure transient:
                _logger.LogWarning("Verification email for contact {ContactId} of {Uscc} to {To} failed, to be tried again: {Reason}", challenge.ContactId, challenge.Uscc, to, Blank(transient.Reason, notice.Code));
                return VerificationSendOutcome.Retry;
            default:
                return VerificationSendOutcome.Retry;
        }
    }

    /// <summary>
    /// The verification email: no <c>List-Unsubscribe</c>, as it goes to one person who asked for it,
    /// not to a list.
    /// </summary>
    private MimeMessage BuildEmail(VerificationNotice notice, MailboxAddress recipient, string messageId)
    {
        var minutes = VerificationTexts.Minutes(notice.Challenge);
        var link = _emailOptions.VerifyBaseUrl is { } verify && notice.LinkToken is { Length: > 0 } token
            ? VerificationTexts.Link(verify, token)
            : null;
        var message = new MimeMessage
        {
            Date = _timeProvider.GetLocalNow(),
            Subject = VerificationTexts.EmailSubject,
            MessageId = messageId,
        };
        message.From.Add(_from);
        message.To.Add(recipient);
        message.Body = new BodyBuilder
        {
            TextBody = VerificationTexts.EmailText(notice.ContactName, notice.Code, minutes, link),
            HtmlBody = VerificationTexts.EmailHtml(notice.ContactName, notice.Code, minutes, link),
        }.ToMessageBody();
        return message;
    }

    private static string Blank(string? reason, string code) =>
        string.IsNullOrEmpty(reason) ? string.Empty : reason.Replace(code, Blanked, StringComparison.Ordinal);
}
