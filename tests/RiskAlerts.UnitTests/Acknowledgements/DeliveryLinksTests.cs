using Microsoft.Extensions.Options;
using RiskAlerts.Core.Deliveries.Links;

namespace RiskAlerts.UnitTests.Acknowledgements;

public sealed class DeliveryLinksTests
{
    private const string DeliveryId = "0199a1b2-0000-7000-8000-000000000001_07:email_91220102MA0000001X_legal";
    private static readonly DeliveryLinks Links = With("unit-test-link-signing-key-0123456789");

    [Fact]
    public void ATokenChecksOutForItsDeliveryOnly()
    {
        var token = Links.TokenFor(DeliveryId);

        Assert.True(Links.IsValidToken(DeliveryId, token));
        Assert.False(Links.IsValidToken(DeliveryId.Replace("legal", "finance", StringComparison.Ordinal), token));
        Assert.False(Links.IsValidToken(DeliveryId, token![..^1] + (token[^1] == 'A' ? 'B' : 'A')));
        Assert.False(Links.IsValidToken(DeliveryId, null));
    }

    [Fact]
    public void ATokenMadeWithAnotherKeyIsRefused()
    {
        var other = With("another-link-signing-key-0123456789ab");

        Assert.False(Links.IsValidToken(DeliveryId, other.TokenFor(DeliveryId)));
    }

    [Fact]
    public void ATokenIs128BitsOfUrlSafeText()
    {
        var token = Links.TokenFor(DeliveryId)!;

        Assert.Equal(22, token.Length);
        Assert.Equal(token, Uri.EscapeDataString(token));
    }

    [Fact]
    public void WithoutAKeyThereAreNoTokensNoReferencesAndNoLinkChecksOut()
    {
        var none = new DeliveryLinks(Options.Create(new DeliveryLinkOptions()));

        Assert.False(none.Enabled);
        Assert.Null(none.TokenFor(DeliveryId));
        Assert.Null(none.ReferenceFor("w", "u", "c"));
        Assert.False(none.IsValidToken(DeliveryId, Links.TokenFor(DeliveryId)));
    }

    [Fact]
    public void AReferenceIsEightCrockfordCharactersStablePerWarningAndContact()
    {
        var reference = Links.ReferenceFor("w1", "91220102MA0000001X", "legal")!;

        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{8}$", reference);
        Assert.Equal(reference, Links.ReferenceFor("w1", "91220102MA0000001X", "legal"));
        Assert.NotEqual(reference, Links.ReferenceFor("w2", "91220102MA0000001X", "legal"));
        Assert.NotEqual(reference, Links.ReferenceFor("w1", "91220102MA0000001X", "finance"));
    }

    [Fact]
    public void ReferencesOfTenThousandContactsOfOneWarningDoNotCollide()
    {
        var references = Enumerable.Range(0, 10_000).Select(i => Links.ReferenceFor("w1", "91220102MA0000001X", $"c{i}")).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(10_000, references.Count);
    }

    [Theory]
    [InlineData("abcd 2345", "ABCD2345")]
    [InlineData("ABCD-2345", "ABCD2345")]
    [InlineData("0OIL1234", "00111234")]
    [InlineData("ＡＢＣＤ２３４５", null)]
    [InlineData("ABCD234", null)]
    [InlineData("ABCD23456", null)]
    [InlineData("ABCU2345", null)]
    [InlineData("", null)]
    public void ATypedReferenceIsReadAsCrockfordDecodes(string typed, string? expected) =>
        Assert.Equal(expected, DeliveryLinks.NormalizeReference(typed));

    [Fact]
    public void AKeyShorterThan32CharactersIsRefusedAtStart()
    {
        var errors = new DeliveryLinkOptions { SigningKey = "short" }.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(new object()));

        Assert.Contains(errors, e => e.MemberNames.Contains(nameof(DeliveryLinkOptions.SigningKey)));
    }

    private static DeliveryLinks With(string key) => new(Options.Create(new DeliveryLinkOptions { SigningKey = key }));
}
