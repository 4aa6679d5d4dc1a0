using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RiskAlerts.Core.Alerts;

namespace RiskAlerts.Core.Warnings.Evidence;

/// <summary>
/// The canonical form of a warning's evidence, and what its digest covers: a CSV file (RFC 4180, UTF-8,
/// lines ending CRLF) with a UTF-8 byte order mark first, so spreadsheet programs show Chinese correctly,
/// and a last line <c>digest,,SHA-256,{hex}</c>. The digest is the SHA-256 of every byte after the byte
/// order mark up to and including the CRLF before that last line. To check a copy: drop the first three
/// bytes and the last line, hash the rest, compare with the last line and with what the system answers now.
/// </summary>
/// <remarks>
/// Each line's first field says what it is, its second field the version (the warning id of the
/// version it belongs to): <c>format</c>, then per version <c>warning</c> (one field per line: name,
/// value), <c>trail</c> (kind, by, at, note), <c>text</c> (channel, part, value), <c>recipient-columns</c>,
/// one <c>recipient</c> line per Deliveries row in key order, and <c>count</c> (channel, status, rows).
/// A field is quoted exactly when it holds a comma, a double quote, CR or LF, and a quote inside is
/// doubled; times are UTC with seven fractional digits (<c>2026-01-27T03:04:05.0000000Z</c>); empty
/// means none. The rule is written out here rather than left to a CSV library so that a library
/// upgrade can never change the bytes, and so the digest, of an unchanged warning.
/// </remarks>
public sealed class EvidenceCsv(Stream output) : IEvidenceFormat, IDisposable
{
    /// <summary>The format's name and version, the first line's value.</summary>
    public const string FormatName = "riskalerts-evidence/1";

    /// <summary>The columns of a <c>recipient</c> line after its first two.</summary>
    public static readonly string[] RecipientColumns =
        ["channel", "uscc", "contactId", "address", "county", "status", "statusAt", "sentAt", "deferUntil", "attempts", "provider", "providerMessageId", "receipt", "receiptAt", "reason"];

    private const int FlushAt = 64 * 1024;
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushAt * 2);
    private string? _digest;

    /// <inheritdoc />
    public void Dispose() => _hash.Dispose();

    /// <summary>The digest of every line written so far; the first call ends the hashing.</summary>
    public string Digest() => _digest ??= Convert.ToHexStringLower(_hash.GetHashAndReset());

    /// <inheritdoc />
    public async ValueTask BeginAsync(WarningEvidence evidence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        await output.WriteAsync(ByteOrderMark, cancellationToken);
        Line("record", "version", "name", "value");
        Line("format", string.Empty, FormatName, evidence.WarningId);
        await FlushAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask VersionAsync(EvidenceVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        var w = version.Warning;
        var id = w.Id;
        foreach (var (name, value) in WarningFields(version))
        {
            Line("warning", id, name, value);
        }

        foreach (var step in w.Trail)
        {
            Line("trail", id, step.Kind.ToString(), step.By, Time(step.At), step.Note);
        }

        foreach (var text in version.Texts)
        {
            Line("text", id, text.Channel.ToWireName(), text.Part, text.Value);
        }

        Line(["recipient-columns", id, .. RecipientColumns]);
        await FlushAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask RecipientsAsync(EvidenceVersion version, IReadOnlyList<EvidenceRecipient> page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(page);
        foreach (var r in page)
        {
            Line(
                "recipient",
                version.Warning.Id,
                r.Channel.ToWireName(),
                r.Uscc,
                r.ContactId,
                r.MaskedAddress,
                r.County,
                r.Status.ToString(),
                Time(r.StatusAt),
                Time(r.SentAt),
                Time(r.DeferUntil),
                r.Attempts.ToString(CultureInfo.InvariantCulture),
                r.Provider,
                r.ProviderMessageId,
                r.Receipt,
                Time(r.ReceiptAt),
                r.Reason);
            if (_buffer.WrittenCount >= FlushAt)
            {
                await FlushAsync(cancellationToken);
            }
        }

        await FlushAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask VersionEndAsync(EvidenceVersion version, IReadOnlyList<EvidenceCount> counts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(counts);
        foreach (var count in counts)
        {
            Line("count", version.Warning.Id, count.Channel.ToWireName(), count.Status.ToString(), count.Count.ToString(CultureInfo.InvariantCulture));
        }

        await FlushAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask EndAsync(string sha256Hex, CancellationToken cancellationToken)
    {
        Digest();

        // The digest line itself is outside what it covers.
        Append(["digest", string.Empty, "SHA-256", sha256Hex], hashed: false);
        await FlushAsync(cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    /// <summary>The warning's own fields, one per line, in a fixed order.</summary>
    public static IEnumerable<(string Name, string? Value)> WarningFields(EvidenceVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var w = version.Warning;
        return
        [
            ("msgType", version.MsgType),
            ("id", w.Id),
            ("source", w.Source),
            ("externalId", w.ExternalId),
            ("organisation", w.Organisation),
            ("organisationName", w.OrganisationName),
            ("category", w.Category),
            ("severity", w.Severity.ToString()),
            ("urgency", w.Urgency.ToString()),
            ("certainty", w.Certainty.ToString()),
            ("headline", w.Headline),
            ("description", w.Description),
            ("instruction", w.Instruction),
            ("regions", string.Join(' ', w.Audience.Regions.Select(r => r.ToString()))),
            ("industries", string.Join(' ', w.Audience.Industries.Select(i => i.ToString()))),
            ("targets", string.Join(' ', w.Audience.ExplicitTargets.Select(t => t.Value))),
            ("channels", string.Join(' ', w.Audience.Channels.Select(c => c.ToWireName()))),
            ("effectiveAt", Time(w.EffectiveAt)),
            ("expiresAt", Time(w.ExpiresAt)),
            ("language", w.Language),
            ("submittedBy", w.SubmittedBy),
            ("acceptedAt", Time(w.AcceptedAt)),
            ("heldBecause", w.HeldBecause),
            ("status", w.Status.ToString()),
            ("publishedAt", Time(w.PublishedAt)),
            ("retractedAt", Time(w.RetractedAt)),
            ("retractedBy", w.RetractedBy),
            ("retractionReason", w.RetractionReason),
        ];
    }

    /// <summary>A time as the canonical form writes it: UTC, seven fractional digits; empty for none.</summary>
    public static string Time(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>One field as a CSV line holds it.</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private void Line(params string?[] fields) => Append(fields, hashed: true);

    private void Append(string?[] fields, bool hashed)
    {
        var start = _buffer.WrittenCount;
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                Write(",");
            }

            Write(Field(fields[i]));
        }

        _buffer.Write(LineEnd);
        if (hashed)
        {
            _hash.AppendData(_buffer.WrittenSpan[start..]);
        }
    }

    private void Write(string text)
    {
        var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        _buffer.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffer.WrittenCount == 0)
        {
            return;
        }

        await output.WriteAsync(_buffer.WrittenMemory, cancellationToken);
        _buffer.Clear();
    }
}
