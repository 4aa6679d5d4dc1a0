using System.Globalization;
using Amqp;
using Amqp.Framing;

namespace RiskAlerts.LocalServiceBus.Entities;

/// <summary>
/// One message held by an entity. The sections the sender wrote are kept as decoded and shared,
/// read-only, by every delivery; only the header and annotations are rebuilt per delivery.
/// Mutable members are guarded by the owning <see cref="MessageStore"/>'s lock.
/// </summary>
internal sealed class StoredMessage
{
    private StoredMessage(Message original, long sequenceNumber)
    {
        Original = original;
        SequenceNumber = sequenceNumber;
    }

    /// <summary>The message as the sender encoded it (body copied out of the network buffer).</summary>
    public Message Original { get; }

    public long SequenceNumber { get; }

    public DateTimeOffset EnqueuedTime { get; set; }

    public DateTimeOffset? ScheduledEnqueueTime { get; init; }

    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>Failed delivery attempts so far: the AMQP header's delivery-count.</summary>
    public int DeliveryCount { get; set; }

    public Guid LockToken { get; set; }

    public DateTimeOffset LockedUntil { get; set; }

    /// <summary>Application properties set by abandon or dead-letter, laid over the sender's.</summary>
    public Dictionary<string, object?>? PropertyOverrides { get; set; }

    public string? MessageId => Original.Properties?.MessageId;

    /// <summary>The sender's time-to-live (header ttl), if any.</summary>
    public TimeSpan? TimeToLive =>
        Original.Header is { } header && header.HasField(2) ? TimeSpan.FromMilliseconds(header.Ttl) : null;

    public static StoredMessage Create(Message original, long sequenceNumber, DateTimeOffset? scheduledEnqueueTime) =>
        new(original, sequenceNumber) { ScheduledEnqueueTime = scheduledEnqueueTime };

    /// <summary>A copy for another entity (a subscription or a dead-letter sub-queue).</summary>
    public StoredMessage CopyFor(long sequenceNumber) => new(Original, sequenceNumber)
    {
        EnqueuedTime = EnqueuedTime,
        ScheduledEnqueueTime = ScheduledEnqueueTime,
        ExpiresAt = ExpiresAt,
        DeliveryCount = DeliveryCount,
        PropertyOverrides = PropertyOverrides is null ? null : new Dictionary<string, object?>(PropertyOverrides, StringComparer.Ordinal),
    };

    public object? GetApplicationProperty(string name)
    {
        if (PropertyOverrides is not null && PropertyOverrides.TryGetValue(name, out var overridden))
        {
            return overridden;
        }

        return Original.ApplicationProperties?.Map[name];
    }

    public void SetPropertyOverride(string name, object? value)
    {
        PropertyOverrides ??= new Dictionary<string, object?>(StringComparer.Ordinal);
        PropertyOverrides[name] = value;
    }

    /// <summary>Builds the message as a receiver sees it: Service Bus annotations and delivery count stamped on.</summary>
    /// <param name="lockToken">The lock token (also the delivery tag), or <see langword="null"/> for a peek.</param>
    public DeliveredMessage ToDelivery(Guid? lockToken)
    {
        var delivered = new DeliveredMessage(lockToken ?? Guid.NewGuid())
        {
            Header = BuildHeader(),
            DeliveryAnnotations = Original.DeliveryAnnotations,
            MessageAnnotations = BuildAnnotations(lockToken is not null),
            Properties = Original.Properties,
            ApplicationProperties = BuildApplicationProperties(),
            BodySection = Original.BodySection,
            Footer = Original.Footer,
        };
        return delivered;
    }

    private Header BuildHeader()
    {
        var header = new Header { DeliveryCount = (uint)DeliveryCount };
        if (Original.Header is { } original)
        {
            if (original.HasField(0))
            {
                header.Durable = original.Durable;
            }

            if (original.HasField(1))
            {
                header.Priority = original.Priority;
            }

            if (original.HasField(2))
            {
                header.Ttl = original.Ttl;
            }
        }

        return header;
    }

    private MessageAnnotations BuildAnnotations(bool locked)
    {
        var annotations = new MessageAnnotations();
        if (Original.MessageAnnotations is { } original)
        {
            foreach (var key in original.Map.Keys)
            {
                annotations.Map[key] = original.Map[key];
            }
        }

        annotations.Map[AnnotationNames.SequenceNumber] = SequenceNumber;
        annotations.Map[AnnotationNames.EnqueueSequenceNumber] = SequenceNumber;
        annotations.Map[AnnotationNames.EnqueuedTime] = EnqueuedTime.UtcDateTime;
        if (locked)
        {
            annotations.Map[AnnotationNames.LockedUntil] = LockedUntil.UtcDateTime;
        }
        else
        {
            annotations.Map.Remove(AnnotationNames.LockedUntil);
        }

        return annotations;
    }

    private ApplicationProperties? BuildApplicationProperties()
    {
        if (PropertyOverrides is null)
        {
            return Original.ApplicationProperties;
        }

        var properties = new ApplicationProperties();
        if (Original.ApplicationProperties is { } original)
        {
            foreach (var key in original.Map.Keys)
            {
                properties.Map[key] = original.Map[key];
            }
        }

        foreach (var (name, value) in PropertyOverrides)
        {
            properties.Map[name] = value;
        }

        return properties;
    }

    public override string ToString() => SequenceNumber.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A message on its way to a receiver; carries the lock token the delivery tag is made from.</summary>
internal sealed class DeliveredMessage(Guid lockToken) : Message
{
    public Guid LockToken { get; } = lockToken;
}
