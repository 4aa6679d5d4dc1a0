namespace RiskAlerts.Core.Acknowledgements;

/// <summary>How an acknowledgement came in.</summary>
public enum AcknowledgementChannel
{
    /// <summary>The confirm button of the email's acknowledge page.</summary>
    Email,

    /// <summary>An SMS reply (<c>1</c>, <c>收到</c>, <c>已阅</c> or the reference).</summary>
    Sms,

    /// <summary><c>POST /api/warnings/{id}/acknowledgements</c> by the enterprise.</summary>
    Api,
}

/// <summary>A responsible person at an enterprise has read a warning.</summary>
/// <param name="WarningId">The warning.</param>
/// <param name="Uscc">The enterprise.</param>
/// <param name="ContactId">The contact who acknowledged; null when the enterprise acknowledged through the API without naming one.</param>
/// <param name="Channel">How it came in.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="By">For the API, the principal's name; null otherwise.</param>
public sealed record Acknowledgement(string WarningId, string Uscc, string? ContactId, AcknowledgementChannel Channel, DateTimeOffset At, string? By = null);

/// <summary>What recording an acknowledgement did.</summary>
/// <param name="Acknowledgement">The acknowledgement as stored: the first one when it was already recorded.</param>
/// <param name="Recorded">True when this call recorded it; false when the contact had acknowledged before.</param>
public sealed record AcknowledgementResult(Acknowledgement Acknowledgement, bool Recorded);
