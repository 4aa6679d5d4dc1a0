using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Matching;

namespace RiskAlerts.Functions.Warnings;

/// <summary>Who a warning would reach: counts and a small masked sample.</summary>
public sealed record AudiencePreviewResponse(
    Severity Severity,
    int TotalEnterprises,
    int TotalRecipients,
    int DeferredByQuietHours,
    int ExplicitTargetEnterprises,
    IReadOnlyList<PrefectureCountResponse> ByPrefecture,
    IReadOnlyDictionary<string, int> ByChannel,
    IReadOnlyList<PreviewRecipientResponse> Sample)
{
    public static AudiencePreviewResponse From(AudiencePreview preview) => new(
        preview.Severity,
        preview.TotalEnterprises,
        preview.TotalRecipients,
        preview.DeferredByQuietHours,
        preview.ExplicitTargetEnterprises,
        [.. preview.ByPrefecture.Select(p => new PrefectureCountResponse(p.Prefecture.ToString(), p.Name, p.Enterprises, p.Recipients))],
        preview.ByChannel.ToDictionary(c => c.Key.ToWireName(), c => c.Value),
        [.. preview.Sample.Select(r => new PreviewRecipientResponse(r.Uscc.Value, r.ContactId, r.Channel.ToWireName(), r.MaskedAddress, r.Reason, r.DeferUntil, r.EnterpriseName))]);
}

/// <summary>Recipients in one prefecture.</summary>
public sealed record PrefectureCountResponse(string Code, string? Name, int Enterprises, int Recipients);

/// <summary>One recipient of the sample, its address masked.</summary>
public sealed record PreviewRecipientResponse(string Uscc, string ContactId, string Channel, string MaskedAddress, MatchReason Reason, DateTimeOffset? DeferUntil, string? EnterpriseName = null);
