using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries.Received;
using RiskAlerts.Core.Privacy;
using RiskAlerts.Core.Registrations;
using RiskAlerts.Core.Registrations.Consent;
using RiskAlerts.Core.Registrations.Contacts;
using RiskAlerts.Core.Registrations.Get;
using RiskAlerts.Core.Registrations.List;
using RiskAlerts.Core.Registrations.Preferences;
using RiskAlerts.Core.Registrations.Register;
using RiskAlerts.Core.Registrations.Resubscribe;
using RiskAlerts.Core.Registrations.Unsubscribe;
using RiskAlerts.Core.Registrations.Verification;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;
using RiskAlerts.Functions.Http;
using RiskAlerts.Functions.Security;

namespace RiskAlerts.Functions.Enterprises;

/// <summary>
/// The enterprise registry: register, read, list, replace contacts or preferences, unsubscribe and
/// subscribe again; and the warnings that reached an enterprise.
/// Enterprises act on their own record only, admins on any; operators may search and read (contacts masked).
/// Reads and writes answer with <c>ETag: "version"</c>; writes honour <c>If-Match</c> (412 when stale).
/// </summary>
public sealed class EnterpriseFunctions(
    RequestAuthenticator auth,
    RegisterEnterpriseHandler registerEnterprise,
    GetEnterpriseHandler getEnterprise,
    ListEnterprisesHandler listEnterprises,
    ReplaceContactsHandler replaceContacts,
    ReplacePreferencesHandler replacePreferences,
    UnsubscribeHandler unsubscribe,
    ResubscribeHandler resubscribe,
    ListReceivedWarningsHandler listReceived,
    ListConsentsHandler listConsents,
    EraseEnterpriseHandler eraseEnterprise,
    EraseContactHandler eraseContact,
    ExportEnterpriseHandler exportEnterprise,
    RequestVerificationHandler requestVerification,
    VerifyContactHandler verifyContact,
    IOptions<ConsentOptions> consentOptions,
    TimeProvider timeProvider)
{
    private const string NameParameter = "name: any part of the enterprise's name (Chinese as written; full-width and half-width forms and Latin case alike)";
    private const string UsccParameter = "uscc: the start of the unified social credit code, 1 to 18 characters";
    private const string RegionParameter = "region: registered region, a code (220000 province, 220100 prefecture, 220102 county) covering its sub-regions, or a code prefix of 2, 4 or 6 digits";

    [ApiOperation("An enterprise's consent events, newest first: registration, changes of preferences or contacts, unsubscribe by the API, an email link or an SMS reply; who, what, when, how, under which notice version", Tag = "Enterprises", Roles = [Role.Enterprise, Role.Admin], Response = typeof(ConsentListResponse))]
    [Function(nameof(GetEnterpriseConsents))]
    public Task<IActionResult> GetEnterpriseConsents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enterprises/{uscc}/consents")] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<EnterpriseFunctions>(request);
            var events = await listConsents.HandleAsync(principal, uscc, cancellationToken);
            return ApiResults.Ok(
                new ConsentListResponse(uscc, consentOptions.Value.RetentionMonthsAfterWithdrawal, [.. events.Select(ConsentEventResponse.From)]),
                EnterpriseJsonContext.Default.ConsentListResponse);
        });

    [ApiOperation("Register or update an enterprise with its contacts and preferences (If-Match supported)", Tag = "Enterprises", Roles = [Role.Enterprise, Role.Admin], Request = typeof(RegisterEnterpriseRequest), Response = typeof(EnterpriseResponse))]
    [Function(nameof(RegisterEnterprise))]
    public Task<IActionResult> RegisterEnterprise(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "enterprises/{uscc}")] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<EnterpriseFunctions>(request);
            RegistrationAccess.AuthorizeChange(principal, uscc);
            var body = await JsonRequestReader.ReadAsync(request, EnterpriseJsonContext.Default.RegisterEnterpriseRequest, cancellationToken: cancellationToken);
            var result = await registerEnterprise.HandleAsync(
                principal,
                new RegisterEnterpriseCommand
                {
                    Uscc = uscc,
                    Enterprise = body.Enterprise,
                    Contacts = body.Contacts,
                    Preferences = body.Preferences,
                    IfMatch = IfMatch(request),
                },
                cancellationToken);
            var response = Registration(result.Registration, principal, result.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
            if (result.Created)
            {
                response.Headers["Location"] = $"/api/enterprises/{result.Registration.Subscriber.Uscc}";
            }

            return response;
        });

    [ApiOperation("Read an enterprise (operators see contacts masked)", Tag = "Enterprises", Roles = [Role.Enterprise, Role.Admin, Role.Operator], Response = typeof(EnterpriseResponse))]
    [Function(nameof(GetEnterprise))]
    public Task<IActionResult> GetEnterprise(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enterprises/{uscc}")] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<EnterpriseFunctions>(request);
            var registration = await getEnterprise.HandleAsync(principal, uscc, cancellationToken);
            return registration is null
                ? ApiResults.NotFound($"No enterprise {uscc} is registered.")
                : Registration(registration, principal, StatusCodes.Status200OK);
        });

    [ApiOperation(
        "Find enterprises by name (any part of it: ?name=), credit code (its start: ?uscc=) and registered region (?region=220100 covers its counties), in credit-code order, a page at a time. A page may hold fewer items than asked for, even none, while a continuationToken says the search goes on: each call reads a bounded part of the registry. No contact data",
        Tag = "Enterprises",
        Roles = [Role.Admin, Role.Operator],
        Query = [NameParameter, UsccParameter, RegionParameter, "pageSize: 1 to 200 (50)", "continuationToken: from the previous page"],
        Response = typeof(EnterprisePageResponse))]
    [Function(nameof(ListEnterprises))]
    public Task<IActionResult> ListEnterprises(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enterprises")] HttpRequest request,
        CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<EnterpriseFunctions>(request);
            var parameters = new QueryParameters(request.Query, new FieldErrors());
            parameters.RejectUnknown("name", "uscc", "region", "pageSize", "continuationToken").Errors.ThrowIfAny();
            var page = await listEnterprises.HandleAsync(
                principal,
                new ListEnterprisesQuery
                {
                    Region = parameters.Value("region"),
                    Name = parameters.Value("name"),
                    Uscc = parameters.Value("uscc"),
                    PageSize = parameters.Value("pageSize"),
                    ContinuationToken = parameters.Value("continuationToken"),
                },
                cancellationToken);
            return ApiResults.Ok(
                new EnterprisePageResponse { Items = [.. page.Items.Select(EnterpriseSummary.From)], ContinuationToken = page.ContinuationToken },
                EnterpriseJsonContext.Default.EnterprisePageResponse);
        });

    [ApiOperation("Replace an enterprise's contacts", Tag = "Enterprises", Roles = [Role.Enterprise, Role.Admin], Request = typeof(ReplaceContactsRequest), Response = typeof(EnterpriseResponse))]
    [Function(nameof(ReplaceEnterpriseContacts))]
    public Task<IActionResult> ReplaceEnterpriseContacts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "enterprises/{uscc}/contacts")] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<EnterpriseFunctions>(request);
            RegistrationAccess.AuthorizeChange(principal, uscc);
            var body = await JsonRequestReader.ReadAsync(request, EnterpriseJsonContext.Default.ReplaceContactsRequest, cancellationToken: cancellationToken);
            var registration = await replaceContacts.HandleAsync(
                principal,
                new ReplaceContactsCommand { Uscc = uscc, Contacts = body.Contacts, IfMatch = IfMatch(request) },
                cancellationToken);
            return Registration(registration, principal, StatusCodes.Status200OK);
        });

    [ApiOperation("Replace an enterprise's subscription preferences", Tag = "Enterprises", Roles = [Role.Enterprise, Role.Admin], Request = typeof(ReplacePreferencesRequest), Response = typeof(EnterpriseResponse))]
    [Function(nameof(ReplaceEnterprisePreferences))]
    public Task<IActionResult> ReplaceEnterprisePreferences(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "enterprises/{uscc}/preferences")] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<EnterpriseFunctions>(request);
            RegistrationAccess.AuthorizeChange(principal, uscc);
            var body = await JsonRequestReader.ReadAsync(request, EnterpriseJsonContext.Default.ReplacePreferencesRequest, cancellationToken: cancellationToken);
            var registration = await replacePreferences.HandleAsync(
                principal,
                new ReplacePreferencesCommand { Uscc = uscc, Preferences = body.Preferences, IfMatch = IfMatch(request) },
                cancellationToken);
            return Registration(registration, principal, StatusCodes.Status200OK);
        });

    [ApiOperation("Unsubscribe an enterprise from everything; its record is kept", Tag = "Enterprises", Roles = [Role.Enterprise, Role.Admin], Response = typeof(EnterpriseResponse))]
    [Function(nameof(UnsubscribeEnterprise))]
    public Task<IActionResult> UnsubscribeEnterprise(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "enterprises/{uscc}/unsubscribe")] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<EnterpriseFunctions>(request);
            var registration = await unsubscribe.HandleAsync(principal, new UnsubscribeCommand { Uscc = uscc, IfMatch = IfMatch(request) }, cancellationToken);
            return Registration(registration, principal, StatusCodes.Status200OK);
        });

    [ApiOperation("Subscribe an unsubscribed enterprise again, by the preferences it kept (a consent event per contact); harmless when it is subscribed", Tag = "Enterprises", Roles = [Role.Enterprise, Role.Admin], Response = typeof(EnterpriseResponse))]
    [Function(nameof(ResubscribeEnterprise))]
    public Task<IActionResult> ResubscribeEnterprise(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "enterprises/{uscc}/resubscribe")] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<EnterpriseFunctions>(request);
            var registration = await resubscribe.HandleAsync(principal, new UnsubscribeCommand { Uscc = uscc, IfMatch = IfMatch(request) }, cancellationToken);
            return Registration(registration, principal, StatusCodes.Status200OK);
        });

    [ApiOperation(
        "The warnings that reached an enterprise, newest first, each saying whether the enterprise acknowledged it. A page looks at the next 100 warnings (warningsSearched) and lists those that reached a current contact; pass continuationToken for older ones",
        Tag = "Enterprises",
        Roles = [Role.Enterprise, Role.Operator, Role.Admin],
        Query = ["continuationToken: from the previous page"],
        Response = typeof(ReceivedWarningListResponse))]
    [Function(nameof(ListEnterpriseWarnings))]
    public Task<IActionResult> ListEnterpriseWarnings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enterprises/{uscc}/warnings")] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<EnterpriseFunctions>(request);
            var parameters = new QueryParameters(request.Query, new FieldErrors());
            parameters.RejectUnknown("continuationToken");
            parameters.Errors.ThrowIfAny();
            var page = await listReceived.HandleAsync(principal, uscc, parameters.Text("continuationToken"), cancellationToken);
            return page is null
                ? ApiResults.NotFound($"No enterprise {uscc}.")
                : ApiResults.Ok(
                    new ReceivedWarningListResponse(uscc, page.WarningsSearched, [.. page.Items.Select(ReceivedWarningResponse.From)], page.ContinuationToken),
                    EnterpriseJsonContext.Default.ReceivedWarningListResponse);
        });

    [ApiOperation(
        "Erase an enterprise at its request, with the reason: its record, contacts, preferences, consent events, subscriptions, opt-outs, acknowledgements and numbers in the SMS daily counts are deleted; its delivery rows keep counting in evidence with each address replaced by a keyed hash (Privacy:PseudonymKey) that only an operator's lookup by the original number or address matches. Kept in the operators' audit trail with the reason. Erasing an erased enterprise answers 200 with the same record and changes nothing",
        Tag = "Enterprises",
        Roles = [Role.Admin],
        Request = typeof(EraseRequest),
        Response = typeof(EnterpriseErasureResponse),
        Problems = ["404: the enterprise was never registered (an erased one answers 200 with its erasure).", "409: no Privacy:PseudonymKey is configured, so delivery rows cannot be pseudonymised; nothing was changed."])]
    [Function(nameof(EraseEnterprise))]
    public Task<IActionResult> EraseEnterprise(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "enterprises/{uscc}/erase")] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<EnterpriseFunctions>(request);
            var body = await JsonRequestReader.ReadAsync(request, EnterpriseJsonContext.Default.EraseRequest, cancellationToken: cancellationToken);
            var erasure = await eraseEnterprise.HandleAsync(principal, uscc, body.Reason, cancellationToken);
            return ApiResults.Ok(EnterpriseErasureResponse.From(erasure), EnterpriseJsonContext.Default.EnterpriseErasureResponse);
        });

    [ApiOperation(
        "Erase one contact of an enterprise at its request, with the reason: the contact leaves the registration, its consent events, acknowledgements, opt-outs and numbers in the SMS daily counts are deleted, its delivery rows pseudonymised as an enterprise's erasure does. Erasing an erased contact answers 200 with the same record and changes nothing",
        Tag = "Enterprises",
        Roles = [Role.Admin],
        Request = typeof(EraseRequest),
        Response = typeof(ContactErasureResponse),
        Problems = ["404: the enterprise is not registered, or has no such contact and never had one erased.", "409: it is the enterprise's last contact (erase the enterprise), or no Privacy:PseudonymKey is configured; nothing was changed."])]
    [Function(nameof(EraseEnterpriseContact))]
    public Task<IActionResult> EraseEnterpriseContact(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "enterprises/{uscc}/contacts/{contactId}/erase")] HttpRequest request,
        string uscc,
        string contactId,
        CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<EnterpriseFunctions>(request);
            var body = await JsonRequestReader.ReadAsync(request, EnterpriseJsonContext.Default.EraseRequest, cancellationToken: cancellationToken);
            var erasure = await eraseContact.HandleAsync(principal, uscc, contactId, body.Reason, cancellationToken);
            return ApiResults.Ok(ContactErasureResponse.From(erasure), EnterpriseJsonContext.Default.ContactErasureResponse);
        });

    [ApiOperation(
        "Send a new verification code to a contact's unverified mobile number (sms) or email address (email: a code and a confirmation link); the code before it stops working. Until verified the address receives no warnings (Extreme ones as Contacts:Verification:UnverifiedReceiveExtreme says). Codes to one address are limited per minute, hour and day (Contacts:Verification:PerMinute, PerHour, PerDay)",
        Tag = "Enterprises",
        Roles = [Role.Enterprise, Role.Admin],
        Request = typeof(RequestVerificationRequest),
        Response = typeof(VerificationSentResponse),
        Problems = ["400: the channel is not sms or email, the contact has no such address, or it is verified already.", "404: the enterprise is not registered or has no such contact.", "429: the address had as many codes as its limit allows; Retry-After says when the next may go."])]
    [Function(nameof(RequestContactVerification))]
    public Task<IActionResult> RequestContactVerification(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "enterprises/{uscc}/contacts/{contactId}/verification")] HttpRequest request,
        string uscc,
        string contactId,
        CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<EnterpriseFunctions>(request);
            var body = await JsonRequestReader.ReadAsync(request, EnterpriseJsonContext.Default.RequestVerificationRequest, cancellationToken: cancellationToken);
            try
            {
                var challenge = await requestVerification.HandleAsync(principal, uscc, contactId, body.Channel, cancellationToken);
                return new JsonResult<VerificationSentResponse>(
                    new VerificationSentResponse(challenge.ContactId, challenge.Channel.ToWireName(), challenge.ExpiresAt),
                    EnterpriseJsonContext.Default.VerificationSentResponse,
                    StatusCodes.Status202Accepted);
            }
            catch (VerificationRateLimitedException ex)
            {
                var seconds = Math.Max(1, (int)Math.Ceiling((ex.RetryAt - timeProvider.GetUtcNow()).TotalSeconds));
                var refused = ApiResults.Problem(StatusCodes.Status429TooManyRequests, "Too many codes", ex.Message);
                refused.Headers["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return refused;
            }
        });

    [ApiOperation(
        "Enter the code a contact received: the address is verified and receives warnings from the next planning on. A wrong code counts against the challenge (Contacts:Verification:MaxAttempts, then a new code is needed)",
        Tag = "Enterprises",
        Roles = [Role.Enterprise, Role.Admin],
        Request = typeof(VerifyContactRequest),
        Response = typeof(EnterpriseResponse),
        Problems = ["400: the code is malformed, wrong, expired or voided by a newer one or by too many wrong ones (field code).", "404: the enterprise is not registered or has no such contact."])]
    [Function(nameof(VerifyEnterpriseContact))]
    public Task<IActionResult> VerifyEnterpriseContact(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "enterprises/{uscc}/contacts/{contactId}/verify")] HttpRequest request,
        string uscc,
        string contactId,
        CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<EnterpriseFunctions>(request);
            var body = await JsonRequestReader.ReadAsync(request, EnterpriseJsonContext.Default.VerifyContactRequest, cancellationToken: cancellationToken);
            var registration = await verifyContact.HandleAsync(principal, uscc, contactId, body.Channel, body.Code, cancellationToken);
            return Registration(registration, principal, StatusCodes.Status200OK);
        });

    [ApiOperation(
        "Everything held about an enterprise and its contacts (a subject access request): the registration with contacts unmasked, its consent events and opt-outs, and for each warning that reached it, newest first, the deliveries to its contacts and their acknowledgements, up to 20,000 deliveries (deliveriesTruncated says when older ones were left out)",
        Tag = "Enterprises",
        Roles = [Role.Enterprise, Role.Admin],
        Response = typeof(EnterpriseExportResponse),
        Problems = ["404: the enterprise is not registered: never, or erased."])]
    [Function(nameof(ExportEnterprise))]
    public Task<IActionResult> ExportEnterprise(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enterprises/{uscc}/export")] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<EnterpriseFunctions>(request);
            var export = await exportEnterprise.HandleAsync(principal, uscc, cancellationToken);
            return export is null
                ? ApiResults.NotFound($"No enterprise {uscc} is registered.")
                : ApiResults.Ok(EnterpriseExportResponse.From(export, timeProvider.GetUtcNow()), EnterpriseJsonContext.Default.EnterpriseExportResponse);
        });

    /// <summary>Maps the registry's own refusals; everything else is <see cref="HttpEndpoint"/>'s.</summary>
    private static Task<IActionResult> RunAsync(Func<Task<IActionResult>> body) =>
        HttpEndpoint.RunAsync(async () =>
        {
            try
            {
                return await body();
            }
            catch (RegistrationConflictException ex)
            {
                throw ex.PreconditionFailed
                    ? new ApiProblemException(StatusCodes.Status412PreconditionFailed, "Precondition failed", ex.Message)
                    : new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", ex.Message);
            }
            catch (EnterpriseNotRegisteredException ex)
            {
                throw new ApiProblemException(StatusCodes.Status404NotFound, "Not found", ex.Message);
            }
            catch (ContactNotFoundException ex)
            {
                throw new ApiProblemException(StatusCodes.Status404NotFound, "Not found", ex.Message);
            }
            catch (PseudonymKeyMissingException ex)
            {
                throw new ApiProblemException(StatusCodes.Status409Conflict, "Pseudonym key not configured", ex.Message);
            }
            catch (VerificationUnavailableException ex)
            {
                throw new ApiProblemException(StatusCodes.Status409Conflict, "Verification not configured", ex.Message);
            }
        });

    private static JsonResult<EnterpriseResponse> Registration(RegisteredEnterprise registration, Principal principal, int status)
    {
        var masked = !RegistrationAccess.SeesPersonalData(principal, registration.Subscriber.Uscc);
        JsonTypeInfo<EnterpriseResponse> typeInfo = EnterpriseJsonContext.Default.EnterpriseResponse;
        var result = new JsonResult<EnterpriseResponse>(EnterpriseResponse.From(registration, masked), typeInfo, status);
        result.Headers["ETag"] = registration.ETag;
        return result;
    }

    private static string? IfMatch(HttpRequest request) =>
        request.Headers.IfMatch.Count == 0 ? null : request.Headers.IfMatch.ToString();
}
