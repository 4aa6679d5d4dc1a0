using System.Web;
using Microsoft.Extensions.Logging.Abstractions;
using RiskAlerts.Channels.Sms;
using RiskAlerts.Channels.Sms.Providers;
using RiskAlerts.Channels.Tests.Support;
using RiskAlerts.Core.Deliveries.Sms;

namespace RiskAlerts.Channels.Tests.Sms;

public sealed class AliyunSmsProviderTests : IAsyncLifetime
{
    private CallbackRecorder _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await CallbackRecorder.StartAsync(Ct);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    // The worked example of Aliyun's "RPC signature mechanism" documentation (DescribeRegions, testid/testsecret).
    private static readonly Dictionary<string, string> DocumentedParameters = new()
    {
        ["Timestamp"] = "2016-02-23T12:46:24Z",
        ["Format"] = "XML",
        ["AccessKeyId"] = "testid",
        ["Action"] = "DescribeRegions",
        ["SignatureMethod"] = "HMAC-SHA1",
        ["SignatureNonce"] = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        ["Version"] = "2014-05-26",
        ["SignatureVersion"] = "1.0",
    };

    [Fact]
    public void Builds_the_documented_string_to_sign()
    {
        Assert.Equal(
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1"
            + "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0"
            + "%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
            AliyunRpcSigner.StringToSign("GET", DocumentedParameters));
    }

    [Fact]
    public void Signs_the_documented_example_to_the_documented_signature() =>
        Assert.Equal("OLeaidS1JvxuMvnyHOwuJ+uX5qY=", AliyunRpcSigner.Sign("GET", DocumentedParameters, "testsecret"));

    [Theory]
    [InlineData("a b", "a%20b")]
    [InlineData("a*b", "a%2Ab")]
    [InlineData("a~b-_.", "a~b-_.")]
    [InlineData("+86,138", "%2B86%2C138")]
    [InlineData("反诈", "%E5%8F%8D%E8%AF%88")]
    public void Percent_encodes_as_aliyun_requires(string value, string expected) =>
        Assert.Equal(expected, AliyunRpcSigner.PercentEncode(value));

