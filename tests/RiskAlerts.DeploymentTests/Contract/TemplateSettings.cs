using System.Globalization;
using System.Text.RegularExpressions;
using RiskAlerts.DeploymentTests.Arm;

namespace RiskAlerts.DeploymentTests.Contract;

/// <summary>
/// The app settings each deployable host gets from the compiled template, as the process sees them:
/// values known only to a running deployment (other modules' outputs: identities, endpoints) and
/// secrets (Key Vault references, Container App secrets) replaced by dummies of the right form.
/// </summary>
internal static partial class TemplateSettings
{
    /// <summary>What an operator supplies at deployment (RISKALERTS_* variables read by the .bicepparam files), the secrets in Key Vault.</summary>
    public static IReadOnlyDictionary<string, object?> OperatorParameters { get; } = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
    {
        ["authClientId"] = "11111111-2222-3333-4444-555555555555",
        ["smsSignName"] = "风险预警",
        ["smsTemplateCode"] = "SMS_000000001",
        ["secretsReady"] = true,
        ["emailHost"] = "smtp.example.com",
        ["emailFromAddress"] = "alerts@example.com",
        ["emailUserName"] = "alerts@example.com",
    };

    /// <summary>Setting names Azure accepts for both App Service (Linux) and Container Apps.</summary>
    public static bool IsValidName(string name) => SettingName().IsMatch(name);

    public static IReadOnlyDictionary<string, string> FunctionApp(CompiledInfrastructure infra, string environment)
    {
        var resources = infra.Resources(environment, OperatorParameters);
        var settings = Assert.Single(resources, r => r.Is("Microsoft.Web/sites/config") && r.LeafName == "appsettings");
        return ArmValue.AsObject(settings.Value("properties")).ToDictionary(p => p.Key, p => Resolve(p.Key, p.Value), StringComparer.OrdinalIgnoreCase);
    }

    public static IReadOnlyDictionary<string, string> ConsumerHost(CompiledInfrastructure infra, string environment)
    {
        var resources = infra.Resources(environment, OperatorParameters);
        var module = Assert.Single(resources, r => r.Is("Microsoft.Resources/deployments") && r.NameText == "consumers");
        var parameter = (string name) => ArmValue.Get(module.Value("properties", "parameters", name), "value");
        var settings = ArmValue.AsObject(parameter("settings")).ToDictionary(p => p.Key, p => Resolve(p.Key, p.Value), StringComparer.OrdinalIgnoreCase);

        // Variables from Container App secrets, each of which references a Key Vault secret.
        var secrets = (parameter("keyVaultSecrets") as List<object?> ?? []).Select(ArmValue.AsObject).ToDictionary(s => (string)s["name"]!, StringComparer.Ordinal);
        foreach (var (name, secretRef) in parameter("vaultBackedSettings") as Dictionary<string, object?> ?? [])
        {
            var secret = (string)secretRef!;
            Assert.True(secrets.ContainsKey(secret), $"consumer setting {name} refers to secret '{secret}', which the Container App does not have");
            settings[name] = DummySecret(secret);
        }

        return settings;
    }

    private static string Resolve(string name, object? value) => value switch
    {
        string text when text.StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal) => DummySecret(KeyVaultSecretName().Match(text) is { Success: true } m ? m.Groups[1].Value : name),
        string text => Output().Replace(text, m => DummyOutput(name, m.Groups[1].Value)),
        DeploymentReference reference when Output().Match("{" + reference.Path + "}") is { Success: true } m => DummyOutput(name, m.Groups[1].Value),
        bool flag => flag ? "true" : "false",
        long number => number.ToString(CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"Setting {name} has a value the test cannot stand in for: {ArmValue.Describe(value)}."),
    };

    /// <summary>A secret's value as the host would read it once Key Vault resolved it.</summary>
    private static string DummySecret(string secretName) => $"dummy-secret-{secretName}-0123456789abcdef";

    private static string DummyOutput(string setting, string output) => output switch
    {
        "functionIdentityClientId" => "f0000000-0000-0000-0000-00000000f001",
        "consumerIdentityClientId" => "c0000000-0000-0000-0000-00000000c001",
        "fullyQualifiedNamespace" => "sb-contract.servicebus.windows.net",
        "tableEndpoint" => "https://stcontract.table.core.windows.net/",
        "name" => "stcontract",
        "uri" => "https://kv-contract.vault.azure.net/",
        "defaultHostName" => "func-contract.azurewebsites.net",
        "applicationInsightsConnectionString" => "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
        _ => throw new InvalidOperationException($"Setting {setting} uses the deployment output '{output}': give it a dummy value in {nameof(TemplateSettings)}."),
    };

    [GeneratedRegex(@"\{reference\(.*?\)\.outputs\.(\w+)\.value\}")]
    private static partial Regex Output();

    [GeneratedRegex(@"secrets/([A-Za-z0-9-]+)")]
    private static partial Regex KeyVaultSecretName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex SettingName();
}
