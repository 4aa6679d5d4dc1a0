using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Categories;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Core.Cap;

/// <summary>
/// Writes a warning as one CAP 1.2 <c>alert</c>: <c>sender</c> is the issuing organisation's code and
/// <c>senderName</c> its name, <c>identifier</c> the warning id, <c>sent</c> its acceptance time,
/// <c>msgType</c> Alert, Update or Cancel with the <c>references</c> of the versions a follow-up
/// replaces (a Cancel's reason is its description), and one zh-CN <c>info</c> with the text, the CAP levels, the category and targeting as parameters and
/// one <c>area</c> whose geocodes are the warning's regions. What <see cref="CapAlertReader"/> reads
/// back is the same warning.
/// </summary>
public sealed class CapAlertWriter(WarningCategoryCatalog categories, RegionCatalog regions)
{
    /// <summary>CAP category of every RiskAlerts warning: fraud and financial crime are law enforcement matters.</summary>
    public const string CapCategory = "Security";

    private static readonly XNamespace Cap = CapXml.Namespace;

    /// <summary>The alert document as UTF-8 text.</summary>
    public string Write(Warning warning)
    {
        ArgumentNullException.ThrowIfNull(warning);
        var audience = warning.Audience;
        var info = new XElement(
            Cap + "info",
            Element("language", CapXml.Language),
            Element("category", CapCategory),
            Element("event", categories.FindName(warning.Category) ?? warning.Category),
            Element("urgency", warning.Urgency.ToString()),
            Element("severity", warning.Severity.ToString()),
            Element("certainty", warning.Certainty.ToString()),
            Element("effective", Time(warning.EffectiveAt)),
            Element("expires", Time(warning.ExpiresAt)),
            Element("senderName", warning.OrganisationName),
            Element("headline", warning.Headline),
            Element("description", warning.Description),
            warning.Instruction is { } instruction ? Element("instruction", instruction) : null,
            Pair("parameter", CapXml.CategoryParameter, warning.Category),
            audience.Industries.Select(i => Pair("parameter", CapXml.IndustryParameter, i.ToString())),
            audience.ExplicitTargets.Select(t => Pair("parameter", CapXml.TargetParameter, t.Value)),
            audience.Channels.Select(c => Pair("parameter", CapXml.ChannelParameter, c.ToWireName())),
            audience.Regions.Count == 0
                ? null
                : new XElement(
                    Cap + "area",
                    Element("areaDesc", string.Join("、", audience.Regions.Select(r => regions.FindFullName(r) ?? r.ToString()))),
                    audience.Regions.Select(r => Pair("geocode", CapXml.RegionGeocode, r.ToString()))));
        var sender = string.IsNullOrEmpty(warning.Organisation) ? "riskalerts" : warning.Organisation;
        var alert = new XElement(
            Cap + "alert",
            Element("identifier", warning.Id),
            Element("sender", sender),
            Element("sent", Time(warning.AcceptedAt)),
            Element("status", warning.CapStatus.ToString()),
            Element("msgType", warning.MessageType.ToString()),
            Element("scope", "Public"),
            // An Update or Cancel names every earlier version it stands for as CAP's
            // "sender,identifier,sent" triples; a follow-up always comes from the original's sender.
            warning.References.Count == 0
                ? null
                : Element("references", string.Join(' ', warning.References.Select(r => $"{sender},{r.Id},{Time(r.AcceptedAt)}"))),
            info);

        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(new Utf8StringWriter(text), new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8 }))
        {
            new XDocument(new XDeclaration("1.0", "UTF-8", null), alert).Save(writer);
        }

        return text.ToString();
    }

    private static XElement Element(string name, string value) => new(Cap + name, value);

    private static XElement Pair(string name, string valueName, string value) =>
        new(Cap + name, Element("valueName", valueName), Element("value", value));

    /// <summary>CAP's dateTime: seconds, an explicit offset (China Standard Time), never <c>Z</c>.</summary>
    private static string Time(DateTimeOffset at) =>
        at.ToChinaTime().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private sealed class Utf8StringWriter(StringBuilder builder) : StringWriter(builder, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}
