using System.Text;
using System.Text.Json;
using RiskAlerts.Core;
using RiskAlerts.Core.Idempotency;
using RiskAlerts.Core.Warnings.Submit;

namespace RiskAlerts.UnitTests.Idempotency;

public sealed class RequestHashTests
{
    private static readonly SubmitWarningCommand Warning = new()
    {
        Category = "telecom-fraud",
        Headline = "冒充公检法诈骗预警",
        Description = "有人冒充公安机关要求企业转账。",
        Severity = "Severe",
        Regions = ["220000"],
        ExternalId = "signal-1",
    };

    [Fact]
    public void A_command_without_cap_status_fingerprints_as_before_the_field_existed()
    {
        var json = JsonSerializer.Serialize(Warning, CoreJsonContext.Default.SubmitWarningCommand);

        Assert.DoesNotContain("capStatus", json, StringComparison.Ordinal);
        Assert.Equal(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(json))),
            RequestHash.Of(Warning, CoreJsonContext.Default.SubmitWarningCommand));
    }

    [Fact]
    public void An_exercise_fingerprints_apart_from_the_same_real_warning() =>
        Assert.NotEqual(
            RequestHash.Of(Warning, CoreJsonContext.Default.SubmitWarningCommand),
            RequestHash.Of(Warning with { CapStatus = "Exercise" }, CoreJsonContext.Default.SubmitWarningCommand));
}
