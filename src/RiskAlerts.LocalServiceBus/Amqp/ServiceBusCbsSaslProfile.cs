using Amqp;
using Amqp.Sasl;
using Amqp.Types;

namespace RiskAlerts.LocalServiceBus.Amqp;

/// <summary>
/// The SASL mechanism <c>MSSBCBS</c> the Service Bus client signs in with: the real credential
/// arrives later as a token on the <c>$cbs</c> node, so the handshake itself always succeeds.
/// </summary>
internal sealed class ServiceBusCbsSaslProfile() : SaslProfile(MechanismName)
{
    public static readonly Symbol MechanismName = new("MSSBCBS");

    protected override ITransport UpgradeTransport(ITransport transport) => transport;

    protected override DescribedList GetStartCommand(string hostname) =>
        throw new NotSupportedException("The broker never starts a SASL exchange.");

    protected override DescribedList OnCommand(DescribedList command) => command switch
    {
        SaslInit => new SaslOutcome { Code = SaslCode.Ok },
        _ => throw new AmqpException(ErrorCode.NotAllowed, $"Unexpected SASL command {command}."),
    };
}
