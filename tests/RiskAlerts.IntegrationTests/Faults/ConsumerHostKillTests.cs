using System.Globalization;
using RiskAlerts.TestLogs;

namespace RiskAlerts.IntegrationTests.Faults;

/// <summary>
/// The kill tests run one at a time, after the rest: each starts its own stand-ins and a host
/// process, and its timing (kills at points of the sending) should not depend on other tests' load.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsumerHostFaultCollection
{
    public const string Name = "Consumer host faults";
}

/// <summary>
/// A province broadcast to 2,000 enterprises (about 3,000 SMS and email recipients) sent by the real
/// host in a process of its own, killed with SIGKILL three times at random points of the sending and
/// started again. Nobody may be lost, at most 0.1 % may get a message twice, and every Deliveries row
/// must end terminal and say what the stand-ins saw. The numbers of each run are in the test output
/// and in <c>artifacts/test-logs/fault-report-*.txt</c>, the host's logs beside them.
/// </summary>
[Collection(ConsumerHostFaultCollection.Name)]
public sealed class ConsumerHostKillTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public Task KilledHostLosesNobodyWhenItsOnlySmsProviderFailsThirtyPercentOfRequests() =>
        RunAsync(new FaultVariant("sms-transient") { SmsTransientFailureRate = 0.3 });

    [Fact]
    public Task KilledHostLosesNobodyAndSendsNoSmsTwiceWhenTheProvidersAnswersAreLost() =>
        RunAsync(new FaultVariant("sms-answer-lost") { SmsAnswerLossRate = 0.2 });

    // Kills alone, with the broker keeping a dead consumer's locks as Service Bus does: the baseline,
    // and the case closest to Azure (the other variants run with locks given back at once).
    [Fact]
    public Task KilledHostLosesNobodyWhenTheBrokerKeepsItsLocksUntilTheyExpire() =>
        RunAsync(new FaultVariant("keep-locks") { KeepLocksOnDisconnect = true });

    [Fact]
    public Task KilledHostLosesNobodyWhenAzuriteIsUnreachableForTenSeconds() =>
        RunAsync(new FaultVariant("tables-outage") { TablesOutage = TimeSpan.FromSeconds(10) });

    [Fact]
    public Task KilledHostLosesNobodyWhenItsBrokerConnectionsAreDropped() =>
        RunAsync(new FaultVariant("broker-drops") { BrokerConnectionDrops = 2 });

    private static async Task RunAsync(FaultVariant variant)
    {
        var report = await ConsumerHostFaultRun.RunAsync(variant, Cancellation);
        var text = report.ToString();
        TestContext.Current.TestOutputHelper?.WriteLine(text);
        Directory.CreateDirectory(TestLogFiles.Folder);
        await File.WriteAllTextAsync(
            Path.Combine(TestLogFiles.Folder, string.Create(CultureInfo.InvariantCulture, $"fault-report-{variant.Name}-{DateTime.UtcNow:yyyyMMdd'T'HHmmss}.txt")),
            text,
            Cancellation);

        Assert.True(report.Lost == 0, $"{report.Lost} recipients got nothing.\n{text}");
        Assert.True(report.Duplicated <= report.DuplicatesAllowed, $"{report.Duplicated} messages went twice (allowed {report.DuplicatesAllowed}).\n{text}");
        Assert.True(report.Rows.Count == report.Expected, $"{report.Rows.Count} Deliveries rows for {report.Expected} recipients.\n{text}");
        Assert.True(report.Untruthful.Count == 0, $"{report.Untruthful.Count} rows say other than what the stand-ins saw.\n{text}");
        Assert.True(report.NotTerminal.Count == 0, $"{report.NotTerminal.Count} rows are not settled.\n{text}");
        Assert.True(report.DeadLetters.Values.All(letters => letters.Count == 0), $"Messages were dead-lettered.\n{text}");
        Assert.True(report.EmailsWithoutMessageId == 0, $"{report.EmailsWithoutMessageId} emails carried no Message-Id.\n{text}");
        Assert.True(report.WarningStatus == "Completed", $"The warning ended {report.WarningStatus}, not Completed.\n{text}");
    }
}
