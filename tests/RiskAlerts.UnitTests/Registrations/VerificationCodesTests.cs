using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries.Links;
using RiskAlerts.Core.Registrations.Verification;

namespace RiskAlerts.UnitTests.Registrations;

public sealed class VerificationCodesTests
{
    private static readonly VerificationCodes Codes = new(Options.Create(new DeliveryLinkOptions { SigningKey = new string('k', 40) }));
    private static readonly VerificationChallenge Challenge = new(
        "91220102MA0000001X", "c1", Channel.Email, "zhang@example.com", DateTimeOffset.FromUnixTimeMilliseconds(1_780_000_000_123), DateTimeOffset.FromUnixTimeMilliseconds(1_780_000_600_123));

    [Fact]
    public void ACodeIsSixDigitsAndTheSameWhenComputedAgain()
    {
        var code = Codes.CodeFor(Challenge);

        Assert.Matches("^[0-9]{6}$", code);
        Assert.Equal(code, Codes.CodeFor(Challenge with { FailedAttempts = 3, ExpiresAt = Challenge.ExpiresAt.AddHours(1) }));
        Assert.True(Codes.IsCode(Challenge, $" {code[..3]} {code[3..]} "));
    }

    [Fact]
    public void ANewChallengeOrAnotherAddressHasAnotherCode()
    {
        var code = Codes.CodeFor(Challenge);

        Assert.False(Codes.IsCode(Challenge with { IssuedAt = Challenge.IssuedAt.AddMilliseconds(1) }, code));
        Assert.False(Codes.IsCode(Challenge with { Address = "li@example.com" }, code));
        Assert.False(Codes.IsCode(Challenge, null));
    }

    [Fact]
    public void AnotherKeyGivesOtherCodes()
    {
        var other = new VerificationCodes(Options.Create(new DeliveryLinkOptions { SigningKey = new string('x', 40) }));

        Assert.NotEqual(Codes.TokenFor(Challenge), other.TokenFor(Challenge));
        Assert.False(other.IsToken(Challenge, Codes.TokenFor(Challenge)));
    }

    [Fact]
    public void ALinkTokenNamesItsChallengeAndIsRefusedForAnotherAddress()
    {
        var token = Codes.TokenFor(Challenge);

        Assert.True(VerificationCodes.TryReadToken(token, out var uscc, out var contactId, out var channel, out var issuedAt));
        Assert.Equal((Challenge.Uscc, Challenge.ContactId, Challenge.Channel, Challenge.IssuedAt), (uscc, contactId, channel, issuedAt));
        Assert.True(Codes.IsToken(Challenge, token));
        Assert.False(Codes.IsToken(Challenge with { Address = "li@example.com" }, token));
        Assert.False(Codes.IsToken(Challenge, token[..^1] + (token[^1] == 'A' ? 'B' : 'A')));
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData(".mac")]
    [InlineData("!!!.mac")]
    [InlineData("YQ.mac")]
    public void WhatIsNotATokenIsNotRead(string text) =>
        Assert.False(VerificationCodes.TryReadToken(text, out _, out _, out _, out _));

    [Fact]
    public void WithoutAKeyNoCodeIsMadeAndNoneIsAccepted()
    {
        var none = new VerificationCodes(Options.Create(new DeliveryLinkOptions()));

        Assert.False(none.Enabled);
        Assert.Throws<InvalidOperationException>(() => none.CodeFor(Challenge));
        Assert.False(none.IsCode(Challenge, "123456"));
    }
}
