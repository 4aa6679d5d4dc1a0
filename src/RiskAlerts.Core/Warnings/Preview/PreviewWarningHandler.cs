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
        var sendFrom = draft!.EffectiveAt > timeProvider.GetUtcNow() ? draft.EffectiveAt : timeProvider.GetUtcNow();
        var matches = await audience.ResolveAsync(draft.Audience, sendFrom, cancellationToken);
        return AudiencePreview.From(draft.Audience, matches, regions);
    }
}
