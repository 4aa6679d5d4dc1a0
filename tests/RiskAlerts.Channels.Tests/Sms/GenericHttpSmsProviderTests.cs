using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RiskAlerts.Channels.Sms;
using RiskAlerts.Channels.Sms.Providers;
using RiskAlerts.Channels.Tests.Support;
using RiskAlerts.Core.Deliveries.Sms;
using RiskAlerts.LocalChannels.Sms;

namespace RiskAlerts.Channels.Tests.Sms;

public sealed class GenericHttpSmsProviderTests : IAsyncLifetime
{
    private const string Text = "【反诈中心】冒充客服退款诈骗高发：请勿点击陌生链接回复TD退订";
    private LocalSmsGateway _gateway = null!;
    private CallbackRecorder _callback = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _gateway = await LocalSmsGateway.StartAsync(new LocalSmsGatewayOptions { ApiKey = "gw-key", ReceiptSecret = "receipt-secret", ReceiptDelay = TimeSpan.FromMilliseconds(50), RandomSeed = 7 }, cancellationToken: Ct);
        _callback = await CallbackRecorder.StartAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _callback.DisposeAsync();
    }

    [Fact]
    public async Task Sends_250_numbers_in_three_requests_of_at_most_100_and_records_each_number_once()
    {
        var batch = Batch(250);

        var result = await Provider().SendAsync(batch, Ct);

        Assert.Null(result.RequestFailure);
        Assert.Equal([100, 100, 50], _gateway.Requests.Select(r => r.PhoneCount));
        Assert.Equal(250, _gateway.Messages.Count);
        Assert.Equal(batch.Recipients.Select(r => r.PhoneE164).Order(), _gateway.Messages.Select(m => m.Phone).Order());
        Assert.All(_gateway.Messages, m => Assert.Equal(Text, m.Text));

        var recorded = _gateway.Messages.ToDictionary(m => m.Phone, m => m.MessageId);
        Assert.Equal(batch.Recipients.Select(r => r.RecipientId), result.Recipients.Select(r => r.RecipientId));
        Assert.All(result.Recipients, r =>
        {
            Assert.Equal("gateway", r.Provider);
            Assert.Equal(recorded[r.PhoneE164], Assert.IsType<SmsOutcome.Accepted>(r.Outcome).ProviderMessageId);
        });
    }

    [Fact]
    public async Task Delivery_receipts_arrive_at_the_callback_with_the_shared_secret()
    {
        var batch = Batch(5);
        _gateway.Faults.MarkUndelivered(batch.Recipients[4].PhoneE164);

        var result = await Provider().SendAsync(batch, Ct);

        var requests = await _callback.WaitForAsync(r => r.Sum(x => x.Json.GetProperty("receipts").GetArrayLength()) >= 5, TimeSpan.FromSeconds(5), Ct);
        Assert.All(requests, r => Assert.Equal("receipt-secret", r.Headers["X-Receipt-Secret"]));
        var receipts = requests.SelectMany(r => r.Json.GetProperty("receipts").EnumerateArray())
            .ToDictionary(r => r.GetProperty("messageId").GetString()!, r => r.GetProperty("status").GetString());
        Assert.Equal(5, receipts.Count);
        var ids = result.Recipients.Select(r => ((SmsOutcome.Accepted)r.Outcome).ProviderMessageId).ToList();
        Assert.Equal(["delivered", "delivered", "delivered", "delivered", "undelivered"], ids.Select(id => receipts[id]));
    }

    [Fact]
    public async Task A_rejected_number_is_a_permanent_failure_and_the_others_are_accepted()
    {
        var batch = Batch(3);
        _gateway.Faults.RejectPhone(batch.Recipients[1].PhoneE164, "BLACKLISTED");

        var result = await Provider().SendAsync(batch, Ct);

        Assert.IsType<SmsOutcome.Accepted>(result.Recipients[0].Outcome);
        Assert.Equal("BLACKLISTED", Assert.IsType<SmsOutcome.PermanentFailure>(result.Recipients[1].Outcome).Code);
        Assert.IsType<SmsOutcome.Accepted>(result.Recipients[2].Outcome);
        Assert.Equal(2, _gateway.Messages.Count);
    }

    [Fact]
    public async Task A_number_that_is_not_e164_is_a_permanent_failure()
    {
        var batch = Batch(1).WithRecipients([new SmsRecipient("r-x", "13800138000")]);

        var result = await Provider().SendAsync(batch, Ct);

        Assert.Equal("INVALID_NUMBER", Assert.IsType<SmsOutcome.PermanentFailure>(Assert.Single(result.Recipients).Outcome).Code);
    }

    [Fact]
    public async Task A_503_for_the_whole_request_marks_the_request_failed_and_every_recipient_transient()
    {
        _gateway.Faults.Down = true;

        var result = await Provider().SendAsync(Batch(3), Ct);

        Assert.NotNull(result.RequestFailure);
        Assert.All(result.Recipients, r => Assert.IsType<SmsOutcome.TransientFailure>(r.Outcome));
        Assert.Empty(_gateway.Messages);
    }

    [Fact]
    public async Task A_closed_connection_marks_the_request_failed()
    {
        _gateway.Faults.Down = true;
        _gateway.Faults.DownMode = SmsGatewayDownMode.CloseConnection;

        var result = await Provider().SendAsync(Batch(2), Ct);

        Assert.NotNull(result.RequestFailure);
        Assert.All(result.Recipients, r => Assert.IsType<SmsOutcome.TransientFailure>(r.Outcome));
    }

    [Fact]
    public async Task A_wrong_bearer_token_counts_as_the_provider_failing()
    {
        var result = await Provider(secret: "wrong").SendAsync(Batch(2), Ct);

        Assert.Contains("401", result.RequestFailure, StringComparison.Ordinal);
        Assert.Empty(_gateway.Messages);
    }

    [Fact]
    public async Task With_30_percent_injected_failures_about_30_percent_of_requests_fail_transiently_and_nothing_is_recorded_twice()
    {
        _gateway.Faults.TransientFailureRate = 0.3;
        var provider = Provider();
        var failed = 0;
        const int Requests = 200;

        for (var i = 0; i < Requests; i++)
        {
            var result = await provider.SendAsync(Batch(1, offset: i), Ct);
            if (result.RequestFailure is not null)
            {
                failed++;
                Assert.IsType<SmsOutcome.TransientFailure>(Assert.Single(result.Recipients).Outcome);
            }
            else
            {
                Assert.IsType<SmsOutcome.Accepted>(Assert.Single(result.Recipients).Outcome);
            }
        }

        Assert.InRange(failed, 40, 80);
        Assert.Equal(Requests - failed, _gateway.Messages.Count);
        Assert.Equal(_gateway.Messages.Count, _gateway.Messages.Select(m => m.Phone).Distinct().Count());
        Assert.Equal(failed, _gateway.Requests.Count(r => r.StatusCode == 503));
    }

    [Fact]
    public async Task Sends_the_batch_signature_text_and_callback_in_the_documented_shape()
    {
        await using var fake = await CallbackRecorder.StartAsync(Ct);
        fake.Reply = _ => (200, """{"results":[{"phone":"+8613800000000","messageId":"m-1","status":"accepted"}]}""");
        var provider = Provider(endpoint: fake.BaseAddress);

        var result = await provider.SendAsync(Batch(1), Ct);

        var request = Assert.Single(fake.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/sms/batch", request.PathAndQuery);
        Assert.Equal("Bearer gw-key", request.Headers["Authorization"]);
        Assert.Equal("反诈中心", request.Json.GetProperty("signature").GetString());
        Assert.Equal(Text, request.Json.GetProperty("text").GetString());
        Assert.Equal("+8613800000000", request.Json.GetProperty("phones")[0].GetString());
        Assert.Equal(_callback.BaseAddress + "receipts", request.Json.GetProperty("callbackUrl").GetString());
        Assert.Equal("m-1", Assert.IsType<SmsOutcome.Accepted>(Assert.Single(result.Recipients).Outcome).ProviderMessageId);
    }

    [Fact]
    public async Task A_429_is_a_transient_failure_of_every_recipient_without_failing_the_provider()
    {
        await using var fake = await CallbackRecorder.StartAsync(Ct);
        fake.Reply = _ => (429, """{"error":"slow down"}""");

        var result = await Provider(endpoint: fake.BaseAddress).SendAsync(Batch(2), Ct);

        Assert.Null(result.RequestFailure);
        Assert.All(result.Recipients, r => Assert.Contains("429", Assert.IsType<SmsOutcome.TransientFailure>(r.Outcome).Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_number_missing_from_the_answer_is_a_transient_failure()
    {
        await using var fake = await CallbackRecorder.StartAsync(Ct);
        fake.Reply = _ => (200, """{"results":[{"phone":"+8613800000000","messageId":"m-1","status":"accepted"}]}""");

        var result = await Provider(endpoint: fake.BaseAddress).SendAsync(Batch(2), Ct);

        Assert.IsType<SmsOutcome.Accepted>(result.Recipients[0].Outcome);
        Assert.IsType<SmsOutcome.TransientFailure>(result.Recipients[1].Outcome);
    }

    [Fact]
    public async Task A_warmed_up_provider_has_its_connection_open_before_the_first_batch_sends_nothing_for_it_and_sends_the_batch_over_it()
    {
        await using var fake = await CallbackRecorder.StartAsync(Ct);
        fake.Reply = _ => (200, """{"results":[{"phone":"+8613800000000","messageId":"m-1","status":"accepted"}]}""");
        var connects = 0;
        var factory = new ServiceCollection()
            .AddHttpClient(SmsHttpClients.NameFor("gateway"))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                ConnectCallback = async (context, token) =>
                {
                    Interlocked.Increment(ref connects);
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    await socket.ConnectAsync(context.DnsEndPoint, token);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            })
            .Services.BuildServiceProvider()
            .GetRequiredService<IHttpClientFactory>();
        var provider = Provider(endpoint: fake.BaseAddress, httpClientFactory: factory);

        await provider.WarmUpAsync(Ct);

        Assert.Equal(1, connects);
        Assert.Equal("HEAD", Assert.Single(fake.Requests).Method);
        var result = await provider.SendAsync(Batch(1), Ct);
        Assert.IsType<SmsOutcome.Accepted>(Assert.Single(result.Recipients).Outcome);
        Assert.Equal(["HEAD", "POST"], fake.Requests.Select(r => r.Method));
        Assert.Equal(1, connects);
    }

    [Fact]
    public async Task Warming_up_a_provider_nobody_listens_for_fails_and_its_first_batch_still_reaches_it_once_it_is_there()
    {
        var endpoint = _gateway.BaseAddress;
        await _gateway.DisposeAsync();
        var provider = Provider(endpoint: endpoint);

        await Assert.ThrowsAsync<HttpRequestException>(() => provider.WarmUpAsync(Ct));

        _gateway = await LocalSmsGateway.StartAsync(new LocalSmsGatewayOptions { ApiKey = "gw-key", ReceiptSecret = "receipt-secret", ReceiptDelay = TimeSpan.FromMilliseconds(50), RandomSeed = 7 }, endpoint.Port, Ct);
        var result = await provider.SendAsync(Batch(2), Ct);
        Assert.All(result.Recipients, r => Assert.IsType<SmsOutcome.Accepted>(r.Outcome));
        Assert.Equal(2, _gateway.Messages.Count);
    }

    private GenericHttpSmsProvider Provider(string secret = "gw-key", Uri? endpoint = null, IHttpClientFactory? httpClientFactory = null) => new(
        new SmsProviderOptions
        {
            Name = "gateway",
            Kind = SmsProviderKind.Generic,
            Endpoint = endpoint ?? _gateway.BaseAddress,
            KeySecret = secret,
            CallbackUrl = new Uri(_callback.BaseAddress, "receipts"),
        },
        httpClientFactory ?? TestServices.HttpClientFactory,
        NullLogger<GenericHttpSmsProvider>.Instance);

    internal static SmsBatch Batch(int count, int offset = 0) => new(
        "反诈中心",
        "warning",
        new Dictionary<string, string> { ["headline"] = "冒充客服退款诈骗高发" },
        Text,
        Enumerable.Range(offset, count).Select(i => new SmsRecipient($"r-{i}", $"+86138{i:D8}")).ToList());
}
