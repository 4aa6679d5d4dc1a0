using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using RiskAlerts.Core.Validation;
using RiskAlerts.Core.Warnings;
using RiskAlerts.Core.Warnings.Submit;

namespace RiskAlerts.Core.Cap;

/// <summary>
/// Reads one CAP 1.2 <c>alert</c> into the same <see cref="SubmitWarningCommand"/> a JSON body
/// becomes, so both formats accept exactly the same warnings. Refusals name the element at fault
/// (<c>alert/info/urgency</c>) and say why; nothing outside the document is ever read: a DTD
/// (and so any entity, external or not) is refused, no resolver is set, the size is bounded.
/// </summary>
/// <remarks>
/// What is read: <c>identifier</c> (the external id), <c>status</c>, <c>msgType</c>,
/// <c>references</c> and <c>note</c> (of an Update or Cancel), <c>scope</c> (only <c>Public</c>), and the one <c>info</c> in zh-CN: urgency, severity, certainty,
/// effective, expires, headline, description, instruction, the parameters <see cref="CapXml.CategoryParameter"/>,
/// <see cref="CapXml.IndustryParameter"/>, <see cref="CapXml.TargetParameter"/> and <see cref="CapXml.ChannelParameter"/>,
/// and every <c>area/geocode</c> with valueName <see cref="CapXml.RegionGeocode"/>. <c>sender</c>,
/// <c>senderName</c> and <c>sent</c> are the caller's and are replaced by the issuing organisation and
/// the time of acceptance; CAP <c>category</c> and <c>event</c> are required by the schema but not used,
/// nor are other geocodes, parameters or infos in other languages.
/// <para>
/// An Update or Cancel follows the newest alert its <c>references</c> name, by <c>sent</c>; that
/// alert's identifier is the RiskAlerts warning id (as the CAP RiskAlerts answers with carries it).
/// An Update's info is the whole new version, as CAP intends; a Cancel needs no info and says why in
/// <c>note</c> (or, without one, in its info's description).
/// </para>
/// </remarks>
public static class CapAlertReader
{
    private static readonly XNamespace Cap = CapXml.Namespace;

    /// <summary>What an alert document asks for: a warning, or an Update or Cancel of one.</summary>
    /// <exception cref="RequestValidationException">The document is not well-formed, holds a DTD, breaks the CAP 1.2 schema or asks for what RiskAlerts does not issue.</exception>
    public static CapSubmission Read(Stream document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var alert = Load(document).Root!;
        var errors = new FieldErrors();
        if (alert.Name != Cap + "alert")
        {
            throw RequestValidationException.For("alert", FieldErrorCode.NotAllowed, $"the document must be one CAP 1.2 alert (element alert of namespace {CapXml.NamespaceName}), not {alert.Name.LocalName} of '{alert.Name.NamespaceName}'");
        }

        Validate(alert.Document!, errors);
        errors.ThrowIfAny();

        var messageType = Text(alert, "msgType") switch
        {
            "Alert" => WarningMessageType.Alert,
            "Update" => WarningMessageType.Update,
            "Cancel" => WarningMessageType.Cancel,
            var other => Refuse(errors, "alert/msgType", FieldErrorCode.NotAllowed, $"{other} is not issued here: Alert, Update or Cancel"),
        };

        if (Text(alert, "scope") != "Public")
        {
            errors.Add("alert/scope", FieldErrorCode.NotAllowed, "only Public is accepted: who receives the warning follows from its area and parameters");
        }

        var follows = messageType is WarningMessageType.Alert ? null : FollowedWarningId(alert, errors);
        var infos = alert.Elements(Cap + "info").Where(i => (Text(i, "language") ?? "en-US") == CapXml.Language).ToList();
        var needsInfo = messageType != WarningMessageType.Cancel;
        if (infos.Count > 1 || (needsInfo && infos.Count == 0))
        {
            errors.Add("alert/info", infos.Count == 0 ? FieldErrorCode.Required : FieldErrorCode.TooMany, $"needs exactly one info in {CapXml.Language} (found {infos.Count}); infos in other languages are not read", 1);
        }

        var reason = messageType == WarningMessageType.Cancel ? Text(alert, "note") ?? infos.Select(i => Text(i, "description")).FirstOrDefault() : null;
        errors.ThrowIfAny();
        var command = infos.Count == 0 ? new SubmitWarningCommand() : CommandOf(alert, infos[0]);
        return new CapSubmission(messageType, command, follows, reason);
    }

