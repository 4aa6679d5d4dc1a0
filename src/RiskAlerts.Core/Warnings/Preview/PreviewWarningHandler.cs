using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Organisations;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Warnings.Submit;

namespace RiskAlerts.Core.Warnings.Preview;

/// <summary>
/// Who a warning would reach, without writing or sending anything: the same parsing and the
/// same matching as the planner, so what an analyst previews is what the planner plans. The same
/// jurisdiction applies as to submitting: an audience the principal may not warn is not shown either.
/// </summary>
public sealed class PreviewWarningHandler(WarningDraftParser parser, IssuingAuthority authority, AudienceResolver audience, RegionCatalog regions, TimeProvider timeProvider)
{
    public async Task<AudiencePreview> HandleAsync(SubmitWarningCommand command, Principal principal, CancellationToken cancellationToken = default)
    {
        parser.TryParse(command, string.Empty, out var draft).ThrowIfAny();
        await authority.AuthoriseAsync(principal, draft!.Audience, cancellationToken);
        return await PreviewAsync(draft.Audience, draft.EffectiveAt, cancellationToken);
    }

    /// <summary>The audience of a stored warning, counted now: what an approver checks before approving it.</summary>
    public Task<AudiencePreview> HandleAsync(Warning warning, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warning);
        return PreviewAsync(warning.Audience, warning.EffectiveAt, cancellationToken);
    }

    private async Task<AudiencePreview> PreviewAsync(WarningAudience target, DateTimeOffset effectiveAt, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var matches = await audience.ResolveAsync(target, effectiveAt > now ? effectiveAt : now, cancellationToken);
        return AudiencePreview.From(target, matches, regions);
    }
}
