using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Registrations.Verification;
using static RiskAlerts.UnitTests.Matching.TestSubscribers;

namespace RiskAlerts.UnitTests.Matching;

public sealed class UnverifiedAddressMatchingTests
{
    [Fact]
    public void AnUnverifiedNumberReceivesNothingWhileTheContactsVerifiedEmailStillDoes()
    {
        var subscriber = Subscriber(1, contacts: [Contact("c1") with { MobileVerified = false }]);

        var matches = AudienceMatcher.Match(Audience(), [subscriber], Noon);

        Assert.Equal([Channel.Email], matches.Select(m => m.Channel));
    }

    [Fact]
    public void AnExtremeWarningReachesUnverifiedAddressesOnlyWhenThePolicySaysSo()
    {
        var subscriber = Subscriber(1, contacts: [Contact("c1") with { MobileVerified = false, EmailVerified = false }]);
        var extreme = Audience(severity: Severity.Extreme);
        var allowing = new ContactVerificationOptions { UnverifiedReceiveExtreme = true };
        var withholding = new ContactVerificationOptions { UnverifiedReceiveExtreme = false };

        Assert.Equal(2, AudienceMatcher.Match(extreme, [subscriber], Noon, allowing.Reaches(extreme.Severity)).Count);
        Assert.Empty(AudienceMatcher.Match(extreme, [subscriber], Noon, withholding.Reaches(extreme.Severity)));
        Assert.Empty(AudienceMatcher.Match(Audience(severity: Severity.Severe), [subscriber], Noon, allowing.Reaches(Severity.Severe)));
    }

    [Fact]
    public void AnExplicitTargetIsNotReachedAtAnUnverifiedAddressEither()
    {
        var subscriber = Subscriber(1, county: "440300", contacts: [Contact("c1") with { EmailVerified = false }]);

        var matches = AudienceMatcher.Match(Audience(regions: [], targets: [Uscc(1, "440300")]), [subscriber], Noon);

        Assert.Equal([Channel.Sms], matches.Select(m => m.Channel));
    }
}
