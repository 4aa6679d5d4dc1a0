using System.Text.Json;
using System.Text.Json.Serialization;

namespace RiskAlerts.Functions.Enterprises;

/// <summary>
/// Request and response bodies of the enterprise registry API, with the options of
/// <see cref="Http.ApiJsonContext"/>: unknown members are refused, enums as strings, nulls left out.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RegisterEnterpriseRequest))]
[JsonSerializable(typeof(ReplaceContactsRequest))]
[JsonSerializable(typeof(ReplacePreferencesRequest))]
[JsonSerializable(typeof(EnterpriseResponse))]
[JsonSerializable(typeof(EnterprisePageResponse))]
[JsonSerializable(typeof(ConsentListResponse))]
[JsonSerializable(typeof(ReceivedWarningListResponse))]
[JsonSerializable(typeof(EraseRequest))]
[JsonSerializable(typeof(EnterpriseErasureResponse))]
[JsonSerializable(typeof(ContactErasureResponse))]
[JsonSerializable(typeof(EnterpriseExportResponse))]
[JsonSerializable(typeof(RequestVerificationRequest))]
[JsonSerializable(typeof(VerifyContactRequest))]
[JsonSerializable(typeof(VerificationSentResponse))]
public sealed partial class EnterpriseJsonContext : JsonSerializerContext;
