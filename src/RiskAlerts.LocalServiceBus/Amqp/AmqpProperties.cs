using Amqp.Types;

namespace RiskAlerts.LocalServiceBus.Amqp;

/// <summary>The properties to modify that a settlement carries, as the store takes them.</summary>
internal static class AmqpProperties
{
    /// <summary>The map's entries by key name, without the keys in <paramref name="skip"/>; empty for no map.</summary>
    public static Dictionary<string, object?> ToDictionary(Map? map, Symbol[]? skip = null)
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in map ?? [])
        {
            if (skip is not null && skip.Contains(key))
            {
                continue;
            }

            properties[key.ToString()!] = value;
        }

        return properties;
    }
}
