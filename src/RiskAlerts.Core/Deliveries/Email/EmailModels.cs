using System.ComponentModel.DataAnnotations;

namespace RiskAlerts.Core.Deliveries.Email;

/// <summary>Severity as CAP 1.2 names it.</summary>
public enum AlertSeverity
{
    /// <summary>Severity unknown.</summary>
    Unknown,

    /// <summary>Minimal threat.</summary>
    Minor,

    /// <summary>Possible threat.</summary>
    Moderate,

    /// <summary>Significant threat.</summary>
    Severe,

    /// <summary>Extraordinary threat.</summary>
    Extreme,
}

/// <summary>The warning as an email shows it.</summary>
/// <param name="WarningId">The warning's id.</param>
/// <param name="Headline">One line saying what the danger is.</param>
/// <param name="Severity">CAP severity.</param>
/// <param name="Description">What is happening.</param>
/// <param name="Instruction">What the reader should do.</param>
/// <param name="Issuer">Who issued it, when known.</param>
public sealed record EmailWarning(string WarningId, string Headline, AlertSeverity Severity, string Description, string Instruction, string? Issuer = null);

/// <summary>One email to one contact.</summary>
/// <param name="DeliveryId">The delivery's id; the <c>Message-Id</c> is derived from it, so a resend is recognisable.</param>
/// <param name="ToAddress">The contact's address.</param>
/// <param name="ToName">The contact's name, when known.</param>
/// <param name="Warning">What to tell them.</param>
/// <param name="LinkToken">An opaque token appended to the acknowledge and unsubscribe links, so that they work without signing in.</param>
public sealed record EmailDelivery(string DeliveryId, string ToAddress, string? ToName, EmailWarning Warning, string? LinkToken = null);

/// <summary>A rendered email.</summary>
/// <param name="Subject">The subject line.</param>
/// <param name="HtmlBody">The HTML body; every input value in it is escaped.</param>
/// <param name="TextBody">The plain-text body.</param>
/// <param name="AcknowledgeUrl">Where the reader acknowledges the warning; null when emails carry no links.</param>
/// <param name="UnsubscribeUrl">Where the reader unsubscribes (also the <c>List-Unsubscribe</c> target); null when emails carry no links.</param>
public sealed record EmailContent(string Subject, string HtmlBody, string TextBody, Uri? AcknowledgeUrl, Uri? UnsubscribeUrl);

/// <summary>What happened to one email.</summary>
public abstract record EmailSendResult
{
    private EmailSendResult()
    {
    }

    /// <summary>The SMTP server took the message.</summary>
    /// <param name="MessageId">The message's <c>Message-Id</c>, without angle brackets.</param>
    public sealed record Accepted(string MessageId) : EmailSendResult;

    /// <summary>Worth retrying: connection failures and 4xx replies.</summary>
    /// <param name="Reason">Why, for operators.</param>
    public sealed record TransientFailure(string Reason) : EmailSendResult;

    /// <summary>Retrying will not help: a 5xx reply, typically the recipient refused.</summary>
    /// <param name="Code">The SMTP status code, for example <c>550</c>.</param>
    /// <param name="Reason">The server's text.</param>
    public sealed record PermanentFailure(string Code, string Reason) : EmailSendResult;
}

/// <summary>Sends warning emails, one message per contact.</summary>
public interface IEmailSender
{
    /// <summary>Renders and sends one email.</summary>
    Task<EmailSendResult> SendAsync(EmailDelivery delivery, CancellationToken cancellationToken = default);
}

/// <summary>The <c>Email</c> configuration section.</summary>
public sealed class EmailOptions : IValidatableObject
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Email";

    /// <summary>The SMTP server's host name.</summary>
    [Required]
    public string Host { get; set; } = string.Empty;

    /// <summary>The SMTP port.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>TLS from the first byte (implicit TLS, usually port 465).</summary>
    public bool UseSsl { get; set; }

    /// <summary>Require STARTTLS before sending (usually port 587).</summary>
    public bool StartTls { get; set; }

    /// <summary>The SMTP user; no authentication when empty.</summary>
    public string? UserName { get; set; }

    /// <summary>The SMTP password; from Key Vault, never logged.</summary>
    public string? Password { get; set; }

    /// <summary>The sender address.</summary>
    [Required]
    [EmailAddress]
    public string FromAddress { get; set; } = string.Empty;

    /// <summary>The sender's display name.</summary>
    public string FromDisplayName { get; set; } = "风险预警中心";

    /// <summary>
    /// The acknowledge page; the delivery id and token are added as query parameters. Set together with
    /// <see cref="UnsubscribeBaseUrl"/>, and only where a route serves it: the application serves no
    /// acknowledge or unsubscribe route yet, so no configuration of its own sets either, and emails carry
    /// neither link nor <c>List-Unsubscribe</c>.
    /// </summary>
    public Uri? AcknowledgeBaseUrl { get; set; }

    /// <summary>
    /// The one-click unsubscribe endpoint (also the <c>List-Unsubscribe</c> target); the delivery id and
    /// token are added as query parameters. Set together with <see cref="AcknowledgeBaseUrl"/>.
    /// </summary>
    public Uri? UnsubscribeBaseUrl { get; set; }

    /// <summary>True when emails carry the acknowledge and unsubscribe links.</summary>
    public bool HasLinks => AcknowledgeBaseUrl is not null && UnsubscribeBaseUrl is not null;

    /// <summary>Longest a connect or a send may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// SMTP connections kept open to the server, 1 to 64 (default 8): as many emails are in
    /// flight at once, each over its own connection. Sends beyond that wait for a connection to
    /// come free, so the caller's parallelism (<c>Deliveries:EmailParallelism</c>) should be at
    /// least this. Mind the server's limit on connections per client (often 10 to 20 for relays).
    /// </summary>
    [Range(1, 64)]
    public int Connections { get; set; } = 8;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if ((AcknowledgeBaseUrl is null) != (UnsubscribeBaseUrl is null))
        {
            yield return new ValidationResult(
                "Email:AcknowledgeBaseUrl and Email:UnsubscribeBaseUrl are set together or not at all.",
                [nameof(AcknowledgeBaseUrl), nameof(UnsubscribeBaseUrl)]);
        }
    }
}
