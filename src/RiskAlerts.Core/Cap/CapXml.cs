using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace RiskAlerts.Core.Cap;

/// <summary>
/// CAP 1.2 XML as RiskAlerts speaks it: the media type, the namespace, how our fields sit in an
/// alert (regions as <c>area/geocode</c> with valueName <see cref="RegionGeocode"/>, our category and
/// targeting as <c>info/parameter</c>), and the one safe way to read XML: no DTD, no resolver, bounded.
/// </summary>
public static class CapXml
{
    public const string MediaType = "application/cap+xml";

    public const string NamespaceName = "urn:oasis:names:tc:emergency:cap:1.2";

    /// <summary>The geocode valueName of a GB/T 2260 region code.</summary>
    public const string RegionGeocode = "GB/T 2260";

    /// <summary>The parameter valueName of the warning category id (<c>telecom-fraud</c> ...).</summary>
    public const string CategoryParameter = "category";

    /// <summary>The parameter valueName of an industry the warning concerns (GB/T 4754), one per industry.</summary>
    public const string IndustryParameter = "industry";

    /// <summary>The parameter valueName of an enterprise named by its unified social credit code, one per enterprise.</summary>
    public const string TargetParameter = "target";

    /// <summary>The parameter valueName of a channel the warning may go by (<c>sms</c>, <c>email</c>); both when none.</summary>
    public const string ChannelParameter = "channel";

    /// <summary>The one language of the <c>info</c> RiskAlerts reads and writes.</summary>
    public const string Language = "zh-CN";

    /// <summary>Most characters an alert document may have: a warning's text is a few KiB.</summary>
    public const int MaxCharacters = 64 * 1024;

    public static readonly XNamespace Namespace = NamespaceName;

    private static readonly Lazy<XmlSchemaSet> LazySchemas = new(LoadSchemas);

    /// <summary>The CAP 1.2 schema, compiled once (embedded; nothing is fetched).</summary>
    public static XmlSchemaSet Schemas => LazySchemas.Value;

    /// <summary>
    /// Reader settings for any XML from outside: a DTD is refused (so no entity is declared or
    /// expanded, external or not), nothing is ever resolved, and the document is bounded.
    /// </summary>
    public static XmlReaderSettings SafeReaderSettings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxCharacters,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    private static XmlSchemaSet LoadSchemas()
    {
        using var stream = typeof(CapXml).Assembly.GetManifestResourceStream("RiskAlerts.Core.Cap.cap-1.2.xsd")
            ?? throw new InvalidOperationException("The CAP 1.2 schema is not embedded in the assembly.");
        using var reader = XmlReader.Create(stream, SafeReaderSettings());
        var schemas = new XmlSchemaSet { XmlResolver = null };
        schemas.Add(NamespaceName, reader);
        schemas.Compile();
        return schemas;
    }
}
