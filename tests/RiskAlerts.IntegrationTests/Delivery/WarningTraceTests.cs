using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Enterprises;

namespace RiskAlerts.IntegrationTests.Delivery;

/// <summary>
/// One warning is one connected trace: the HTTP request, the <c>warnings</c> queue and the planner,
/// the <c>deliveries</c> topic and the senders, down to each SMS provider call and each SMTP send.
/// </summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class WarningTraceTests(DeliveryStackFixture stack)
{
    [Fact]
    public async Task WarningIsOneTraceFromTheHttpRequestToEveryProviderCall()
    {
        var scenario = new DeliveryScenario(stack);
        using var admin = stack.ClientFor(Role.Admin);
        var targets = new List<string>();
        var phones = new List<string>();
        var emails = new List<string>();

        // A county no other delivery test sends to, so no other warning reaches these contacts.
        for (var i = 0; i < 2; i++)
        {
            var uscc = DeliveryScenario.NewUscc("420102").Value;
            var (phone, email) = (DeliveryScenario.NewPhone(), DeliveryScenario.NewEmail());
            var registration = EnterpriseTestData.Registration("420102");
            registration["preferences"]!["quietHours"] = null;
            registration["contacts"] = new JsonArray(EnterpriseTestData.Contact("legal", phone, email, "sms", "email"));
            using var put = await EnterpriseTestData.PutAsync(admin, $"/api/enterprises/{uscc}", registration);
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            (targets, phones, emails) = ([.. targets, uscc], [.. phones, phone], [.. emails, email]);
        }

        // The test plays the upstream caller: its context goes out with the request, and its trace id
        // picks this warning's spans out of everything else the process is doing.
        using var analyst = stack.ClientFor(Role.Analyst);
        ActivitySpanId callerSpanId;
        ActivityTraceId traceId;
        string warningId;
        using (var caller = new Activity("warning trace test"))
        {
            caller.SetIdFormat(ActivityIdFormat.W3C);
            caller.ActivityTraceFlags = ActivityTraceFlags.Recorded;
            caller.Start();
            (traceId, callerSpanId) = (caller.TraceId, caller.SpanId);
            stack.Traces.Watch(traceId);
            using var response = await analyst.PostAsJsonAsync(
                "/api/warnings",
                new { category = "investment-risk", headline = "链路预警", description = "一条预警一条链路。", severity = "Severe", targets },
                TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            warningId = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;
        }

        await scenario.WaitForRowsAsync(warningId, 4, DeliveryScenario.IsFinished);
        Assert.Equal(phones.Order(StringComparer.Ordinal), scenario.SmsTo(phones).Select(m => m.Phone).Order(StringComparer.Ordinal));
        Assert.Equal(emails.Order(StringComparer.Ordinal), scenario.EmailsTo(emails).SelectMany(m => m.To).Order(StringComparer.OrdinalIgnoreCase));

        // Spans are kept when they end, and a parent ends after its children: wait for the tree to close.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        WarningTrace trace;
        while (!(trace = new WarningTrace(stack, stack.Traces.Spans(traceId), callerSpanId)).IsComplete(emails.Count) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.True(trace.IsComplete(emails.Count), trace.Describe());
        var root = Assert.Single(trace.Roots);
        Assert.Equal(callerSpanId, root.ParentSpanId);
        var request = Assert.Single(trace.Spans, s => s.Kind == ActivityKind.Server && Equals(s.GetTagItem("url.path"), "/api/warnings"));
        Assert.All(trace.Spans, s => Assert.Equal(traceId, s.TraceId));
        Assert.All(
            [.. trace.SmsProviderCalls, .. trace.SmtpSends],
            call =>
            {
                var path = trace.PathToRoot(call);
                Assert.Contains(request, path);
                Assert.Contains(path, s => s.OperationName == "planner process" && Equals(s.GetTagItem("messaging.destination.name"), "warnings"));
                Assert.Contains(path, s => s.OperationName is "sms-sender process" or "email-sender process" && (s.GetTagItem("messaging.destination.name") as string)?.StartsWith("deliveries", StringComparison.Ordinal) == true);
                Assert.Equal(2, path.Count(s => s.OperationName == "ServiceBusProcessor.ProcessMessage"));
            });
        Assert.Equal(emails.Count, trace.SmtpSends.Count);
        Assert.All(trace.Spans.Where(s => s.OperationName == "planner process"), s => Assert.Equal(warningId, s.GetTagItem("riskalerts.warning.id")));
    }

    /// <summary>The collected spans of one trace, as a tree.</summary>
    private sealed class WarningTrace
    {
        private readonly Dictionary<ActivitySpanId, Activity> _byId;

        public WarningTrace(DeliveryStackFixture stack, IReadOnlyList<Activity> spans, ActivitySpanId callerSpanId)
        {
            Spans = spans;
            _byId = spans.ToDictionary(s => s.SpanId);
            Roots = [.. spans.Where(s => !_byId.ContainsKey(s.ParentSpanId))];
            var gateways = new[] { stack.SmsGateway.BaseAddress.Authority, stack.BackupSmsGateway.BaseAddress.Authority };
            SmsProviderCalls = [.. spans.Where(s => s.Kind == ActivityKind.Client && s.Source.Name == "System.Net.Http"
                && Uri.TryCreate(s.GetTagItem("url.full") as string, UriKind.Absolute, out var url) && gateways.Contains(url.Authority))];
            SmtpSends = [.. spans.Where(s => s.OperationName == "smtp send")];
            CallerSpanId = callerSpanId;
        }

        public IReadOnlyList<Activity> Spans { get; }

        public IReadOnlyList<Activity> Roots { get; }

        public IReadOnlyList<Activity> SmsProviderCalls { get; }

        public IReadOnlyList<Activity> SmtpSends { get; }

        private ActivitySpanId CallerSpanId { get; }

        public bool IsComplete(int emails) =>
            Roots.Count == 1 && Roots[0].ParentSpanId == CallerSpanId && SmsProviderCalls.Count > 0 && SmtpSends.Count == emails
            && Spans.Any(s => s.OperationName == "sms-sender process") && Spans.Any(s => s.OperationName == "email-sender process");

        public List<Activity> PathToRoot(Activity span)
        {
            var path = new List<Activity>();
            for (Activity? at = span; at is not null; at = _byId.GetValueOrDefault(at.ParentSpanId))
            {
                path.Add(at);
            }

            return path;
        }

        public string Describe() =>
            $"{Spans.Count} spans, {Roots.Count} roots, {SmsProviderCalls.Count} SMS provider calls, {SmtpSends.Count} SMTP sends:{Environment.NewLine}"
            + string.Join(Environment.NewLine, Spans.Select(s => $"  {s.Source.Name} {s.OperationName} '{s.DisplayName}' {s.Kind} {s.SpanId} <- {s.ParentSpanId}"));
    }
}
