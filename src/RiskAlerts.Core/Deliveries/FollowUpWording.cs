using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Core.Deliveries;

/// <summary>
/// Section <c>Deliveries:FollowUpWording</c>: how an Update or Cancel opens for those who were sent
/// an earlier version. <c>{issuer}</c> is the issuing organisation, <c>{time}</c> when the earlier
/// version was issued (China time, e.g. <c>12月2日10:30</c>) and <c>{headline}</c> its headline.
/// </summary>
public sealed class FollowUpWordingOptions
{
    /// <summary>The lead of a correction (Update), before its new headline.</summary>
    [Required]
    [MaxLength(200)]
    public string Correction { get; set; } = "【更正】{issuer}更正{time}发布的“{headline}”：";

    /// <summary>The lead of a cancellation (Cancel), before its reason.</summary>
    [Required]
    [MaxLength(200)]
    public string Cancellation { get; set; } = "【解除】{issuer}解除{time}发布的“{headline}”：";
}

/// <summary>The lead text of a follow-up to its earlier recipients, from <see cref="FollowUpWordingOptions"/>.</summary>
public sealed class FollowUpWording(IOptions<FollowUpWordingOptions> options)
{
    /// <summary>
    /// The lead of <paramref name="warning"/> to a recipient of its earlier version (the last of its
    /// references); null for an Alert, whose recipients are warned afresh.
    /// </summary>
    public string? LeadFor(Warning warning)
    {
        ArgumentNullException.ThrowIfNull(warning);
        if (!warning.IsFollowUp || warning.References.Count == 0)
        {
            return null;
        }

        var earlier = warning.References[^1];
        var template = warning.MessageType == WarningMessageType.Cancel ? options.Value.Cancellation : options.Value.Correction;
        return template
            .Replace("{issuer}", warning.OrganisationName, StringComparison.Ordinal)
            .Replace("{time}", earlier.AcceptedAt.ToChinaTime().ToString("M月d日HH:mm", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{headline}", earlier.Headline, StringComparison.Ordinal);
    }
}
