namespace RiskAlerts.Channels.Email;

/// <summary>A rendered email.</summary>
/// <param name="Subject">The subject line.</param>
/// <param name="HtmlBody">The HTML body; every input value in it is escaped.</param>
/// <param name="TextBody">The plain-text body.</param>
/// <param name="AcknowledgeUrl">Where the reader acknowledges the warning; null when emails carry no links.</param>
/// <param name="UnsubscribeUrl">Where the reader unsubscribes (also the <c>List-Unsubscribe</c> target); null when emails carry no links.</param>
public sealed record EmailContent(string Subject, string HtmlBody, string TextBody, Uri? AcknowledgeUrl, Uri? UnsubscribeUrl);
