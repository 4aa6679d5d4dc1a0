using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Microsoft.Extensions.Logging;
using RiskAlerts.LocalServiceBus.Entities;

namespace RiskAlerts.LocalServiceBus.Amqp;

/// <summary>Decides what every attaching link is: a sender into an entity, a receiver from one, or a request/response node.</summary>
internal sealed class BrokerLinkProcessor(EntityRegistry registry, BrokerCounters counters, ILogger logger) : ILinkProcessor
{
    private readonly ResponseLinkTable _responseLinks = new();
    private readonly CbsRequestHandler _cbs = new(logger);
    private readonly ManagementRequestHandler _management = new(counters, logger);

    public void Process(AttachContext attachContext)
    {
        var attach = attachContext.Attach;

        // The client reads the limit from our attach; left unset it reads -1 and cannot send or size a batch.
        attach.MaxMessageSize = AmqpNames.MaxMessageSize;

        var clientReceives = attach.Role;
        var address = clientReceives ? (attach.Source as Source)?.Address : (attach.Target as Target)?.Address;
        try
        {
            if (string.Equals(address?.Trim('/'), AmqpNames.CbsAddress, StringComparison.OrdinalIgnoreCase))
            {
                AttachRequestResponse(attachContext, clientReceives, _cbs.Handle);
                return;
            }

            var resolved = registry.Resolve(address);
            if (resolved is null)
            {
                logger.LogWarning("Link {LinkName} refused: no entity at {Address}", attach.LinkName, address);
                attachContext.Complete(new Error(AmqpNames.EntityNotFoundError)
                {
                    Description = $"The messaging entity '{address}' could not be found.",
                });
                return;
            }

            if (resolved.IsManagement)
            {
                AttachRequestResponse(attachContext, clientReceives, request => _management.Handle(resolved, request));
            }
            else if (clientReceives)
            {
                AttachReceiver(attachContext, resolved);
            }
            else
            {
                AttachSender(attachContext, resolved);
            }
        }
        catch (AmqpException exception)
        {
            logger.LogWarning(exception, "Link {LinkName} to {Address} refused", attach.LinkName, address);
            attachContext.Complete(exception.Error);
        }
    }

    private void AttachReceiver(AttachContext attachContext, ResolvedAddress resolved)
    {
        if (resolved.Store is not { } store)
        {
            throw new AmqpException(AmqpNames.NotAllowedError, $"'{resolved.EntityPath}' is a topic; receive from one of its subscriptions.");
        }

        var consumer = new DeliveryLinkEndpoint(attachContext.Link, store, registry.ReleaseLocksOnDisconnect, counters, logger);
        store.AddConsumer(consumer);
        attachContext.Complete(consumer, 0);
        logger.LogDebug("Receiver {LinkName} attached to {EntityPath}", attachContext.Attach.LinkName, store.Path);
    }

    private void AttachSender(AttachContext attachContext, ResolvedAddress resolved)
    {
        if (resolved.SendTarget is not { } target)
        {
            throw new AmqpException(AmqpNames.NotAllowedError, $"'{resolved.EntityPath}' cannot be sent to; send to its queue or topic.");
        }

        attachContext.Complete(new IncomingLinkEndpoint(target, logger), IncomingLinkEndpoint.Credit);
        logger.LogDebug("Sender {LinkName} attached to {EntityPath}", attachContext.Attach.LinkName, target.Path);
    }

    private void AttachRequestResponse(AttachContext attachContext, bool clientReceives, Func<Message, Message> handle)
    {
        if (clientReceives)
        {
            var replyTo = (attachContext.Attach.Target as Target)?.Address
                ?? throw new AmqpException(ErrorCode.InvalidField, "A reply link needs a target address.");
            _responseLinks.Add(attachContext.Link, replyTo);
            attachContext.Complete(new ResponseLinkEndpoint(_responseLinks, replyTo), 0);
        }
        else
        {
            attachContext.Complete(new RequestLinkEndpoint(_responseLinks, handle, logger), RequestLinkEndpoint.Credit);
        }
    }
}
