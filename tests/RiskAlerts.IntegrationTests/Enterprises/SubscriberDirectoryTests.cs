using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Security;
using RiskAlerts.Infrastructure.Storage;
using RiskAlerts.IntegrationTests.Fixtures;
using static RiskAlerts.IntegrationTests.Enterprises.EnterpriseTestData;

namespace RiskAlerts.IntegrationTests.Enterprises;

/// <summary>
/// <see cref="ISubscriberDirectory"/> over Azurite, fed through the HTTP API. Other tests
/// register enterprises in the same regions, so each case looks only at its own codes.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class SubscriberDirectoryTests(LocalStackFixture stack) : IAsyncLifetime
{
    private readonly HttpClient _admin = stack.ClientFor(Role.Admin);
    private ServiceProvider _services = null!;
    private ISubscriberDirectory _directory = null!;
    private Seeded _seeded = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(stack.Tables);
        services.AddOptions<StorageOptions>();
        services.AddEnterpriseStorage();
        _services = services.BuildServiceProvider();
        _directory = _services.GetRequiredService<ISubscriberDirectory>();

        _seeded = new Seeded(
            NanguanCounty: await RegisterAsync(_admin, "220102", "220102"),
            ChaoyangToChangchun: await RegisterAsync(_admin, "220104", "220100"),
            JilinCityToProvince: await RegisterAsync(_admin, "220202", "220000"),
            NanguanUnsubscribed: await RegisterAsync(_admin, "220102", "220102"),
            ShenyangCounty: await RegisterAsync(_admin, "210102", "210102"));
        using var unsubscribe = await _admin.PostAsync($"/api/enterprises/{_seeded.NanguanUnsubscribed}/unsubscribe", null, Cancellation);
        Assert.Equal(HttpStatusCode.OK, unsubscribe.StatusCode);
    }

    [Fact]
    public async Task ProvinceBroadcastFindsCountyPrefectureAndProvinceInterestsInside()
    {
        var found = await FindOwnAsync("220000");

        Assert.Equal(Codes(_seeded.NanguanCounty, _seeded.ChaoyangToChangchun, _seeded.JilinCityToProvince), found);
    }

    [Fact]
    public async Task PrefectureBroadcastFindsItsCountiesItselfAndTheProvinceInterest()
    {
        var found = await FindOwnAsync("220100");

        Assert.Equal(Codes(_seeded.NanguanCounty, _seeded.ChaoyangToChangchun, _seeded.JilinCityToProvince), found);
    }

    [Fact]
    public async Task CountyBroadcastFindsTheCountyAndInterestsInItsAncestors()
    {
        Assert.Equal(Codes(_seeded.NanguanCounty, _seeded.ChaoyangToChangchun, _seeded.JilinCityToProvince), await FindOwnAsync("220102"));
        Assert.Equal(Codes(_seeded.ChaoyangToChangchun, _seeded.JilinCityToProvince), await FindOwnAsync("220104"));
    }

    [Fact]
    public async Task AnotherPrefectureSeesOnlyTheProvinceInterest()
    {
        Assert.Equal(Codes(_seeded.JilinCityToProvince), await FindOwnAsync("220200"));
    }

    [Fact]
    public async Task SeveralRegionsReturnEachSubscriberOnce()
    {
        var found = await _directory.FindByRegionsAsync([RegionCode.Parse("220102"), RegionCode.Parse("220100"), RegionCode.Parse("210000")], Cancellation);

        var own = found.Where(s => _seeded.All.Contains(s.Uscc.Value)).Select(s => s.Uscc.Value).ToList();
        Assert.Equal(own.Distinct().Count(), own.Count);
        Assert.Equal(Codes(_seeded.NanguanCounty, _seeded.ChaoyangToChangchun, _seeded.JilinCityToProvince, _seeded.ShenyangCounty), own.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ExplicitCodesAreReadFromTheRegistryAndUnknownCodesSkipped()
    {
        var unknown = UnifiedSocialCreditCode.Parse(NewUscc());

        var found = await _directory.FindByCodesAsync(
            [UnifiedSocialCreditCode.Parse(_seeded.ShenyangCounty), unknown, UnifiedSocialCreditCode.Parse(_seeded.NanguanUnsubscribed)],
            Cancellation);

        Assert.Equal([_seeded.ShenyangCounty, _seeded.NanguanUnsubscribed], found.Select(s => s.Uscc.Value));
        Assert.True(found[1].Preferences.Unsubscribed);
        Assert.Equal("+8613812345678", found[0].Contacts[0].Mobile);
    }

    [Fact]
    public async Task LoadedSubscriberCarriesEnterprisePreferencesAndContacts()
    {
        var found = (await _directory.FindByRegionsAsync([RegionCode.Parse("220202")], Cancellation)).Single(s => s.Uscc.Value == _seeded.JilinCityToProvince);

        Assert.Equal(RegionCode.Parse("220202"), found.Enterprise.RegisteredCounty);
        Assert.Equal([RegionCode.Parse("220000")], found.Preferences.Regions);
        Assert.Equal(["telecom-fraud", "illegal-fundraising"], found.Preferences.Categories);
        Assert.Equal(2, found.Contacts.Count);
        Assert.Equal(new TimeOnly(22, 0), found.Preferences.QuietHours?.Start);
    }

    [Fact]
    public async Task AProvinceStreamReadsItsFirstRangeAloneUntilTheNextPageIsAskedFor()
    {
        var (directory, queries, provider) = CountingDirectory();
        await using var _ = provider;

        await using var pages = directory.StreamByRegionsAsync([RegionCode.Parse("220000")], Cancellation).GetAsyncEnumerator(Cancellation);
        Assert.True(await pages.MoveNextAsync());
        // Read ahead at once, the other prefectures' queries would be on their way by now.
        await Task.Delay(TimeSpan.FromMilliseconds(200), Cancellation);
        var whileTheFirstPageIsUsed = queries.Count;
        var all = new List<Subscriber>(pages.Current);
        while (await pages.MoveNextAsync())
        {
            all.AddRange(pages.Current);
        }

        Assert.Equal(1, whileTheFirstPageIsUsed);
        Assert.True(queries.Count > 1, $"the province's other ranges were read after the first page ({queries.Count} queries)");
        Assert.Equal(Codes(_seeded.NanguanCounty, _seeded.ChaoyangToChangchun, _seeded.JilinCityToProvince), [.. all.Select(s => s.Uscc.Value).Where(_seeded.All.Contains).Order(StringComparer.Ordinal)]);
    }

    [Fact]
    public async Task AProvinceStreamAsksOneQueryPerPrefectureThereIsAndOneForTheProvincesOwnCodesBeyondTheirPages()
    {
        var (directory, queries, provider) = CountingDirectory();
        await using var _ = provider;

        var all = new List<Subscriber>();
        await foreach (var page in directory.StreamByRegionsAsync([RegionCode.Parse("220000")], Cancellation))
        {
            all.AddRange(page);
        }

        // Jilin has 9 prefectures of the 100 codes a province could give them; each range needs a query, more only for more pages.
        var ranges = RegionCatalog.Default.PrefecturesOf(RegionCode.Parse("220000")).Count + 1;
        Assert.InRange(queries.Count, ranges, ranges + (all.Count / 1000) + 1);
        Assert.Equal(Codes(_seeded.NanguanCounty, _seeded.ChaoyangToChangchun, _seeded.JilinCityToProvince), [.. all.Select(s => s.Uscc.Value).Where(_seeded.All.Contains).Order(StringComparer.Ordinal)]);
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _services.DisposeAsync();
    }

    private async Task<IReadOnlyList<string>> FindOwnAsync(string region)
    {
        var found = await _directory.FindByRegionsAsync([RegionCode.Parse(region)], Cancellation);
        return [.. found.Select(s => s.Uscc.Value).Where(_seeded.All.Contains).Order(StringComparer.Ordinal)];
    }

    /// <summary>A directory of its own whose index queries are counted.</summary>
    private (ISubscriberDirectory Directory, SubscriptionQueries Queries, ServiceProvider Provider) CountingDirectory()
    {
        var queries = new SubscriptionQueries();
        var options = new TableClientOptions();
        options.AddPolicy(queries, HttpPipelinePosition.PerCall);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(new TableServiceClient(stack.Azurite.ConnectionString, options));
        services.AddOptions<StorageOptions>();
        services.AddEnterpriseStorage();
        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<ISubscriberDirectory>(), queries, provider);
    }

    private static IReadOnlyList<string> Codes(params string[] codes) => [.. codes.Order(StringComparer.Ordinal)];

    /// <summary>Counts the queries of the subscription index, one per page asked for.</summary>
    private sealed class SubscriptionQueries : HttpPipelineSynchronousPolicy
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Method == RequestMethod.Get && message.Request.Uri.Path.Contains("/Subscriptions()", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
            }
        }
    }

    private sealed record Seeded(string NanguanCounty, string ChaoyangToChangchun, string JilinCityToProvince, string NanguanUnsubscribed, string ShenyangCounty)
    {
        public HashSet<string> All => [NanguanCounty, ChaoyangToChangchun, JilinCityToProvince, NanguanUnsubscribed, ShenyangCounty];
    }
}
