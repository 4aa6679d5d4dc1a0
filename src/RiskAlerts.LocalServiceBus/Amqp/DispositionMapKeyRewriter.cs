using System.Buffers.Binary;

namespace RiskAlerts.LocalServiceBus.Amqp;

/// <summary>
/// The Service Bus client encodes the keys of the error-info map (dead-letter reason and
/// description, properties to modify) and of the modified outcome's annotations as AMQP strings.
/// AMQP types those maps as <c>fields</c>, whose keys are symbols, and AMQPNetLite rejects the
/// frame and closes the connection. A string and a symbol of the same length encode to the same
/// number of bytes, so the keys can be re-typed in place before AMQPNetLite decodes the frame.
/// </summary>
internal static class DispositionMapKeyRewriter
{
    private const byte DescriptorConstructor = 0x00;
    private const byte SmallULong = 0x53;
    private const byte ULong = 0x80;
    private const ulong DispositionDescriptor = 0x15;
    private const byte AmqpFrameType = 0x00;

    /// <summary>Re-types string map keys as symbols when <paramref name="frame"/> is a disposition frame.</summary>
    /// <param name="frame">A whole frame, starting with its four size bytes.</param>
    /// <returns>Whether the frame was a disposition frame.</returns>
    public static bool RewriteIfDisposition(Span<byte> frame)
    {
        if (frame.Length < 8 || frame[5] != AmqpFrameType)
        {
            return false;
        }

        var bodyOffset = frame[4] * 4;
        if (bodyOffset < 8 || bodyOffset + 3 > frame.Length || frame[bodyOffset] != DescriptorConstructor)
        {
            return false;
        }

        var isDisposition = frame[bodyOffset + 1] switch
        {
            SmallULong => frame[bodyOffset + 2] == DispositionDescriptor,
            ULong => bodyOffset + 10 <= frame.Length
                && BinaryPrimitives.ReadUInt64BigEndian(frame[(bodyOffset + 2)..]) == DispositionDescriptor,
            _ => false,
        };

        if (!isDisposition)
        {
            return false;
        }

        var position = bodyOffset;
        Walk(frame, ref position);
        return true;
    }

    // Walks one encoded value using the AMQP format-code categories (the high nibble gives the width).
    private static void Walk(Span<byte> data, ref int position)
    {
        var code = data[position++];
        if (code == DescriptorConstructor)
        {
            Walk(data, ref position);
            Walk(data, ref position);
            return;
        }

        switch (code >> 4)
        {
            case 0x4:
                return;
            case 0x5:
                position += 1;
                return;
            case 0x6:
                position += 2;
                return;
            case 0x7:
                position += 4;
                return;
            case 0x8:
                position += 8;
                return;
            case 0x9:
                position += 16;
                return;
            case 0xA:
                position += 1 + data[position];
                return;
            case 0xB:
                position += 4 + BinaryPrimitives.ReadInt32BigEndian(data[position..]);
                return;
            case 0xC:
            case 0xD:
                WalkCompound(data, ref position, code);
                return;
            case 0xE:
                position += 1 + data[position];
                return;
            case 0xF:
                position += 4 + BinaryPrimitives.ReadInt32BigEndian(data[position..]);
                return;
            default:
                throw new InvalidOperationException($"Unknown AMQP format code 0x{code:x2}.");
        }
    }

    private static void WalkCompound(Span<byte> data, ref int position, byte code)
    {
        var wide = code >> 4 == 0xD;
        int size;
        int count;
        if (wide)
        {
            size = BinaryPrimitives.ReadInt32BigEndian(data[position..]);
            position += 4;
            var end = position + size;
            count = BinaryPrimitives.ReadInt32BigEndian(data[position..]);
            position += 4;
            WalkItems(data, ref position, count, isMap: code == 0xD1);
            position = end;
        }
        else
        {
            size = data[position];
            position += 1;
            var end = position + size;
            count = data[position];
            position += 1;
            WalkItems(data, ref position, count, isMap: code == 0xC1);
            position = end;
        }
    }

    private static void WalkItems(Span<byte> data, ref int position, int count, bool isMap)
    {
        for (var index = 0; index < count; index++)
        {
            if (isMap && index % 2 == 0)
            {
                data[position] = data[position] switch
                {
                    0xA1 => 0xA3, // str8-utf8 -> sym8
                    0xB1 => 0xB3, // str32-utf8 -> sym32
                    var other => other,
                };
            }

            Walk(data, ref position);
        }
    }
}
