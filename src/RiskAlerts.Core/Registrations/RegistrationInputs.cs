namespace RiskAlerts.Core.Registrations;

/// <summary>
/// The enterprise part of a registration as the caller wrote it. Values stay text until
/// <see cref="RegistrationParser"/> reads them, so every malformed value is reported with its
/// field path instead of failing the whole body.
/// </summary>
public sealed record EnterpriseInput
{
    /// <summary>Optional in a body (the route names the enterprise); when given it must equal the route's code.</summary>
    public string? Uscc { get; init; }

    /// <summary>Registered name.</summary>
    public string? Name { get; init; }

    /// <summary>6-digit county-level division of the registered address.</summary>
    public string? RegisteredCounty { get; init; }

    /// <summary>GB/T 4754-2017 section letter, optionally with division, e.g. <c>C39</c>.</summary>
    public string? Industry { get; init; }
}

/// <summary>One contact as the caller wrote it.</summary>
public sealed record ContactInput
{
    /// <summary>Identifier unique within the enterprise.</summary>
    public string? Id { get; init; }

    /// <summary>Name to address the person by.</summary>
    public string? Name { get; init; }

    /// <summary>Free-text role, e.g. 财务负责人.</summary>
    public string? Role { get; init; }

    /// <summary>Mobile number; Chinese numbers may omit +86.</summary>
    public string? Mobile { get; init; }

    /// <summary>Email address.</summary>
    public string? Email { get; init; }

    /// <summary>Channel wire names: <c>sms</c>, <c>email</c>.</summary>
    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>Order among the contacts, lowest first; defaults to the position in the list.</summary>
    public int? Precedence { get; init; }

    /// <summary>Whether the person takes part in exercises (CAP <c>Exercise</c> and <c>Test</c> warnings reach only them); false when absent.</summary>
    public bool? ExerciseParticipant { get; init; }
}

/// <summary>Subscription preferences as the caller wrote them.</summary>
public sealed record PreferencesInput
{
    /// <summary>Warning category ids.</summary>
    public IReadOnlyList<string>? Categories { get; init; }

    /// <summary>CAP severity name: Minor, Moderate, Severe, Extreme or Unknown.</summary>
    public string? MinimumSeverity { get; init; }

    /// <summary>6-digit region codes of interest, each containing the registered county.</summary>
    public IReadOnlyList<string>? Regions { get; init; }

    /// <summary>Industry codes whose warnings are wanted; empty or absent means all.</summary>
    public IReadOnlyList<string>? Industries { get; init; }

    /// <summary>Channel wire names the enterprise accepts.</summary>
    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>Quiet period in China Standard Time; absent for none.</summary>
    public QuietHoursInput? QuietHours { get; init; }
}

/// <summary>A quiet period as the caller wrote it, times as <c>HH:mm</c>.</summary>
public sealed record QuietHoursInput
{
    /// <summary>Local time the period begins, e.g. <c>22:00</c>.</summary>
    public string? Start { get; init; }

    /// <summary>Local time the period ends, e.g. <c>07:00</c>.</summary>
    public string? End { get; init; }
}
