using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RiskAlerts.Channels.Sms;
using RiskAlerts.Channels.Sms.Providers;
using RiskAlerts.Channels.Tests.Support;
using RiskAlerts.Core.Deliveries.Sms;

namespace RiskAlerts.Channels.Tests.Sms;

public sealed class TencentSmsProviderTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(1551113065));
    private CallbackRecorder _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await CallbackRecorder.StartAsync(Ct);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public void Signs_the_documented_example_to_the_documented_signature()
    {
        // Tencent Cloud "Signature v3" worked example: CVM DescribeInstances at 1551113065.
        const string Payload = """{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}""";

        var signed = TencentTc3Signer.Sign(
            "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "cvm", "cvm.tencentcloudapi.com",
            "application/json; charset=utf-8", Payload, 1551113065);

        Assert.Equal("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064", TencentTc3Signer.Sha256Hex(Payload));
        Assert.Equal(
            "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
            signed.CanonicalRequest);
        Assert.Equal(
            "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
            signed.StringToSign);
        Assert.Equal("72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168", signed.Signature);
        Assert.Equal(
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
            signed.Authorization);
    }

    [Fact]
    public async Task Sends_a_signed_SendSms_with_the_numbers_template_and_ordered_parameters()
    {
        _server.Reply = _ => (200, """{"Response":{"SendStatusSet":[{"SerialNo":"2028:1","PhoneNumber":"+8613800000000","Code":"Ok","Message":"send success"}],"RequestId":"r"}}""");

        var result = await Provider().SendAsync(GenericHttpSmsProviderTests.Batch(1) with
        {
            TemplateParameters = new Dictionary<string, string> { ["instruction"] = "请勿转账", ["headline"] = "冒充客服" },
        }, Ct);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("SendSms", request.Headers["X-TC-Action"]);
        Assert.Equal("2021-01-11", request.Headers["X-TC-Version"]);
        Assert.Equal("1551113065", request.Headers["X-TC-Timestamp"]);
        Assert.Equal("ap-guangzhou", request.Headers["X-TC-Region"]);
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        var body = request.Json;
        Assert.Equal("+8613800000000", body.GetProperty("PhoneNumberSet")[0].GetString());
        Assert.Equal("1400006666", body.GetProperty("SmsSdkAppId").GetString());
        Assert.Equal("反诈中心", body.GetProperty("SignName").GetString());
        Assert.Equal("1110", body.GetProperty("TemplateId").GetString());
        Assert.Equal(["冒充客服", "请勿转账"], body.GetProperty("TemplateParamSet").EnumerateArray().Select(e => e.GetString()));

        var expected = TencentTc3Signer.Sign("AKID-test", "tencent-secret", "sms", request.Headers["Host"], "application/json; charset=utf-8", request.Body, 1551113065);
        Assert.Equal(expected.Authorization, request.Headers["Authorization"]);
        Assert.StartsWith("TC3-HMAC-SHA256 Credential=AKID-test/2019-02-25/sms/tc3_request, SignedHeaders=content-type;host, Signature=", request.Headers["Authorization"], StringComparison.Ordinal);

        Assert.Equal("2028:1", Assert.IsType<SmsOutcome.Accepted>(Assert.Single(result.Recipients).Outcome).ProviderMessageId);
    }

    [Fact]
    public async Task Maps_each_numbers_status_on_its_own()
    {
        _server.Reply = _ => (200, """
            {"Response":{"SendStatusSet":[
              {"SerialNo":"s-0","PhoneNumber":"+8613800000000","Code":"Ok","Message":"send success"},
              {"SerialNo":"","PhoneNumber":"+8613800000001","Code":"LimitExceeded.PhoneNumberDailyLimit","Message":"daily limit"},
              {"SerialNo":"","PhoneNumber":"+8613800000002","Code":"FailedOperation.PhoneNumberInBlacklist","Message":"blacklisted"},
              {"SerialNo":"","PhoneNumber":"+8613800000003","Code":"InvalidParameterValue.IncorrectPhoneNumber","Message":"bad number"}
            ],"RequestId":"r"}}
            """);

        var result = await Provider().SendAsync(GenericHttpSmsProviderTests.Batch(5), Ct);

        Assert.IsType<SmsOutcome.Accepted>(result.Recipients[0].Outcome);
        Assert.Equal("LimitExceeded.PhoneNumberDailyLimit", Assert.IsType<SmsOutcome.FrequencyLimited>(result.Recipients[1].Outcome).Code);
        Assert.Equal("FailedOperation.PhoneNumberInBlacklist", Assert.IsType<SmsOutcome.PermanentFailure>(result.Recipients[2].Outcome).Code);
        Assert.Equal("InvalidParameterValue.IncorrectPhoneNumber", Assert.IsType<SmsOutcome.PermanentFailure>(result.Recipients[3].Outcome).Code);
        Assert.IsType<SmsOutcome.TransientFailure>(result.Recipients[4].Outcome);
    }

    [Fact]
    public async Task A_signature_failure_fails_the_request_so_another_provider_can_take_it()
    {
        _server.Reply = _ => (200, """{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"bad"},"RequestId":"r"}}""");

        var result = await Provider().SendAsync(GenericHttpSmsProviderTests.Batch(2), Ct);

        Assert.Contains("AuthFailure.SignatureFailure", result.RequestFailure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sends_250_numbers_in_two_requests_of_at_most_200()
    {
        _server.Reply = _ => (200, """{"Response":{"SendStatusSet":[],"RequestId":"r"}}""");

        await Provider().SendAsync(GenericHttpSmsProviderTests.Batch(250), Ct);

        Assert.Equal([200, 50], _server.Requests.Select(r => r.Json.GetProperty("PhoneNumberSet").GetArrayLength()));
    }

    private TencentSmsProvider Provider() => new(
        new SmsProviderOptions
        {
            Name = "tencent",
            Kind = SmsProviderKind.Tencent,
            Endpoint = _server.BaseAddress,
            KeyId = "AKID-test",
            KeySecret = "tencent-secret",
            AppId = "1400006666",
            Templates = { ["warning"] = new SmsProviderTemplateOptions { ProviderTemplateId = "1110", ParameterOrder = ["headline", "instruction"] } },
        },
        TestServices.HttpClientFactory,
        NullLogger<TencentSmsProvider>.Instance,
        _clock);
}
