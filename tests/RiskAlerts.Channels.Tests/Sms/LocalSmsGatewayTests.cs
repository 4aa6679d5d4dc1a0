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

    private Task<HttpResponseMessage> SendAsync(string[] phones) =>
        _http.PostAsJsonAsync(new Uri(_gateway.BaseAddress, "v1/sms/batch"), new { signature = "反诈中心", text = "【反诈中心】测试回复TD退订", phones }, Ct);
}
