using RiskAlerts.Core.Deliveries;

namespace RiskAlerts.UnitTests.Deliveries;

public sealed class DeliveryListPositionTests
{
    [Theory]
    [InlineData(0, null, "00")]
    [InlineData(7, null, "07")]
    [InlineData(31, "1!32!MDFhMjNjZTktYTY2Yi03N2M3_MDk- 1!48!c21zXzkxMjIwMTAyMDAwMDAwMDAxWF9jMA--", "31 1!32!MDFhMjNjZTktYTY2Yi03N2M3_MDk- 1!48!c21zXzkxMjIwMTAyMDAwMDAwMDAxWF9jMA--")]
    public void APositionReadsBackFromTheTokenItWrites(int shard, string? storageToken, string token)
    {
        var position = new DeliveryListPosition(shard, storageToken);

        Assert.Equal(token, position.ToString());
        Assert.True(DeliveryListPosition.TryParse(token, out var read));
        Assert.Equal(position, read);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("32")]
    [InlineData("99 token")]
    [InlineData("ab")]
    [InlineData("07 ")]
    [InlineData("07token")]
    [InlineData("1!32!MDFhMjNj 1!48!c21z")]
    public void ATokenTheListDidNotWriteIsRefused(string? token)
    {
        Assert.False(DeliveryListPosition.TryParse(token, out var position));
        Assert.Null(position);
    }

    [Fact]
    public void TheShardOfAPartitionKeyIsItsTwoLastDigits()
    {
        Assert.Equal(17, DeliveryKeys.ShardOfPartition(DeliveryKeys.PartitionKey("01a23ce9-a66b-77c7-8a3a-ca4e96af47bc", 17)));
        Assert.Throws<ArgumentException>(() => DeliveryKeys.ShardOfPartition("sms-cap_20261203_07"[..^3]));
        Assert.Throws<ArgumentException>(() => DeliveryKeys.ShardOfPartition("warning_45"));
    }
}
