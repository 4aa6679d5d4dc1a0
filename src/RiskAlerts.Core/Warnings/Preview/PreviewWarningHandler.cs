using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Warnings.Submit;

namespace RiskAlerts.Core.Warnings.Preview;

/// <summary>
/// Who a warning would reach, without writing or sending anything: the same parsing and the
/// same matching as the planner, so what an analyst previews is what the planner plans.
/// </summary>
public sealed class PreviewWarningHandler(WarningDraftParser parser, AudienceResolver audience, RegionCatalog regions, TimeProvider timeProvider)
{
    public async Task<AudiencePreview> HandleAsync(SubmitWarningCommand command, CancellationToken cancellationToken = default)
    {
        parser.TryParse(command, string.Empty, out var draft).ThrowIfAny();
        var sendFrom = draft!.EffectiveAt > timeProvider.GetUtcNow() ? draft.EffectiveAt : timeProvider.GetUtcNow();
        var matches = await audience.ResolveAsync(draft.Audience, sendFrom, cancellationToken);
        return AudiencePreview.From(draft.Audience, matches, regions);
    }
}
