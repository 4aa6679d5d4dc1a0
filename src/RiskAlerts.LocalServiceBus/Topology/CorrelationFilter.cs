using System.Globalization;

namespace RiskAlerts.LocalServiceBus;

/// <summary>
/// A Service Bus correlation filter: every condition that is set must equal the message's value.
/// Application property values are compared as invariant-culture text, so the JSON file can hold
/// them as strings whatever type the sender used.
/// </summary>
public sealed class CorrelationFilter
{
    /// <summary>Application properties that must all be present with these values.</summary>
    public Dictionary<string, string> ApplicationProperties { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Required Subject (the AMQP <c>subject</c> property), if set.</summary>
    public string? Subject { get; set; }

    /// <summary>Required CorrelationId, if set.</summary>
    public string? CorrelationId { get; set; }

    /// <summary>Required ContentType, if set.</summary>
    public string? ContentType { get; set; }

    /// <summary>Required MessageId, if set.</summary>
    public string? MessageId { get; set; }

    internal bool Matches(
        string? messageId,
        string? correlationId,
        string? subject,
        string? contentType,
        Func<string, object?> applicationProperty)
    {
        if (MessageId is not null && !string.Equals(MessageId, messageId, StringComparison.Ordinal))
        {
            return false;
        }

        if (CorrelationId is not null && !string.Equals(CorrelationId, correlationId, StringComparison.Ordinal))
        {
            return false;
        }

        if (Subject is not null && !string.Equals(Subject, subject, StringComparison.Ordinal))
        {
            return false;
        }

        if (ContentType is not null && !string.Equals(ContentType, contentType, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var (name, expected) in ApplicationProperties)
        {
            var actual = applicationProperty(name);
            if (actual is null)
            {
                return false;
            }

            var actualText = actual switch
            {
                string text => text,
                bool flag => flag ? "true" : "false",
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                _ => actual.ToString(),
            };

            if (!string.Equals(expected, actualText, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
