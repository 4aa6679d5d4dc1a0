using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.UnitTests.Deliveries;

public sealed class FollowUpWordingTests
{
    private static readonly DateTimeOffset EarlierAt = new(2026, 12, 2, 2, 30, 0, TimeSpan.Zero);

    [Fact]
    public void CorrectionNamesTheIssuerAndTheEarlierVersionsChinaTimeAndHeadline()
    {
        var wording = new FollowUpWording(Options.Create(new FollowUpWordingOptions()));

        var lead = wording.LeadFor(FollowUp(WarningMessageType.Update));

        Assert.Equal("【更正】长春市反电信诈骗中心更正12月2日10:30发布的“冒充公检法诈骗预警”：", lead);
    }

    [Fact]
    public void CancellationNamesTheVersionItCallsOffTheLastOfItsReferences()
    {
        var wording = new FollowUpWording(Options.Create(new FollowUpWordingOptions()));
        var cancel = FollowUp(WarningMessageType.Cancel) with
        {
            References = [new WarningReference("w1", "第一版", EarlierAt.AddHours(-1)), new WarningReference("w2", "冒充公检法诈骗预警", EarlierAt)],
        };

        Assert.Equal("【解除】长春市反电信诈骗中心解除12月2日10:30发布的“冒充公检法诈骗预警”：", wording.LeadFor(cancel));
    }

    [Fact]
    public void ConfiguredWordingIsUsedAndAnAlertHasNoLead()
    {
        var wording = new FollowUpWording(Options.Create(new FollowUpWordingOptions { Correction = "[更正 {time}] {headline} / ", Cancellation = "x" }));

        Assert.Equal("[更正 12月2日10:30] 冒充公检法诈骗预警 / ", wording.LeadFor(FollowUp(WarningMessageType.Update)));
        Assert.Null(wording.LeadFor(FollowUp(WarningMessageType.Update) with { MessageType = WarningMessageType.Alert }));
    }

    private static Warning FollowUp(WarningMessageType type) => new()
    {
        Id = "w3",
        Source = "analyst",
        Organisation = "changchun-centre",
        OrganisationName = "长春市反电信诈骗中心",
        Headline = "更正后的标题",
        Description = "d",
        Audience = new WarningAudience("telecom-fraud", Severity.Severe, [], [], [], [Channel.Sms]),
        Urgency = Urgency.Immediate,
        Certainty = Certainty.Observed,
        EffectiveAt = EarlierAt,
        ExpiresAt = EarlierAt.AddDays(1),
        Language = "zh-CN",
        Status = WarningStatus.Accepted,
        AcceptedAt = EarlierAt.AddMinutes(5),
        SubmittedBy = "analyst",
        MessageType = type,
        References = [new WarningReference("w2", "冒充公检法诈骗预警", EarlierAt)],
    };
}
