using System.Text.RegularExpressions;

namespace RiskAlerts.DeploymentTests;

public sealed partial class SecurityTests(CompiledInfrastructure infra)
{
    private static readonly Dictionary<string, string> ExpectedRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["69a216fc-b8fb-44d8-bc22-1f3c2cd27a39"] = "Azure Service Bus Data Sender",
        ["4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"] = "Azure Service Bus Data Receiver",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
        ["7f951dda-4ed3-4680-a7ca-43fe172d538d"] = "AcrPull",
    };

    // Resource types a role may be scoped to; anything else (or no scope) is too broad.
    private static readonly string[] ScopableTypes =
    [
        "Microsoft.Storage/storageAccounts",
        "Microsoft.ServiceBus/namespaces",
        "Microsoft.Insights/components",
        "Microsoft.KeyVault/vaults",
        "Microsoft.ContainerRegistry/registries",
    ];

    public static TheoryData<string> Environments => new(CompiledInfrastructure.Environments);

    [Theory]
    [MemberData(nameof(Environments))]
    public void RoleAssignmentsGrantOnlyKnownRolesOnSingleResources(string environment)
    {
        var assignments = infra.Resources(environment).Where(r => r.Is("Microsoft.Authorization/roleAssignments")).ToList();

        Assert.Equal(14, assignments.Count);
        foreach (var assignment in assignments)
        {
            var roleDefinitionId = Assert.IsType<string>(assignment.Value("properties", "roleDefinitionId"));
            Assert.True(ExpectedRoles.ContainsKey(roleDefinitionId.Split('/')[^1]), $"{assignment}: unexpected role {roleDefinitionId}");

            var scope = Assert.IsType<string>(assignment.Value("scope"));
            var provider = scope.Split("/providers/", 2);
            Assert.True(provider.Length == 2, $"{assignment}: scope {scope} is a subscription or resource group");
            Assert.True(ScopableTypes.Any(t => provider[1].StartsWith(t + "/", StringComparison.OrdinalIgnoreCase)), $"{assignment}: scope {scope}");
            Assert.Equal("ServicePrincipal", assignment.Value("properties", "principalType"));
            Assert.StartsWith("[guid(", (string)assignment.RawValue("name")!, StringComparison.Ordinal);
        }

        // No two assignments share a name (guid() of scope, principal and role).
        Assert.Equal(assignments.Count, assignments.Select(a => a.NameText).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void StorageAcceptsOnlyEntraIdOverTls12(string environment)
    {
        var storage = Assert.Single(infra.Resources(environment), r => r.Is("Microsoft.Storage/storageAccounts"));
        Assert.Equal(false, storage.Value("properties", "allowSharedKeyAccess"));
        Assert.Equal(false, storage.Value("properties", "allowBlobPublicAccess"));
        Assert.Equal("TLS1_2", storage.Value("properties", "minimumTlsVersion"));
        Assert.Equal(true, storage.Value("properties", "supportsHttpsTrafficOnly"));
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void ServiceBusAndApplicationInsightsDisableLocalAuthentication(string environment)
    {
        var resources = infra.Resources(environment);
        Assert.Equal(true, Assert.Single(resources, r => r.Is("Microsoft.ServiceBus/namespaces")).Value("properties", "disableLocalAuth"));
        Assert.Equal(true, Assert.Single(resources, r => r.Is("Microsoft.Insights/components")).Value("properties", "DisableLocalAuth"));
        Assert.Equal(true, Assert.Single(resources, r => r.Is("Microsoft.OperationalInsights/workspaces")).Value("properties", "features", "disableLocalAuth"));
    }

    [Fact]
    public void KeyVaultUsesRbacWithPurgeProtection()
    {
        var vault = Assert.Single(infra.Resources("prod"), r => r.Is("Microsoft.KeyVault/vaults"));
        Assert.Equal(true, vault.Value("properties", "enableRbacAuthorization"));
        Assert.Equal(true, vault.Value("properties", "enablePurgeProtection"));
        Assert.Null(vault.Value("properties", "accessPolicies"));
    }

    [Fact]
    public void TemplateNeverReadsKeysOrConnectionStrings()
    {
        var text = File.ReadAllText(infra.MainJsonPath);
        Assert.DoesNotContain("listKeys(", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listConnectionStrings(", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listCredentials(", text, StringComparison.OrdinalIgnoreCase);
        // The Log Analytics destination of Container Apps would need the workspace shared key.
        Assert.DoesNotContain("\"sharedKey\"", text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void NoSettingValueLooksLikeASecret(string environment)
    {
        var settings = SettingsTests.FunctionAppSettings(infra, environment)
            .Concat(SettingsTests.ConsumerSettings(infra, environment));

        foreach (var (name, value) in settings)
        {
            if (value is not string text)
            {
                continue;
            }

            if (KeyVaultReference().IsMatch(text))
            {
                continue;
            }

            Assert.False(SecretLiteral().IsMatch(text), $"{name} looks like a secret: {text}");
            Assert.False(SecretName().IsMatch(name) && text.Length > 0, $"{name} holds a secret as plain text; use a Key Vault reference");
        }
    }

    [Fact]
    public void SecretPatternsCatchWhatTheyShould()
    {
        Assert.Matches(SecretLiteral(), "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc123==");
        Assert.Matches(SecretLiteral(), "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=abc=");
        Assert.Matches(SecretLiteral(), "InstrumentationKey=3f0c6a0e-1111-2222-3333-444455556666");
        Assert.Matches(SecretLiteral(), "Server=x;Password=hunter2");
        Assert.DoesNotMatch(SecretLiteral(), "Authorization=AAD;ClientId=abc");
        Assert.Matches(KeyVaultReference(), "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/sms-access-key-id)");
    }

    [GeneratedRegex(@"(AccountKey|SharedAccessKey|SharedAccessSignature|InstrumentationKey|Password|pwd|ClientSecret)\s*=\s*[^;\s]+", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLiteral();

    [GeneratedRegex(@"(secret|password|apikey|accesskey)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"^@Microsoft\.KeyVault\(SecretUri=\S*/?secrets/[A-Za-z0-9-]+/?\)$")]
    private static partial Regex KeyVaultReference();
}
