using RiskAlerts.Core.Replies;

namespace RiskAlerts.UnitTests.Acknowledgements;

public sealed class SmsReplyTextTests
{
    [Theory]
    [InlineData("1")]
    [InlineData("１")]
    [InlineData(" 收到。")]
    [InlineData("已阅")]
    [InlineData("已阅！")]
    public void AcknowledgingWordsAcknowledge(string text) =>
        Assert.Equal(ReplyIntent.Acknowledge, SmsReplyText.Classify(text).Intent);

    [Theory]
    [InlineData("TD")]
    [InlineData("td")]
    [InlineData("ＴＤ")]
    [InlineData("T")]
    [InlineData("退订")]
    [InlineData("退订。")]
    public void OptOutWordsOptOut(string text) =>
        Assert.Equal(ReplyIntent.OptOut, SmsReplyText.Classify(text).Intent);

    [Fact]
    public void AReferenceIsReadInCanonicalForm() =>
        Assert.Equal(new ReplyMeaning(ReplyIntent.Reference, "ABCD2345"), SmsReplyText.Classify("abcd 2345"));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("2")]
    [InlineData("好的谢谢")]
    [InlineData("不要再发了")]
    [InlineData("TDX")]
    public void OtherTextAsksForNothing(string text) =>
        Assert.Equal(ReplyIntent.None, SmsReplyText.Classify(text).Intent);
}
