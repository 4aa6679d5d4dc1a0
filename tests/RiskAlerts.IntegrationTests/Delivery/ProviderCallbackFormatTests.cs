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