    private static SubmitWarningCommand CommandOf(XElement alert, XElement info) => new()
    {
        ExternalId = Text(alert, "identifier"),
        CapStatus = Text(alert, "status"),
        Language = CapXml.Language,
        Category = Values(info, "parameter", CapXml.CategoryParameter).FirstOrDefault(),
        Headline = Text(info, "headline"),
        Description = Text(info, "description"),
        Instruction = Text(info, "instruction"),
        Severity = Text(info, "severity"),
        Urgency = Text(info, "urgency"),
        Certainty = Text(info, "certainty"),
        EffectiveAt = Time(info, "effective"),
        ExpiresAt = Time(info, "expires"),
        Regions = [.. info.Elements(Cap + "area").SelectMany(area => Values(area, "geocode", CapXml.RegionGeocode))],
        Industries = [.. Values(info, "parameter", CapXml.IndustryParameter)],
        Targets = [.. Values(info, "parameter", CapXml.TargetParameter)],
        Channels = Values(info, "parameter", CapXml.ChannelParameter).ToList() is { Count: > 0 } channels ? channels : null,
    };

    /// <summary>The warning id of the newest alert the references name; null (with the refusal added) when they name none.</summary>
    private static string? FollowedWarningId(XElement alert, FieldErrors errors)
    {
        const string Field = "alert/references";
        var entries = (Text(alert, "references") ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (entries.Length == 0)
        {
            errors.Add(Field, FieldErrorCode.Required, "an Update or Cancel names the alert it follows as sender,identifier,sent");
            return null;
        }

        var references = new List<(string Identifier, DateTimeOffset Sent)>();
        foreach (var entry in entries)
        {
            var parts = entry.Split(',');
            if (parts.Length != 3 || parts[1].Length == 0
                || !DateTimeOffset.TryParse(parts[2], CultureInfo.InvariantCulture, DateTimeStyles.None, out var sent))
            {
                errors.Add(Field, FieldErrorCode.Malformed, $"'{entry}' is not sender,identifier,sent (sent as a CAP date and time)");
                return null;
            }

            references.Add((parts[1], sent));
        }

        var newest = references.MaxBy(r => r.Sent).Identifier;
        if (!WarningId.IsWellFormed(newest))
        {
            errors.Add(Field, FieldErrorCode.NotFound, $"the newest alert referenced, {newest}, is not a warning RiskAlerts issued: reference the identifier of the alert RiskAlerts answered with");
            return null;
        }

        return newest;
    }

    private static WarningMessageType Refuse(FieldErrors errors, string field, FieldErrorCode code, string reason)
    {
        errors.Add(field, code, reason);
        return WarningMessageType.Alert;
    }

    /// <summary>
    /// The element of an alert that a warning field comes from, for refusals of what the document
    /// said (<c>regions[1]</c> is <c>alert/info/area/geocode[GB/T 2260][1]</c>); other names unchanged.
    /// </summary>
    public static string ElementOf(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        var (name, index) = bracket < 0 ? (field, string.Empty) : (field[..bracket], field[bracket..]);
        var element = name switch
        {
            "headline" or "description" or "instruction" or "severity" or "urgency" or "certainty" or "language" => "alert/info/" + name,
            "effectiveAt" => "alert/info/effective",
            "expiresAt" => "alert/info/expires",
            "category" => $"alert/info/parameter[{CapXml.CategoryParameter}]",
            "regions" => $"alert/info/area/geocode[{CapXml.RegionGeocode}]",
            "industries" => $"alert/info/parameter[{CapXml.IndustryParameter}]",
            "targets" => $"alert/info/parameter[{CapXml.TargetParameter}]",
            "channels" => $"alert/info/parameter[{CapXml.ChannelParameter}]",
            "capStatus" => "alert/status",
            "externalId" => "alert/identifier",
            "reason" => "alert/note",
            _ => null,
        };
        return element is null ? field : element + index;
    }

    /// <summary>The same refusal with each field named by its element.</summary>
    public static RequestValidationException NamingElements(RequestValidationException refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return new RequestValidationException([.. refusal.Errors.Select(e => e with { Field = ElementOf(e.Field) })]);
    }

    private static XDocument Load(Stream document)
    {
        try
        {
            using var reader = XmlReader.Create(document, CapXml.SafeReaderSettings());
            return XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.Ordinal))
        {
            throw RequestValidationException.For("$", FieldErrorCode.NotAllowed, $"a DTD (and with it any entity declaration) is not accepted (line {ex.LineNumber}, position {ex.LinePosition})");
        }
        catch (XmlException ex) when (ex.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal))
        {
            throw RequestValidationException.For("$", FieldErrorCode.TooLong, $"the document is longer than {CapXml.MaxCharacters} characters", CapXml.MaxCharacters);
        }
        catch (XmlException ex)
        {
            throw RequestValidationException.For("$", FieldErrorCode.Malformed, $"is not well-formed XML: {ex.Message}");
        }
    }

    private static void Validate(XDocument document, FieldErrors errors) =>
        document.Validate(CapXml.Schemas, (sender, e) =>
        {
            // Warnings are about elements of other namespaces, which the standard lets pass unchecked.
            if (e.Severity != XmlSeverityType.Error)
            {
                return;
            }

            var at = sender as XObject;
            var line = at is IXmlLineInfo info && info.HasLineInfo() ? $" (line {info.LineNumber}, position {info.LinePosition})" : string.Empty;
            errors.Add(PathOf(at), FieldErrorCode.Invalid, $"breaks the CAP 1.2 schema: {e.Message}{line}");
        });

    /// <summary><c>alert/info/area[1]/geocode</c>: an element's place, indexed where it has same-named siblings.</summary>
    private static string PathOf(XObject? node)
    {
        var element = node as XElement ?? node?.Parent;
        if (element is null)
        {
            return "alert";
        }

        var steps = new List<string>();
        for (var e = element; e is not null; e = e.Parent)
        {
            var siblings = e.Parent?.Elements(e.Name).ToList();
            steps.Add(siblings is { Count: > 1 } ? $"{e.Name.LocalName}[{siblings.IndexOf(e)}]" : e.Name.LocalName);
        }

        steps.Reverse();
        var path = string.Join('/', steps);
        return node is XAttribute attribute ? $"{path}/@{attribute.Name.LocalName}" : path;
    }

    private static string? Text(XElement parent, string name) => parent.Element(Cap + name)?.Value;

    /// <summary>The values of the value pairs named <paramref name="element"/> whose valueName is <paramref name="valueName"/>.</summary>
    private static IEnumerable<string> Values(XElement parent, string element, string valueName) =>
        parent.Elements(Cap + element)
            .Where(pair => pair.Element(Cap + "valueName")?.Value.Trim() == valueName)
            .Select(pair => pair.Element(Cap + "value")?.Value.Trim() ?? string.Empty);

    // The schema has checked the form (CAP dateTime: offset required, no fractions).
    private static DateTimeOffset? Time(XElement parent, string name) =>
        Text(parent, name) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None) : null;
}

/// <summary>What one CAP alert asks for.</summary>
/// <param name="MessageType">Its <c>msgType</c>.</param>
/// <param name="Command">The warning its info describes: an Alert's, or an Update's new version (empty for a Cancel).</param>
/// <param name="FollowsWarningId">For an Update or Cancel, the warning it follows: the newest its references name.</param>
/// <param name="Reason">For a Cancel, why (its <c>note</c>, or its info's description).</param>
public sealed record CapSubmission(WarningMessageType MessageType, SubmitWarningCommand Command, string? FollowsWarningId, string? Reason);
