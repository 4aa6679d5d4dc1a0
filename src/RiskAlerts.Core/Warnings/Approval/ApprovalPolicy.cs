using System.Globalization;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Organisations;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Warnings.Submit;

namespace RiskAlerts.Core.Warnings.Approval;

/// <summary>
/// Four eyes: whether a warning waits for a second principal before anything is planned. Every
/// Extreme warning waits, and every broadcast whose audience is over
/// <see cref="ApprovalOptions.AudienceThreshold"/>; a platform's signals follow its organisation's
/// <see cref="SignalApproval"/>. The audience is counted as the preview counts it.
/// </summary>
public sealed class ApprovalPolicy(AudienceResolver audience, IOptions<ApprovalOptions> options, TimeProvider timeProvider)
{
    /// <returns>Why the warning waits for approval, or null when it goes at once.</returns>
    public async Task<string?> HoldReasonAsync(WarningDraft draft, Principal submitter, IssuingOrganisation organisation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(submitter);
        ArgumentNullException.ThrowIfNull(organisation);
        if (submitter.IsInRole(Role.Platform))
        {
            switch (organisation.SignalApproval)
            {
                case SignalApproval.AutoApproved:
                    return null;
                case SignalApproval.Held:
                    return $"every signal of {organisation.Name} waits for approval";
            }
        }

        if (draft.Audience.Severity == Severity.Extreme)
        {
            return "every Extreme warning waits for approval";
        }

        var threshold = options.Value.AudienceThreshold;
        var now = timeProvider.GetUtcNow();
        var recipients = await audience.CountUpToAsync(draft.Audience, draft.EffectiveAt > now ? draft.EffectiveAt : now, threshold, cancellationToken);
        return recipients > threshold
            ? string.Create(CultureInfo.InvariantCulture, $"the audience is over {threshold:N0} recipients")
            : null;
    }
}
