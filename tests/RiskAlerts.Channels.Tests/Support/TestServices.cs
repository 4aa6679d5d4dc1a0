using Microsoft.Extensions.DependencyInjection;

namespace RiskAlerts.Channels.Tests.Support;

internal static class TestServices
{
    public static IHttpClientFactory HttpClientFactory { get; } =
        new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
}
