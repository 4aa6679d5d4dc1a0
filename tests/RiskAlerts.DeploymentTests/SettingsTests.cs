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
        foreach (var name in IdentitySettings.Concat(["AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]))
        {
            Assert.True(settings.ContainsKey(name), $"Function App setting {name} is missing");
        }

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        // The Functions host's own telemetry signs in with the identity (local auth is off).
        Assert.StartsWith("Authorization=AAD;ClientId=", Assert.IsType<string>(settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]), StringComparison.Ordinal);
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
    public void SecretsComeFromKeyVault()
    {
        var resources = infra.Resources("dev", Contract.TemplateSettings.OperatorParameters);
        var functionApp = ArmValue.AsObject(Assert.Single(resources, r => r.Is("Microsoft.Web/sites/config") && r.LeafName == "appsettings").Value("properties"));
        foreach (var (setting, secret) in new[] { ("Receipts__Providers__aliyun__Secret", "sms-receipt-secret"), ("Links__SigningKey", "link-signing-key"), ("Privacy__PseudonymKey", "privacy-pseudonym-key") })
        {
            var reference = Assert.IsType<string>(functionApp[setting]);
            Assert.StartsWith("@Microsoft.KeyVault(SecretUri=", reference, StringComparison.Ordinal);
            Assert.Contains($"secrets/{secret})", reference, StringComparison.Ordinal);
        }

        var site = Assert.Single(resources, r => r.Is("Microsoft.Web/sites"));
        Assert.NotNull(site.RawValue("properties", "keyVaultReferenceIdentity"));

        // Container Apps resolve no @Microsoft.KeyVault settings: the variables name secrets that reference the vault.
        var module = Assert.Single(resources, r => r.Is("Microsoft.Resources/deployments") && r.NameText == "consumers");
        var parameter = (string name) => ArmValue.Get(module.Value("properties", "parameters", name), "value");
        var vaultSecrets = ArmValue.AsArray(parameter("keyVaultSecrets")).Select(ArmValue.AsObject).ToDictionary(s => (string)s["name"]!, s => s, StringComparer.Ordinal);
        var vaultBacked = ArmValue.AsObject(parameter("vaultBackedSettings"));
        Assert.Equal(["Email__Password", "Links__SigningKey", "Sms__Providers__0__KeyId", "Sms__Providers__0__KeySecret"], vaultBacked.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("link-signing-key", vaultBacked["Links__SigningKey"]);
        foreach (var secret in vaultBacked.Values.Cast<string>())
        {
            Assert.Contains($"secrets/{secret}", Assert.IsType<string>(vaultSecrets[secret]["keyVaultUrl"]), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheProvidersCallbackSourcesBecomeTheAllowListOfItsCallbacks()
    {
        var parameters = new Dictionary<string, object?>(Contract.TemplateSettings.OperatorParameters, StringComparer.OrdinalIgnoreCase)
        {
            ["smsCallbackSources"] = new List<object?> { "47.100.0.0/16", "203.0.113.7" },
        };
        var settings = ArmValue.AsObject(Assert.Single(infra.Resources("dev", parameters), r => r.Is("Microsoft.Web/sites/config") && r.LeafName == "appsettings").Value("properties"));

        Assert.Equal("47.100.0.0/16,203.0.113.7", settings["Receipts__Providers__aliyun__AllowedSources"]);
        Assert.DoesNotContain(FunctionAppSettings(infra, "dev").Keys, k => k.Contains("AllowedSources", StringComparison.Ordinal));
    }

    [Fact]
    public void TheVerificationTemplateMapsTheConsumersVerificationCodesOnlyWhenGiven()
    {
        var parameters = new Dictionary<string, object?>(Contract.TemplateSettings.OperatorParameters, StringComparer.OrdinalIgnoreCase)
        {
            ["smsVerificationTemplateCode"] = "SMS_900000001",
        };
        var module = Assert.Single(infra.Resources("dev", parameters), r => r.Is("Microsoft.Resources/deployments") && r.NameText == "consumers");
        var settings = ArmValue.AsObject(ArmValue.Get(module.Value("properties", "parameters", "settings"), "value"));

        Assert.Equal("SMS_900000001", settings["Sms__Providers__0__Templates__contact-verification__ProviderTemplateId"]);
        Assert.DoesNotContain(ConsumerSettings(infra, "dev").Keys, k => k.Contains("contact-verification", StringComparison.Ordinal));
    }

    [Fact]
    public void EmailsCarryLinksToTheFunctionAppOnceTheSigningKeyIsInTheVault()
    {
        var ready = infra.Resources("dev", Contract.TemplateSettings.OperatorParameters);
        var module = Assert.Single(ready, r => r.Is("Microsoft.Resources/deployments") && r.NameText == "consumers");
        var settings = ArmValue.AsObject(ArmValue.Get(module.Value("properties", "parameters", "settings"), "value"));
        Assert.EndsWith("/api/acknowledge", Assert.IsType<string>(settings["Email__AcknowledgeBaseUrl"]), StringComparison.Ordinal);
        Assert.EndsWith("/api/unsubscribe", Assert.IsType<string>(settings["Email__UnsubscribeBaseUrl"]), StringComparison.Ordinal);
        Assert.EndsWith("/api/verify-contact", Assert.IsType<string>(settings["Email__VerifyBaseUrl"]), StringComparison.Ordinal);

        // Before the secrets exist, no link is promised that no key could sign.
        Assert.DoesNotContain("Email__AcknowledgeBaseUrl", ConsumerSettings(infra, "dev").Keys);
        Assert.DoesNotContain("Links__SigningKey", FunctionAppSettings(infra, "dev").Keys);
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
    }
}
