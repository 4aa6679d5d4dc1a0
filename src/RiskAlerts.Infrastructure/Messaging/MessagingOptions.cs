using System.ComponentModel.DataAnnotations;

namespace RiskAlerts.Infrastructure.Messaging;

/// <summary>Service Bus entity names; the connection itself is the <c>ServiceBus</c> configuration section.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    [Required]
    public string WarningsQueue { get; set; } = "warnings";

    [Required]
    public string DeliveriesTopic { get; set; } = "deliveries";

    [Required]
    public string SmsSubscription { get; set; } = "sms";

    [Required]
    public string EmailSubscription { get; set; } = "email";
}
