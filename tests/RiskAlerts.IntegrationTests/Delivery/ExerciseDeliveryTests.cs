using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Enterprises;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Delivery;

/// <summary>
/// Exercises and tests (CAP status) reach only the contacts an enterprise registered as exercise
/// participants, and say so in every text; a real warning still reaches everyone.
/// </summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class ExerciseDeliveryTests(DeliveryStackFixture stack)
{
    private const string Prefix = "【演练】";

    [Theory]
    [InlineData("Exercise", "150104")]
    [InlineData("Test", "150105")]
    public async Task RehearsalReachesOnlyFlaggedContactsAndEveryTextCarriesThePrefix(string capStatus, string county)
    {
        // Two enterprises of Hohhot registered through the API: one with a participant beside a
        // contact who is not, one with no participant at all.
        using var admin = stack.ClientFor(Role.Admin, name: "admin-exercise");
        var participant = NewContact("drill", exerciseParticipant: true);
        var bystander = NewContact("legal", exerciseParticipant: false);
        var unflagged = NewContact("finance", exerciseParticipant: null);
        await RegisterAsync(admin, county, participant, bystander);
        await RegisterAsync(admin, county, unflagged);
        var scenario = new DeliveryScenario(stack);

        var exerciseId = await scenario.SubmitAsync(county, capStatus: capStatus);
        var rows = await scenario.WaitForRowsAsync(exerciseId, 2, DeliveryScenario.IsFinished);

        Assert.All(rows, row => Assert.Equal("drill", row.GetString("ContactId")));
        var sms = Assert.Single(scenario.SmsTo([Mobile(participant)]));
        Assert.StartsWith($"【风险预警】{Prefix}{TestOrganisations.NationwideName}：", sms.Text, StringComparison.Ordinal);
        var email = Assert.Single(scenario.EmailsTo([Email(participant)]));
        Assert.Contains(Prefix, email.Subject, StringComparison.Ordinal);
        Assert.Contains(Prefix, email.TextBody, StringComparison.Ordinal);
        Assert.Contains(Prefix, email.HtmlBody, StringComparison.Ordinal);
        Assert.Empty(scenario.SmsTo([Mobile(bystander), Mobile(unflagged)]));
        Assert.Empty(scenario.EmailsTo([Email(bystander), Email(unflagged)]));

        using var analyst = stack.ClientFor(Role.Analyst, name: "analyst-delivery");
        using var read = await analyst.GetAsync($"/api/warnings/{exerciseId}", TestContext.Current.CancellationToken);
        Assert.Equal(capStatus, JsonDocument.Parse(await read.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("capStatus").GetString());

        // The same addresses are reachable: a real warning goes to all three contacts, without the prefix.
        var actualId = await scenario.SubmitAsync(county);
        await scenario.WaitForRowsAsync(actualId, 6, DeliveryScenario.IsFinished);
        var unprefixed = scenario.SmsTo([Mobile(bystander), Mobile(unflagged)]);
        Assert.Equal(2, unprefixed.Count);
        Assert.All(unprefixed, m => Assert.DoesNotContain(Prefix, m.Text, StringComparison.Ordinal));
        Assert.Equal(2, scenario.EmailsTo([Email(bystander), Email(unflagged)]).Count);
    }

    [Fact]
    public async Task ExerciseIsListedInTheOverviewButLeftOutOfTheRealSuccessRates()
    {
        using var admin = stack.ClientFor(Role.Admin, name: "admin-exercise");
        await RegisterAsync(admin, "150121", NewContact("drill", exerciseParticipant: true));
        var scenario = new DeliveryScenario(stack);
        var exerciseId = await scenario.SubmitAsync("150121", capStatus: "Exercise");
        await scenario.WaitForRowsAsync(exerciseId, 2, DeliveryScenario.IsFinished);

        using var operatorClient = stack.ClientFor(Role.Operator, name: "operator-exercise");
        using var response = await operatorClient.GetAsync("/api/operations/overview", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var overview = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

        var listed = overview.GetProperty("warnings").EnumerateArray().ToList();
        var exercise = Assert.Single(listed, w => w.GetProperty("id").GetString() == exerciseId);
        Assert.Equal("Exercise", exercise.GetProperty("capStatus").GetString());
        Assert.Equal(2, exercise.GetProperty("progress").GetProperty("total").GetInt32());

        // The totals by channel are those of the listed real warnings, to the row.
        var realTotal = listed.Where(w => w.GetProperty("capStatus").GetString() == "Actual").Sum(w => w.GetProperty("progress").GetProperty("total").GetInt32());
        var byChannelTotal = overview.GetProperty("byChannel").EnumerateObject().Sum(c => c.Value.GetProperty("total").GetInt32());
        Assert.Equal(realTotal, byChannelTotal);
    }

    private static JsonObject NewContact(string id, bool? exerciseParticipant)
    {
        var contact = EnterpriseTestData.Contact(id, DeliveryScenario.NewPhone(), DeliveryScenario.NewEmail());
        if (exerciseParticipant is { } flag)
        {
            contact["exerciseParticipant"] = flag;
        }

        return contact;
    }

    private static string Mobile(JsonObject contact) => contact["mobile"]!.GetValue<string>();

    private static string Email(JsonObject contact) => contact["email"]!.GetValue<string>();

    private static async Task RegisterAsync(HttpClient admin, string county, params JsonObject[] contacts)
    {
        var body = EnterpriseTestData.Registration(county);
        body["contacts"] = new JsonArray([.. contacts]);
        // No quiet hours: the test must not depend on the time of day.
        body["preferences"]!.AsObject().Remove("quietHours");
        var uscc = EnterpriseTestData.NewUscc(county);
        using var response = await EnterpriseTestData.PutAsync(admin, $"/api/enterprises/{uscc}", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"registration failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }
}
