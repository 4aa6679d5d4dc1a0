using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RiskAlerts.LocalChannels.Sms;

namespace RiskAlerts.Channels.Tests.Sms;

public sealed class LocalSmsGatewayTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private LocalSmsGateway _gateway = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _gateway = await LocalSmsGateway.StartAsync(cancellationToken: Ct);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public void Listens_on_the_loopback_address_with_a_picked_port()
    {
        Assert.Equal("127.0.0.1", _gateway.BaseAddress.Host);
        Assert.NotEqual(0, _gateway.BaseAddress.Port);
    }

    [Fact]
    public async Task Faults_set_through_the_api_take_effect_and_delete_resets_them()
    {
        using var set = await _http.PostAsJsonAsync(new Uri(_gateway.BaseAddress, "v1/faults"), new { down = true, latencyMs = 5, rejectedPhones = new[] { "+8613900000000" } }, Ct);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.True(_gateway.Faults.Down);
        Assert.Equal(TimeSpan.FromMilliseconds(5), _gateway.Faults.Latency);
        Assert.True(_gateway.Faults.RejectedPhones.ContainsKey("+8613900000000"));

        using (var down = await SendAsync(["+8613800000001"]))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        }

        using var reset = await _http.DeleteAsync(new Uri(_gateway.BaseAddress, "v1/faults"), Ct);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        using var up = await SendAsync(["+8613800000001"]);
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
    }

    [Fact]
    public async Task Lists_recorded_messages_for_the_console()
    {
        using (await SendAsync(["+8613800000001", "+8613800000002"]))
        {
        }

        var listed = await _http.GetFromJsonAsync<JsonElement>(new Uri(_gateway.BaseAddress, "v1/messages"), Ct);

        var phones = listed.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("phone").GetString()).ToList();
        Assert.Equal(["+8613800000001", "+8613800000002"], phones);
    }

    [Fact]
    public async Task Refuses_more_numbers_than_a_provider_takes_in_one_request()
    {
        using var response = await SendAsync(Enumerable.Range(0, 101).Select(i => $"+86138{i:D8}").ToArray());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_gateway.Messages);
    }

    [Fact]
    public async Task Latency_delays_the_answer()
    {
        _gateway.Faults.Latency = TimeSpan.FromMilliseconds(300);
        var started = TimeProvider.System.GetTimestamp();

        using var response = await SendAsync(["+8613800000001"]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(TimeProvider.System.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(280));
    }

    [Fact]
    public async Task Receipts_are_posted_again_until_the_callback_takes_them_within_the_configured_attempts()
    {
        await using var callback = await Support.CallbackRecorder.StartAsync(Ct);
        var refused = 0;
        callback.Reply = _ => Interlocked.Increment(ref refused) <= 4 ? (503, "{}") : (200, "{}");
        await using var gateway = await LocalSmsGateway.StartAsync(new LocalSmsGatewayOptions { ReceiptAttempts = 6, ReceiptDelay = TimeSpan.FromMilliseconds(10) }, cancellationToken: Ct);

        using var response = await _http.PostAsJsonAsync(
            new Uri(gateway.BaseAddress, "v1/sms/batch"),
            new { signature = "反诈中心", text = "【反诈中心】测试回复TD退订", phones = new[] { "+8613800000001" }, callbackUrl = new Uri(callback.BaseAddress, "receipts").AbsoluteUri },
            Ct);
        response.EnsureSuccessStatusCode();
        var requests = await callback.WaitForAsync(r => r.Count >= 5, TimeSpan.FromSeconds(10), Ct);
        await WaitUntilAsync(() => gateway.ReceiptsSent.Count == 1);

        Assert.Equal(5, requests.Count);
        Assert.Equal(0, gateway.ReceiptFailures);
    }

    [Fact]
    public async Task A_receipt_callback_not_answered_in_time_is_posted_again()
    {
        await using var callback = await Support.CallbackRecorder.StartAsync(Ct);
        var calls = 0;
        callback.Reply = _ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                // The first callback outlives the gateway's patience, as one to a host waiting for its storage does.
                Thread.Sleep(TimeSpan.FromSeconds(1));
            }

            return (200, "{}");
        };
        await using var gateway = await LocalSmsGateway.StartAsync(new LocalSmsGatewayOptions { ReceiptDelay = TimeSpan.FromMilliseconds(10), CallbackTimeout = TimeSpan.FromMilliseconds(200) }, cancellationToken: Ct);

        using var response = await _http.PostAsJsonAsync(
            new Uri(gateway.BaseAddress, "v1/sms/batch"),
            new { signature = "反诈中心", text = "【反诈中心】测试回复TD退订", phones = new[] { "+8613800000001" }, callbackUrl = new Uri(callback.BaseAddress, "receipts").AbsoluteUri },
            Ct);
        response.EnsureSuccessStatusCode();
        await WaitUntilAsync(() => gateway.ReceiptsSent.Count == 1);

        Assert.Equal(2, callback.Requests.Count);
        Assert.Equal(0, gateway.ReceiptFailures);
    }

    [Fact]
    public async Task A_receipt_the_callback_keeps_refusing_is_given_up_after_three_attempts_by_default()
    {
        await using var callback = await Support.CallbackRecorder.StartAsync(Ct);
        callback.Reply = _ => (503, "{}");
        await using var gateway = await LocalSmsGateway.StartAsync(new LocalSmsGatewayOptions { ReceiptDelay = TimeSpan.FromMilliseconds(10) }, cancellationToken: Ct);

        using var response = await _http.PostAsJsonAsync(
            new Uri(gateway.BaseAddress, "v1/sms/batch"),
            new { signature = "反诈中心", text = "【反诈中心】测试回复TD退订", phones = new[] { "+8613800000001" }, callbackUrl = new Uri(callback.BaseAddress, "receipts").AbsoluteUri },
            Ct);
        response.EnsureSuccessStatusCode();
        await WaitUntilAsync(() => gateway.ReceiptFailures == 1);

        Assert.Equal(3, callback.Requests.Count);
        Assert.Empty(gateway.ReceiptsSent);
    }

    [Fact]
    public async Task Receipt_callbacks_are_posted_several_at_once_and_never_more_than_the_configured_concurrency()
    {
        await using var callback = await Support.CallbackRecorder.StartAsync(Ct);
        var inFlight = 0;
        var most = 0;
        using var release = new ManualResetEventSlim();
        callback.Reply = _ =>
        {
            var now = Interlocked.Increment(ref inFlight);
            for (var seen = Volatile.Read(ref most); now > seen; seen = Volatile.Read(ref most))
            {
                Interlocked.CompareExchange(ref most, now, seen);
            }

            // Held until the test has looked, so that every callback the gateway allows is in flight at once.
            release.Wait(TimeSpan.FromSeconds(5));
            Interlocked.Decrement(ref inFlight);
            return (200, "{}");
        };
        await using var gateway = await LocalSmsGateway.StartAsync(new LocalSmsGatewayOptions { ReceiptConcurrency = 2, ReceiptDelay = TimeSpan.FromMilliseconds(300) }, cancellationToken: Ct);

        var receiptsTo = new Uri(callback.BaseAddress, "receipts").AbsoluteUri;
        for (var request = 0; request < 3; request++)
        {
            var phones = Enumerable.Range(0, 100).Select(i => $"+86138{request:D2}{i:D6}").ToArray();
            using var response = await _http.PostAsJsonAsync(new Uri(gateway.BaseAddress, "v1/sms/batch"), new { signature = "反诈中心", text = "【反诈中心】测试回复TD退订", phones, callbackUrl = receiptsTo }, Ct);
            response.EnsureSuccessStatusCode();
        }

        await WaitUntilAsync(() => Volatile.Read(ref inFlight) == 2);
        await Task.Delay(TimeSpan.FromMilliseconds(300), Ct);
        var mostWhileHeld = Volatile.Read(ref most);
        release.Set();
        await WaitUntilAsync(() => gateway.ReceiptsSent.Count == 300);

        Assert.Equal(2, mostWhileHeld);
        Assert.Equal(3, callback.Requests.Count);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25, Ct);
        }

        Assert.True(condition(), "Timed out waiting for the gateway.");
    }

    private Task<HttpResponseMessage> SendAsync(string[] phones) =>
        _http.PostAsJsonAsync(new Uri(_gateway.BaseAddress, "v1/sms/batch"), new { signature = "反诈中心", text = "【反诈中心】测试回复TD退订", phones }, Ct);
}
