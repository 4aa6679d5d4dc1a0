using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Send;
using RiskAlerts.Core.Deliveries.Sms;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Warnings.Exercises;
using RiskAlerts.Core.Warnings.Get;

namespace RiskAlerts.Core.Warnings.Evidence;

/// <summary>
/// Assembles a warning's evidence. The texts are rendered by the same template and subject rule the
/// senders use, from the stored warning and the present SMS template settings; the recipients are read
/// lazily, one page of <see cref="PageSize"/> rows at a time, when the caller writes them out.
/// </summary>
public sealed class GetWarningEvidenceHandler(
    GetWarningHandler getWarning,
    IDeliveryStore deliveries,
    IOptions<SmsTemplateOptions> smsTemplate,
    IOptions<ExerciseOptions> exercises,
    FollowUpWording followUpWording)
{
    /// <summary>Rows per Table Storage page (the service's largest).</summary>
    public const int PageSize = 1_000;

    /// <summary>Ends the part name of a text as sent to those who were sent an earlier version.</summary>
    public const string FollowUpPart = "-to-earlier-recipients";

    private readonly SmsTemplate _template = new(smsTemplate.Value);

    /// <returns>The evidence, or null when the warning is unknown or another organisation's.</returns>
    public async Task<WarningEvidence?> HandleAsync(string warningId, Principal principal, CancellationToken cancellationToken = default)
    {
        if (await getWarning.HandleAsync(warningId, principal, cancellationToken) is not { } warning)
        {
            return null;
        }

        return new WarningEvidence(warning.Id, [new EvidenceVersion(EvidenceVersion.Alert, warning, TextsOf(warning), RecipientPagesAsync(warning.Id, cancellationToken))]);
    }

    private List<EvidenceText> TextsOf(Warning warning)
    {
        // What the senders send: an Update reads one way to those sent an earlier version and another to
        // its new matches; a Cancel goes only to the former.
        var prefix = exercises.Value.PrefixFor(warning.CapStatus);
        var followUpLead = followUpWording.LeadFor(warning);
        var variants = new List<(string Suffix, string? Lead)>();
        if (warning.MessageType != WarningMessageType.Cancel)
        {
            variants.Add((string.Empty, null));
        }

        if (followUpLead is not null)
        {
            variants.Add((FollowUpPart, followUpLead));
        }

        var texts = new List<EvidenceText>();
        foreach (var (suffix, lead) in variants)
        {
            if (warning.Audience.Channels.Contains(Channel.Sms))
            {
                texts.Add(new EvidenceText(Channel.Sms, "text" + suffix, _template.Render(warning, prefix, lead).Text));
            }

            if (warning.Audience.Channels.Contains(Channel.Email))
            {
                texts.Add(new EvidenceText(Channel.Email, "subject" + suffix, SendEmailBatchHandler.ContentOf(warning, prefix, lead).Subject));
            }
        }

        return texts;
    }

    private async IAsyncEnumerable<IReadOnlyList<EvidenceRecipient>> RecipientPagesAsync(string warningId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await deliveries.ListAsync(new DeliveryQuery { WarningId = warningId, PageSize = PageSize, ContinuationToken = token }, cancellationToken);
            if (page.Items.Count > 0)
            {
                yield return [.. page.Items.Select(EvidenceRecipient.From)];
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }
}
