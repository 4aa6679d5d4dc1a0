using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Receipts;
using RiskAlerts.Core.Warnings;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Delivery;

/// <summary>
/// Receipts and replies in Aliyun's and Tencent's own callback formats reach the same rows and
/// acknowledgements as the generic gateway's, authenticated by the secret in the callback URL, and are
/// answered with the body each provider documents.
/// </summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class ProviderCallbackFormatTests(DeliveryStackFixture stack) : IDisposable
{
    private readonly EnterpriseLoop _loop = new(stack);
    private readonly HttpClient _provider = new() { BaseAddress = stack.BaseAddress };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAliyunReportPushSettlesTheRowItNamesOnceAndIsAnsweredAsAliyunDocuments()
    {
        var deliveries = stack.Services.GetRequiredService<IDeliveryStore>();
        var warningId = WarningId.New(DateTimeOffset.UtcNow);
        var row = SentRow(warningId, "+8613955501234", "AL0001");
        await deliveries.AddAsync([row], Cancellation);
        var reference = new ReceiptReference(row.PartitionKey, row.RowKey, row.RowKey).ToString();
        var push = $$"""
            [ { "phone_number" : "13955501234", "send_time" : "2026-12-01 08:00:00", "report_time" : "2026-12-01 08:00:03", "success" : true,
                "err_code" : "DELIVERED", "err_msg" : "用户接收成功", "sms_size" : "1", "biz_id" : "AL0001", "out_id" : "{{reference}}" } ]
            """;

        using var refused = await PostAsync("/api/receipts/sms/aliyun?secret=wrong", push);
        using var first = await PostAsync($"/api/receipts/sms/aliyun?secret={LocalStackFixture.ReceiptSecret}", push);
        var afterFirst = await ReadAsync(deliveries, row);
        using var repeated = await PostAsync($"/api/receipts/sms/aliyun?secret={LocalStackFixture.ReceiptSecret}", push);

        await ProblemAssertions.AssertProblemAsync(refused, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("""{"code":0,"msg":"接收成功"}""", await first.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(DeliveryStatus.Delivered, afterFirst.Status);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(afterFirst.ETag, (await ReadAsync(deliveries, row)).ETag);
    }

    [Fact]
    public async Task TencentStatusCallbacksNamingOnlySidAndNumberSettleTheirRowsThroughTheMessageIndex()
    {
        var deliveries = stack.Services.GetRequiredService<IDeliveryStore>();
        var index = stack.Services.GetRequiredService<ISmsMessageIndex>();
        var warningId = WarningId.New(DateTimeOffset.UtcNow);
        var delivered = SentRow(warningId, "+8613955502001", "2019:0000000001") with { Provider = "tencent" };
        var failed = SentRow(warningId, "+8613955502002", "2019:0000000002") with { Provider = "tencent" };
        foreach (var row in new[] { delivered, failed })
        {
            // Two numbers, two shards: a partition each.
            await deliveries.AddAsync([row], Cancellation);
            // What the sender records for a Tencent batch: the row under the provider's SerialNo.
            await index.RecordAsync(SmsMessageIndexKeys.SendDayOf(DateTimeOffset.UtcNow), DeliveryKeys.ShardOf(row.Address), [new SmsMessageIndexEntry(row.ProviderMessageId!, row.PartitionKey, row.RowKey)], Cancellation);
        }

        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var callback = $$"""
            [ { "user_receive_time": "{{now}}", "nationcode": "86", "mobile": "13955502001", "report_status": "SUCCESS", "errmsg": "DELIVRD", "description": "用户短信送达成功", "sid": "2019:0000000001" },
              { "user_receive_time": "{{now}}", "nationcode": "86", "mobile": "13955502002", "report_status": "FAIL", "errmsg": "MK:0012", "description": "空号", "sid": "2019:0000000002" },
              { "user_receive_time": "{{now}}", "nationcode": "86", "mobile": "13955502003", "report_status": "SUCCESS", "errmsg": "DELIVRD", "description": "用户短信送达成功", "sid": "2019:0000009999" } ]
            """;

        using var first = await PostAsync($"/api/receipts/sms/tencent?secret={LocalStackFixture.ReceiptSecret}", callback);
        var afterFirst = (await ReadAsync(deliveries, delivered), await ReadAsync(deliveries, failed));
        using var repeated = await PostAsync($"/api/receipts/sms/tencent?secret={LocalStackFixture.ReceiptSecret}", callback);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("""{"result":0,"errmsg":"OK"}""", await first.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(DeliveryStatus.Delivered, afterFirst.Item1.Status);
        Assert.Equal(DeliveryStatus.Undelivered, afterFirst.Item2.Status);
        Assert.Contains("MK:0012", afterFirst.Item2.Reason ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(afterFirst.Item1.ETag, (await ReadAsync(deliveries, delivered)).ETag);
        Assert.Equal(afterFirst.Item2.ETag, (await ReadAsync(deliveries, failed)).ETag);
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var unmatched = await deliveries.ListUnmatchedReceiptsAsync(today, Cancellation);
        Assert.Contains(unmatched, u => u.ProviderMessageId == "2019:0000009999" && u.Provider == "tencent");
        Assert.DoesNotContain(unmatched, u => u.ProviderMessageId == "2019:0000000001");
    }

    [Fact]
    public async Task ATencentReplyCallbackAcknowledgesTheWarningSentToTheNumberAndIsAnsweredAsTencentDocuments()
    {
        var (uscc, phone, _) = await _loop.RegisterAsync("640402");
        var warningId = await _loop.Scenario.SubmitAsync("640402", "Extreme");
        await _loop.WaitForFinishedRowsAsync(warningId, uscc, 2);
        var callback = $$"""
            { "extend": "", "mobile": "{{phone[3..]}}", "nationcode": "86", "sign": "风险预警", "text": "已阅", "time": {{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}} }
            """;

        using var answer = await PostAsync($"/api/replies/sms/tencent?secret={LocalStackFixture.ReceiptSecret}", callback);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("""{"result":0,"errmsg":"OK"}""", await answer.Content.ReadAsStringAsync(Cancellation));
        var acknowledged = Assert.Single((await _loop.AcknowledgementsAsync(warningId)).GetProperty("byEnterprise").EnumerateArray(), e => e.GetProperty("uscc").GetString() == uscc);
        Assert.Equal("sms", acknowledged.GetProperty("channel").GetString());
    }

    public void Dispose()
    {
        _loop.Dispose();
        _provider.Dispose();
    }

    [Fact]
    public async Task ACallbackFromOutsideTheProvidersAllowedSourcesIsRefusedWhateverItsSecretAndChangesNothing()
    {
        var deliveries = stack.Services.GetRequiredService<IDeliveryStore>();
        var warningId = WarningId.New(DateTimeOffset.UtcNow);
        var row = SentRow(warningId, "+8613955507777", "AL0077");
        await deliveries.AddAsync([row], Cancellation);
        var reference = new ReceiptReference(row.PartitionKey, row.RowKey, row.RowKey).ToString();
        var push = $$"""
            [ { "phone_number" : "13955507777", "report_time" : "2026-12-01 08:00:03", "success" : true, "err_code" : "DELIVERED", "biz_id" : "AL0077", "out_id" : "{{reference}}" } ]
            """;
        var reply = """[ { "phone_number" : "13955507777", "send_time" : "2026-12-01 08:01:00", "content" : "TD", "sign_name" : "风险预警", "dest_code" : "1234" } ]""";

        // "fenced" takes callbacks only from 203.0.113.0/24; this machine is not in it.
        using var receipt = await PostAsync($"/api/receipts/sms/fenced?secret={LocalStackFixture.ReceiptSecret}", push);
        using var optOut = await PostAsync($"/api/replies/sms/fenced?secret={LocalStackFixture.ReceiptSecret}", reply);

        await ProblemAssertions.AssertProblemAsync(receipt, HttpStatusCode.Forbidden);
        await ProblemAssertions.AssertProblemAsync(optOut, HttpStatusCode.Forbidden);
        Assert.Equal(DeliveryStatus.Sent, (await ReadAsync(deliveries, row)).Status);

        // The same push from an allowed source, "aliyun" naming this machine, is taken.
        using var allowed = await PostAsync($"/api/receipts/sms/aliyun?secret={LocalStackFixture.ReceiptSecret}", push);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(DeliveryStatus.Delivered, (await ReadAsync(deliveries, row)).Status);
    }

    private static DeliveryRecord SentRow(string warningId, string phone, string providerMessageId)
    {
        var uscc = DeliveryScenario.NewUscc("640402").Value;
        return new DeliveryRecord
        {
            PartitionKey = DeliveryKeys.PartitionKey(warningId, DeliveryKeys.ShardOf(phone)),
            RowKey = DeliveryKeys.RowKey(Channel.Sms, uscc, "legal"),
            WarningId = warningId,
            Channel = Channel.Sms,
            Uscc = uscc,
            ContactId = "legal",
            Address = phone,
            County = "640402",
            Status = DeliveryStatus.Sent,
            StatusAt = DateTimeOffset.UtcNow,
            Provider = "aliyun",
            ProviderMessageId = providerMessageId,
            SentAt = DateTimeOffset.UtcNow,
        };
    }

    private static async Task<DeliveryRecord> ReadAsync(IDeliveryStore deliveries, DeliveryRecord row) =>
        Assert.Single(await deliveries.ReadRangeAsync(row.PartitionKey, row.RowKey, row.RowKey, Cancellation));

    private Task<HttpResponseMessage> PostAsync(string path, string json) =>
        _provider.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), Cancellation);
}
