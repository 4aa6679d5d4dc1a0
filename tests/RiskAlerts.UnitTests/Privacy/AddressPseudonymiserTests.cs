using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Privacy;

namespace RiskAlerts.UnitTests.Privacy;

public sealed class AddressPseudonymiserTests
{
    private const string Key = "unit-test-pseudonym-key-0123456789abcdef";

    private static AddressPseudonymiser With(string? key) => new(Options.Create(new PrivacyOptions { PseudonymKey = key }));

    private static DeliveryRecord Row(string address, Channel channel = Channel.Sms, string? reason = null) => new()
    {
        PartitionKey = "w1_07",
        RowKey = "sms_91110000MA00000000_c0",
        WarningId = "w1",
        Channel = channel,
        Uscc = "91110000MA00000000",
        ContactId = "c0",
        Address = address,
        EnterpriseName = "测试有限公司",
        Status = DeliveryStatus.Failed,
        StatusAt = DateTimeOffset.UnixEpoch,
        Reason = reason,
    };

    [Fact]
    public void TheSameAddressAndKeyGiveTheSamePseudonymWhichHoldsNothingOfTheAddress()
    {
        var first = With(Key).Pseudonym(Channel.Sms, "+8613912345678");
        var again = With(Key).Pseudonym(Channel.Sms, "+8613912345678");

        Assert.Equal(first, again);
        Assert.StartsWith(AddressPseudonymiser.Prefix, first, StringComparison.Ordinal);
        Assert.DoesNotContain("12345678", first, StringComparison.Ordinal);
        Assert.True(AddressPseudonymiser.IsPseudonym(first));
    }

    [Fact]
    public void AnotherKeyAnotherAddressOrAnotherChannelGivesAnotherPseudonym()
    {
        var pseudonym = With(Key).Pseudonym(Channel.Email, "li@example.com");

        Assert.NotEqual(pseudonym, With(Key + "x").Pseudonym(Channel.Email, "li@example.com"));
        Assert.NotEqual(pseudonym, With(Key).Pseudonym(Channel.Email, "lu@example.com"));
        Assert.NotEqual(pseudonym, With(Key).Pseudonym(Channel.Sms, "li@example.com"));
    }

    [Fact]
    public void PseudonymisingARowTwiceChangesItOnlyOnce()
    {
        var pseudonymiser = With(Key);
        var once = pseudonymiser.Pseudonymise(Row("+8613912345678", reason: "rejected for +8613912345678"));
        var twice = pseudonymiser.Pseudonymise(once);

        Assert.Equal(pseudonymiser.Pseudonym(Channel.Sms, "+8613912345678"), once.Address);
        Assert.DoesNotContain("13912345678", once.Reason, StringComparison.Ordinal);
        Assert.Same(once, twice);
        Assert.Equal("测试有限公司", once.EnterpriseName);
    }

    [Fact]
    public void APseudonymisedAddressIsShownAsTheMarkerNotAsTheHash()
    {
        var pseudonym = With(Key).Pseudonym(Channel.Sms, "+8613912345678");

        Assert.Equal(PersonalDataMask.Pseudonymised, PersonalDataMask.MaskAddress(Channel.Sms, pseudonym));
        Assert.Equal(PersonalDataMask.Pseudonymised, PersonalDataMask.MaskAddress(Channel.Email, pseudonym));
        Assert.Equal("+86 139****5678", PersonalDataMask.MaskAddress(Channel.Sms, "+8613912345678"));
    }

    [Fact]
    public void WithoutAKeyNothingIsPseudonymisedAndTheLookupSearchesTheAddressOnly()
    {
        var pseudonymiser = With(null);

        Assert.False(pseudonymiser.IsConfigured);
        Assert.Null(pseudonymiser.PseudonymOrNull(Channel.Sms, "+8613912345678"));
        Assert.Throws<InvalidOperationException>(() => pseudonymiser.Pseudonymise(Row("+8613912345678")));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("too-short", false)]
    [InlineData(Key, true)]
    public void AKeyShorterThanThirtyTwoCharactersIsRefused(string? key, bool valid)
    {
        var options = new PrivacyOptions { PseudonymKey = key };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Equal(valid, errors.Count == 0);
    }
}
