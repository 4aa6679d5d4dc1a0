using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Registrations.Verification;

namespace RiskAlerts.UnitTests.Registrations;

public sealed class ContactVerificationTests
{
    private static Contact Person(string id, string? mobile = "+8613812345678", string? email = "zhang@example.com", bool mobileVerified = true, bool emailVerified = true) =>
        new(id, "张三", null, mobile, email, [Channel.Sms, Channel.Email], 0, MobileVerified: mobileVerified, EmailVerified: emailVerified);

    [Fact]
    public void ANewRegistrationByTheEnterpriseWaitsForEveryAddress()
    {
        var carried = ContactVerification.Carry(null, [Person("a")], trusted: false);

        Assert.False(carried[0].MobileVerified);
        Assert.False(carried[0].EmailVerified);
        Assert.Equal([(Channel.Sms, "+8613812345678"), (Channel.Email, "zhang@example.com")], ContactVerification.NewlyPending(null, carried).Select(p => (p.Channel, p.Address)));
    }

    [Fact]
    public void AnAdministratorsEntryIsVerifiedWhenAdministratorsAreTrusted()
    {
        var carried = ContactVerification.Carry([Person("a", mobileVerified: false)], [Person("a", mobile: "+8613900001111")], trusted: true);

        Assert.True(carried[0].MobileVerified && carried[0].EmailVerified);
        Assert.Empty(ContactVerification.NewlyPending(null, carried));
    }

    [Fact]
    public void AnUnchangedAddressStaysVerifiedAndAChangedOneWaits()
    {
        var before = new[] { Person("a") };

        var carried = ContactVerification.Carry(before, [Person("a", mobile: "+8613900001111") with { Name = "张三丰" }], trusted: false);

        Assert.False(carried[0].MobileVerified);
        Assert.True(carried[0].EmailVerified);
        Assert.Equal([Channel.Sms], ContactVerification.NewlyPending(before, carried).Select(p => p.Channel));
    }

    [Fact]
    public void ANumberVerifiedForAnotherContactOfTheEnterpriseNeedsNoNewCode()
    {
        var carried = ContactVerification.Carry([Person("a")], [Person("b")], trusted: false);

        Assert.True(carried[0].MobileVerified && carried[0].EmailVerified);
    }

    [Fact]
    public void AnAddressThatWasAlreadyWaitingIsNotSentASecondCodeBySavingAgain()
    {
        var before = new[] { Person("a", mobileVerified: false) };

        var carried = ContactVerification.Carry(before, [Person("a")], trusted: false);

        Assert.False(carried[0].MobileVerified);
        Assert.Empty(ContactVerification.NewlyPending(before, carried));
    }

    [Fact]
    public void AContactWithoutAnEmailHasNothingWaitingForIt()
    {
        var carried = ContactVerification.Carry(null, [Person("a", email: null)], trusted: false);

        Assert.Equal([Channel.Sms], ContactVerification.Unverified(carried[0]).Select(u => u.Channel));
        Assert.False(carried[0].IsVerified(Channel.Email));
    }
}
