using RiskAlerts.Core.Alerts;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Delivery;

/// <summary>What the recipient reads as the warning's sender is the issuing organisation's name.</summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class IssuerWordingTests(DeliveryStackFixture stack)
{
    [Fact]
    public async Task SmsAndEmailSayWhichOrganisationTheWarningIsFrom()
    {
        // Hohhot's Xincheng district: no other delivery test sends there.
        var scenario = new DeliveryScenario(stack);
        var subscriber = DeliveryScenario.NewSubscriber("150102", [DeliveryScenario.NewContact("c0", Channel.Sms, Channel.Email)]);
        await scenario.SeedAsync([subscriber]);

        var warningId = await scenario.SubmitAsync("150102");
        await scenario.WaitForRowsAsync(warningId, 2, DeliveryScenario.IsFinished);

        var sms = Assert.Single(scenario.SmsTo(DeliveryScenario.SmsAddresses([subscriber])));
        Assert.StartsWith($"【风险预警】{TestOrganisations.NationwideName}：冒充公检法诈骗预警", sms.Text, StringComparison.Ordinal);
        var email = Assert.Single(scenario.EmailsTo(DeliveryScenario.EmailAddresses([subscriber])));
        Assert.Contains($"发布单位：{TestOrganisations.NationwideName}", email.TextBody, StringComparison.Ordinal);
        Assert.Contains(TestOrganisations.NationwideName, email.HtmlBody, StringComparison.Ordinal);
    }
}
