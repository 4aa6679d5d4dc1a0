using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;

namespace RiskAlerts.UnitTests.Deliveries;

public sealed class DeliveryKeysTests
{
    [Fact]
    public void Fnv1aMatchesTheReferenceVectors()
    {
        // Published FNV-1a 32-bit test vectors.
        Assert.Equal(0x811c9dc5u, DeliveryKeys.Fnv1a(string.Empty));
        Assert.Equal(0xe40c292cu, DeliveryKeys.Fnv1a("a"));
        Assert.Equal(0xbf9cf968u, DeliveryKeys.Fnv1a("foobar"));
    }

    [Fact]
    public void ShardOfARowKeyIsStableAndInRange()
    {
        var key = DeliveryKeys.RowKey(Channel.Sms, "91220102MA0000001X", "legal");

        Assert.Equal((int)(DeliveryKeys.Fnv1a(key) % 32), DeliveryKeys.ShardOf(key));
        Assert.InRange(DeliveryKeys.ShardOf(key), 0, DeliveryKeys.ShardCount - 1);
    }

    [Fact]
    public void ManyRecipientsSpreadEvenlyOverTheShards()
    {
        var counts = new int[DeliveryKeys.ShardCount];
        for (var i = 0; i < 32_000; i++)
        {
            counts[DeliveryKeys.ShardOf(DeliveryKeys.RowKey(Channel.Sms, $"91220102{i:D9}X", "c0"))]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 800, 1_200));
    }

    [Fact]
    public void PartitionKeyCarriesTheWarningAndATwoDigitShard()
    {
        var key = DeliveryKeys.PartitionKey("0193aaaa-0000-7000-8000-000000000000", 7);

        Assert.Equal("0193aaaa-0000-7000-8000-000000000000_07", key);
        Assert.Equal("0193aaaa-0000-7000-8000-000000000000", DeliveryKeys.WarningIdOf(key));
        Assert.Null(DeliveryKeys.WarningIdOf("sms-cap_20261127_03x"));
        Assert.Null(DeliveryKeys.WarningIdOf("w_32"));
    }

    [Theory]
    [InlineData("legal", "legal")]
    [InlineData("fin/ance#1?", "fin~2Fance~231~3F")]
    [InlineData("a_b|c", "a~5Fb~7Cc")]
    [InlineData("财务", "~E8~B4~A2~E5~8A~A1")]
    public void ContactIdsAreMadeSafeForTableKeysAndStayDistinct(string contactId, string expected) =>
        Assert.Equal(expected, DeliveryKeys.Sanitise(contactId));

    [Fact]
    public void RowKeyIsChannelCreditCodeAndContact() =>
        Assert.Equal("email_91220102MA0000001X_legal", DeliveryKeys.RowKey(Channel.Email, "91220102MA0000001X", "legal"));
}
