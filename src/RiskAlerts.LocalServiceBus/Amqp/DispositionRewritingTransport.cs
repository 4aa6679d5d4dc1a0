using Amqp;

namespace RiskAlerts.LocalServiceBus.Amqp;

/// <summary>
/// Sits between the socket and AMQPNetLite after SASL: reads whole frames, lets
/// <see cref="DispositionMapKeyRewriter"/> fix disposition frames, then hands the bytes on unchanged otherwise.
/// </summary>
internal sealed class DispositionRewritingTransport(IAsyncTransport inner) : IAsyncTransport
{
    private const int ProtocolHeaderSize = 8;
    private const int FrameSizeFieldSize = 4;

    private bool _protocolHeaderPassed;
    private byte[] _pending = [];
    private int _pendingOffset;
    private int _pendingCount;

    public void SetConnection(Connection connection) => inner.SetConnection(connection);

    public Task SendAsync(IList<ByteBuffer> bufferList, int listSize) => inner.SendAsync(bufferList, listSize);

    public void Send(ByteBuffer buffer) => inner.Send(buffer);

    public void Close() => inner.Close();

    public int Receive(byte[] buffer, int offset, int count) =>
        ReceiveAsync(buffer, offset, count).GetAwaiter().GetResult();

    public async Task<int> ReceiveAsync(byte[] buffer, int offset, int count)
    {
        if (_pendingCount == 0 && !await FillAsync().ConfigureAwait(false))
        {
            return 0;
        }

        var copied = Math.Min(count, _pendingCount);
        Buffer.BlockCopy(_pending, _pendingOffset, buffer, offset, copied);
        _pendingOffset += copied;
        _pendingCount -= copied;
        return copied;
    }

    // AMQPNetLite reads one receive at a time per connection, so this state needs no lock.
    private async Task<bool> FillAsync()
    {
        if (!_protocolHeaderPassed)
        {
            var header = new byte[ProtocolHeaderSize];
            if (!await ReadExactlyAsync(header, 0, header.Length).ConfigureAwait(false))
            {
                return false;
            }

            _protocolHeaderPassed = true;
            SetPending(header);
            return true;
        }

        var sizeField = new byte[FrameSizeFieldSize];
        if (!await ReadExactlyAsync(sizeField, 0, sizeField.Length).ConfigureAwait(false))
        {
            return false;
        }

        var frameSize = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(sizeField);
        if (frameSize < FrameSizeFieldSize)
        {
            throw new InvalidOperationException($"Invalid AMQP frame size {frameSize}.");
        }

        var frame = new byte[frameSize];
        sizeField.CopyTo(frame, 0);
        if (!await ReadExactlyAsync(frame, FrameSizeFieldSize, frameSize - FrameSizeFieldSize).ConfigureAwait(false))
        {
            return false;
        }

        DispositionMapKeyRewriter.RewriteIfDisposition(frame);
        SetPending(frame);
        return true;
    }

    private void SetPending(byte[] bytes)
    {
        _pending = bytes;
        _pendingOffset = 0;
        _pendingCount = bytes.Length;
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer, int offset, int count)
    {
        while (count > 0)
        {
            var received = await inner.ReceiveAsync(buffer, offset, count).ConfigureAwait(false);
            if (received == 0)
            {
                return false;
            }

            offset += received;
            count -= received;
        }

        return true;
    }
}
