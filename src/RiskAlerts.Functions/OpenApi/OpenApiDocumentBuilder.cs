using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using RiskAlerts.Core.Cap;
using RiskAlerts.Functions.Hosting;
using RiskAlerts.Functions.Http;

namespace RiskAlerts.Functions.OpenApi;

/// <summary>
/// Builds the OpenAPI 3.1 document of the HTTP API from the function classes themselves: routes from
/// their <c>[HttpTrigger]</c> attributes, roles and body types from <see cref="ApiOperationAttribute"/>,
/// schemas from the source-generated JSON contracts. The document cannot drift from the code.
/// </summary>
public static class OpenApiDocumentBuilder
{
    private static readonly Lazy<JsonObject> Cached = new(() => Build(typeof(OpenApiDocumentBuilder).Assembly, "api"));

    public static JsonObject Document => Cached.Value;

    public static JsonObject Build(Assembly functionsAssembly, string routePrefix)
    {
        var options = SchemaOptions(functionsAssembly);
        var paths = new JsonObject();
        foreach (var route in FunctionRouteDiscovery.Discover(functionsAssembly, routePrefix).OrderBy(r => r.RouteTemplate, StringComparer.Ordinal))
        {
            var operation = route.Method.GetCustomAttribute<ApiOperationAttribute>()
                ?? throw new InvalidOperationException($"Function {route.FunctionName} has no [ApiOperation].");
            var path = paths[route.RouteTemplate] as JsonObject ?? new JsonObject();
            paths[route.RouteTemplate] = path;
            foreach (var method in route.HttpMethods)
            {
                path[method.ToLowerInvariant()] = Operation(route, operation, options);
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "RiskAlerts API",
                ["version"] = "1.0",
                ["description"] = "Risk warnings in, deliveries out: analysts and platforms submit warnings, enterprises keep their subscriptions, operators watch every delivery.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["appServicePrincipal"] = new JsonObject
                    {
                        ["type"] = "apiKey",
                        ["in"] = "header",
                        ["name"] = "X-MS-CLIENT-PRINCIPAL",
                        ["description"] = "Set by App Service authentication (Entra ID) in Azure; roles are the app roles analyst, platform, enterprise, operator, admin.",
                    },
                    ["bearer"] = new JsonObject
                    {
                        ["type"] = "http",
                        ["scheme"] = "bearer",
                        ["bearerFormat"] = "JWT",
                        ["description"] = "Development tokens of the local run: `dotnet run --project src/RiskAlerts.Host -- token --role analyst`.",
                    },
                },
                ["schemas"] = new JsonObject { ["Problem"] = ProblemSchema(options) },
            },
        };
    }

    private static JsonObject Operation(FunctionHttpRoute route, ApiOperationAttribute operation, JsonSerializerOptions options)
    {
        var responses = new JsonObject
        {
            [operation.SuccessStatus.ToString(System.Globalization.CultureInfo.InvariantCulture)] = operation.Response is null
                ? new JsonObject { ["description"] = "Done." }
                : new JsonObject { ["description"] = "Done.", ["content"] = Json(operation.Response, options) },
        };
        if (operation.AnswersCapXml)
        {
            responses["200"]!["content"]![CapXml.MediaType] = CapXmlMediaType("The warning as one CAP 1.2 alert: identifier (the warning id), sender and senderName (the issuing organisation), sent, status, msgType, scope, and one zh-CN info with category, event, urgency, severity, certainty, effective, expires, headline, description, instruction, the parameters category, industry, target and channel, and an area with a geocode per region (valueName `GB/T 2260`). Asked for with `Accept: application/cap+xml`.");
        }

        if (operation.AlsoCsv && responses[operation.SuccessStatus.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["content"] is JsonObject csvContent)
        {
            csvContent["text/csv"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["description"] = "UTF-8 with a byte order mark, RFC 4180; sent with `Accept: text/csv`." } };
        }

        if (operation.Request is not null)
        {
            responses["400"] = ProblemResponse("The body or a parameter is not valid; `errors` names each field and the reason. Nothing was changed.");
            responses["413"] = ProblemResponse("The body is too large.");
            responses["415"] = ProblemResponse(operation.AcceptsCapXml ? "The body is neither JSON nor application/cap+xml." : "The body is not JSON.");
        }

        foreach (var problem in operation.Problems)
        {
            var colon = problem.IndexOf(':', StringComparison.Ordinal);
            responses[problem[..colon].Trim()] = ProblemResponse(problem[(colon + 1)..].Trim());
        }

        if (!operation.Anonymous && !operation.SignedLink)
        {
            responses["401"] = ProblemResponse("No valid credentials.");
            responses["403"] = ProblemResponse("The caller has none of the roles, or acts for another enterprise.");
        }

        var result = new JsonObject
        {
            ["operationId"] = route.FunctionName,
            ["summary"] = operation.Summary,
            ["tags"] = new JsonArray(operation.Tag),
            ["x-roles"] = new JsonArray([.. operation.Roles.Select(r => (JsonNode)r)]),
            ["responses"] = responses,
        };
        var parameters = new JsonArray();
        foreach (var name in RouteParameters(route.RouteTemplate))
        {
            parameters.Add(new JsonObject { ["name"] = name, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
        }

        if (operation.SharedSecretHeader is { } header)
        {
            parameters.Add(new JsonObject { ["name"] = header, ["in"] = "header", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
            result["security"] = new JsonArray();
        }
        else if (operation.SignedLink)
        {
            foreach (var name in new[] { "delivery", "token" })
            {
                parameters.Add(new JsonObject { ["name"] = name, ["in"] = "query", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
            }

            result["security"] = new JsonArray();
        }
        else if (operation.Anonymous)
        {
            result["security"] = new JsonArray();
        }
        else
        {
            result["security"] = new JsonArray(new JsonObject { ["appServicePrincipal"] = new JsonArray() }, new JsonObject { ["bearer"] = new JsonArray() });
        }

        foreach (var query in operation.Query)
        {
            var (name, description) = query.IndexOf(':', StringComparison.Ordinal) is var colon and > 0
                ? (query[..colon], query[(colon + 1)..].Trim())
                : (query, string.Empty);
            parameters.Add(new JsonObject { ["name"] = name, ["in"] = "query", ["required"] = false, ["description"] = description, ["schema"] = new JsonObject { ["type"] = "string" } });
        }

        if (parameters.Count > 0)
        {
            result["parameters"] = parameters;
        }

        if (operation.Request is not null)
        {
            var content = Json(operation.Request, options);
            if (operation.AcceptsCapXml)
            {
                content[CapXml.MediaType] = CapXmlMediaType("One CAP 1.2 alert (namespace `urn:oasis:names:tc:emergency:cap:1.2`), validated against the CAP 1.2 schema: msgType `Alert`, scope `Public`, status `Actual`, `Exercise` or `Test`; its one info in `zh-CN` gives urgency, severity, certainty, effective, expires, headline, description and instruction, the parameter `category` (and optionally `industry`, `target`, `channel`, one per value), and its area geocodes with valueName `GB/T 2260` the regions; identifier is the external id. A DTD or entity declaration, a malformed document, a schema violation (problem+json 400 naming the element) or more than 64 KiB (413) is refused and nothing is written; nothing outside the document is ever fetched.");
            }

            result["requestBody"] = new JsonObject { ["required"] = true, ["content"] = content };
        }

        return result;
    }

    private static IEnumerable<string> RouteParameters(string template) =>
        template.Split('/')
            .Where(segment => segment.StartsWith('{') && segment.EndsWith('}'))
            .Select(segment => segment.Trim('{', '}').Split(':')[0].TrimEnd('?'));

    private static JsonObject ProblemResponse(string description) => new()
    {
        ["description"] = description,
        ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Problem" } } },
    };

    /// <summary>
    /// The problem schema, its codes each described: a client maps <c>code</c> and each error's
    /// <c>code</c> (with <c>field</c> and <c>limit</c>) to its own words rather than parsing sentences.
    /// </summary>
    private static JsonNode ProblemSchema(JsonSerializerOptions options)
    {
        var schema = Schema(typeof(Problem), options);
        var properties = schema["properties"]!;
        properties["code"]!["description"] = "The kind of refusal, stable across releases. " + CodeList<ProblemCode>();
        var error = properties["errors"]!["items"]!["properties"]!;
        error["field"]!["description"] = "The JSON path of the refused field as the caller sent it (a query or path parameter, or a header, by its name).";
        error["code"]!["description"] = "Why the field was refused, stable across releases. " + CodeList<Core.Validation.FieldErrorCode>();
        error["limit"]!["description"] = "The bound the value broke, for TooLong (characters), TooMany (items) and OutOfRange (largest value).";
        error["reason"]!["description"] = "The same in an English sentence, for a person reading the raw answer; its wording may change.";
        return schema;
    }

    private static string CodeList<TCode>()
        where TCode : struct, Enum =>
        string.Join(" ", Enum.GetNames<TCode>().Select(name =>
            $"`{name}`: {typeof(TCode).GetField(name)!.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>()?.Description}"));

    private static JsonObject CapXmlMediaType(string description) =>
        new() { ["schema"] = new JsonObject { ["type"] = "string", ["description"] = description, ["externalDocs"] = new JsonObject { ["url"] = "https://docs.oasis-open.org/emergency/cap/v1.2/CAP-v1.2-os.html" } } };

    private static JsonObject Json(Type type, JsonSerializerOptions options) =>
        new() { ["application/json"] = new JsonObject { ["schema"] = Schema(type, options) } };

    private static JsonNode Schema(Type type, JsonSerializerOptions options) =>
        JsonSchemaExporter.GetJsonSchemaAsNode(options, type, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });

    /// <summary>Serializer options that know every contract of the API: the union of the assembly's JSON contexts.</summary>
    private static JsonSerializerOptions SchemaOptions(Assembly assembly)
    {
        var contexts = assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(JsonSerializerContext)) && !t.IsAbstract)
            .Select(t => (IJsonTypeInfoResolver)t.GetProperty("Default", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!)
            .ToArray();
        var options = new JsonSerializerOptions(ApiJsonContext.Default.Options) { TypeInfoResolver = JsonTypeInfoResolver.Combine(contexts) };
        options.MakeReadOnly();
        return options;
    }
}
