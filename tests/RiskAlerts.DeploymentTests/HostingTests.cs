using RiskAlerts.DeploymentTests.Arm;

namespace RiskAlerts.DeploymentTests;

public sealed class HostingTests(CompiledInfrastructure infra)
{
    [Fact]
    public void FunctionAppRunsDotnetIsolatedTenOnFlexConsumption()
    {
        var resources = infra.Resources("dev");
        var plan = Assert.Single(resources, r => r.Is("Microsoft.Web/serverfarms"));
        Assert.Equal("FC1", plan.Value("sku", "name"));
        Assert.Equal("FlexConsumption", plan.Value("sku", "tier"));

        var site = Assert.Single(resources, r => r.Is("Microsoft.Web/sites"));
        Assert.Equal("functionapp,linux", site.Value("kind"));
        Assert.Equal("dotnet-isolated", site.Value("properties", "functionAppConfig", "runtime", "name"));
        Assert.Equal("10.0", site.Value("properties", "functionAppConfig", "runtime", "version"));
        Assert.Equal("UserAssignedIdentity", site.Value("properties", "functionAppConfig", "deployment", "storage", "authentication", "type"));
        Assert.Equal(true, site.Value("properties", "httpsOnly"));
        Assert.Equal("UserAssigned", site.Value("identity", "type"));
    }

    [Fact]
    public void ApiRequiresEntraIdExceptForTheHealthProbeTheProvidersCallbacksAndTheEmailsSignedLinks()
    {
        var auth = Assert.Single(infra.Resources("dev"), r => r.Is("Microsoft.Web/sites/config") && r.LeafName == "authsettingsV2");
        Assert.Equal(true, auth.Value("properties", "platform", "enabled"));
        Assert.Equal(true, auth.Value("properties", "globalValidation", "requireAuthentication"));
        Assert.Equal("Return401", auth.Value("properties", "globalValidation", "unauthenticatedClientAction"));
        // The SMS provider posts receipts and replies with its shared secret, not an Entra ID token; an
        // email's acknowledge and unsubscribe links carry their own signed token.
        Assert.Equal(["/api/health", "/api/receipts/sms/aliyun", "/api/replies/sms/aliyun", "/api/acknowledge", "/api/unsubscribe", "/api/verify-contact"], ArmValue.AsArray(auth.Value("properties", "globalValidation", "excludedPaths")));
        Assert.Equal(true, auth.Value("properties", "identityProviders", "azureActiveDirectory", "enabled"));
        Assert.Null(auth.Value("properties", "identityProviders", "azureActiveDirectory", "registration", "clientSecretSettingName"));
    }

    [Theory]
    [InlineData("dev", 0L)]
    [InlineData("prod", 1L)]
    public void ConsumersScaleOnTheQueueAndEachSubscriptionWithTheirIdentity(string environment, long minReplicas)
    {
        var app = Assert.Single(infra.Resources(environment), r => r.Is("Microsoft.App/containerApps"));
        var messaging = RepositoryFiles.HostSettingsSection("Messaging");
        Assert.Equal(minReplicas, Convert.ToInt64(app.Value("properties", "template", "scale", "minReplicas"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(app.Value("properties", "configuration", "ingress"));

        var identities = ArmValue.AsObject(app.Value("identity", "userAssignedIdentities"));
        var identity = Assert.Single(identities).Key;

        var rules = ArmValue.AsArray(app.Value("properties", "template", "scale", "rules")).Select(ArmValue.AsObject).ToList();
        Assert.Equal(3, rules.Count);
        foreach (var rule in rules)
        {
            Assert.Equal("azure-servicebus", ArmValue.Path(rule, "custom", "type"));
            Assert.Equal(identity, "{" + ArmValue.Path(rule, "custom", "identity") + "}");
            Assert.Null(ArmValue.Path(rule, "custom", "auth"));
        }

        var targets = rules.Select(r => ArmValue.AsObject(ArmValue.Path(r, "custom", "metadata")))
            .Select(m => (m.GetValueOrDefault("queueName") ?? $"{m["topicName"]}/{m["subscriptionName"]}") as string)
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            new[]
            {
                messaging["WarningsQueue"],
                $"{messaging["DeliveriesTopic"]}/{messaging["SmsSubscription"]}",
                $"{messaging["DeliveriesTopic"]}/{messaging["EmailSubscription"]}",
            }.Order(StringComparer.Ordinal),
            targets);
    }
}
