using Amqp;
using Amqp.Framing;
using Microsoft.Extensions.Logging;

namespace RiskAlerts.LocalServiceBus.Amqp;

/// <summary>The <c>$cbs</c> node: every put-token is accepted; there is no authorisation in a development broker.</summary>
internal sealed class CbsRequestHandler(ILogger logger)
{
    private const int Accepted = 202;
    private const int NotImplemented = 501;

    public Message Handle(Message request)
    {
        var operation = request.ApplicationProperties?.Map[AmqpNames.Operation] as string;
        var isPutToken = string.Equals(operation, AmqpNames.PutTokenOperation, StringComparison.Ordinal);
        if (!isPutToken)
        {
            logger.LogWarning("Unsupported $cbs operation {Operation}", operation);
        }

        var properties = new ApplicationProperties();
        properties.Map[AmqpNames.CbsStatusCode] = isPutToken ? Accepted : NotImplemented;
        properties.Map[AmqpNames.CbsStatusDescription] = isPutToken ? "Accepted" : "Not implemented";
        return new Message { ApplicationProperties = properties };
    }
}
