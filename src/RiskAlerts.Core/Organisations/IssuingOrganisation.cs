using RiskAlerts.Core.Regions;

namespace RiskAlerts.Core.Organisations;

/// <summary>An organisation that issues warnings, and the regions it may warn.</summary>
/// <param name="Code">Its stable code.</param>
/// <param name="Name">What recipients read as the sender.</param>
/// <param name="Jurisdiction">The regions it may target; a region inside any of them is inside its jurisdiction.</param>
/// <param name="SignalApproval">How its platforms' signals are approved.</param>
public sealed record IssuingOrganisation(string Code, string Name, IReadOnlyList<RegionCode> Jurisdiction, SignalApproval SignalApproval = SignalApproval.AsAnalysts)
{
    /// <summary>Whether <paramref name="region"/> (at any level) lies wholly inside the jurisdiction.</summary>
    public bool Covers(RegionCode region) => Jurisdiction.Any(j => j.Contains(region));
}
