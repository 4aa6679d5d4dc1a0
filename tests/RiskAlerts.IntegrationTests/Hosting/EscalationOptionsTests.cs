using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Escalation;

namespace RiskAlerts.IntegrationTests.Hosting;

/// <summary>The <c>Escalation</c> section as the hosts bind and validate it.</summary>
public sealed class EscalationOptionsTests
{
    [Fact]
    public void WithoutSettingsExtremeEscalatesAfterTenMinutesSevereAfterThirtyAndTheRestNever()
    {
        var options = Bind([]);

        Assert.Equal(
            [TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), null, null, null],
            new[] { Severity.Extreme, Severity.Severe, Severity.Moderate, Severity.Minor, Severity.Unknown }.Select(options.WindowFor));
    }

    [Fact]
    public void AnEmptySettingTurnsASeveritysEscalationOffAndATimeSpanSetsIt()
    {
        var options = Bind(new() { ["Escalation:Severe"] = string.Empty, ["Escalation:Moderate"] = "01:00:00" });

        Assert.Equal((TimeSpan?)TimeSpan.FromMinutes(10), options.WindowFor(Severity.Extreme));
        Assert.Null(options.WindowFor(Severity.Severe));
        Assert.Equal((TimeSpan?)TimeSpan.FromHours(1), options.WindowFor(Severity.Moderate));
    }

    [Theory]
    [InlineData("Extreme", "00:00:30")]
    [InlineData("Severe", "2.00:00:00")]
    [InlineData("Minor", "00:00:00")]
    public void AWindowShorterThanAMinuteOrLongerThanADayIsRefusedNamingTheSetting(string severity, string window)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Bind(new() { [$"Escalation:{severity}"] = window }));

        Assert.Contains(severity, failure.Message, StringComparison.Ordinal);
    }

    private static EscalationOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddRiskAlertsDeliveries().BuildServiceProvider();
        return services.GetRequiredService<IOptions<EscalationOptions>>().Value;
    }
}
