using RiskAlerts.DeploymentTests.Arm;

namespace RiskAlerts.DeploymentTests;

/// <summary>The settings Azure gives both hosts carry the names the application reads.</summary>
public sealed class SettingsTests(CompiledInfrastructure infra)
{
    private static readonly string[] IdentitySettings =
    [
        "ServiceBus__fullyQualifiedNamespace",
        "ServiceBus__credential",
        "ServiceBus__clientId",
        "Tables__endpoint",
        "Tables__credential",
        "Tables__clientId",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "Telemetry__Exporter",
    ];

    public static TheoryData<string> Environments => new(CompiledInfrastructure.Environments);

    internal static Dictionary<string, object?> FunctionAppSettings(CompiledInfrastructure infra, string environment)
    {
        var settings = Assert.Single(infra.Resources(environment), r => r.Is("Microsoft.Web/sites/config") && r.LeafName == "appsettings");
        return ArmValue.AsObject(settings.Value("properties"));
    }

    internal static Dictionary<string, object?> ConsumerSettings(CompiledInfrastructure infra, string environment)
    {
        var module = Assert.Single(infra.Resources(environment), r => r.Is("Microsoft.Resources/deployments") && r.NameText == "consumers");
        return ArmValue.AsObject(ArmValue.Get(module.Value("properties", "parameters", "settings"), "value"));
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void FunctionAppSettingsNameTheEntitiesAndTablesOfTheApplication(string environment)
    {
        var settings = FunctionAppSettings(infra, environment);
        AssertCarriesApplicationNames(settings);
        foreach (var name in IdentitySettings.Concat(["AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId"]))
        {
            Assert.True(settings.ContainsKey(name), $"Function App setting {name} is missing");
        }

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.DoesNotContain(settings.Keys, k => k.Equals("AzureWebJobsStorage", StringComparison.OrdinalIgnoreCase));
        // Flex Consumption takes the runtime from functionAppConfig and rejects these settings.
        Assert.DoesNotContain(settings.Keys, k => k is "FUNCTIONS_WORKER_RUNTIME" or "FUNCTIONS_EXTENSION_VERSION");
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void ConsumerSettingsNameTheEntitiesAndTablesOfTheApplication(string environment)
    {
        var settings = ConsumerSettings(infra, environment);
        AssertCarriesApplicationNames(settings);
        foreach (var name in IdentitySettings)
        {
            Assert.True(settings.ContainsKey(name), $"consumer setting {name} is missing");
        }
    }

    [Fact]
    public void SmsCredentialsAreKeyVaultReferences()
    {
        var settings = FunctionAppSettings(infra, "dev");
        foreach (var name in new[] { "Sms__AccessKeyId", "Sms__AccessKeySecret" })
        {
            var value = Assert.IsType<string>(settings[name]);
            Assert.StartsWith("@Microsoft.KeyVault(SecretUri=", value, StringComparison.Ordinal);
        }

        var site = Assert.Single(infra.Resources("dev"), r => r.Is("Microsoft.Web/sites"));
        Assert.NotNull(site.RawValue("properties", "keyVaultReferenceIdentity"));
    }

    private static void AssertCarriesApplicationNames(Dictionary<string, object?> settings)
    {
        foreach (var section in new[] { "Messaging", "Storage" })
        {
            foreach (var (key, expected) in RepositoryFiles.HostSettingsSection(section))
            {
                var name = $"{section}__{key}";
                Assert.True(settings.TryGetValue(name, out var actual), $"setting {name} is missing");
                Assert.Equal(expected, actual);
            }
        }

        Assert.Equal("managedidentity", settings["ServiceBus__credential"]);
        Assert.Equal("managedidentity", settings["Tables__credential"]);
        Assert.Equal("AzureMonitor", settings["Telemetry__Exporter"]);
        Assert.StartsWith("Authorization=AAD;ClientId=", Assert.IsType<string>(settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]), StringComparison.Ordinal);
    }
}
