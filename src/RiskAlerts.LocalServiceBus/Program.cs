namespace RiskAlerts.LocalServiceBus;

internal static class Program
{
    public static int Main() => 0;
}
