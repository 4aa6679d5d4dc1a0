using System.ComponentModel.DataAnnotations;
using System.Net;
using RiskAlerts.Functions.Receipts;

namespace RiskAlerts.IntegrationTests.Delivery;

/// <summary>The provider source allow-list as configured: read at start, refused at start when malformed.</summary>
public sealed class ReceiptSourceOptionsTests
{
    [Theory]
    [InlineData("47.100.0.0/16", "47.100.201.9", true)]
    [InlineData("47.100.0.0/16", "47.101.0.1", false)]
    [InlineData("203.0.113.7", "203.0.113.7", true)]
    [InlineData("203.0.113.7", "203.0.113.8", false)]
    [InlineData("2400:3200::/32", "2400:3200:1::5", true)]
    [InlineData(" 10.0.0.0/8 ", "10.9.9.9", true)]
    public void AnEntryIsANetworkOrOneAddress(string entry, string address, bool contains)
    {
        Assert.True(ReceiptProviderOptions.TryParseSource(entry, out var network));
        Assert.Equal(contains, network.Contains(IPAddress.Parse(address)));
    }

    [Fact]
    public void TheSettingListsEntriesByCommaOrSpace()
    {
        var options = new ReceiptProviderOptions { AllowedSources = " 47.100.0.0/16,203.0.113.7  2400:3200::/32 ;" };

        Assert.Equal(["47.100.0.0/16", "203.0.113.7", "2400:3200::/32"], options.AllowedSourceEntries);
        Assert.Empty(new ReceiptProviderOptions().AllowedSourceEntries);
    }

    [Theory]
    [InlineData("aliyun.com")]
    [InlineData("47.100.0.0/33")]
    [InlineData("47.100.0.1/16")]
    [InlineData("47.100.0.0/")]
    public void AMalformedEntryStopsTheHostAtStartNamingIt(string entry)
    {
        var options = new ReceiptOptions();
        options.Providers["aliyun"] = new ReceiptProviderOptions { Secret = "a-secret-of-sixteen-or-more", AllowedSources = $"203.0.113.0/24, {entry}" };

        var errors = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
        Assert.Contains($"'{entry}'", Assert.Single(errors).ErrorMessage, StringComparison.Ordinal);
    }
}
