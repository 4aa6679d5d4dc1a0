using System.ComponentModel.DataAnnotations;

namespace RiskAlerts.Channels.Email;

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
    /// The acknowledge page (the Function App's <c>/api/acknowledge</c>); the delivery id and token are
    /// added as query parameters. Set together with <see cref="UnsubscribeBaseUrl"/>, and with
    /// <c>Links:SigningKey</c>, which signs the tokens; unset, emails carry neither link nor
    /// <c>List-Unsubscribe</c>.
    /// </summary>
    public Uri? AcknowledgeBaseUrl { get; set; }

    /// <summary>
    /// The one-click unsubscribe endpoint (also the <c>List-Unsubscribe</c> target); the delivery id and
    /// token are added as query parameters. Set together with <see cref="AcknowledgeBaseUrl"/>.
    /// </summary>
    public Uri? UnsubscribeBaseUrl { get; set; }

    /// <summary>
    /// The page where a contact confirms an email address (shows a button; the button's POST
    /// verifies); the verification link's token is added as query parameter <c>token</c>. Unset,
    /// a verification email carries only its code. The token exists only with <c>Links:SigningKey</c>,
    /// without which no address is verified at all.
    /// </summary>
    public Uri? VerifyBaseUrl { get; set; }

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

    /// <summary>
    /// How often the consumer host asks its idle SMTP connections for a <c>NOOP</c> (default 1 min;
    /// zero turns it off), so that a broadcast long after the last one still finds a connection
    /// open: servers close a silent session after a few minutes (Postfix after 5). A connection
    /// that does not answer is closed, and one is opened when none is left.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if ((AcknowledgeBaseUrl is null) != (UnsubscribeBaseUrl is null))
        {
            yield return new ValidationResult(
                "Email:AcknowledgeBaseUrl and Email:UnsubscribeBaseUrl are set together or not at all.",
                [nameof(AcknowledgeBaseUrl), nameof(UnsubscribeBaseUrl)]);
        }

        // A link in a mail client has no page to be relative to.
        if (VerifyBaseUrl is { } verify && !(verify.IsAbsoluteUri && (verify.Scheme == Uri.UriSchemeHttps || verify.Scheme == Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult(
                $"Email:VerifyBaseUrl must be an absolute http or https URL; '{verify.OriginalString}' is not.",
                [nameof(VerifyBaseUrl)]);
        }
    }
}
