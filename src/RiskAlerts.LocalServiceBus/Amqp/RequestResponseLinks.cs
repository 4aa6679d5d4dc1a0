using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Microsoft.Extensions.Logging;

namespace RiskAlerts.LocalServiceBus.Amqp;

/// <summary>
/// The reply links of request/response nodes (<c>$cbs</c>, <c>ENTITY/$management</c>), per connection,
/// keyed by the address the client put in its receiving link's target and in each request's reply-to.
/// </summary>
internal sealed class ResponseLinkTable
{
    private readonly ConditionalWeakTable<Connection, ConcurrentDictionary<string, ListenerLink>> _byConnection = new();

    public void Add(ListenerLink link, string replyTo) =>
        _byConnection.GetOrCreateValue(link.Session.Connection)[replyTo] = link;

    public void Remove(ListenerLink link, string replyTo)
    {
        if (_byConnection.TryGetValue(link.Session.Connection, out var links))
        {
            links.TryRemove(new KeyValuePair<string, ListenerLink>(replyTo, link));
        }
    }

    public ListenerLink? Find(Connection connection, string? replyTo) =>
        replyTo is not null && _byConnection.TryGetValue(connection, out var links) && links.TryGetValue(replyTo, out var link)
            ? link
            : null;
}

/// <summary>The client's receiving side of a request/response node: replies are sent on it.</summary>
internal sealed class ResponseLinkEndpoint(ResponseLinkTable table, string replyTo) : LinkEndpoint
{
    public override void OnFlow(FlowContext flowContext)
    {
        // Replies are sent as requests arrive; the client grants ample credit for them.
    }

    public override void OnDisposition(DispositionContext dispositionContext)
    {
        // Replies need no outcome.
    }

    public override void OnLinkClosed(ListenerLink link, Error error) => table.Remove(link, replyTo);
}

/// <summary>The client's sending side of a request/response node: each request is answered on the matching reply link.</summary>
internal sealed class RequestLinkEndpoint(ResponseLinkTable table, Func<Message, Message> handle, ILogger logger) : LinkEndpoint
{
    public const int Credit = 100;

    public override void OnMessage(MessageContext messageContext)
    {
        var request = messageContext.Message;
        var replyTo = request.Properties?.ReplyTo;
        var responseLink = table.Find(messageContext.Link.Session.Connection, replyTo);
        if (responseLink is null)
        {
            logger.LogWarning("Request without a reply link (reply-to {ReplyTo}) rejected", replyTo);
            messageContext.Complete(new Error(ErrorCode.NotFound) { Description = "No reply link is attached for the request's reply-to address." });
            return;
        }

        var response = handle(request);
        response.Properties ??= new Properties();
        response.Properties.SetCorrelationId(request.Properties!.GetMessageId());
        response.Properties.To = replyTo;
        messageContext.Complete();
        responseLink.SendMessage(response);
    }

    public override void OnFlow(FlowContext flowContext)
    {
        // Requests arrive on credit the link restores itself.
    }

    public override void OnDisposition(DispositionContext dispositionContext)
    {
        // The broker never sends on this link.
    }
}
