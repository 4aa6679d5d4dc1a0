using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using RiskAlerts.Core.Security;
using RiskAlerts.Functions;
using RiskAlerts.Functions.Security;

namespace RiskAlerts.DeploymentTests.Contract;

/// <summary>
/// One settings contract from the code to the templates: each deployable host, booted with exactly
/// the app settings the compiled template gives it, validates every option, builds what it runs,
/// reads every setting it is given and is given every setting it requires.
/// </summary>
public sealed class SettingsContractTests(CompiledInfrastructure infra)
{
    /// <summary>Function App settings read by the platform or from the environment, not through the application's configuration.</summary>
    private static readonly Dictionary<string, string> FunctionAppPlatformSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AzureWebJobsStorage__accountName"] = "the Functions host's own state",
        ["AzureWebJobsStorage__credential"] = "the Functions host's own state",
        ["AzureWebJobsStorage__clientId"] = "the Functions host's own state",
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "the Functions host, and the Azure Monitor exporter from the environment",
        ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "the Functions host signs its own telemetry in with the identity",
        ["AZURE_CLIENT_ID"] = "DefaultAzureCredential, from the environment: which user-assigned identity",
    };

    /// <summary>Consumer host settings read from the environment rather than the application's configuration.</summary>
    private static readonly Dictionary<string, string> ConsumerPlatformSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "the Azure Monitor exporter, from the environment",
        ["AZURE_CLIENT_ID"] = "DefaultAzureCredential, from the environment: which user-assigned identity",
    };

    public static TheoryData<string> Environments => new(CompiledInfrastructure.Environments);

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task FunctionAppStartsWithExactlyTheSettingsItsTemplateGivesIt(string environment)
    {
        var settings = TemplateSettings.FunctionApp(infra, environment);
        await using var host = await BootedHost.FunctionAppAsync(settings);

        var problems = Problems(settings, host, FunctionAppPlatformSettings.Keys.Concat(TimerScheduleSettings()));
        // The Functions host resolves %Name% in a timer's schedule from the app settings; without it the function does not load.
        problems.AddRange(TimerScheduleSettings().Where(name => !settings.ContainsKey(name)).Select(name => $"required but absent: {name} (a timer's schedule)"));
        Assert.True(problems.Count == 0, $"The Function App ({environment}) does not start as the template deploys it:\n  {string.Join("\n  ", problems)}");
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task ConsumerHostStartsWithExactlyTheSettingsItsTemplateGivesIt(string environment)
    {
        var settings = TemplateSettings.ConsumerHost(infra, environment);
        await using var host = await BootedHost.ConsumerHostAsync(settings);

        var problems = Problems(settings, host, ConsumerPlatformSettings.Keys);
        Assert.True(problems.Count == 0, $"The consumer host ({environment}) does not start as the template deploys it:\n  {string.Join("\n  ", problems)}");
    }

    [Fact]
    public async Task AppServicePrincipalIsAuthorisedOnTheFunctionAppAndRefusedOnTheConsumerHost()
    {
        await using var functionApp = await BootedHost.FunctionAppAsync(TemplateSettings.FunctionApp(infra, "prod"));
        await using var consumers = await BootedHost.ConsumerHostAsync(TemplateSettings.ConsumerHost(infra, "prod"));

        var principal = await functionApp.Services.GetRequiredService<RequestAuthenticator>().RequireAsync(RequestWithAppServicePrincipal("ops@contoso.example", Role.Operator, "/api/operations/overview"), Role.Operator);
        var answered = await consumers.AnswerAsync(RequestWithAppServicePrincipal("ops@contoso.example", Role.Operator, "/api/operations/overview").HttpContext);
        var probed = await consumers.AnswerAsync(new DefaultHttpContext { Request = { Method = HttpMethods.Get, Path = "/healthz" } });

        Assert.Equal("ops@contoso.example", principal.Name);
        Assert.Contains(Role.Operator, principal.Roles);
        // The consumer host serves its health probe and nothing a principal could reach, and holds no authenticator that would trust the header.
        Assert.Equal(StatusCodes.Status404NotFound, answered);
        Assert.Equal(StatusCodes.Status200OK, probed);
        Assert.Equal(["/healthz"], consumers.Routes);
        Assert.Null(consumers.Services.GetService<RequestAuthenticator>());
        Assert.False(consumers.Read("Auth__TrustAppServicePrincipal"));
    }

    private static List<string> Problems(IReadOnlyDictionary<string, string> settings, BootedHost host, IEnumerable<string> readElsewhere)
    {
        var elsewhere = readElsewhere.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var problems = host.Failures.Select(f => $"refused at start: {f}").ToList();
        problems.AddRange(settings.Keys.Where(name => !TemplateSettings.IsValidName(name)).Order(StringComparer.Ordinal)
            .Select(name => $"not a valid app setting name: {name} (letters, digits and underscores)"));
        problems.AddRange(settings.Keys.Where(name => !elsewhere.Contains(name) && !host.Read(name)).Order(StringComparer.Ordinal)
            .Select(name => $"unknown to the code: {name}"));
        return problems;
    }

    /// <summary>The app settings timer triggers name as <c>%Name%</c>.</summary>
    private static IEnumerable<string> TimerScheduleSettings() =>
        from type in typeof(FunctionsServiceCollectionExtensions).Assembly.GetExportedTypes()
        from method in type.GetMethods()
        from parameter in method.GetParameters()
        let trigger = parameter.GetCustomAttribute<TimerTriggerAttribute>()
        where trigger is not null && trigger.Schedule.StartsWith('%') && trigger.Schedule.EndsWith('%')
        select trigger.Schedule.Trim('%');

    /// <summary>A request as App Service authentication passes it on: the caller in <c>X-MS-CLIENT-PRINCIPAL</c>.</summary>
    private static HttpRequest RequestWithAppServicePrincipal(string name, string role, string path)
    {
        var principal = $$"""
            {"auth_typ":"aad","name_typ":"preferred_username","role_typ":"roles","claims":[{"typ":"preferred_username","val":"{{name}}"},{"typ":"roles","val":"{{role}}"}]}
            """;
        var context = new DefaultHttpContext { Request = { Method = HttpMethods.Get, Path = path } };
        context.Request.Headers[RequestAuthenticator.AppServicePrincipalHeader] = Convert.ToBase64String(Encoding.UTF8.GetBytes(principal));
        return context.Request;
    }
}
