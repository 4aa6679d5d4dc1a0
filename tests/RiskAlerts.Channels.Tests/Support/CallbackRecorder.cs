using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace RiskAlerts.Channels.Tests.Support;

/// <summary>
/// A Kestrel app on 127.0.0.1:0 that answers every request with a scripted reply and records what it got:
/// stands in for a provider (to check request shape) or for a receipt callback.
/// </summary>
internal sealed class CallbackRecorder : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private CallbackRecorder(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Answers each request; the default answers 200 with an empty JSON object.</summary>
    public Func<RecordedRequest, (int Status, string Body)> Reply { get; set; } = _ => (200, "{}");

    public static async Task<CallbackRecorder> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var recorder = new CallbackRecorder(app);
        app.Run(recorder.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        recorder.BaseAddress = new Uri(address + "/");
        return recorder;
    }

    public async Task<IReadOnlyList<RecordedRequest>> WaitForAsync(Func<IReadOnlyList<RecordedRequest>, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var snapshot = Requests;
            if (condition(snapshot))
            {
                return snapshot;
            }

            await Task.Delay(25, cancellationToken);
        }

        return Requests;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var recorded = new RecordedRequest(
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body);
        _requests.Enqueue(recorded);
        var (status, reply) = Reply(recorded);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
