namespace RiskAlerts.Functions.Http;

/// <summary>
/// Declares what an HTTP function is, for whom, and what it takes and answers. It is the single
/// source of the function's roles: <see cref="Security.RequestAuthenticator.RequireAsync{TFunctions}"/>
/// enforces them, the OpenAPI document publishes them, and the role matrix test checks the two agree.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ApiOperationAttribute(string summary) : Attribute
{
    public string Summary => summary;

    /// <summary>Roles admitted; a caller needs one of them.</summary>
    public string[] Roles { get; set; } = [];

    /// <summary>No principal needed (only health).</summary>
    public bool Anonymous { get; set; }

    /// <summary>Authenticated by a shared secret in this header instead of a principal (provider callbacks).</summary>
    public string? SharedSecretHeader { get; set; }

    /// <summary>
    /// Authenticated by the signed token of a message's link (query <c>delivery</c> and <c>token</c>)
    /// instead of a principal: the acknowledge and unsubscribe links a contact opens from an email.
    /// </summary>
    public bool SignedLink { get; set; }

    /// <summary>The JSON body type, if the operation takes one.</summary>
    public Type? Request { get; set; }

    /// <summary>Optional query parameters, each <c>name: what it means</c>, listed in the OpenAPI document.</summary>
    public string[] Query { get; set; } = [];

    /// <summary>The JSON type of a successful answer.</summary>
    public Type? Response { get; set; }

    /// <summary>The answer is also given as <c>text/csv</c> to a caller whose <c>Accept</c> asks for it.</summary>
    public bool AlsoCsv { get; set; }

    public int SuccessStatus { get; set; } = 200;

    /// <summary>Refusals particular to the operation, each <c>status: when</c> (<c>404: never registered</c>), listed in the OpenAPI document.</summary>
    public string[] Problems { get; set; } = [];

    /// <summary>The body may also be one CAP 1.2 alert (<c>application/cap+xml</c>).</summary>
    public bool AcceptsCapXml { get; set; }

    /// <summary>The answer is one CAP 1.2 alert under <c>Accept: application/cap+xml</c>.</summary>
    public bool AnswersCapXml { get; set; }

    /// <summary>Groups operations in the document: Warnings, Enterprises, ...</summary>
    public string Tag { get; set; } = "RiskAlerts";
}