    [Fact]
    public async Task Sends_a_signed_SendSms_with_comma_joined_numbers_the_mapped_template_and_its_parameters()
    {
        _server.Reply = _ => (200, """{"Code":"OK","Message":"OK","BizId":"900619746936498440^0","RequestId":"F655A8D5"}""");
        var batch = GenericHttpSmsProviderTests.Batch(2) with
        {
            Recipients = [new SmsRecipient("r-1", "+8613800000001"), new SmsRecipient("r-2", "+85261234567")],
        };

        var result = await Provider().SendAsync(batch, Ct);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        var form = HttpUtility.ParseQueryString(request.Body);
        var parameters = form.AllKeys.ToDictionary(k => k!, k => form[k]!);
        Assert.Equal("SendSms", parameters["Action"]);
        Assert.Equal("2017-05-25", parameters["Version"]);
        Assert.Equal("JSON", parameters["Format"]);
        Assert.Equal("HMAC-SHA1", parameters["SignatureMethod"]);
        Assert.Equal("1.0", parameters["SignatureVersion"]);
        Assert.Equal("cn-hangzhou", parameters["RegionId"]);
        Assert.Equal("LTAI-test", parameters["AccessKeyId"]);
        Assert.Equal("13800000001,85261234567", parameters["PhoneNumbers"]);
        Assert.Equal("反诈中心", parameters["SignName"]);
        Assert.Equal("SMS_123456789", parameters["TemplateCode"]);
        Assert.Contains("headline", parameters["TemplateParam"], StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", parameters["Timestamp"]);
        Assert.Equal(AliyunRpcSigner.Sign("POST", parameters, "aliyun-secret"), parameters["Signature"]);

        Assert.All(result.Recipients, r => Assert.Equal("900619746936498440^0", Assert.IsType<SmsOutcome.Accepted>(r.Outcome).ProviderMessageId));
    }

    [Fact]
    public async Task A_template_code_without_a_mapping_is_sent_with_the_default_template()
    {
        _server.Reply = _ => (200, """{"Code":"OK","Message":"OK","BizId":"b-1"}""");

        await Provider(new SmsProviderTemplateOptions { ProviderTemplateId = "SMS_987654321" }).SendAsync(GenericHttpSmsProviderTests.Batch(1) with { TemplateCode = "risk-warning" }, Ct);

        var form = HttpUtility.ParseQueryString(Assert.Single(_server.Requests).Body);
        Assert.Equal("SMS_987654321", form["TemplateCode"]);
    }

    [Theory]
    [InlineData("isv.BUSINESS_LIMIT_CONTROL", typeof(SmsOutcome.FrequencyLimited))]
    [InlineData("isp.SYSTEM_ERROR", typeof(SmsOutcome.TransientFailure))]
    [InlineData("Throttling.User", typeof(SmsOutcome.TransientFailure))]
    [InlineData("isv.BLACK_KEY_CONTROL_LIMIT", typeof(SmsOutcome.PermanentFailure))]
    [InlineData("isv.SMS_TEMPLATE_ILLEGAL", typeof(SmsOutcome.PermanentFailure))]
    public async Task Maps_response_codes_to_transient_or_permanent(string code, Type expected)
    {
        _server.Reply = _ => (200, $$"""{"Code":"{{code}}","Message":"m","RequestId":"x"}""");

        var result = await Provider().SendAsync(GenericHttpSmsProviderTests.Batch(2), Ct);

        Assert.Null(result.RequestFailure);
        Assert.All(result.Recipients, r => Assert.IsType(expected, r.Outcome));
    }

    [Theory]
    [InlineData(200, """{"Code":"isv.AMOUNT_NOT_ENOUGH","Message":"arrears"}""")]
    [InlineData(200, """{"Code":"isv.DAY_LIMIT_CONTROL","Message":"daily quota of the account"}""")]
    [InlineData(404, """{"Code":"InvalidAccessKeyId.NotFound","Message":"no such key"}""")]
    [InlineData(400, """{"Code":"SignatureDoesNotMatch","Message":"bad signature"}""")]
    [InlineData(503, "")]
    public async Task Account_and_server_failures_fail_the_request_so_another_provider_can_take_it(int status, string body)
    {
        _server.Reply = _ => (status, body);

        var result = await Provider().SendAsync(GenericHttpSmsProviderTests.Batch(2), Ct);

        Assert.NotNull(result.RequestFailure);
        Assert.All(result.Recipients, r => Assert.IsType<SmsOutcome.TransientFailure>(r.Outcome));
    }

    [Fact]
    public async Task A_number_at_its_frequency_limit_in_a_multi_number_request_is_isolated_and_the_others_sent()
    {
        _server.Reply = request => HttpUtility.ParseQueryString(request.Body)["PhoneNumbers"] switch
        {
            "13800000001" => (200, """{"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"触发号码天级流控"}"""),
            var numbers when numbers!.Contains(',', StringComparison.Ordinal) => (200, """{"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"触发号码天级流控"}"""),
            _ => (200, """{"Code":"OK","Message":"OK","BizId":"b-single"}"""),
        };

        var result = await Provider().SendAsync(GenericHttpSmsProviderTests.Batch(3), Ct);

        Assert.Equal(4, _server.Requests.Count);
        Assert.Equal("isv.BUSINESS_LIMIT_CONTROL", Assert.IsType<SmsOutcome.FrequencyLimited>(result.Recipients[1].Outcome).Code);
        Assert.IsType<SmsOutcome.Accepted>(result.Recipients[0].Outcome);
        Assert.IsType<SmsOutcome.Accepted>(result.Recipients[2].Outcome);
    }

    [Fact]
    public async Task An_illegal_number_in_a_multi_number_request_is_isolated_by_resending_one_by_one()
    {
        _server.Reply = request => HttpUtility.ParseQueryString(request.Body)["PhoneNumbers"] switch
        {
            "13800000001" => (200, """{"Code":"isv.MOBILE_NUMBER_ILLEGAL","Message":"illegal"}"""),
            { } phones when phones.Contains(',', StringComparison.Ordinal) => (200, """{"Code":"isv.MOBILE_NUMBER_ILLEGAL","Message":"illegal"}"""),
            _ => (200, """{"Code":"OK","Message":"OK","BizId":"b-1"}"""),
        };

        var result = await Provider().SendAsync(GenericHttpSmsProviderTests.Batch(3), Ct);

        Assert.Equal(4, _server.Requests.Count);
        Assert.IsType<SmsOutcome.Accepted>(result.Recipients[0].Outcome);
        Assert.Equal("isv.MOBILE_NUMBER_ILLEGAL", Assert.IsType<SmsOutcome.PermanentFailure>(result.Recipients[1].Outcome).Code);
        Assert.IsType<SmsOutcome.Accepted>(result.Recipients[2].Outcome);
    }

    private AliyunSmsProvider Provider(SmsProviderTemplateOptions? defaultTemplate = null) => new(
        new SmsProviderOptions
        {
            DefaultTemplate = defaultTemplate,
            Name = "aliyun",
            Kind = SmsProviderKind.Aliyun,
            Endpoint = _server.BaseAddress,
            KeyId = "LTAI-test",
            KeySecret = "aliyun-secret",
            Templates = { ["warning"] = new SmsProviderTemplateOptions { ProviderTemplateId = "SMS_123456789" } },
        },
        TestServices.HttpClientFactory,
        NullLogger<AliyunSmsProvider>.Instance);
}
