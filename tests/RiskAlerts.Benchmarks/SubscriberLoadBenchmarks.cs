using Azure.Data.Tables;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Industries;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Subscriptions;
using RiskAlerts.Host.Local;
using RiskAlerts.Infrastructure.Storage;
using RiskAlerts.Infrastructure.Storage.Enterprises;

namespace RiskAlerts.Benchmarks;

/// <summary>
/// Loading the audience of a province broadcast from Table Storage: 100,000 subscribers over
/// Jilin's 69 counties (most interested in their county, some in their prefecture or the whole
/// province) read through <see cref="ISubscriberDirectory.FindByRegionsAsync"/> for 220000.
/// Azurite runs in memory; the index is seeded once (100-row transactions per partition) and
/// only the load is measured.
/// </summary>
[MemoryDiagnoser]
public class SubscriberLoadBenchmarks
{
    private const int SubscriberCount = 100_000;

    private static readonly RegionCode Jilin = RegionCode.Parse("220000");

    private AzuriteTableServer _azurite = null!;
    private ServiceProvider _services = null!;
    private ISubscriberDirectory _directory = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _azurite = await AzuriteTableServer.StartAsync();
        var tables = new TableServiceClient(_azurite.ConnectionString);
        var options = new StorageOptions();
        await tables.CreateTableIfNotExistsAsync(options.EnterprisesTable);
        await tables.CreateTableIfNotExistsAsync(options.SubscriptionsTable);

        var written = await SubscriptionIndexBulkWriter.WriteAsync(tables.GetTableClient(options.SubscriptionsTable), Subscribers(), maxConcurrency: 8);
        if (written != SubscriberCount)
        {
            throw new InvalidOperationException($"Seeded {written} index rows, expected {SubscriberCount}.");
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(tables);
        services.AddOptions<StorageOptions>();
        services.AddEnterpriseStorage();
        _services = services.BuildServiceProvider();
        _directory = _services.GetRequiredService<ISubscriberDirectory>();

        var loaded = await _directory.FindByRegionsAsync([Jilin]);
        if (loaded.Count != SubscriberCount)
        {
            throw new InvalidOperationException($"Loaded {loaded.Count} subscribers, expected {SubscriberCount}.");
        }
    }

    [Benchmark(Description = "FindByRegionsAsync([220000]) over 100k subscribers")]
    public Task<IReadOnlyList<Subscriber>> LoadProvinceAudience() => _directory.FindByRegionsAsync([Jilin]);

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private static IEnumerable<(Subscriber, long)> Subscribers()
    {
        var counties = RegionCatalog.Default.CountiesUnder(Jilin);
        var random = new Random(20250310);
        var overnight = new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0));
        string[] categories = ["telecom-fraud", "illegal-fundraising", "investment-risk", "financing-risk"];
        for (var n = 0; n < SubscriberCount; n++)
        {
            var county = counties[n % counties.Count];
            RegionCode interest = random.Next(10) switch
            {
                0 => county.ProvinceCode,
                1 or 2 => county.PrefectureCode!.Value,
                _ => county,
            };
            var enterprise = new Enterprise(UnifiedSocialCreditCode.FromFirst17($"91{county}{n:D9}"), $"吉林负载测试企业{n}有限公司", county, IndustryCode.Parse("C39"));
            var contacts = new List<Contact>
            {
                new("legal", "法定代表人", "法定代表人", $"+86138{n % 100_000_000:D8}", $"legal{n}@example.com", [Channel.Sms, Channel.Email], 0),
                new("finance", "财务负责人", "财务负责人", $"+86139{n % 100_000_000:D8}", null, [Channel.Sms], 1),
            };
            var preferences = new SubscriptionPreferences([.. categories.Take(1 + (n % categories.Length))], Severity.Moderate, [interest], [], [Channel.Sms, Channel.Email], overnight);
            yield return (new Subscriber(enterprise, preferences, contacts), 1L);
        }
    }
}
