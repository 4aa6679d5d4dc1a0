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
public sealed record EmailWarning(string WarningId, string Headline, AlertSeverity Severity, string Description, string Instruction, string? Issuer = null)
{
    /// <summary>The subject line: <c>【{severity}】{headline on one line}</c>. Kept here so that the evidence of a warning names the subject the renderer sends.</summary>
    public string Subject => $"【{SeverityText(Severity)}】{string.Join(' ', Headline.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim()}";

    /// <summary>The severity in the email's words (zh-CN).</summary>
    public static string SeverityText(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Extreme => "特别严重",
        AlertSeverity.Severe => "严重",
        AlertSeverity.Moderate => "较重",
        AlertSeverity.Minor => "一般",
        _ => "未知",
    };
}

/// <summary>One email to one contact.</summary>
/// <param name="DeliveryId">The delivery's id; the <c>Message-Id</c> is derived from it, so a resend is recognisable.</param>
/// <param name="ToAddress">The contact's address.</param>
/// <param name="ToName">The contact's name, when known.</param>
/// <param name="Warning">What to tell them.</param>
/// <param name="LinkToken">An opaque token appended to the acknowledge and unsubscribe links, so that they work without signing in.</param>
public sealed record EmailDelivery(string DeliveryId, string ToAddress, string? ToName, EmailWarning Warning, string? LinkToken = null);

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
