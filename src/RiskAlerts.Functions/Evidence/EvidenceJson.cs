using System.Buffers;
using System.Text.Json;
using RiskAlerts.Core.Warnings.Evidence;
using RiskAlerts.Functions.Warnings;

namespace RiskAlerts.Functions.Evidence;

/// <summary>
/// Writes evidence as a <see cref="WarningEvidenceResponse"/>, piece by piece: the warning and texts
/// of a version, then its recipients a page at a time (flushed after each), then its counts and, last,
/// the digest, which is known only once every row has gone out.
/// </summary>
public sealed class EvidenceJson : IEvidenceFormat, IAsyncDisposable
{
    /// <summary>What the digest covers, as the JSON says it.</summary>
    public const string DigestOf = "the text/csv form of this evidence, after its byte order mark and before its last line";

    private static readonly EvidenceJsonContext Context = EvidenceJsonContext.Default;
    private readonly Stream _output;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _json;

    /// <summary>
    /// Writes into a buffer that is copied to <paramref name="output"/> asynchronously: a writer on the
    /// stream itself would flush synchronously when its buffer fills, which the server refuses.
    /// </summary>
    public EvidenceJson(Stream output)
    {
        _output = output;
        _json = new Utf8JsonWriter(_buffer);
    }

    /// <inheritdoc />
    public async ValueTask BeginAsync(WarningEvidence evidence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        _json.WriteStartObject();
        _json.WriteString("warningId", evidence.WarningId);
        _json.WriteString("format", EvidenceCsv.FormatName);
        _json.WriteStartArray("versions");
        await FlushAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask VersionAsync(EvidenceVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        _json.WriteStartObject();
        _json.WriteString("msgType", version.MsgType);
        _json.WritePropertyName("warning");
        JsonSerializer.Serialize(_json, WarningResponse.From(version.Warning), Context.WarningResponse);
        _json.WritePropertyName("texts");
        JsonSerializer.Serialize(_json, [.. version.Texts.Select(EvidenceTextResponse.From)], Context.IReadOnlyListEvidenceTextResponse);
        _json.WriteStartArray("recipients");
        await FlushAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask RecipientsAsync(EvidenceVersion version, IReadOnlyList<EvidenceRecipient> page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        foreach (var recipient in page)
        {
            JsonSerializer.Serialize(_json, EvidenceRecipientResponse.From(recipient), Context.EvidenceRecipientResponse);
        }

        await FlushAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask VersionEndAsync(EvidenceVersion version, IReadOnlyList<EvidenceCount> counts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counts);
        _json.WriteEndArray();
        _json.WritePropertyName("counts");
        JsonSerializer.Serialize(_json, [.. counts.Select(EvidenceCountResponse.From)], Context.IReadOnlyListEvidenceCountResponse);
        _json.WriteEndObject();
        await FlushAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask EndAsync(string sha256Hex, CancellationToken cancellationToken)
    {
        _json.WriteEndArray();
        _json.WritePropertyName("digest");
        JsonSerializer.Serialize(_json, new EvidenceDigestResponse("SHA-256", sha256Hex, DigestOf), Context.EvidenceDigestResponse);
        _json.WriteEndObject();
        await FlushAsync(cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _json.DisposeAsync();

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        _json.Flush();
        await _output.WriteAsync(_buffer.WrittenMemory, cancellationToken);
        _buffer.ResetWrittenCount();
    }
}
