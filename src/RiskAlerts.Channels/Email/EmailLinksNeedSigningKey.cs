using Microsoft.Extensions.Options;
using RiskAlerts.Core.Deliveries.Links;

namespace RiskAlerts.Channels.Email;

/// <summary>Emails with links need the key that signs them: links without a token would open nothing.</summary>
internal sealed class EmailLinksNeedSigningKey(IOptions<DeliveryLinkOptions> links) : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options) =>
        options.HasLinks && string.IsNullOrWhiteSpace(links.Value.SigningKey)
            ? ValidateOptionsResult.Fail("Email:AcknowledgeBaseUrl and Email:UnsubscribeBaseUrl need Links:SigningKey, which signs each email's links.")
            : ValidateOptionsResult.Success;
}
