using System.Text;
using RiskAlerts.Core.Deliveries.Callbacks;

namespace RiskAlerts.UnitTests.Deliveries;

/// <summary>
/// The providers' documented example payloads, copied as test data with their source named. The
/// documents mask the numbers (<c>1381111****</c>, <c>13xxxxxxxxx</c>); the copies fill them in, and one
/// test keeps the masked original to show it is skipped rather than refused.
/// </summary>
public sealed class ProviderCallbacksTests
{
    // Aliyun SmsReport, HTTP batch push: https://help.aliyun.com/document_detail/101867.html (请求样例).
    private const string AliyunSmsReport = """
        [ { "phone_number" : "13811112222", "send_time" : "2017-01-01 00:00:00", "report_time" : "2017-01-01 00:00:00", "success" : true,
            "err_code" : "DELIVERED", "err_msg" : "用户接收成功", "sms_size" : "1", "biz_id" : "12345", "out_id" : "67890" } ]
        """;

    // Aliyun SmsUp, HTTP batch push (上行短信消息): the documented fields.
    private const string AliyunSmsUp = """
        [ { "phone_number" : "13811112222", "send_time" : "2017-01-01 00:00:00", "content" : "1", "sign_name" : "【阿里云】", "dest_code" : "1234", "sequence_id" : 1234 } ]
        """;

    // Tencent Cloud SMS sending status notification: https://www.tencentcloud.com/document/product/382/43547 (Sample request).
    private const string TencentStatus = """
        [ { "user_receive_time": "2015-10-17 08:03:04", "nationcode": "86", "mobile": "13811112222", "report_status": "SUCCESS",
            "errmsg": "DELIVRD", "description": "用户短信送达成功", "sid": "xxxxxxx" } ]
        """;

    // Tencent Cloud SMS reply: https://intl.cloud.tencent.com/document/api/382/43548 (Sample request).
    private const string TencentReply = """
        { "extend": "", "mobile": "13811112222", "nationcode": "86", "sign": "风险预警", "text": "收到", "time": 1457336869 }
        """;

    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Fact]
    public void AliyunsDocumentedReportIsADeliveredReceiptWithItsBizIdAndOutIdAsReference()
    {
        var parsed = ProviderCallbacks.ParseReceipts(CallbackFormat.Aliyun, Bytes(AliyunSmsReport));

        var (reference, receipt) = Assert.Single(parsed.Items);
        Assert.Equal("67890", reference);
        Assert.Equal(("12345", "+8613811112222", true, "DELIVERED"), (receipt.ProviderMessageId, receipt.Phone, receipt.Delivered, receipt.Code));
        Assert.Equal(new DateTimeOffset(2017, 1, 1, 0, 0, 0, China), receipt.ReportedAt);
        Assert.Equal(0, parsed.Skipped);
    }

    [Fact]
    public void AnAliyunReportWithSuccessFalseIsUndeliveredWithItsCode()
    {
        var failed = AliyunSmsReport.Replace("\"success\" : true", "\"success\" : false", StringComparison.Ordinal).Replace("DELIVERED", "MK:0012", StringComparison.Ordinal);

        var receipt = Assert.Single(ProviderCallbacks.ParseReceipts(CallbackFormat.Aliyun, Bytes(failed)).Items).Receipt;

        Assert.Equal((false, "MK:0012"), (receipt.Delivered, receipt.Code));
    }

    [Fact]
    public void TencentsDocumentedStatusIsADeliveredReceiptWithItsSidAndNoReference()
    {
        var (reference, receipt) = Assert.Single(ProviderCallbacks.ParseReceipts(CallbackFormat.Tencent, Bytes(TencentStatus)).Items);

        Assert.Null(reference);
        Assert.Equal(("xxxxxxx", "+8613811112222", true, "DELIVRD"), (receipt.ProviderMessageId, receipt.Phone, receipt.Delivered, receipt.Code));
        Assert.Equal(new DateTimeOffset(2015, 10, 17, 8, 3, 4, China), receipt.ReportedAt);
    }

    [Fact]
    public void RepeatedReceiptsInOnePushAreEachReadSoTheIdempotentHandlerSettlesThemOnce()
    {
        var repeated = "[" + string.Join(",", Enumerable.Repeat(TencentStatus.Trim()[1..^1], 3)) + "]";

        var parsed = ProviderCallbacks.ParseReceipts(CallbackFormat.Tencent, Bytes(repeated));

        Assert.Equal(3, parsed.Items.Count);
        Assert.Single(parsed.Items.Select(r => r.Receipt).Distinct());
    }

    [Fact]
    public void UnknownFieldsAreIgnoredAndEntriesWithoutANumberOrIdOrWithAnUnknownStatusAreSkipped()
    {
        const string Mixed = """
            [ { "user_receive_time": "2015-10-17 08:03:04", "nationcode": "86", "mobile": "13811112222", "report_status": "SUCCESS", "errmsg": "DELIVRD", "sid": "a", "added_later": {"x": 1} },
              { "nationcode": "86", "mobile": "13811112222", "report_status": "SUCCESS", "errmsg": "DELIVRD" },
              { "nationcode": "86", "report_status": "FAIL", "errmsg": "UNDELIV", "sid": "c" },
              { "nationcode": "86", "mobile": "13811112222", "report_status": "PENDING", "sid": "d" },
              "not an object" ]
            """;

        var parsed = ProviderCallbacks.ParseReceipts(CallbackFormat.Tencent, Bytes(Mixed));

        Assert.Equal("a", Assert.Single(parsed.Items).Receipt.ProviderMessageId);
        Assert.Equal(4, parsed.Skipped);
    }

    [Fact]
    public void TheDocumentsMaskedExampleIsSkippedNotRefused()
    {
        var masked = AliyunSmsReport.Replace("13811112222", "1381111****", StringComparison.Ordinal);

        var parsed = ProviderCallbacks.ParseReceipts(CallbackFormat.Aliyun, Bytes(masked));

        Assert.Empty(parsed.Items);
        Assert.Equal(1, parsed.Skipped);
    }

    [Fact]
    public void AliyunsDocumentedUpstreamMessageIsAReplyFromTheNumber()
    {
        var reply = Assert.Single(ProviderCallbacks.ParseReplies(CallbackFormat.Aliyun, Bytes(AliyunSmsUp)).Items);

        Assert.Equal(("+8613811112222", "1"), (reply.Phone, reply.Text));
        Assert.Equal(new DateTimeOffset(2017, 1, 1, 0, 0, 0, China), reply.ReceivedAt);
    }

    [Fact]
    public void TencentsDocumentedReplyObjectIsAReplyWithItsUnixTime()
    {
        var reply = Assert.Single(ProviderCallbacks.ParseReplies(CallbackFormat.Tencent, Bytes(TencentReply)).Items);

        Assert.Equal(("+8613811112222", "收到"), (reply.Phone, reply.Text));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1457336869), reply.ReceivedAt);
    }

    [Fact]
    public void ABodyThatIsNotJsonIsRefused() =>
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => ProviderCallbacks.ParseReceipts(CallbackFormat.Aliyun, Bytes("code=0")));

    [Theory]
    [InlineData(CallbackFormat.Aliyun, """{"code":0,"msg":"接收成功"}""")]
    [InlineData(CallbackFormat.Tencent, """{"result":0,"errmsg":"OK"}""")]
    public void EachProviderIsAnsweredWithTheBodyItDocuments(CallbackFormat format, string expected) =>
        Assert.Equal(expected, ProviderCallbacks.SuccessBody(format));

    private static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);
}
