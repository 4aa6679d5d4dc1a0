using System.Net;
using System.Net.Sockets;

namespace RiskAlerts.Host.Local;

/// <summary>Asks the OS for an unused loopback port, for stand-ins that cannot bind port 0 themselves.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
