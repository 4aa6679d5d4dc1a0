namespace RiskAlerts.Core.Alerts;

/// <summary>A way of delivering a warning to a contact.</summary>
public enum Channel
{
    /// <summary>SMS to the contact's mobile number (E.164).</summary>
    Sms = 1,

    /// <summary>Email to the contact's address.</summary>
    Email = 2,
}

/// <summary>Helpers on <see cref="Channel"/>.</summary>
public static class ChannelExtensions
{
    /// <summary>Every channel, in delivery preference order.</summary>
    public static IReadOnlyList<Channel> All { get; } = [Channel.Sms, Channel.Email];

    /// <summary>The wire name used in JSON and Service Bus properties: <c>sms</c> or <c>email</c>.</summary>
    public static string ToWireName(this Channel channel) => channel switch
    {
        Channel.Sms => "sms",
        Channel.Email => "email",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel."),
    };

    /// <summary>Parses a wire name (<c>sms</c> or <c>email</c>, case-insensitive).</summary>
    public static bool TryParseWireName(string? text, out Channel channel)
    {
        channel = default;
        if (string.Equals(text, "sms", StringComparison.OrdinalIgnoreCase))
        {
            channel = Channel.Sms;
            return true;
        }

        if (string.Equals(text, "email", StringComparison.OrdinalIgnoreCase))
        {
            channel = Channel.Email;
            return true;
        }

        return false;
    }

    /// <summary>True for a defined channel value.</summary>
    public static bool IsDefined(this Channel channel) => channel is Channel.Sms or Channel.Email;

    internal static int ToBit(this Channel channel) => 1 << (int)channel;

    internal static int ToMask(IEnumerable<Channel> channels)
    {
        var mask = 0;
        foreach (var channel in channels)
        {
            mask |= channel.ToBit();
        }

        return mask;
    }
}
