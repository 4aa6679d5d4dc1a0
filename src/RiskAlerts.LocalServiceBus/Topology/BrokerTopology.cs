using System.Text.Json;
using System.Text.Json.Serialization;

namespace RiskAlerts.LocalServiceBus;

/// <summary>
/// The queues, topics and subscriptions the local broker serves. Loaded from JSON
/// (property names are case-insensitive; durations use the <c>hh:mm:ss</c> form).
/// </summary>
public sealed class BrokerTopology
{
    private const string ProductDefaultResourceName = "RiskAlerts.LocalServiceBus.servicebus.local.json";

    /// <summary>The queues.</summary>
    public List<QueueDefinition> Queues { get; init; } = [];

    /// <summary>The topics, each with its subscriptions.</summary>
    public List<TopicDefinition> Topics { get; init; } = [];

    /// <summary>
    /// What becomes of the messages a receiver holds locked when its link or connection goes away
    /// (a process killed, a network cut, a receiver closed). <see langword="true"/> (the default)
    /// returns them at once, so the next receiver gets them without waiting; their delivery count
    /// goes up by one, as it does in Service Bus when a lock is lost, so a consumer can still tell a
    /// message that may have been worked on.
    /// <see langword="false"/> keeps each lock until it expires, as Azure Service Bus does; the
    /// message is then redelivered with its delivery count raised by one.
    /// </summary>
    public bool ReleaseLocksOnDisconnect { get; set; } = true;

    /// <summary>Reads a topology from a JSON file.</summary>
    /// <param name="path">The file path.</param>
    public static BrokerTopology Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Parses a topology from JSON text and validates it.</summary>
    /// <param name="json">The JSON document.</param>
    /// <exception cref="InvalidOperationException">The document is empty or describes an invalid topology.</exception>
    public static BrokerTopology Parse(string json)
    {
        var parsed = JsonSerializer.Deserialize(json, BrokerTopologyJsonContext.Default.BrokerTopology)
            ?? throw new InvalidOperationException("The broker topology document is empty.");

        // The source-generated reader assigns every init-only property, so a missing list arrives as null.
        var topology = new BrokerTopology
        {
            Queues = parsed.Queues ?? [],
            Topics = parsed.Topics ?? [],
            ReleaseLocksOnDisconnect = parsed.ReleaseLocksOnDisconnect,
        };
        topology.Validate();
        return topology;
    }

    /// <summary>
    /// The product topology shipped as <c>servicebus.local.json</c> (embedded in this assembly):
    /// queue <c>warnings</c>, topic <c>deliveries</c> with subscriptions <c>sms</c> and <c>email</c>.
    /// </summary>
    public static BrokerTopology ProductDefault()
    {
        using var stream = typeof(BrokerTopology).Assembly.GetManifestResourceStream(ProductDefaultResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ProductDefaultResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    /// <summary>Serialises the topology to JSON in the same shape <see cref="Parse"/> reads.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, BrokerTopologyJsonContext.Default.BrokerTopology);

    private void Validate()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var queue in Queues)
        {
            RequireName(queue.Name, "queue");
            RequirePositive(queue.LockDuration, queue.MaxDeliveryCount, queue.Name);
            if (!names.Add(queue.Name))
            {
                throw new InvalidOperationException($"The entity name '{queue.Name}' is used twice.");
            }
        }

        foreach (var topic in Topics)
        {
            RequireName(topic.Name, "topic");
            if (!names.Add(topic.Name))
            {
                throw new InvalidOperationException($"The entity name '{topic.Name}' is used twice.");
            }

            var subscriptionNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var subscription in topic.Subscriptions)
            {
                RequireName(subscription.Name, "subscription");
                RequirePositive(subscription.LockDuration, subscription.MaxDeliveryCount, $"{topic.Name}/subscriptions/{subscription.Name}");
                if (!subscriptionNames.Add(subscription.Name))
                {
                    throw new InvalidOperationException($"The subscription '{subscription.Name}' is defined twice on topic '{topic.Name}'.");
                }
            }
        }
    }

    private static void RequireName(string? name, string kind)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('/', StringComparison.Ordinal) || name.StartsWith('$'))
        {
            throw new InvalidOperationException($"A {kind} needs a name without '/' that does not start with '$' (got '{name}').");
        }
    }

    private static void RequirePositive(TimeSpan lockDuration, int maxDeliveryCount, string entityPath)
    {
        if (lockDuration <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"'{entityPath}' needs a positive lock duration.");
        }

        if (maxDeliveryCount < 1)
        {
            throw new InvalidOperationException($"'{entityPath}' needs a max delivery count of at least 1.");
        }
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BrokerTopology))]
internal sealed partial class BrokerTopologyJsonContext : JsonSerializerContext;
